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
        let shadow = TreeText.read("/etc/shadow", in: tree, limit: 1 << 20)
        switch shadow {
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
        // A file already reported unreadable is not reported twice.
        let unread = [("/etc/shadow", shadow), ("/etc/passwd", passwd)].compactMap { path, text -> String? in
            if case .unreadable = text { return path }
            return nil
        }
        result += ["/etc/passwd", "/etc/shadow", "/etc/group", "/etc/gshadow"].filter { !unread.contains($0) }
            .compactMap(lockedAccountFile)
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

    /// The password reset rewrites the account files (a new file renamed over the old, or in
    /// place): an immutable or append-only flag (chattr +i, +a) makes either fail, even as root
    /// [S5, T3]. A missing file is not this check's (shadow and passwd are reported above;
    /// group and gshadow may be absent); flags that cannot be read are unknown.
    private func lockedAccountFile(_ path: String) -> CheckObservation? {
        let flags: InodeFlags
        do {
            flags = try tree.fileSystem.inodeFlags(at: try TreeText.hostPath(path, in: tree))
        } catch {
            guard error.errno != .noSuchFile && error.errno != .notDirectory else { return nil }
            return CheckObservation(
                item: .shadowWritable, status: .unknown,
                message: "cannot read the inode flags of \(path) (\(error.reason)), so this is undecided",
                file: path, fix: "run check as root on a file system that lsattr can read")
        }
        let set = [(InodeFlags.immutable, "immutable (chattr +i)"), (.appendOnly, "append-only (chattr +a)")]
            .filter { flags.contains($0.0) }.map { $0.1 }
        guard !set.isEmpty else { return nil }
        return CheckObservation(
            item: .shadowWritable,
            message: "\(path) is \(set.joined(separator: " and ")): the password cannot be written", file: path,
            fix: "chattr -i -a \(path)")
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
