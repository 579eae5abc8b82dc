import OSConfKit
import Testing

@Suite("Atomic, durable writes")
struct AtomicFileWriterTests {
    private let files = [
        RenderedFile(path: "meta-data", contents: "a\n"),
        RenderedFile(path: "user-data", contents: "b\n", mode: 0o600),
        RenderedFile(path: "sub/network-config", contents: "c\n"),
    ]

    @Test("writes every file with its mode, syncs each directory once, leaves no temporary file")
    func success() throws {
        let fs = MemoryFileSystem()
        try AtomicFileWriter(fileSystem: fs, random: FixedRandom()).write(files, under: "/out")
        let entries = fs.entries
        #expect(entries["/out/meta-data"] == .init(type: .regular, contents: Array("a\n".utf8), mode: 0o644))
        #expect(entries["/out/user-data"]?.mode == 0o600)
        #expect(entries["/out/sub/network-config"]?.contents == Array("c\n".utf8))
        #expect(entries.keys.filter { $0.hasSuffix(".tmp") }.isEmpty)
        #expect(Set(fs.syncedDirectories) == ["/out", "/out/sub"])
        #expect(fs.count(.sync) == 5)
    }

    @Test(
        "a failure at any step before the renames leaves the old state and no temporary file",
        arguments: [
            (SystemError.Operation.create, 0), (.create, 2), (.write, 0), (.write, 1), (.write, 2), (.sync, 0),
            (.sync, 2),
            (.mkdir, 0), (.create, 1),
        ])
    func failureBeforeRename(operation: SystemError.Operation, occurrence: Int) {
        let fs = MemoryFileSystem(fault: .init(operation: operation, occurrence: occurrence))
        fs.addFile("/out/meta-data", Array("old\n".utf8))
        #expect(throws: SystemError.self) {
            try AtomicFileWriter(fileSystem: fs, random: FixedRandom()).write(files, under: "/out")
        }
        #expect(fs.entries["/out/meta-data"]?.contents == Array("old\n".utf8))
        #expect(fs.entries["/out/user-data"] == nil)
        #expect(fs.entries.keys.filter { $0.hasSuffix(".tmp") }.isEmpty)
    }

    @Test(
        "a failure at any rename leaves exactly the old set: replaced files restored, new ones removed",
        arguments: [0, 1, 2])
    func failureAtRename(occurrence: Int) {
        let fs = MemoryFileSystem(fault: .init(operation: .rename, occurrence: occurrence))
        fs.addFile("/out/meta-data", Array("old\n".utf8))
        fs.addFile("/out/user-data", Array("old user\n".utf8), mode: 0o600)
        let before = fs.entries
        #expect(throws: SystemError.self) {
            try AtomicFileWriter(fileSystem: fs, random: FixedRandom()).write(files, under: "/out")
        }
        // The new directory /out/sub may stay (empty); every file is as it was.
        #expect(fs.entries.filter { $0.value.type != .directory } == before.filter { $0.value.type != .directory })
    }

    @Test("a failure while keeping the old files leaves the old set")
    func failureAtBackup() {
        let fs = MemoryFileSystem(fault: .init(operation: .create, occurrence: 4))
        fs.addFile("/out/meta-data", Array("old\n".utf8))
        fs.addFile("/out/user-data", Array("old user\n".utf8))
        let before = fs.entries
        #expect(throws: SystemError.self) {
            try AtomicFileWriter(fileSystem: fs, random: FixedRandom()).write(files, under: "/out")
        }
        #expect(fs.entries.filter { $0.value.type != .directory } == before.filter { $0.value.type != .directory })
    }

    @Test("after success no backup or temporary name is left")
    func noLeftovers() throws {
        let fs = MemoryFileSystem()
        fs.addFile("/out/meta-data", Array("old\n".utf8))
        try AtomicFileWriter(fileSystem: fs, random: FixedRandom()).write(files, under: "/out")
        #expect(fs.entries.keys.filter { $0.hasSuffix(".old") || $0.hasSuffix(".tmp") }.isEmpty)
        #expect(fs.entries["/out/meta-data"]?.contents == Array("a\n".utf8))
    }

    @Test("a real write on disk: modes exact despite the umask, content complete")
    func realDisk() throws {
        let directory = "/tmp/osconf2seed-writer-\(getpid())"
        let fs = SystemFileSystem()
        let old = umask(0o077)
        defer { umask(old) }
        try AtomicFileWriter(fileSystem: fs).write(files, under: directory)
        #expect(try fs.readFile(at: directory + "/sub/network-config", limit: 100) == Array("c\n".utf8))
        var info = stat()
        #expect(lstat(directory + "/meta-data", &info) == 0)
        #expect(info.st_mode & 0o777 == 0o644)
        #expect(lstat(directory + "/user-data", &info) == 0)
        #expect(info.st_mode & 0o777 == 0o600)
        try AtomicFileWriter(fileSystem: fs).remove(files.map(\.path) + ["absent"], under: directory)
        #expect(try fs.fileType(at: directory + "/meta-data") == nil)
    }
}

#if canImport(Glibc)
    import Glibc
#endif
