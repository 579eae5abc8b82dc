/// The kinds of directory entry the writer cares about.
public enum FileType: Sendable, Hashable {
    case regular, directory, symbolicLink, other
}

/// An open file, as a small integer the file system hands out.
public struct FileDescriptor: Sendable, Hashable {
    public let rawValue: Int32

    public init(rawValue: Int32) {
        self.rawValue = rawValue
    }
}

/// Every file-system step the project takes, behind one seam: the real implementation is
/// ``SystemFileSystem``; tests inject a fake that records or fails single steps.
///
/// Paths are absolute or relative to the working directory. No call follows a symbolic link
/// in its last component. A file system confined to a tree (``confined(to:)``) takes host
/// paths that start with the tree's path and resolves every one inside the tree.
///
/// Class-bound: Embedded Swift (contrib/build-embedded.sh) has existentials of class-bound
/// protocols only.
public protocol FileSystem: AnyObject, Sendable {
    /// This file system with every path resolved inside `root` as if it were `/`; fails with
    /// the errno of opening `root` (`ENOENT`, `ENOTDIR`). The whole system when `root` is `/`
    /// however spelled. Fakes that hold no links may return themselves (the default).
    func confined(to root: String) throws(SystemError) -> Confinement
    /// The path to hand a call that takes no descriptor (mount(2)): links resolved inside the
    /// confinement; unchanged when unconfined (the default).
    func realPath(_ path: String) throws(SystemError) -> String
    /// Reads a whole regular file; fails with `EFBIG` when it holds more than `limit` bytes.
    func readFile(at path: String, limit: Int) throws(SystemError) -> [UInt8]
    /// Up to `count` bytes from `offset` of a block device, or of a regular file (a disk
    /// image), to read a superblock: opened without blocking (an empty CD-ROM drive answers at
    /// once), never following the last component, the type checked on the descriptor; any other
    /// type fails with ``Errno/notRegularFile``. Fewer bytes at the end of the device.
    func readBlocks(at path: String, offset: Int, count: Int) throws(SystemError) -> [UInt8]
    /// The inode flags (chattr(1)) of a regular file, opened the way ``readFile(at:limit:)``
    /// opens it (no blocking, the last component not followed, the type checked before and
    /// after the open). Empty on a file system that keeps no flags; fails with the errno of the
    /// open or of FS_IOC_GETFLAGS otherwise, `ENOENT` when nothing is there. Fakes hold no flags
    /// (the default).
    func inodeFlags(at path: String) throws(SystemError) -> InodeFlags
    /// Creates a new file (never an existing one) with exactly `mode`, open for writing.
    func createFile(at path: String, mode: UInt32) throws(SystemError) -> FileDescriptor
    func write(_ bytes: [UInt8], to file: FileDescriptor, path: String) throws(SystemError)
    func sync(_ file: FileDescriptor, path: String) throws(SystemError)
    func close(_ file: FileDescriptor)
    /// Atomically replaces `destination` with `source`.
    func rename(_ source: String, to destination: String) throws(SystemError)
    func removeFile(at path: String) throws(SystemError)
    func makeDirectory(at path: String, mode: UInt32) throws(SystemError)
    /// Flushes a directory's entries, which is what makes a rename durable.
    func syncDirectory(at path: String) throws(SystemError)
    /// The type of the entry itself (lstat); nil when nothing is there.
    func fileType(at path: String) throws(SystemError) -> FileType?
    /// The names in a directory, without `.` and `..`, in no particular order.
    func listDirectory(at path: String) throws(SystemError) -> [String]
    /// Where a symbolic link points, as stored (relative or absolute).
    func readLink(at path: String) throws(SystemError) -> String
    /// Creates a symbolic link at `path` holding `target`; fails when `path` exists.
    func makeSymbolicLink(at path: String, target: String) throws(SystemError)
    /// A second name for an existing file (link(2)); never follows a symbolic link.
    func makeHardLink(at path: String, to existing: String) throws(SystemError)
    /// Removes an empty directory.
    func removeDirectory(at path: String) throws(SystemError)
    /// Type, permission bits and owner of the entry itself (lstat); nil when nothing is there.
    func status(at path: String) throws(SystemError) -> FileStatus?
    /// Gives an open file an owner, before it is renamed into place.
    func changeOwner(_ file: FileDescriptor, path: String, owner: FileOwner) throws(SystemError)
    /// Opens (creating, 0600) `path` and takes an exclusive fcntl(2) write lock on it, waiting
    /// a bounded time for another holder; closing the descriptor releases it.
    func lock(at path: String) throws(SystemError) -> FileDescriptor
}

extension FileSystem {
    public func confined(to root: String) throws(SystemError) -> Confinement {
        Confinement(fileSystem: self, root: root, isWholeSystem: root == "/")
    }

    public func realPath(_ path: String) throws(SystemError) -> String { path }

    /// Fakes hold no flags: those of a file they hold are empty.
    public func inodeFlags(at path: String) throws(SystemError) -> InodeFlags {
        guard try fileType(at: path) != nil else { throw SystemError(.open, path, .noSuchFile) }
        return []
    }

    /// Fakes hold no devices: the bytes of a regular file of up to 16 MiB.
    public func readBlocks(at path: String, offset: Int, count: Int) throws(SystemError) -> [UInt8] {
        let bytes = try readFile(at: path, limit: 16 << 20)
        guard offset < bytes.count else { return [] }
        return Array(bytes[offset..<min(bytes.count, offset + count)])
    }
}
