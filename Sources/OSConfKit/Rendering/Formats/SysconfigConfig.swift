/// RHEL-family network scripts for the configuration: `ifcfg-ethN` and `route-ethN` under
/// `etc/sysconfig/network-scripts/`.
///
/// Read by initscripts (CentOS 6/7) and by NetworkManager's ifcfg-rh plugin (RHEL 8/9,
/// CentOS Stream, Alibaba Cloud Linux). Decisions:
/// - `BOOTPROTO=none`, `ONBOOT=yes`, `IPADDR` and `PREFIX` (not NETMASK: one form, no doubt);
/// - `GATEWAY` and `DEFROUTE=yes` only on the default-route NIC and `DEFROUTE=no` elsewhere,
///   so neither initscripts nor NetworkManager adds a second default route;
/// - `DNS1`, `DNS2`, ... (all of them, in os.conf order: they form one global list) on the
///   default-route NIC, `HWADDR` when the MAC is known (both
///   readers then bind the file to that NIC);
/// - extra routes in `route-ethN` in iproute2 form, `NET via GW dev ethN`, with `onlink` when
///   the gateway is outside the NIC's subnet; GATEWAY= cannot say on-link, so an on-link
///   default route is `default via GW dev ethN onlink` in route-ethN instead (DEFROUTE=yes stays);
/// - values pass through shell quoting, since initscripts source these files.
public struct SysconfigConfig: Sendable {
    public let configuration: OSConfiguration

    public init(configuration: OSConfiguration) {
        self.configuration = configuration
    }

    public static let directory = "etc/sysconfig/network-scripts"

    public var files: [RenderedFile] {
        var files: [RenderedFile] = []
        for nic in configuration.interfaces {
            files.append(RenderedFile(path: "\(Self.directory)/ifcfg-\(nic.name)", contents: ifcfg(nic)))
            var lines: [String] = []
            if let gateway = configuration.defaultGateway(on: nic), configuration.defaultRouteIsOnLink(on: nic) {
                lines.append("default via \(gateway) dev \(nic.name) onlink\n")
            }
            lines += nic.routes.map { route in
                let onLink = nic.needsOnLink(route.gateway) ? " onlink" : ""
                return "\(route.destination) via \(route.gateway) dev \(nic.name)\(onLink)\n"
            }
            if !lines.isEmpty {
                files.append(RenderedFile(path: "\(Self.directory)/route-\(nic.name)", contents: lines.joined()))
            }
        }
        return files
    }

    private func ifcfg(_ nic: NetworkInterface) -> String {
        var pairs: [(String, String)] = [("DEVICE", nic.name), ("NAME", nic.name)]
        if let mac = nic.macAddress { pairs.append(("HWADDR", mac.description)) }
        pairs += [
            ("TYPE", "Ethernet"), ("BOOTPROTO", "none"), ("ONBOOT", "yes"), ("IPADDR", nic.address.description),
            ("PREFIX", String(nic.prefixLength)),
        ]
        if let gateway = configuration.defaultGateway(on: nic) {
            // GATEWAY= cannot say on-link: an on-link default route is in route-ethN instead.
            if !configuration.defaultRouteIsOnLink(on: nic) { pairs.append(("GATEWAY", gateway.description)) }
            pairs.append(("DEFROUTE", "yes"))
        } else {
            pairs.append(("DEFROUTE", "no"))
        }
        // DNS1.. land in one global resolv.conf, so they stay together in os.conf order.
        for (position, server) in configuration.globalNameservers(on: nic).enumerated() {
            pairs.append(("DNS\(position + 1)", server.description))
        }
        return "# written by osconf2seed from os.conf\n"
            + pairs.map { "\($0.0)=\(ShellQuoting.quote($0.1))\n" }.joined()
    }
}
