/// ifupdown stanzas for the configuration (Debian without netplan), plus a udev rule that
/// names the NICs by MAC.
///
/// - `etc/network/interfaces.d/osconf2seed`: `auto ethN` / `iface ethN inet static`,
///   `address` in CIDR form, `gateway` only on the default-route NIC, each extra route as
///   `up ip route replace NET via GW dev ethN` with the matching `down ip route del`, and
///   `dns-nameservers` (used by resolvconf or systemd-resolved's ifupdown hook). Routes use
///   iproute2 (always installed) and never net-tools' `route`, which minimal images lack;
///   `replace` keeps a second `ifup` from failing on an existing route.
///   Debian's stock /etc/network/interfaces has `source /etc/network/interfaces.d/*`, which
///   is what makes ifupdown read this file; an image that replaced it must keep that line.
/// - `etc/udev/rules.d/70-osconf2seed-net.rules` when any MAC is known: ifupdown's
///   `hwaddress` option would SET the MAC rather than select the NIC by it, so naming by MAC
///   is udev's job. The rule only renames NICs the kernel creates (`ACTION=="add"`).
public struct IfupdownConfig: Sendable {
    public let configuration: OSConfiguration

    public init(configuration: OSConfiguration) {
        self.configuration = configuration
    }

    public static let interfacesPath = "etc/network/interfaces.d/osconf2seed"
    public static let udevRulePath = "etc/udev/rules.d/70-osconf2seed-net.rules"

    public var files: [RenderedFile] {
        var files = [RenderedFile(path: Self.interfacesPath, contents: interfaces)]
        if let rules = udevRules { files.append(RenderedFile(path: Self.udevRulePath, contents: rules)) }
        return files
    }

    public var interfaces: String {
        var lines = ["# written by osconf2seed from os.conf"]
        for nic in configuration.interfaces {
            lines += ["", "auto \(nic.name)", "iface \(nic.name) inet static", "    address \(nic.cidr)"]
            if let gateway = configuration.defaultGateway(on: nic) { lines.append("    gateway \(gateway)") }
            for route in nic.routes {
                // ifupdown's own `gateway` line already adds `onlink` (Debian's inet.defn:
                // `ip route add default via GW dev IF onlink`); our own routes must say it.
                let onLink = nic.needsOnLink(route.gateway) ? " onlink" : ""
                lines.append(
                    "    up ip route replace \(route.destination) via \(route.gateway) dev \(nic.name)\(onLink)")
                lines.append("    down ip route del \(route.destination) via \(route.gateway) dev \(nic.name)")
            }
            let servers = configuration.nameservers(on: nic)
            if !servers.isEmpty {
                lines.append("    dns-nameservers " + servers.map(\.description).joined(separator: " "))
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    public var udevRules: String? {
        let rules = configuration.interfaces.compactMap { nic in
            nic.macAddress.map { mac in
                "SUBSYSTEM==\"net\", ACTION==\"add\", DRIVERS==\"?*\", ATTR{address}==\"\(mac)\", "
                    + "ATTR{type}==\"1\", NAME=\"\(nic.name)\""
            }
        }
        guard !rules.isEmpty else { return nil }
        return (["# written by osconf2seed: name each NIC from os.conf by its MAC"] + rules)
            .joined(separator: "\n") + "\n"
    }
}
