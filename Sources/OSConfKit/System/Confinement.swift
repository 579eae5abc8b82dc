/// A file system bound to one tree (an image under `--root`, or the live system), as
/// ``FileSystem/confined(to:)`` returns it.
public struct Confinement: Sendable {
    /// Resolves every path inside ``root``.
    public let fileSystem: any FileSystem
    /// The tree's host path, normalised: `/` for the live system, no trailing slash otherwise.
    public let root: String
    /// True when the tree is the running system (decided by device and inode, not by
    /// spelling), where system calls such as sethostname(2) affect this very machine.
    public let isWholeSystem: Bool

    public init(fileSystem: any FileSystem, root: String, isWholeSystem: Bool) {
        self.fileSystem = fileSystem
        self.root = root
        self.isWholeSystem = isWholeSystem
    }
}
