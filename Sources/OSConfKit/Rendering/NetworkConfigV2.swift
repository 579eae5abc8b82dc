/// The netplan-syntax (version 2) network description: the single source of truth for both
/// NoCloud's `network-config` v2 and netplan's own YAML, which only wrap it differently.
enum NetworkConfigV2 {
    /// `version: 2` and `ethernets:`, one entry per NIC, matched by MAC and renamed to `ethN`
    /// when the MAC is known.
    ///
    /// `defaultRouteAsGatewayKey` writes the default route as `gateway4` (what cloud-init's eni
    /// renderer turns into an ifupdown `gateway` line) instead of a `to: 0.0.0.0/0` route.
    /// `to: default` is never written: every cloud-init 22.4 renderer but netplan rejects it.
    static func document(_ configuration: OSConfiguration, defaultRouteAsGatewayKey: Bool) -> [(
        key: String, value: YAMLValue
    )] {
        var ethernets: [(key: String, value: YAMLValue)] = []
        for nic in configuration.interfaces {
            var entry: [(key: String, value: YAMLValue)] = []
            if let mac = nic.macAddress {
                entry.append(("match", .mapping([("macaddress", .string(mac.description))])))
                entry.append(("set-name", .string(nic.name)))
            }
            entry.append(("addresses", .sequence([.string(nic.cidr)])))
            var routes: [YAMLValue] = []
            if let gateway = configuration.defaultGateway(on: nic) {
                if defaultRouteAsGatewayKey {
                    entry.append(("gateway4", .string(gateway.description)))
                } else {
                    routes.append(route(to: IPv4Network.defaultRoute, via: gateway))
                }
            }
            routes += nic.routes.map { route(to: $0.destination, via: $0.gateway) }
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

    private static func route(to destination: IPv4Network, via gateway: IPv4Address) -> YAMLValue {
        .mapping([("to", .string(destination.description)), ("via", .string(gateway.description))])
    }
}
