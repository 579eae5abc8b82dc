import OSConfKit
import Synchronization

/// The real file system with one step made to fail: the nth call (0-based) of one operation.
/// Lets the fault tests drive every failure path of a command on a real temporary tree.
final class FaultyFileSystem: FileSystem {
    /// Step counts, shared by the whole view and its confined views.
    private final class Counts: Sendable {
        let value = Mutex<[SystemError.Operation: Int]>([:])
    }

    private let base: any FileSystem
    private let operation: SystemError.Operation
    private let occurrence: Int
    private let counter: Counts

    init(failing operation: SystemError.Operation, at occurrence: Int) {
        self.base = SystemFileSystem()
        self.operation = operation
        self.occurrence = occurrence
        self.counter = Counts()
    }

    private init(base: any FileSystem, of parent: FaultyFileSystem) {
        self.base = base
        self.operation = parent.operation
        self.occurrence = parent.occurrence
        self.counter = parent.counter
    }

    /// The same fault over the confined real file system; the nth step is counted across both.
    func confined(to root: String) throws(SystemError) -> Confinement {
        let confinement = try base.confined(to: root)
        return Confinement(
            fileSystem: FaultyFileSystem(base: confinement.fileSystem, of: self), root: confinement.root,
            isWholeSystem: confinement.isWholeSystem)
    }

    func realPath(_ path: String) throws(SystemError) -> String { try base.realPath(path) }

    /// Whether the fault was reached during the run.
    var fired: Bool { counter.value.withLock { ($0[operation] ?? 0) > occurrence } }

    private func step(_ kind: SystemError.Operation, _ path: String) throws(SystemError) {
        let n = counter.value.withLock { counts -> Int in
            let n = counts[kind] ?? 0
            counts[kind] = n + 1
            return n
        }
        if kind == operation && n == occurrence { throw SystemError(kind, path, .ioError) }
    }

    func readFile(at path: String, limit: Int) throws(SystemError) -> [UInt8] {
        try base.readFile(at: path, limit: limit)
    }
    func inodeFlags(at path: String) throws(SystemError) -> InodeFlags { try base.inodeFlags(at: path) }
    func createFile(at path: String, mode: UInt32) throws(SystemError) -> FileDescriptor {
        try step(.create, path)
        return try base.createFile(at: path, mode: mode)
    }
    func write(_ bytes: [UInt8], to file: FileDescriptor, path: String) throws(SystemError) {
        try step(.write, path)
        try base.write(bytes, to: file, path: path)
    }
    func sync(_ file: FileDescriptor, path: String) throws(SystemError) {
        try step(.sync, path)
        try base.sync(file, path: path)
    }
    func close(_ file: FileDescriptor) { base.close(file) }
    func rename(_ source: String, to destination: String) throws(SystemError) {
        try step(.rename, destination)
        try base.rename(source, to: destination)
    }
    func removeFile(at path: String) throws(SystemError) {
        try step(.unlink, path)
        try base.removeFile(at: path)
    }
    func makeDirectory(at path: String, mode: UInt32) throws(SystemError) {
        try step(.mkdir, path)
        try base.makeDirectory(at: path, mode: mode)
    }
    func syncDirectory(at path: String) throws(SystemError) {
        try step(.sync, path)
        try base.syncDirectory(at: path)
    }
    func fileType(at path: String) throws(SystemError) -> FileType? { try base.fileType(at: path) }
    func listDirectory(at path: String) throws(SystemError) -> [String] { try base.listDirectory(at: path) }
    func readLink(at path: String) throws(SystemError) -> String { try base.readLink(at: path) }
    func makeSymbolicLink(at path: String, target: String) throws(SystemError) {
        try step(.create, path)
        try base.makeSymbolicLink(at: path, target: target)
    }
    func makeHardLink(at path: String, to existing: String) throws(SystemError) {
        try step(.create, path)
        try base.makeHardLink(at: path, to: existing)
    }
    func removeDirectory(at path: String) throws(SystemError) {
        try step(.unlink, path)
        try base.removeDirectory(at: path)
    }
    func status(at path: String) throws(SystemError) -> FileStatus? { try base.status(at: path) }
    func changeOwner(_ file: FileDescriptor, path: String, owner: FileOwner) throws(SystemError) {
        try base.changeOwner(file, path: path, owner: owner)
    }
    func lock(at path: String) throws(SystemError) -> FileDescriptor { try base.lock(at: path) }
}
