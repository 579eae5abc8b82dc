/// The SSH items: a server that starts, root allowed to log in with the password the cloud
/// sets, and no keys baked into the image [S5, S7, S9, O3].
extension ImageCheck {
    func sshObservations() -> [CheckObservation] {
        guard let server = firstExisting(["/usr/sbin/sshd", "/usr/bin/sshd", "/sbin/sshd"]) else {
            return [
                CheckObservation(
                    item: .sshEnabled, message: "no SSH server (sshd) is installed", file: nil,
                    fix: "install openssh-server and enable it")
            ]
        }
        var result: [CheckObservation] = []
        if services.link(for: ["ssh.service", "sshd.service", "ssh.socket", "sshd.socket", "ssh", "sshd"]) == nil {
            result.append(
                CheckObservation(
                    item: .sshEnabled, message: "\(server) is installed but not enabled at boot", file: server,
                    fix: "enable it (systemctl enable ssh / sshd)"))
        }
        result += rootLogin()
        for key in tree.list("/etc/ssh") where key.hasPrefix("ssh_host_") && key.hasSuffix("_key") {
            result.append(
                CheckObservation(
                    item: .sshHostKeys, message: "host key \(key) is in the image: every instance would share it",
                    file: "/etc/ssh/\(key)", fix: "delete /etc/ssh/ssh_host_*; they are made on the first boot"))
        }
        var homes = ["/root"]
        homes += tree.list("/home").map { "/home/\($0)" }
        for home in homes {
            let path = "\(home)/.ssh/authorized_keys"
            switch TreeText.read(path, in: tree) {
            case .missing: continue
            case .unreadable(let reason): result.append(unreadable(.sshAuthorizedKeys, path, reason))
            case .text:
                let keys = TreeText.read(path, in: tree).meaningfulLines.count
                if keys > 0 {
                    result.append(
                        CheckObservation(
                            item: .sshAuthorizedKeys, message: "\(keys) authorized key(s) baked into the image",
                            file: path, fix: "remove the keys; key pairs are bound at instance creation"))
                }
            }
        }
        return result
    }

    /// sshd_config and the files it includes, first value of each keyword winning (sshd_config(5)).
    private func rootLogin() -> [CheckObservation] {
        var settings: [String: (value: String, file: String, line: Int)] = [:]
        var unreadableFiles: [(String, String)] = []
        func scan(_ file: String, depth: Int) {
            let text = TreeText.read(file, in: tree)
            if case .unreadable(let reason) = text { unreadableFiles.append((file, reason)) }
            for (number, line) in text.meaningfulLines {
                let words = line.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "=" })
                guard let keyword = words.first?.lowercased(), words.count > 1 else { continue }
                if keyword == "match" { return }  // later lines are conditional
                if keyword == "include", depth < 4 {
                    for pattern in words.dropFirst() {
                        for path in expand(String(pattern)) { scan(path, depth: depth + 1) }
                    }
                } else if settings[keyword] == nil {
                    settings[keyword] = (String(words[1]).lowercased(), file, number)
                }
            }
        }
        scan("/etc/ssh/sshd_config", depth: 0)
        if let (file, reason) = unreadableFiles.first { return [unreadable(.sshRoot, file, reason)] }
        var result: [CheckObservation] = []
        let fix = "set PermitRootLogin yes and PasswordAuthentication yes (or go key-only by design)"
        if let permit = settings["permitrootlogin"] {
            if permit.value != "yes" {
                result.append(
                    CheckObservation(
                        item: .sshRoot,
                        message: "PermitRootLogin \(permit.value): root cannot log in with the password",
                        file: permit.file, line: permit.line, fix: fix))
            }
        } else {
            result.append(
                CheckObservation(
                    item: .sshRoot,
                    message: "PermitRootLogin is not set; OpenSSH's default prohibit-password refuses root's password",
                    file: "/etc/ssh/sshd_config", fix: fix))
        }
        if let password = settings["passwordauthentication"], password.value == "no" {
            result.append(
                CheckObservation(
                    item: .sshRoot, message: "PasswordAuthentication no: the password the cloud sets cannot be used",
                    file: password.file, line: password.line, fix: fix))
        }
        return result
    }

    /// An `Include` argument: relative to /etc/ssh, `*` expanded in the last component.
    private func expand(_ pattern: String) -> [String] {
        let path = pattern.hasPrefix("/") ? pattern : "/etc/ssh/" + pattern
        let directory = FilePath.directory(of: path)
        let name = FilePath.baseName(of: path)
        guard let star = name.firstIndex(of: "*") else { return [path] }
        let prefix = name[..<star]
        let suffix = name[name.index(after: star)...]
        return tree.list(directory).filter { $0.hasPrefix(prefix) && $0.hasSuffix(suffix) }.map { "\(directory)/\($0)" }
    }
}
