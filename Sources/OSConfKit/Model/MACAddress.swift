/// An Ethernet hardware address, written lowercase with colons in every output
/// (cloud-init and netplan compare MACs case-insensitively, udev does not).
public struct MACAddress: Sendable, Hashable, CustomStringConvertible {
    public let octets: [UInt8]

    /// Parses six two-digit hex octets separated by `:` or `-`.
    public init?<S: StringProtocol>(_ text: S) {
        let parts = text.split(omittingEmptySubsequences: false, whereSeparator: { $0 == ":" || $0 == "-" })
        guard parts.count == 6 else { return nil }
        var octets: [UInt8] = []
        for part in parts {
            guard part.count == 2, part.allSatisfy({ $0.isHexDigit && $0.isASCII }), let byte = UInt8(part, radix: 16)
            else { return nil }
            octets.append(byte)
        }
        self.octets = octets
    }

    public var description: String {
        octets.map { byte in
            let hex = String(byte, radix: 16)
            return hex.count == 1 ? "0" + hex : hex
        }.joined(separator: ":")
    }

    /// Multicast MACs (low bit of the first octet) can never be a NIC's address.
    public var isMulticast: Bool { octets[0] & 1 == 1 }
}
