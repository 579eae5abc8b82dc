/// The system items: SELinux, the clock, accounts, firewall, links, guest tools, identity
/// [S1, S5, S6, S7, S8, S11, T1, T2, T3, O1].
extension ImageCheck {
    func systemObservations() -> [CheckObservation] {
        selinux() + clock() + accounts() + firewall() + links() + guestTools() + identity() + agents() + diskFree()
    }

    private func selinux() -> [CheckObservation] {
        let file = "/etc/selinux/config"
        guard !bootLoader.has("selinux=0") else { return [] }
        for (number, line) in TreeText.read(file, in: tree).meaningfulLines where line.hasPrefix("SELINUX=") {
            let mode = Self.unquoted(line.dropFirst("SELINUX=".count)).lowercased()
            guard mode == "enforcing" || mode == "permissive" else { return [] }
            let relabel = tree.exists("/.autorelabel") ? " (/.autorelabel is set)" : ""
            return [
                CheckObservation(
                    item: .selinux, message: "SELinux is \(mode)\(relabel)", file: file, line: number,
                    fix: "set SELINUX=disabled, or touch /.autorelabel if it must stay on")
            ]
        }
        return []
    }

    private func clock() -> [CheckObservation] {
        let lines = (tree.text("/etc/adjtime") ?? "").split(separator: "\n", omittingEmptySubsequences: false)
        guard lines.count >= 3, lines[2].trimmingBlanks == "LOCAL" else { return [] }
        return [
            CheckObservation(
                item: .rtcUTC, message: "the hardware clock is kept in local time", file: "/etc/adjtime", line: 3,
                fix: "write UTC on line 3 of /etc/adjtime (timedatectl set-local-rtc 0)")
        ]
    }

    private func accounts() -> [CheckObservation] {
        var result: [CheckObservation] = []
        switch TreeText.read("/etc/shadow", in: tree, limit: 1 << 20) {
        case .missing:
            result.append(
                CheckObservation(
                    item: .shadowWritable, message: "/etc/shadow is missing: no password can be set",
                    file: "/etc/shadow",
                    fix: "restore /etc/shadow (pwconv)"))
        case .unreadable(let reason): result.append(unreadable(.shadowWritable, "/etc/shadow", reason))
        case .text: break
        }
        let passwd = TreeText.read("/etc/passwd", in: tree)
        if case .unreadable(let reason) = passwd {
            result.append(unreadable(.shadowWritable, "/etc/passwd", reason))
        } else if !passwd.meaningfulLines.contains(where: {
            $0.text.hasPrefix("root:")
                && $0.text.split(separator: ":", omittingEmptySubsequences: false).dropFirst(2).first == "0"
        }) {
            result.append(
                CheckObservation(
                    item: .shadowWritable, message: "no root account (uid 0 named root) in /etc/passwd",
                    file: "/etc/passwd", fix: "keep the root account"))
        }
        if let root = fstab.first(where: { $0.mountPoint == "/" }), root.options.contains("ro") {
            result.append(
                CheckObservation(
                    item: .shadowWritable, message: "/ is mounted read-only: the password cannot be written",
                    file: "/etc/fstab", line: root.line, fix: "mount / read-write"))
        }
        let tools = ["passwd", "chpasswd"].filter { tool in
            firstExisting(["/usr/bin/", "/usr/sbin/", "/bin/", "/sbin/"].map { $0 + tool }) == nil
        }
        if !tools.isEmpty {
            result.append(
                CheckObservation(
                    item: .passwdTools, message: "\(tools.joined(separator: " and ")) missing", file: nil,
                    fix: "install the shadow utilities (passwd package)"))
        }
        return result
    }

    private func firewall() -> [CheckObservation] {
        var result: [CheckObservation] = []
        for service in ["firewalld", "iptables", "ip6tables", "nftables", "ufw", "netfilter-persistent"] {
            if let link = services.link(for: [service]) {
                result.append(
                    CheckObservation(
                        item: .firewall, message: "\(service) is enabled at boot", file: link,
                        fix: "disable it; security groups filter the traffic"))
            }
        }
        return result
    }

    private func links() -> [CheckObservation] {
        ["/lib", "/lib64"].compactMap { path in
            guard tree.type(path) == .symbolicLink, let target = tree.readLink(path), target.hasPrefix("/") else {
                return nil
            }
            return CheckObservation(
                item: .libSymlinks, message: "\(path) links to the absolute \(target)", file: path,
                fix: "make it relative (usr\(path))")
        }
    }

    private func guestTools() -> [CheckObservation] {
        var result: [CheckObservation] = []
        if let agent = firstExisting(["/usr/bin/qemu-ga", "/usr/sbin/qemu-ga", "/usr/local/bin/qemu-ga"]) {
            result.append(
                CheckObservation(
                    item: .qemuGuestAgent, message: "the QEMU guest agent is installed", file: agent,
                    fix: "remove qemu-guest-agent"))
        }
        var tools = [
            "/usr/bin/vmtoolsd", "/etc/vmware-tools", "/usr/sbin/VBoxService", "/usr/bin/VBoxService",
            "/usr/sbin/xe-daemon", "/usr/sbin/xe-linux-distribution",
        ]
        tools += tree.list("/opt").filter { $0.hasPrefix("VBoxGuestAdditions-") }.map { "/opt/\($0)" }
        for tool in tools where tree.exists(tool) {
            result.append(
                CheckObservation(
                    item: .otherHypervisorTools, message: "another hypervisor's guest tools: \(tool)", file: tool,
                    fix: "uninstall VMware Tools, VirtualBox Guest Additions or Xen tools"))
        }
        return result
    }

    private func identity() -> [CheckObservation] {
        guard firstExisting(["/etc/os-release", "/usr/lib/os-release", "/etc/redhat-release", "/etc/issue"]) == nil
        else { return [] }
        return [
            CheckObservation(
                item: .osIdentity, message: "no release file (/etc/os-release, /etc/redhat-release, /etc/issue)",
                file: nil, fix: "keep the distribution's release files; pick the matching OS at import")
        ]
    }

    private func agents() -> [CheckObservation] {
        var result: [CheckObservation] = []
        if firstExisting(["/usr/local/share/aliyun-assist", "/usr/sbin/aliyun-service"]) == nil {
            result.append(
                CheckObservation(
                    item: .agents, message: "Cloud Assistant is not installed", file: nil,
                    fix: "optional: install the Cloud Assistant agent"))
        }
        if !tree.exists("/usr/local/aegis") {
            result.append(
                CheckObservation(
                    item: .agents, message: "the Security Center agent is not installed", file: nil,
                    fix: "optional: install the Security Center agent"))
        }
        return result
    }

    /// Free space belongs to the disk the tree is copied onto, which a tree does not show.
    private func diskFree() -> [CheckObservation] {
        [
            CheckObservation(
                item: .diskFree, grade: .info, status: .unknown,
                message: "free space and inodes are properties of the disk image, not of the tree", file: nil,
                fix: "check with df and df -i on the mounted image")
        ]
    }
}
