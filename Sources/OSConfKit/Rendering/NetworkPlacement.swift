/// Where the configuration-wide settings land on the NICs, decided once for every format.
///
/// os.conf has one default route and one list of name servers; most formats configure them
/// per NIC. The default route goes to the NIC of ``OSConfiguration/defaultRoute`` and nowhere
/// else: a second gateway line on another NIC would be a second default route. Each name
/// server goes to the NIC that reaches it (see ``OSConfiguration/nameservers(on:)``).
extension OSConfiguration {
    /// The default gateway when `nic` carries the default route; nil on every other NIC.
    public func defaultGateway(on nic: NetworkInterface) -> IPv4Address? {
        guard let route = defaultRoute, route.interfaceIndex == nic.index else { return nil }
        return route.gateway
    }

    /// True when `nic` carries the default route and its gateway lies outside the NIC's
    /// subnet: the kernel refuses such a route (ENETUNREACH) unless it is marked on-link.
    public func defaultRouteIsOnLink(on nic: NetworkInterface) -> Bool {
        defaultGateway(on: nic).map(nic.needsOnLink) ?? false
    }

    /// The name servers to configure on `nic`, in os.conf order: each server goes to the NIC
    /// whose subnet or extra routes reach it (see ``interfaceIndex(reaching:)``).
    /// IPv6 servers have no IPv4 subnet or route to match: they go to the default-route NIC.
    public func nameservers(on nic: NetworkInterface) -> [IPAddress] {
        nameservers.filter { server in
            let index = server.ipv4.map(interfaceIndex(reaching:)) ?? defaultRoute?.interfaceIndex
            return index == nic.index
        }
    }

    /// Every name server, in os.conf order, on the default-route NIC and none elsewhere: for
    /// formats whose name servers end up in one global list anyway (ifcfg `DNS1`, ...), where
    /// splitting them across NICs would only reorder them.
    public func globalNameservers(on nic: NetworkInterface) -> [IPAddress] {
        defaultRoute?.interfaceIndex == nic.index ? nameservers : []
    }

    /// The NIC a name server is reached through: the longest prefix over every NIC's subnet
    /// and extra routes (ties go to the lower NIC index, as `interfaces` is ordered), else the
    /// default-route NIC. A per-link resolver (systemd-resolved) sends queries out of the link
    /// the server is configured on, so a server placed on the wrong NIC would be unreachable.
    public func interfaceIndex(reaching server: IPv4Address) -> Int? {
        var best: (index: Int, prefixLength: Int)?
        for nic in interfaces {
            for network in [nic.subnet] + nic.routes.map({ $0.destination }) where network.contains(server) {
                if best.map({ network.prefixLength > $0.prefixLength }) ?? true {
                    best = (nic.index, network.prefixLength)
                }
            }
        }
        return best?.index ?? defaultRoute?.interfaceIndex
    }
}
