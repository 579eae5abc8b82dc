import OSConfKit
import Synchronization

/// An in-memory ``FileSystem`` for tests: it records what each step did and can be told to
/// fail one step, so every failure path of the writer can be driven.
final class MemoryFileSystem: FileSystem {
    struct Entry: Equatable {
        var type: FileType
        var contents: [UInt8] = []
        var mode: UInt32 = 0
    }

    /// A step to fail: the nth call (0-based) of an operation.
    struct Fault: Equatable {
        var operation: SystemError.Operation
        var occurrence: Int
    }

    private struct State {
        var entries: [String: Entry] = ["/": Entry(type: .directory)]
        var open: [Int32: String] = [:]
        var nextDescriptor: Int32 = 3
        var counts: [SystemError.Operation: Int] = [:]
        var fault: Fault?
        var syncedFiles: Set<String> = []
        var syncedDirectories: [String] = []
    }

    private let state = Mutex(State())

    init(fault: Fault? = nil) {
        state.withLock { $0.fault = fault }
    }

    var entries: [String: Entry] { state.withLock { $0.entries } }
    var syncedDirectories: [String] { state.withLock { $0.syncedDirectories } }

    /// How often each operation ran.
    func count(_ operation: SystemError.Operation) -> Int { state.withLock { $0.counts[operation] ?? 0 } }

    /// Adds a file and its parent directories.
    func addFile(_ path: String, _ contents: [UInt8], mode: UInt32 = 0o644) {
        state.withLock { state in
            var directory = FilePath.directory(of: path)
            while directory != "/" && directory != "." {
                state.entries[directory] = Entry(type: .directory)
                directory = FilePath.directory(of: directory)
            }
            state.entries[path] = Entry(type: .regular, contents: contents, mode: mode)
        }
    }

    func addSymlink(_ path: String) {
        state.withLock { $0.entries[path] = Entry(type: .symbolicLink) }
    }

    private func step(_ operation: SystemError.Operation, _ path: String) throws(SystemError) {
        let failing = state.withLock { state -> Bool in
            let n = state.counts[operation] ?? 0
            state.counts[operation] = n + 1
            return state.fault == Fault(operation: operation, occurrence: n)
        }
        if failing { throw SystemError(operation, path, .ioError) }
    }

    func readFile(at path: String, limit: Int) throws(SystemError) -> [UInt8] {
        try step(.read, path)
        guard let entry = state.withLock({ $0.entries[path] }), entry.type == .regular else {
            throw SystemError(.open, path, .noSuchFile)
        }
        if entry.contents.count > limit { throw SystemError(.read, path, .fileTooLarge) }
        return entry.contents
    }

    func createFile(at path: String, mode: UInt32) throws(SystemError) -> FileDescriptor {
        try step(.create, path)
        return try state.withLock { state throws(SystemError) -> FileDescriptor in
            guard state.entries[path] == nil else { throw SystemError(.create, path, .exists) }
            guard state.entries[FilePath.directory(of: path)]?.type == .directory else {
                throw SystemError(.create, path, .noSuchFile)
            }
            state.entries[path] = Entry(type: .regular, mode: mode)
            let fd = state.nextDescriptor
            state.nextDescriptor += 1
            state.open[fd] = path
            return FileDescriptor(rawValue: fd)
        }
    }

    func write(_ bytes: [UInt8], to file: FileDescriptor, path: String) throws(SystemError) {
        try step(.write, path)
        state.withLock { state in
            if let path = state.open[file.rawValue] { state.entries[path]?.contents += bytes }
        }
    }

    func sync(_ file: FileDescriptor, path: String) throws(SystemError) {
        try step(.sync, path)
        state.withLock { state in
            if let path = state.open[file.rawValue] { state.syncedFiles.insert(path) }
        }
    }

    func close(_ file: FileDescriptor) {
        state.withLock { _ = $0.open.removeValue(forKey: file.rawValue) }
    }

