/// Which cloud-init network renderer will consume the network-config, so the default route
/// can be written in the form that renderer turns into a working route.
///
/// - `auto` (default) and `eni`: the default route is the public NIC's `gateway4` (v2) or
///   subnet `gateway` (v1). Every renderer understands it, and it is the only form that
///   cloud-init 22.4's eni renderer turns into an ifupdown `gateway` line; route entries
///   become `post-up route add ... || true`, which silently does nothing on images without
///   net-tools (stock Debian 12).
/// - `netplan`, `networkd`, `sysconfig`, `network-manager`: the default route is a
///   `to: 0.0.0.0/0` route (never `to: default`, which every 22.4 renderer but netplan
///   rejects), avoiding the deprecated `gateway4`.
public enum RendererHint: String, Sendable, Hashable, CaseIterable {
    case auto
    case eni
    case netplan
    case networkd
    case sysconfig
    case networkManager = "network-manager"

    /// True when the default route is written as a gateway key rather than a route entry.
    public var usesGatewayKey: Bool { self == .auto || self == .eni }
}
