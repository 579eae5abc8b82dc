/// The netplan-syntax (version 2) network description: the single source of truth for both
/// NoCloud's `network-config` v2 and netplan's own YAML, which only wrap it differently.
enum NetworkConfigV2 {
    /// `version: 2` and `ethernets:`, one entry per NIC, matched by MAC when the MAC is known,
    /// and then renamed to `ethN` with `set-name` where `renames` says so.
    ///
    /// `renames` is for cloud-init, which renames NICs itself through temporary names at boot.
    /// netplan's own YAML (the boot job's direct path) leaves it out: netplan turns `set-name`
    /// into a udev `.link` rename and adds `Name=ethN` to the networkd match, and udev cannot
    /// rename eth1 to eth0 while eth0 exists, so with the NICs attached in another order than
    /// os.conf the match failed and no NIC got an address (found by the `netplan-direct` boot).
    /// Bound by MAC alone, every NIC gets its own configuration under whichever name it has.
    ///
    /// `defaultRouteAsGatewayKey` writes the default route as `gateway4` (what cloud-init's eni
    /// renderer turns into an ifupdown `gateway` line) instead of a `to: 0.0.0.0/0` route.
    /// `gateway4` cannot say on-link: an on-link default gateway in that form relies on the
    /// reader (ifupdown's `gateway` line adds `onlink` itself; see README, "Network rules").
    /// `to: default` is never written: every cloud-init 22.4 renderer but netplan rejects it.
    static func document(_ configuration: OSConfiguration, defaultRouteAsGatewayKey: Bool, renames: Bool = true) -> [(
        key: String, value: YAMLValue
    )] {
        var ethernets: [(key: String, value: YAMLValue)] = []
        for nic in configuration.interfaces {
            var entry: [(key: String, value: YAMLValue)] = []
            if let mac = nic.macAddress {
                entry.append(("match", .mapping([("macaddress", .string(mac.description))])))
                if renames { entry.append(("set-name", .string(nic.name))) }
            }
            entry.append(("addresses", .sequence([.string(nic.cidr)])))
            var routes: [YAMLValue] = []
            if let gateway = configuration.defaultGateway(on: nic) {
                if defaultRouteAsGatewayKey {
                    entry.append(("gateway4", .string(gateway.description)))
                } else {
                    routes.append(
                        route(to: IPv4Network.defaultRoute, via: gateway, onLink: nic.needsOnLink(gateway)))
                }
            }
            routes += nic.routes.map {
                route(to: $0.destination, via: $0.gateway, onLink: nic.needsOnLink($0.gateway))
            }
            if !routes.isEmpty { entry.append(("routes", .sequence(routes))) }
            let servers = configuration.nameservers(on: nic)
            if !servers.isEmpty {
                entry.append(
                    ("nameservers", .mapping([("addresses", .sequence(servers.map { .string($0.description) }))])))
            }
            ethernets.append((nic.name, .mapping(entry)))
        }
        return [("version", .integer(2)), ("ethernets", .mapping(ethernets))]
    }

    /// `on-link: true` when the gateway is outside the NIC's subnet: netplan then writes
    /// networkd's `GatewayOnLink=yes` (or NetworkManager's `onlink=true`), without which the
    /// kernel refuses the route.
    private static func route(to destination: IPv4Network, via gateway: IPv4Address, onLink: Bool) -> YAMLValue {
        var pairs: [(key: String, value: YAMLValue)] = [
            ("to", .string(destination.description)), ("via", .string(gateway.description)),
        ]
        if onLink { pairs.append(("on-link", .boolean(true))) }
        return .mapping(pairs)
    }
}
