import OSConfKit

/// The real file system (confined like it) with the inode flags of chosen files made up:
/// what FS_IOC_GETFLAGS answers, or the error it fails with, for a path ending in a key.
/// Every other step is the real one.
final class FlaggedFileSystem: FileSystem {
    /// The answer for a file: its flags, or the errno the ioctl fails with.
    enum Answer: Sendable {
        case flags(InodeFlags)
        case failure(Errno)
    }

    private let base: any FileSystem
    private let answers: [String: Answer]

    /// `answers` by the tree's path (`/etc/shadow`); other files answer as the real system does.
    init(answers: [String: Answer], base: any FileSystem = SystemFileSystem()) {
        self.base = base
        self.answers = answers
    }

    func confined(to root: String) throws(SystemError) -> Confinement {
        let confinement = try base.confined(to: root)
        return Confinement(
            fileSystem: FlaggedFileSystem(answers: answers, base: confinement.fileSystem), root: confinement.root,
            isWholeSystem: confinement.isWholeSystem)
    }

    func inodeFlags(at path: String) throws(SystemError) -> InodeFlags {
        guard let answer = answers.first(where: { path.hasSuffix($0.key) })?.value else {
            return try base.inodeFlags(at: path)
        }
        switch answer {
        case .flags(let flags): return flags
        case .failure(let errno): throw SystemError(.stat, path, errno)
        }
    }

    func realPath(_ path: String) throws(SystemError) -> String { try base.realPath(path) }
    func readFile(at path: String, limit: Int) throws(SystemError) -> [UInt8] {
        try base.readFile(at: path, limit: limit)
    }
    func readBlocks(at path: String, offset: Int, count: Int) throws(SystemError) -> [UInt8] {
        try base.readBlocks(at: path, offset: offset, count: count)
    }
    func createFile(at path: String, mode: UInt32) throws(SystemError) -> FileDescriptor {
        try base.createFile(at: path, mode: mode)
    }
    func write(_ bytes: [UInt8], to file: FileDescriptor, path: String) throws(SystemError) {
        try base.write(bytes, to: file, path: path)
    }
    func sync(_ file: FileDescriptor, path: String) throws(SystemError) { try base.sync(file, path: path) }
    func close(_ file: FileDescriptor) { base.close(file) }
    func rename(_ source: String, to destination: String) throws(SystemError) {
        try base.rename(source, to: destination)
    }
    func removeFile(at path: String) throws(SystemError) { try base.removeFile(at: path) }
    func makeDirectory(at path: String, mode: UInt32) throws(SystemError) {
        try base.makeDirectory(at: path, mode: mode)
    }
    func syncDirectory(at path: String) throws(SystemError) { try base.syncDirectory(at: path) }
    func fileType(at path: String) throws(SystemError) -> FileType? { try base.fileType(at: path) }
    func listDirectory(at path: String) throws(SystemError) -> [String] { try base.listDirectory(at: path) }
    func readLink(at path: String) throws(SystemError) -> String { try base.readLink(at: path) }
    func makeSymbolicLink(at path: String, target: String) throws(SystemError) {
        try base.makeSymbolicLink(at: path, target: target)
    }
    func makeHardLink(at path: String, to existing: String) throws(SystemError) {
        try base.makeHardLink(at: path, to: existing)
    }
    func removeDirectory(at path: String) throws(SystemError) { try base.removeDirectory(at: path) }
    func status(at path: String) throws(SystemError) -> FileStatus? { try base.status(at: path) }
    func changeOwner(_ file: FileDescriptor, path: String, owner: FileOwner) throws(SystemError) {
        try base.changeOwner(file, path: path, owner: owner)
    }
    func lock(at path: String) throws(SystemError) -> FileDescriptor { try base.lock(at: path) }
}
