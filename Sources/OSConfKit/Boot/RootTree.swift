/// A system tree addressed by its own absolute paths: `/` at boot, an image under `--root`.
///
/// Every lookup of the boot job, the installer, `uninstall` and `clean` goes through here, and
/// the file system it holds is confined to the tree (``FileSystem/confined(to:)``): each path
/// is resolved as if the tree were `/`, so `..`, absolute links and relative links never reach
/// outside it, and an in-tree link (a relative `/var/lib`, `/var/run -> /run`) works as it
/// would at boot. Probes (`exists`, `text`) treat an unreadable entry as absent.
public struct RootTree: Sendable {
    /// The tree's host path: `/` for the live system.
    public let root: String
    /// Confined to ``root``.
    public let fileSystem: any FileSystem
    /// True when the tree is the running system (same device and inode as `/`), where system
    /// calls affect this very machine.
    public let isLiveSystem: Bool

    /// Opens the tree at `root`; fails with the errno of opening it (`ENOENT`, `ENOTDIR`).
    public init(root: String, fileSystem: any FileSystem) throws(SystemError) {
        let confinement = try fileSystem.confined(to: root)
        self.root = confinement.root
        self.fileSystem = confinement.fileSystem
        self.isLiveSystem = confinement.isWholeSystem
    }

    /// The host path of the tree's `path`, for the confined file system (which resolves it).
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

    /// The host path a system call without a descriptor (mount(2)) should be given for the
    /// tree's `path`: every link in it resolved inside the tree.
    public func realPath(_ path: String) throws(SystemError) -> String {
        try fileSystem.realPath(self.path(path))
    }

    /// The writer for this tree: every file it writes lands inside it.
    public func writer(random: any RandomSource) -> AtomicFileWriter {
        AtomicFileWriter(fileSystem: fileSystem, random: random)
    }
}
