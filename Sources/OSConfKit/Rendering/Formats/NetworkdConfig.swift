/// systemd-networkd files for the configuration, under `etc/systemd/network/`.
///
/// For images that run systemd-networkd directly (Flatcar, minimal Debian/Arch builds).
/// Per NIC:
/// - `10-osconf2seed-ethN.link` when the MAC is known: `[Match] MACAddress=` and
///   `[Link] Name=ethN`, so udev gives the NIC its os.conf name whatever the kernel called it;
/// - `10-osconf2seed-ethN.network`: `[Match] MACAddress=` (or `Name=ethN` without a MAC),
///   `[Network] Address=`, `Gateway=` on the default-route NIC only, `DNS=` with the name
///   servers this NIC reaches, and one
///   `[Route]` section per extra route. A gateway outside the NIC's subnet gets
///   `GatewayOnLink=yes`; an on-link default route is then a `[Route]` section too, since
///   `Gateway=` in `[Network]` cannot be marked on-link.
///
/// `10-` sorts before distribution defaults such as `99-default.link` and `80-*.network`, so
/// ours are the first match. DNS= reaches resolv.conf through systemd-resolved; images without
/// resolved need their own resolv.conf.
public struct NetworkdConfig: Sendable {
    public let configuration: OSConfiguration

    public init(configuration: OSConfiguration) {
        self.configuration = configuration
    }

    public static let directory = "etc/systemd/network"

    public var files: [RenderedFile] {
        var files: [RenderedFile] = []
        for nic in configuration.interfaces {
            let base = "\(Self.directory)/10-osconf2seed-\(nic.name)"
            if let mac = nic.macAddress {
                let link = INIDocument(sections: [
                    ("Match", [("MACAddress", mac.description)]), ("Link", [("Name", nic.name)]),
                ])
                files.append(RenderedFile(path: base + ".link", contents: link.rendered))
            }
            files.append(RenderedFile(path: base + ".network", contents: network(nic).rendered))
        }
        return files
    }

    private func network(_ nic: NetworkInterface) -> INIDocument {
        let match: (key: String, value: String) =
            nic.macAddress.map { ("MACAddress", $0.description) } ?? ("Name", nic.name)
        var settings: [(key: String, value: String)] = [("Address", nic.cidr)]
        // `Gateway=` in [Network] cannot carry GatewayOnLink=, so an on-link default route is
        // a [Route] section of its own (no Destination= means the default route).
        let onLinkDefault = configuration.defaultRouteIsOnLink(on: nic)
        if let gateway = configuration.defaultGateway(on: nic), !onLinkDefault {
            settings.append(("Gateway", gateway.description))
        }
        settings += configuration.nameservers(on: nic).map { ("DNS", $0.description) }
        var sections: [INIDocument.Section] = [("Match", [match]), ("Network", settings)]
        if let gateway = configuration.defaultGateway(on: nic), onLinkDefault {
            sections.append(("Route", [("Gateway", gateway.description), ("GatewayOnLink", "yes")]))
        }
        for route in nic.routes {
            var pairs: [(key: String, value: String)] = [
                ("Destination", route.destination.description), ("Gateway", route.gateway.description),
            ]
            if nic.needsOnLink(route.gateway) { pairs.append(("GatewayOnLink", "yes")) }
            sections.append(("Route", pairs))
        }
        return INIDocument(sections: sections)
    }
}
