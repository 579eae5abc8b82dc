import OSConfTemplates

/// Everything `osconf2seed install` puts into an image for one init system: the binary, the
/// service, the link that enables it, and cloud-init's datasource drop-in. Pure: it reads the
/// tree to decide, and the command writes.
public struct InstallPlan: Sendable {
    public static let binaryPath = "usr/sbin/osconf2seed"
    /// cloud-init's datasource drop-in. cloud-init merges `cloud.cfg.d/*.cfg` in name order
    /// (Python's sorted(), byte order) and ds-identify's check_config keeps the last
    /// `datasource_list` it reads, so the drop-in must sort after the distributions' files:
    /// Debian and Ubuntu's `90_dpkg.cfg` (which sets a list), Ubuntu installers' `99-*.cfg`.
    /// `99_` does: `_` (0x5F) sorts after `-` (0x2D) and every digit.
    public static let cloudConfigPath = "etc/cloud/cloud.cfg.d/99_osconf2seed.cfg"
    /// Files earlier versions installed under other names: `install` removes each one its
    /// manifest lists, and `uninstall` removes it through the old manifest.
    public static let retiredFiles = ["etc/cloud/cloud.cfg.d/05-osconf2seed.cfg"]
    /// The systemd unit, and the link in `sysinit.target.wants` that enables it.
    public static let systemdUnitPath = "etc/systemd/system/osconf2seed.service"
    public static let systemdLinkPath = "etc/systemd/system/sysinit.target.wants/osconf2seed.service"
    /// The sysvinit or OpenRC script (one at a time: an image has one init system).
    public static let initScriptPath = "etc/init.d/osconf2seed"

    public var files: [RenderedFile]
    public var links: [SymbolicLink]
    /// Files of the image that are changed, not owned: written with the set, never removed by
    /// `uninstall`, which reverts the change instead.
    public var edits: [RenderedFile] = []

    public init(tree: RootTree, initSystem: InitSystem, binary: [UInt8], cloudInit: Bool) {
        var binaryFile = RenderedFile(path: Self.binaryPath, contents: "", mode: 0o755)
        binaryFile.contents = binary
        files = [binaryFile]
        links = []
        switch initSystem {
        case .systemd:
            let mounts = Self.fstabMountPoints(tree.text("/etc/fstab") ?? "")
            let unit = ServiceTemplates.systemdUnit.split(separator: "\n", omittingEmptySubsequences: false)
                .compactMap { line -> String? in
                    guard line == "@MOUNTS@" else { return String(line) }
                    return Self.mountDependencies(mounts)
                }.joined(separator: "\n")
            files.append(RenderedFile(path: Self.systemdUnitPath, contents: unit))
            links.append(SymbolicLink(path: Self.systemdLinkPath, target: "/" + Self.systemdUnitPath))
        case .sysvinit:
            files.append(
                RenderedFile(path: Self.initScriptPath, contents: ServiceTemplates.sysvinitScript, mode: 0o755))
            let number = Self.rcSNumber(tree.list("/etc/rcS.d"))
            links.append(SymbolicLink(path: "etc/rcS.d/S\(number)osconf2seed", target: "../init.d/osconf2seed"))
            if let depend = tree.text("/" + SysvinitDependencies.path) {
                edits.append(
                    RenderedFile(path: SysvinitDependencies.path, contents: SysvinitDependencies.adding(to: depend)))
            }
        case .openrc:
            files.append(RenderedFile(path: Self.initScriptPath, contents: ServiceTemplates.openrcScript, mode: 0o755))
            let runlevel = Self.openrcRunlevel(tree)
            links.append(
                SymbolicLink(path: "etc/runlevels/\(runlevel)/osconf2seed", target: "/" + Self.initScriptPath))
        }
        if cloudInit { files.append(RenderedFile(path: Self.cloudConfigPath, contents: ServiceTemplates.cloudConfig)) }
    }

    /// `Wants=` and `After=` on the mount units of `mounts`, nil without any. Not
    /// `RequiresMountsFor=`: that makes a mount which fails, or whose device appears after
    /// the 90 s device timeout, a failed dependency, and the job would not run at all; with
    /// `Wants=` the job still runs and finds the first partition itself.
    static func mountDependencies(_ mounts: [String]) -> String? {
        guard !mounts.isEmpty else { return nil }
        let units = mounts.map(SystemdUnitName.mount).joined(separator: " ")
        return "Wants=\(units)\nAfter=\(units)"
    }

    /// Local file systems that fstab mounts at boot besides `/`: one of them may be the first
    /// partition, which the boot job must see mounted rather than mount a second time. Mount
    /// points come back decoded (fstab(5) writes a space as `\040`); ``SystemdUnitName`` then
    /// escapes them as systemd does (`\x20`). Left out: `noauto` (not mounted at boot) and
    /// `nofail` (the boot does not wait for it: with `After=` the job would wait for its device
    /// up to the 90 s device timeout when it is absent, and the job finds partition 1 itself).
    static func fstabMountPoints(_ fstab: String) -> [String] {
        let types: Set<String> = ["ext2", "ext3", "ext4", "vfat", "xfs", "auto"]
        var result: [String] = []
        for line in fstab.split(separator: "\n") {
            let fields = line.split(whereSeparator: { $0 == " " || $0 == "\t" })
            guard fields.count >= 3, !fields[0].hasPrefix("#"), fields[1].hasPrefix("/"), fields[1] != "/",
                types.contains(String(fields[2]))
            else { continue }
            let options = fields.count >= 4 ? fields[3].split(separator: ",") : []
            if options.contains("noauto") || options.contains("nofail") { continue }
            result.append(MountTable.unescape(fields[1]))
        }
        return result
    }

    /// The OpenRC runlevel for the job: the one that holds the image's local mounts, so the
    /// job's `after`/`before` order it between them and the network. OpenRC's own services
    /// (Alpine, Gentoo) have `localmount` and the network in `boot`; Debian's OpenRC runs the
    /// LSB scripts `mountall.sh` and `networking` in `sysinit`, where a job in `boot` would run
    /// after the network is up (found by the `openrc-direct` boot). Default: `boot`.
    static func openrcRunlevel(_ tree: RootTree) -> String {
        for runlevel in ["sysinit", "boot"] {
            let services = tree.list("/etc/runlevels/\(runlevel)")
            if services.contains("localmount") || services.contains("mountall.sh") { return runlevel }
        }
        return "boot"
    }

    /// The two-digit rcS.d sequence number: one below networking's, so that a sequential rc
    /// runs the job before the network comes up and after the local mounts.
    static func rcSNumber(_ names: [String]) -> String {
        var value = 10
        if let networking = names.first(where: { $0.hasPrefix("S") && $0.dropFirst(3) == "networking" }),
            let number = Int(networking.dropFirst().prefix(2))
        {
            value = max(1, number - 1)
        }
        return value < 10 ? "0\(value)" : "\(value)"
    }
}
