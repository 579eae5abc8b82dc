/// The network renderers the direct path can use, one per family, injected so that the boot
/// job does not depend on how each format is written.
///
/// Each renderer is pure: a configuration in, root-relative files out.
public struct NetworkRenderers: Sendable {
    public typealias Renderer = @Sendable (OSConfiguration) -> [RenderedFile]

    private var renderers: [NetworkFamily: Renderer]

    public init(_ renderers: [NetworkFamily: Renderer] = [:]) {
        self.renderers = renderers
    }

    /// The renderer for `family`, or nil when this build has none.
    public subscript(family: NetworkFamily) -> Renderer? {
        get { renderers[family] }
        set { renderers[family] = newValue }
    }

    /// The renderers of this build: the same pure renderers `convert --format` uses, so the
    /// boot job writes exactly what the oracle suite checks.
    public static let standard = NetworkRenderers([
        .netplan: { NetplanConfig(configuration: $0).files },
        .networkManager: { NetworkManagerConfig(configuration: $0).files },
        .networkd: { NetworkdConfig(configuration: $0).files },
        .ifupdown: { IfupdownConfig(configuration: $0).files },
        .networkScripts: { SysconfigConfig(configuration: $0).files },
    ])
}
