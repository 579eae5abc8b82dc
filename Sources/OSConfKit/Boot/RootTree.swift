/// A system tree addressed by its own absolute paths: `/` at boot, an image under `--root`.
///
/// Every lookup of the boot job and the installer goes through here so that `--root` moves
/// all of them at once, and probes (`exists`, `text`) treat an unreadable entry as absent.
public struct RootTree: Sendable {
    public let root: String
    public let fileSystem: any FileSystem

    public init(root: String, fileSystem: any FileSystem) {
        self.root = root
        self.fileSystem = fileSystem
    }

    /// True when the tree is the running system, where system calls affect this very machine.
    public var isLiveSystem: Bool { root == "/" }

    /// The real path of the tree's `path`.
    public func path(_ path: String) -> String { FilePath.join(root, path) }

    /// What is at `path` itself (links are not followed); nil when nothing is or it cannot be seen.
    public func type(_ path: String) -> FileType? { (try? fileSystem.fileType(at: self.path(path))) ?? nil }

    public func exists(_ path: String) -> Bool { type(path) != nil }

    /// A small text file, or nil when it is missing or unreadable.
    public func text(_ path: String, limit: Int = 1 << 20) -> String? {
        guard let bytes = try? fileSystem.readFile(at: self.path(path), limit: limit) else { return nil }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Directory entries, sorted; empty when the directory is missing.
    public func list(_ path: String) -> [String] {
        ((try? fileSystem.listDirectory(at: self.path(path))) ?? []).sorted()
    }

    public func readLink(_ path: String) -> String? { try? fileSystem.readLink(at: self.path(path)) }
}
