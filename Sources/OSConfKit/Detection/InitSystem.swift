/// The init systems `osconf2seed install` can hook the boot job into.
public enum InitSystem: String, Sendable, Hashable, CaseIterable, CustomStringConvertible {
    case systemd
    case sysvinit
    case openrc

    public var description: String { rawValue }

    /// The init system of a tree: /sbin/init's link target when it is one (systemd-sysv and
    /// openrc-init install it as a link), else the files each one cannot do without.
    public static func detect(in tree: RootTree) -> InitSystem? {
        for path in ["/sbin/init", "/usr/sbin/init"] where tree.type(path) == .symbolicLink {
            let target = tree.readLink(path) ?? ""
            if target.contains("systemd") { return .systemd }
            if target.contains("openrc") { return .openrc }
        }
        if tree.exists("/sbin/openrc") || tree.exists("/usr/sbin/openrc") || tree.exists("/sbin/openrc-run") {
            return .openrc
        }
        if tree.exists("/etc/inittab") { return .sysvinit }
        if tree.exists("/lib/systemd/systemd") || tree.exists("/usr/lib/systemd/systemd") { return .systemd }
        return nil
    }
}
