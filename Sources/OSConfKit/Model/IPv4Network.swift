/// An IPv4 prefix (`10.0.0.0/8`): a route destination or the subnet of an interface address.
public struct IPv4Network: Sendable, Hashable, CustomStringConvertible {
    /// The network address, host bits cleared.
    public let address: IPv4Address
    /// The prefix length, 0 to 32.
    public let prefixLength: Int

    /// Creates the network that contains `address`, clearing its host bits.
    public init(containing address: IPv4Address, prefixLength: Int) {
        precondition((0...32).contains(prefixLength))
        self.prefixLength = prefixLength
        self.address = IPv4Address(rawValue: address.rawValue & Self.mask(prefixLength))
    }

    /// Parses `a.b.c.d/p`. Returns nil for anything else; `hasHostBits` tells the caller
    /// whether the text named a host inside the network rather than the network itself.
    public static func parse<S: StringProtocol>(_ text: S) -> (network: IPv4Network, hasHostBits: Bool)? {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2, let address = IPv4Address(parts[0]),
            !parts[1].isEmpty, parts[1].count <= 2, parts[1].allSatisfy({ $0.isASCII && $0.isNumber }),
            let length = Int(parts[1]), (0...32).contains(length)
        else { return nil }
        let network = IPv4Network(containing: address, prefixLength: length)
        return (network, network.address != address)
    }

    /// The netmask for a prefix length, in host byte order.
    public static func mask(_ prefixLength: Int) -> UInt32 {
        prefixLength == 0 ? 0 : UInt32.max << UInt32(32 - prefixLength)
    }

    /// The prefix length of a contiguous netmask (`255.255.255.0` gives 24); nil when the
    /// mask has holes.
    public static func prefixLength(ofNetmask netmask: IPv4Address) -> Int? {
        let ones = netmask.rawValue.leadingZeroBitCount == 0 ? (~netmask.rawValue).leadingZeroBitCount : 0
        return mask(ones) == netmask.rawValue ? ones : nil
    }

    /// The dotted netmask of this prefix, for formats that want one (ifupdown routes, v1 routes).
    public var netmask: IPv4Address { IPv4Address(rawValue: Self.mask(prefixLength)) }

    /// True for 0.0.0.0/0.
    public var isDefault: Bool { prefixLength == 0 }

    public func contains(_ host: IPv4Address) -> Bool {
        host.rawValue & Self.mask(prefixLength) == address.rawValue
    }

    public var description: String { "\(address)/\(prefixLength)" }

    /// 0.0.0.0/0.
    public static let defaultRoute = IPv4Network(containing: .any, prefixLength: 0)
}
