/// The cloud-init items: installed, recent enough, enabled, reading a datasource the target
/// cloud offers, and able to grow the root partition [S1, S7, S8, T1, T4].
extension ImageCheck {
    /// The oldest release Alibaba Cloud supports, and the one it recommends [S8, S7].
    static let minimumCloudInit = CloudInitVersion(0, 7, 9)
    static let recommendedCloudInit = CloudInitVersion(23, 2, 2)

    /// The unit names cloud-init's boot stages have had (the `main` unit is 24.3 on).
    static let cloudInitUnits = [
        "cloud-init-local.service", "cloud-init.service", "cloud-init-main.service", "cloud-init-network.service",
        "cloud-init-local", "cloud-init",
    ]

    func cloudInitObservations() -> [CheckObservation] {
        guard let cloudInit else {
            let fix =
                profile.readsOSConf
                ? "none needed: osconf2seed applies os.conf itself (install cloud-init for user data)"
                : "install cloud-init (or import as Customized Linux / forced import)"
            return [
                CheckObservation(
                    item: .cloudInitPresent, message: "cloud-init is not installed (no /usr/bin/cloud-init)",
                    file: nil, fix: fix)
            ]
        }
        var result: [CheckObservation] = []
        if let version = cloudInit.version {
            if version < Self.minimumCloudInit {
                result.append(
                    CheckObservation(
                        item: .cloudInitVersion, message: "cloud-init \(version) is older than 0.7.9", file: nil,
                        fix: "upgrade cloud-init"))
            } else if profile == .ali, version < Self.recommendedCloudInit {
                result.append(
                    CheckObservation(
                        item: .cloudInitVersion, grade: .info,
                        message: "cloud-init \(version) is older than 23.2.2, which reads metadata in hardened mode",
                        file: nil, fix: "upgrade cloud-init to 23.2.2 or later"))
            }
        } else {
            result.append(
                CheckObservation(
                    item: .cloudInitVersion, status: .unknown, message: "cloud-init's version could not be read",
                    file: nil, fix: "keep cloudinit/version.py or the package metadata in the image"))
        }
        if let reason = cloudInitDisabledReason() {
            result.append(
                CheckObservation(
                    item: .cloudInitEnabled, message: "cloud-init will not run: \(reason.message)", file: reason.file,
                    line: reason.line, fix: reason.fix))
        }
        result += datasource()
        if firstExisting(["/usr/bin/growpart", "/usr/sbin/growpart", "/bin/growpart", "/sbin/growpart"]) == nil {
            result.append(
                CheckObservation(
                    item: .cloudInitGrowpart, message: "growpart is not installed: the root partition will not grow",
                    file: nil, fix: "install cloud-guest-utils (Debian) or cloud-utils-growpart (RPM)"))
        }
        return result
    }

    /// Why cloud-init will not run at boot, or nil when it will.
    func cloudInitDisabledReason() -> (message: String, file: String?, line: Int?, fix: String)? {
        if tree.exists("/etc/cloud/cloud-init.disabled") {
            return (
                "/etc/cloud/cloud-init.disabled exists", "/etc/cloud/cloud-init.disabled", nil,
                "remove /etc/cloud/cloud-init.disabled"
            )
        }
        if let word = bootLoader.parameters.first(where: { $0.value == "cloud-init=disabled" }) {
            return (
                "the kernel command line has cloud-init=disabled", word.file, word.line, "remove cloud-init=disabled"
            )
        }
        if let masked = Self.cloudInitUnits.first(where: { $0.hasSuffix(".service") && services.isMasked($0) }) {
            return ("\(masked) is masked", "/etc/systemd/system/\(masked)", nil, "systemctl unmask \(masked)")
        }
        if services.link(for: Self.cloudInitUnits) == nil {
            return (
                "none of its units or scripts is enabled", nil, nil,
                "enable cloud-init (systemctl enable cloud-init-local cloud-init cloud-config cloud-final)"
            )
        }
        return nil
    }

    /// `/etc/cloud/cloud.cfg` and then `/etc/cloud/cloud.cfg.d/*.cfg` in name order: the order
    /// cloud-init merges them in, later files winning.
    func cloudConfigFiles() -> [String] {
        ["/etc/cloud/cloud.cfg"]
            + tree.list("/etc/cloud/cloud.cfg.d").filter { $0.hasSuffix(".cfg") }.map { "/etc/cloud/cloud.cfg.d/\($0)" }
    }

    /// The `datasource_list` in force: the last file's, with its line; nil when none is set
    /// (cloud-init then tries every datasource).
    func datasourceList() -> (names: [String], file: String, line: Int)? {
        var found: (names: [String], file: String, line: Int)?
        for file in cloudConfigFiles() {
            let lines = TreeText.read(file, in: tree).meaningfulLines
            for (index, entry) in lines.enumerated() where entry.text.hasPrefix("datasource_list:") {
                var names: [String] = []
                let rest = entry.text.dropFirst("datasource_list:".count)
                if rest.contains("[") {
                    let inner = rest.drop { $0 != "[" }.dropFirst().prefix { $0 != "]" }
                    names = inner.split(separator: ",").map { Self.unquoted($0.trimmingBlanks) }
                } else {
                    for item in lines[(index + 1)...] {
                        guard item.text.hasPrefix("- ") else { break }
                        names.append(Self.unquoted(item.text.dropFirst(2).trimmingBlanks))
                    }
                }
                found = (names.filter { !$0.isEmpty }, file, entry.number)
            }
        }
        return found
    }

    private func datasource() -> [CheckObservation] {
        guard let list = datasourceList() else { return [] }
        let wanted: [String]
        switch profile {
        case .aliCustom: wanted = ["NoCloud"]
        case .ali: wanted = ["AliYun", "NoCloud"]
        case .tc, .tcForce: wanted = ["TencentCloud", "ConfigDrive"]
        }
        guard !list.names.contains(where: wanted.contains) else { return [] }
        let names = list.names.joined(separator: ", ")
        return [
            CheckObservation(
                item: .cloudInitDatasource,
                message: "datasource_list [\(names)] has none of \(wanted.joined(separator: ", "))", file: list.file,
                line: list.line, fix: "add \(wanted[0]) to datasource_list")
        ]
    }
}
