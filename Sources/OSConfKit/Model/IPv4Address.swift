/// An IPv4 address in dotted-quad form, as os.conf and every output format write it.
public struct IPv4Address: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// The address in host byte order.
    public let rawValue: UInt32

    public init(rawValue: UInt32) {
        self.rawValue = rawValue
    }

    /// Parses strict dotted-quad text: four decimal octets, no leading zeros
    /// (which some resolvers read as octal), nothing else.
    public init?<S: StringProtocol>(_ text: S) {
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 4 else { return nil }
        var value: UInt32 = 0
        for part in parts {
            guard !part.isEmpty, part.count <= 3, part.allSatisfy({ $0.isASCII && $0.isNumber }) else {
                return nil
            }
            if part.count > 1 && part.first == "0" { return nil }
            guard let octet = UInt32(part), octet <= 255 else { return nil }
            value = value << 8 | octet
        }
        rawValue = value
    }

    public var description: String {
        let b = rawValue
        return "\(b >> 24).\(b >> 16 & 0xff).\(b >> 8 & 0xff).\(b & 0xff)"
    }

    public static func < (lhs: IPv4Address, rhs: IPv4Address) -> Bool {
        lhs.rawValue < rhs.rawValue
    }

    /// 0.0.0.0, the unspecified address.
    public static let any = IPv4Address(rawValue: 0)
}
