import OSConfTemplates

/// ifupdown stanzas for the configuration (Debian without netplan), bound to the NICs by MAC,
/// plus a udev rule that names the NICs by MAC.
///
/// - `etc/network/interfaces.d/osconf2seed`: `auto ethN`; for a NIC with a MAC, a `mapping ethN`
///   stanza whose script picks the logical interface `osconf-ethN` by the NIC's MAC, and
///   `iface osconf-ethN inet static`; without a MAC, `iface ethN inet static`. Then `address`
///   in CIDR form, `gateway` only on the default-route NIC, each extra route as
///   `up ip route replace NET via GW dev $IFACE` with the matching `down ip route del`, and
///   `dns-nameservers` (used by resolvconf or systemd-resolved's ifupdown hook). Routes use
///   iproute2 (always installed) and never net-tools' `route`, which minimal images lack;
///   `replace` keeps a second `ifup` from failing on an existing route. `$IFACE` is the NIC's
///   kernel name, which ifupdown exports to the commands.
///   Debian's stock /etc/network/interfaces has `source /etc/network/interfaces.d/*`, which
///   is what makes ifupdown read this file; an image that replaced it must keep that line.
/// - `etc/network/osconf2seed-mac-map` (0755), the mapping script (interfaces(5), MAPPINGS;
///   the same idea as ifupdown's example `get-mac-address.sh`): it reads the NIC's MAC from
///   `/sys/class/net/NAME/address` and prints the logical interface of that MAC.
/// - `etc/udev/rules.d/70-osconf2seed-net.rules` when any MAC is known: ifupdown's
///   `hwaddress` option would SET the MAC rather than select the NIC by it, so naming by MAC
///   is udev's job. The rule only renames NICs the kernel creates (`ACTION=="add"`).
///
/// Why the mapping: udev renames a NIC only to a free name. When the kernel names the NICs in
/// another order than os.conf (os.conf's eth0 MAC is the kernel's eth1), renaming eth1 to eth0
/// fails while eth0 exists ("File exists", udev 252 has no temporary names), both NICs keep
/// the kernel's names, and stanzas bound to names would put each NIC's address on the other.
/// Bound by MAC, each NIC gets its own address and routes, under whichever name it has.
public struct IfupdownConfig: Sendable {
    public let configuration: OSConfiguration

    public init(configuration: OSConfiguration) {
        self.configuration = configuration
    }

    public static let interfacesPath = "etc/network/interfaces.d/osconf2seed"
    public static let udevRulePath = "etc/udev/rules.d/70-osconf2seed-net.rules"
    public static let macMapPath = "etc/network/osconf2seed-mac-map"

    public var files: [RenderedFile] {
        var files = [RenderedFile(path: Self.interfacesPath, contents: interfaces)]
        if let rules = udevRules {
            files.append(RenderedFile(path: Self.macMapPath, contents: ServiceTemplates.ifupdownMACMap, mode: 0o755))
            files.append(RenderedFile(path: Self.udevRulePath, contents: rules))
        }
        return files
    }

    /// The logical interface of a NIC: `osconf-ethN` when its MAC binds it, else its name.
    public static func logicalName(of nic: NetworkInterface) -> String {
        nic.macAddress == nil ? nic.name : "osconf-" + nic.name
    }

    public var interfaces: String {
        var lines = ["# written by osconf2seed from os.conf"]
        let maps = configuration.interfaces.compactMap { nic in
            nic.macAddress.map { "    map \($0) \(Self.logicalName(of: nic))" }
        }
        for nic in configuration.interfaces {
            let logical = Self.logicalName(of: nic)
            lines += ["", "auto \(nic.name)"]
            if logical != nic.name {
                lines += ["mapping \(nic.name)", "    script /\(Self.macMapPath)"] + maps
            }
            lines += ["iface \(logical) inet static", "    address \(nic.cidr)"]
            if let gateway = configuration.defaultGateway(on: nic) { lines.append("    gateway \(gateway)") }
            for route in nic.routes {
                // ifupdown's own `gateway` line already adds `onlink` (Debian's inet.defn:
                // `ip route add default via GW dev IF onlink`); our own routes must say it.
                let onLink = nic.needsOnLink(route.gateway) ? " onlink" : ""
                lines.append("    up ip route replace \(route.destination) via \(route.gateway) dev $IFACE\(onLink)")
                lines.append("    down ip route del \(route.destination) via \(route.gateway) dev $IFACE")
            }
            let servers = configuration.nameservers(on: nic)
            if !servers.isEmpty {
                lines.append("    dns-nameservers " + servers.map({ $0.description }).joined(separator: " "))
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
