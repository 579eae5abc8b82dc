/// Why a well-formed MAC address cannot be a NIC's own address (IEEE 802 addressing:
/// the individual/group bit is the lowest bit of the first octet).
extension MACAddress {
    /// Why the address cannot identify one NIC, or nil when it can.
    public enum Unusable: Sendable, Hashable {
        /// 00:00:00:00:00:00: no NIC has it; cloud-init 22.4 crashes on it.
        case allZeros
        /// ff:ff:ff:ff:ff:ff: every station on the link.
        case broadcast
        /// The group bit is set: a group of stations, never one NIC.
        case multicast
    }

    public var unusable: Unusable? {
        if octets.allSatisfy({ $0 == 0 }) { return .allZeros }
        if octets.allSatisfy({ $0 == 0xff }) { return .broadcast }
        return isMulticast ? .multicast : nil
    }
}
