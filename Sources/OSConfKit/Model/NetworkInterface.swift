/// One NIC from os.conf (`ethN_*` keys), validated.
public struct NetworkInterface: Sendable, Hashable {
    /// N in `ethN`.
    public let index: Int
    public let address: IPv4Address
    public let prefixLength: Int
    /// The hardware address that identifies the NIC; outputs match on it and name the NIC `ethN`.
    public let macAddress: MACAddress?
    /// `ethN_gateway`, the subnet's gateway as the cloud reports it.
    public let gateway: IPv4Address?
    /// Every route of `ethN_route` except 0.0.0.0/0, in file order, without duplicates.
    public let routes: [Route]

    public init(
        index: Int, address: IPv4Address, prefixLength: Int, macAddress: MACAddress?, gateway: IPv4Address?,
        routes: [Route]
    ) {
        self.index = index
        self.address = address
        self.prefixLength = prefixLength
        self.macAddress = macAddress
        self.gateway = gateway
        self.routes = routes
    }

    /// `ethN`: the name the cloud uses and the one every output gives the NIC.
    public var name: String { "eth\(index)" }

    /// The subnet the address lives in.
    public var subnet: IPv4Network { IPv4Network(containing: address, prefixLength: prefixLength) }

    /// `10.0.0.5/24`.
    public var cidr: String { "\(address)/\(prefixLength)" }

    /// True when `gateway` lies outside the NIC's subnet (always so on a /32): the kernel
    /// only accepts a route through it when the route is marked on-link, that is, when the
    /// gateway is declared directly reachable on this link whatever the subnet says.
    public func needsOnLink(_ gateway: IPv4Address) -> Bool { !subnet.contains(gateway) }
}
