/// One output file: where it goes (relative to the output directory or root), what it holds,
/// and its permission bits. Renderers produce these; only ``AtomicFileWriter`` writes them.
public struct RenderedFile: Sendable, Hashable {
    public var path: String
    public var contents: [UInt8]
    public var mode: UInt32

    public init(path: String, contents: String, mode: UInt32 = 0o644) {
        self.path = path
        self.contents = Array(contents.utf8)
        self.mode = mode
    }

    /// A file whose bytes are kept as they are (an image's own file, which need not be UTF-8).
    public init(path: String, bytes: [UInt8], mode: UInt32 = 0o644) {
        self.path = path
        self.contents = bytes
        self.mode = mode
    }

    /// The contents as text (all outputs are UTF-8).
    public var text: String { String(decoding: contents, as: UTF8.self) }
}
