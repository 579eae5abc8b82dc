/// The IPv4 blocks of the IANA special-purpose registry (RFC 6890) that can never be an
/// interface's own address or a next hop, and why.
extension IPv4Address {
    /// Why an address cannot name a host on a link.
    public enum SpecialPurpose: Sendable, Hashable, CustomStringConvertible {
        /// 0.0.0.0: "this host", only a source while a host learns its address (RFC 1122 3.2.1.3).
        case unspecified
        /// 127.0.0.0/8: never leaves the host (RFC 1122 3.2.1.3).
        case loopback
        /// 224.0.0.0/4: a group, not a host (RFC 5771).
        case multicast
        /// 255.255.255.255: every host on the link (RFC 919, RFC 922).
        case limitedBroadcast
        /// 240.0.0.0/4 apart from 255.255.255.255: reserved for future use (RFC 1112 section 4);
        /// RFC 6890 marks the block as neither a valid source nor a valid destination, and many
        /// stacks and routers drop it. No cloud assigns it, so such a value is taken as a typo.
        case reserved

        public var description: String {
            switch self {
            case .unspecified: return "the unspecified address"
            case .loopback: return "a loopback address (127.0.0.0/8)"
            case .multicast: return "a multicast address (224.0.0.0/4)"
            case .limitedBroadcast: return "the limited broadcast address"
            case .reserved: return "in the reserved block 240.0.0.0/4"
            }
        }
    }

    /// The special purpose that rules this address out as a host's or a router's address; nil
    /// for an address that may be either.
    public var specialPurpose: SpecialPurpose? {
        switch rawValue {
        case 0: return .unspecified
        case 0x7f00_0000...0x7fff_ffff: return .loopback
        case 0xe000_0000...0xefff_ffff: return .multicast
        case 0xffff_ffff: return .limitedBroadcast
        case 0xf000_0000...0xffff_fffe: return .reserved
        default: return nil
        }
    }
}
