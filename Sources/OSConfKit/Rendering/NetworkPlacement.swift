/// Where the configuration-wide settings land on the NICs, decided once for every format.
///
/// os.conf has one default route and one list of name servers; most formats configure them
/// per NIC. Both go to the NIC of ``OSConfiguration/defaultRoute`` and nowhere else: a second
/// gateway line on another NIC would be a second default route, and the name servers are
/// reached through the default route (cloud-init's v2 likewise only has per-NIC name servers).
extension OSConfiguration {
    /// The default gateway when `nic` carries the default route; nil on every other NIC.
    public func defaultGateway(on nic: NetworkInterface) -> IPv4Address? {
        guard let route = defaultRoute, route.interfaceIndex == nic.index else { return nil }
        return route.gateway
    }

    /// The name servers to configure on `nic`: all of them on the default-route NIC, none elsewhere.
    public func nameservers(on nic: NetworkInterface) -> [IPAddress] {
        defaultRoute?.interfaceIndex == nic.index ? nameservers : []
    }
}
