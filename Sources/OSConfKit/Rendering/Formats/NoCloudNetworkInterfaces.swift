/// The meta-data `network-interfaces` value for cloud-init before 0.7.7, whose NoCloud never
/// reads a `network-config` file: interfaces(5) text that the distro applies.
///
/// Written for what those releases do with it. cloud-init 0.7.5's RHEL distro
/// (cloudinit/distros/rhel.py `_write_network`, through cloudinit/distros/net_util.py
/// `translate_network`) copies only `address`, `netmask`, `gateway`, `broadcast`,
/// `dns-nameservers`, `dns-search`, `hwaddress ether` and `auto` into ifcfg-ethN and
/// /etc/resolv.conf, each value taken verbatim:
/// - the address is the bare address with a dotted `netmask` (a CIDR address would become
///   `IPADDR=10.0.0.5/24`);
/// - `gateway` only on the default-route NIC, so there is one default route;
/// - `hwaddress ether MAC` (ifcfg `MACADDR`);
/// - extra routes cannot be said at all (no `up` line survives the translation): on such
///   images they come from the boot job's route-ethN files.
/// Debian's distro (cloudinit/distros/debian.py) writes the text over /etc/network/interfaces
/// as is, so it starts with the loopback stanza that file always has; the RHEL distro only sets
/// `DEVICE=lo` and `ONBOOT=yes` in the existing ifcfg-lo from it.
public struct NoCloudNetworkInterfaces: Sendable {
    public let configuration: OSConfiguration

    public init(configuration: OSConfiguration) {
        self.configuration = configuration
    }

    public var text: String {
        var lines = ["auto lo", "iface lo inet loopback"]
        for nic in configuration.interfaces {
            lines += [
                "",
                "auto \(nic.name)", "iface \(nic.name) inet static", "    address \(nic.address)",
                "    netmask \(nic.subnet.netmask)",
            ]
            if let gateway = configuration.defaultGateway(on: nic) { lines.append("    gateway \(gateway)") }
            if let mac = nic.macAddress { lines.append("    hwaddress ether \(mac)") }
            let servers = configuration.nameservers(on: nic)
            if !servers.isEmpty {
                lines.append("    dns-nameservers " + servers.map({ $0.description }).joined(separator: " "))
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
