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

    /// The renderers of this build. Empty until the format renderers are wired in; until then
    /// the direct path stops with EX_UNAVAILABLE instead of writing no network configuration.
    public static let standard = NetworkRenderers()
}
