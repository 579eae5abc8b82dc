/// The network configuration system of a tree: which files the direct path writes, and which
/// renderer cloud-init will use (so the seed can suit it).
public enum NetworkFamily: String, Sendable, Hashable, CaseIterable, CustomStringConvertible {
    case netplan
    case networkManager = "network-manager"
    case networkd
    case ifupdown
    case networkScripts = "network-scripts"

    public var description: String { rawValue }

    /// Detects the family, most specific first: netplan generates networkd or NetworkManager
    /// configuration, and RHEL 8+ keeps network-scripts beside NetworkManager.
    public static func detect(in tree: RootTree) -> NetworkFamily? {
        if tree.type("/etc/netplan") == .directory { return .netplan }
        if tree.exists("/etc/NetworkManager"),
            tree.exists("/usr/sbin/NetworkManager") || tree.exists("/sbin/NetworkManager")
        {
            return .networkManager
        }
        if isNetworkdEnabled(in: tree) { return .networkd }
        if tree.exists("/etc/network/interfaces") { return .ifupdown }
        if tree.type("/etc/sysconfig/network-scripts") == .directory { return .networkScripts }
        return nil
    }

    /// `systemctl enable systemd-networkd` leaves a link in a `.wants` directory, and an alias
    /// for its D-Bus name.
    private static func isNetworkdEnabled(in tree: RootTree) -> Bool {
        if tree.exists("/etc/systemd/system/dbus-org.freedesktop.network1.service") { return true }
        for wants in ["multi-user.target.wants", "network-online.target.wants", "sysinit.target.wants"] {
            if tree.exists("/etc/systemd/system/\(wants)/systemd-networkd.service") { return true }
        }
        return false
    }

    /// The cloud-init network renderer that goes with the family.
    public var rendererHint: RendererHint {
        switch self {
        case .netplan: return .netplan
        case .networkManager: return .networkManager
        case .networkd: return .networkd
        case .ifupdown: return .eni
        case .networkScripts: return .sysconfig
        }
    }
}
