/// The network items: the primary NIC on DHCP, and names that survive the move to the cloud's
/// NIC (`eth0`, no MAC pinning) [S1, S4, S6, S7, T1, T3, O3].
extension ImageCheck {
    /// A place in the image's network configuration.
    struct NetworkSetting {
        var file: String
        var line: Int
        var text: String
    }

    func networkObservations() -> [CheckObservation] {
        dhcp() + names()
    }

    /// True when cloud-init is installed and left to write the network configuration. Whether
    /// it is enabled is `cloudinit.enabled`'s finding: one cause, one finding.
    var cloudInitManagesNetwork: Bool {
        guard cloudInit != nil else { return false }
        for file in cloudConfigFiles() {
            let text = tree.text(file) ?? ""
            if text.contains("config: disabled") || text.contains("config: \"disabled\"") { return false }
        }
        return true
    }

    private func dhcp() -> [CheckObservation] {
        let statics = staticSettings()
        let fix = "configure the primary NIC by DHCP (BOOTPROTO=dhcp), or leave the network to cloud-init"
        if let first = statics.first {
            return [
                CheckObservation(
                    item: .netDHCP, message: "static address configuration (\(first.text)): the cloud assigns another",
                    file: first.file, line: first.line, fix: fix)
            ]
        }
        if cloudInitManagesNetwork || hasDHCPSetting() { return [] }
        return [
            CheckObservation(
                item: .netDHCP, message: "no DHCP configuration for the primary NIC and no cloud-init to write one",
                file: nil, fix: fix)
        ]
    }

    /// Static IPv4 settings in the files of each network family (first per file).
    private func staticSettings() -> [NetworkSetting] {
        var result: [NetworkSetting] = []
        for (file, text) in networkFiles() {
            for (number, line) in text.meaningfulLines {
                let lowered = line.lowercased()
                let isStatic =
                    (file.contains("/ifcfg-")
                        && (lowered.hasPrefix("bootproto=static") || lowered.hasPrefix("bootproto=none")
                            || lowered.hasPrefix("bootproto=\"static\"") || lowered.hasPrefix("bootproto=\"none\"")))
                    || (file.hasPrefix("/etc/network/interfaces") && lowered.hasPrefix("iface ")
                        && lowered.hasSuffix(" inet static") && !lowered.hasPrefix("iface lo "))
                    || (file.hasSuffix(".network") && lowered.hasPrefix("address="))
                    || (file.hasPrefix("/etc/NetworkManager") && lowered == "method=manual")
                    || (file.hasPrefix("/etc/netplan") && lowered.hasPrefix("addresses:"))
                if isStatic {
                    result.append(NetworkSetting(file: file, line: number, text: String(line)))
                    break
                }
            }
        }
        return result
    }

    private func hasDHCPSetting() -> Bool {
        if NetworkFamily.detect(in: tree) == .networkManager { return true }  // NM's default: DHCP on every wired NIC
        for (file, text) in networkFiles() {
            for (_, line) in text.meaningfulLines {
                let lowered = line.lowercased().filter { $0 != "\"" }
                if lowered.hasPrefix("bootproto=dhcp") || (lowered.hasPrefix("iface ") && lowered.hasSuffix(" dhcp"))
                    || lowered.hasPrefix("dhcp=yes") || lowered.hasPrefix("dhcp=ipv4") || lowered.hasPrefix("dhcp=both")
                    || lowered.hasPrefix("dhcp4: true") || lowered.hasPrefix("dhcp4: yes")
                    || (file.hasPrefix("/etc/NetworkManager") && lowered == "method=auto")
                {
                    return true
                }
            }
        }
        return false
    }

    /// The network configuration files of every family, read.
    func networkFiles() -> [(file: String, text: TreeText)] {
        var files: [String] = []
        for directory in ["/etc/sysconfig/network-scripts", "/etc/sysconfig/network"] {
            files += tree.list(directory).filter { $0.hasPrefix("ifcfg-") && $0 != "ifcfg-lo" }.map {
                "\(directory)/\($0)"
            }
        }
        files.append("/etc/network/interfaces")
        files += tree.list("/etc/network/interfaces.d").map { "/etc/network/interfaces.d/\($0)" }
        files += tree.list("/etc/netplan").filter { $0.hasSuffix(".yaml") }.map { "/etc/netplan/\($0)" }
        files += tree.list("/etc/systemd/network").filter { $0.hasSuffix(".network") }.map {
            "/etc/systemd/network/\($0)"
        }
        files += tree.list("/etc/NetworkManager/system-connections").map {
            "/etc/NetworkManager/system-connections/\($0)"
        }
        return files.map { ($0, TreeText.read($0, in: tree)) }.filter { $0.text.text != nil }
    }

    private func names() -> [CheckObservation] {
        var result: [CheckObservation] = []
        let rules = "/etc/udev/rules.d/70-persistent-net.rules"
        for (number, line) in TreeText.read(rules, in: tree).meaningfulLines where line.contains("ATTR{address}") {
            result.append(
                CheckObservation(
                    item: .netNames, message: "a udev rule pins a NIC name to a MAC address", file: rules, line: number,
                    fix: "delete \(rules) (the cloud's NIC has another MAC)"))
        }
        var eth0Setting: NetworkSetting?
        for (file, text) in networkFiles() {
            for (number, line) in text.meaningfulLines {
                if file.contains("/ifcfg-"), line.uppercased().hasPrefix("HWADDR=") {
                    result.append(
                        CheckObservation(
                            item: .netNames, message: "\(line) pins the configuration to one MAC address", file: file,
                            line: number, fix: "delete the HWADDR line"))
                }
                if eth0Setting == nil, line.contains("eth0") {
                    eth0Setting = NetworkSetting(file: file, line: number, text: String(line))
                }
            }
        }
        if let setting = eth0Setting, !bootLoader.has("net.ifnames=0") {
            result.append(
                CheckObservation(
                    item: .netNames,
                    message: "the network configuration names eth0 but the kernel command line lacks net.ifnames=0",
                    file: setting.file, line: setting.line, fix: "add net.ifnames=0 to the kernel command line"))
        }
        return result
    }
}