    func rename(_ source: String, to destination: String) throws(SystemError) {
        try step(.rename, destination)
        try state.withLock { state throws(SystemError) in
            guard let entry = state.entries.removeValue(forKey: source) else {
                throw SystemError(.rename, source, .noSuchFile)
            }
            state.entries[destination] = entry
        }
    }

    func removeFile(at path: String) throws(SystemError) {
        try step(.unlink, path)
        try state.withLock { state throws(SystemError) in
            guard state.entries.removeValue(forKey: path) != nil else { throw SystemError(.unlink, path, .noSuchFile) }
        }
    }

    func makeDirectory(at path: String, mode: UInt32) throws(SystemError) {
        try step(.mkdir, path)
        try state.withLock { state throws(SystemError) in
            guard state.entries[path] == nil else { throw SystemError(.mkdir, path, .exists) }
            state.entries[path] = Entry(type: .directory, mode: mode)
        }
    }

    func syncDirectory(at path: String) throws(SystemError) {
        try step(.sync, path)
        state.withLock { $0.syncedDirectories.append(path) }
    }

    func fileType(at path: String) throws(SystemError) -> FileType? {
        state.withLock { $0.entries[path]?.type }
    }

    func listDirectory(at path: String) throws(SystemError) -> [String] {
        try state.withLock { state throws(SystemError) -> [String] in
            guard state.entries[path]?.type == .directory else { throw SystemError(.open, path, .noSuchFile) }
            return state.entries.keys.filter { $0 != path && FilePath.directory(of: $0) == path }
                .map { FilePath.baseName(of: $0) }
        }
    }

    func readLink(at path: String) throws(SystemError) -> String {
        guard let entry = state.withLock({ $0.entries[path] }), entry.type == .symbolicLink else {
            throw SystemError(.read, path, .noSuchFile)
        }
        return String(decoding: entry.contents, as: UTF8.self)
    }

    func makeSymbolicLink(at path: String, target: String) throws(SystemError) {
        try step(.create, path)
        try state.withLock { state throws(SystemError) in
            guard state.entries[path] == nil else { throw SystemError(.create, path, .exists) }
            state.entries[path] = Entry(type: .symbolicLink, contents: Array(target.utf8), mode: 0o777)
        }
    }

    func makeHardLink(at path: String, to existing: String) throws(SystemError) {
        try step(.create, path)
        try state.withLock { state throws(SystemError) in
            guard state.entries[path] == nil else { throw SystemError(.create, path, .exists) }
            guard let entry = state.entries[existing], entry.type == .regular || entry.type == .symbolicLink else {
                throw SystemError(.create, existing, .noSuchFile)
            }
            state.entries[path] = entry
        }
    }

    func removeDirectory(at path: String) throws(SystemError) {
        try step(.unlink, path)
        try state.withLock { state throws(SystemError) in
            guard state.entries[path]?.type == .directory else { throw SystemError(.unlink, path, .noSuchFile) }
            if state.entries.keys.contains(where: { $0 != path && FilePath.directory(of: $0) == path }) {
                throw SystemError(.unlink, path, .notEmpty)
            }
            state.entries[path] = nil
        }
    }

    func status(at path: String) throws(SystemError) -> FileStatus? {
        state.withLock { state in
            state.entries[path].map {
                FileStatus(type: $0.type, mode: $0.mode, owner: FileOwner(user: 0, group: 0), size: $0.contents.count)
            }
        }
    }

    func changeOwner(_ file: FileDescriptor, path: String, owner: FileOwner) throws(SystemError) {}

    func lock(at path: String) throws(SystemError) -> FileDescriptor {
        try step(.lock, path)
        return state.withLock { state in
            if state.entries[path] == nil { state.entries[path] = Entry(type: .regular, mode: 0o600) }
            let fd = state.nextDescriptor
            state.nextDescriptor += 1
            return FileDescriptor(rawValue: fd)
        }
    }
}
