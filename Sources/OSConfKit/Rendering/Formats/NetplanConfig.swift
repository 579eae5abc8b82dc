/// netplan YAML for the configuration: `etc/netplan/50-osconf2seed.yaml`.
///
/// For Ubuntu and other netplan systems that are set up without cloud-init. The body is the
/// same version-2 description as NoCloud's `network-config` (one builder serves both), wrapped
/// in netplan's top-level `network:` key. Decisions:
/// - the default route is a `to: 0.0.0.0/0` route on the default NIC only: `gateway4` is
///   deprecated in netplan and `to: default` is not understood by other v2 readers;
/// - no `renderer:` key, so the system's own default (networkd on servers) applies;
/// - mode 0600: netplan 0.103+ warns about, and later releases refuse, world-readable files;
/// - `50-` sorts after the installer's `00-`/`01-` files, so ours wins for the same NIC;
/// - NICs matched by `macaddress` without `set-name`: see ``NetworkConfigV2`` for why.
public struct NetplanConfig: Sendable {
    public let configuration: OSConfiguration

    public init(configuration: OSConfiguration) {
        self.configuration = configuration
    }

    public static let path = "etc/netplan/50-osconf2seed.yaml"

    public var document: YAMLValue {
        .mapping([
            (
                "network",
                .mapping(NetworkConfigV2.document(configuration, defaultRouteAsGatewayKey: false, renames: false))
            )
        ])
    }

    public var files: [RenderedFile] {
        [RenderedFile(path: Self.path, contents: document.rendered, mode: 0o600)]
    }
}
