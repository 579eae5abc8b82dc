/// An address of either family: what a name server in `dns_nameserver` may be.
///
/// os.conf describes IPv4 interfaces only, but a name server may be IPv6 (RFC 4291 text,
/// stored in RFC 5952 form): every output format carries IPv6 name servers, and glibc's
/// resolv.conf takes both families (resolv.conf(5)).
public enum IPAddress: Sendable, Hashable, CustomStringConvertible {
    case v4(IPv4Address)
    case v6(IPv6Address)

    /// Parses dotted-quad IPv4 or RFC 4291 IPv6 text; nil for anything else.
    public init?<S: StringProtocol>(_ text: S) {
        if let v4 = IPv4Address(text) {
            self = .v4(v4)
        } else if let v6 = IPv6Address(text) {
            self = .v6(v6)
        } else {
            return nil
        }
    }

    /// The IPv4 address; nil for IPv6. Code that places a name server by IPv4 prefix
    /// matching (which NIC's subnet or routes reach it) uses this, and gives an IPv6 server
    /// to the NIC of the default route.
    public var ipv4: IPv4Address? {
        if case .v4(let address) = self { return address }
        return nil
    }

    /// The IPv6 address; nil for IPv4.
    public var ipv6: IPv6Address? {
        if case .v6(let address) = self { return address }
        return nil
    }

    /// Dotted quad, or RFC 5952 text.
    public var description: String {
        switch self {
        case .v4(let address): return address.description
        case .v6(let address): return address.description
        }
    }
}
