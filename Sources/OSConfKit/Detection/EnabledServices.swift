/// Which services an image starts at boot, read from the links each init system keeps:
/// systemd's `*.wants`/`*.requires` directories (masked units excluded), sysvinit's
/// `/etc/rc?.d/S??name`, OpenRC's `/etc/runlevels/*/name`. On an image that runs systemd, an
/// rc link counts only for a script without a native unit of the same name: systemd starts
/// scripts through systemd-sysv-generator(8), which skips those (Debian's cloud-init and ssh
/// packages ship both, so their rc links say nothing about what systemd starts).
public struct EnabledServices: Sendable {
    /// The image, confined to its root.
    public let tree: RootTree
    /// The image's init system, when it can be told.
    public let initSystem: InitSystem?

    /// The services of `tree`.
    public init(tree: RootTree) {
        self.tree = tree
        initSystem = InitSystem.detect(in: tree)
    }

    static let unitDirectories = ["/etc/systemd/system", "/lib/systemd/system", "/usr/lib/systemd/system"]

    /// True when systemd would start `script`'s rc links: it runs sysvinit's scripts only where
    /// no native `script.service` exists (systemd-sysv-generator).
    private func systemdRunsScript(_ script: String) -> Bool {
        !Self.unitDirectories.contains { tree.exists("\($0)/\(script).service") }
    }

    /// The link that starts one of `names` (systemd unit names such as `ssh.service`, or
    /// init-script names such as `ssh`), or nil when none is enabled. Names without a dot
    /// are matched as scripts and as `NAME.service`.
    public func link(for names: [String]) -> String? {
        var units = Set<String>()
        var scripts = Set<String>()
        for name in names {
            if name.contains(".") {
                units.insert(name)
            } else {
                scripts.insert(name)
                units.insert(name + ".service")
            }
        }
        for directory in Self.unitDirectories {
            for entry in tree.list(directory) where entry.hasSuffix(".wants") || entry.hasSuffix(".requires") {
                for unit in tree.list("\(directory)/\(entry)") where units.contains(unit) && !isMasked(unit) {
                    return "\(directory)/\(entry)/\(unit)"
                }
            }
        }
        for level in ["S", "1", "2", "3", "4", "5"] {
            for directory in ["/etc/rc\(level).d", "/etc/rc.d/rc\(level).d"] {
                for entry in tree.list(directory)
                where entry.hasPrefix("S") && scripts.contains(String(entry.dropFirst(3)))
                    && (initSystem != .systemd || systemdRunsScript(String(entry.dropFirst(3))))
                {
                    return "\(directory)/\(entry)"
                }
            }
        }
        for runlevel in tree.list("/etc/runlevels") {
            for entry in tree.list("/etc/runlevels/\(runlevel)") where scripts.contains(entry) {
                return "/etc/runlevels/\(runlevel)/\(entry)"
            }
        }
        return nil
    }

    /// `systemctl mask` links the unit to /dev/null in /etc/systemd/system.
    public func isMasked(_ unit: String) -> Bool {
        tree.readLink("/etc/systemd/system/\(unit)") == "/dev/null"
    }
}
