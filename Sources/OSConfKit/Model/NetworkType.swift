/// The two network layouts Alibaba Cloud writes into os.conf.
public enum NetworkType: String, Sendable, Hashable {
    /// Classic network: eth0 is the intranet NIC (its routes are intranet routes), eth1 the
    /// internet NIC that carries the default route. Recognised by the presence of any eth1 key.
    case classic
    /// VPC: eth0 carries the default route; further NICs (elastic network interfaces) only
    /// carry their own routes.
    case vpc

    /// The index of the NIC that carries the internet (default) route.
    public var publicInterfaceIndex: Int { self == .classic ? 1 : 0 }
}
