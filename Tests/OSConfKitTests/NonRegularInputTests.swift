import OSConfKit
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// An os.conf that is not a regular file is refused at once by every command that reads one,
/// before anything opens it: a FIFO must not stall a boot, and opening a device runs its driver.
@Suite("input that is not a regular file")
struct NonRegularInputTests {
    enum Kind: String, CaseIterable, Sendable {
        case fifo, socket, characterDevice, blockDevice, directory

        /// Makes one at `path`; false when the system refused.
        func make(at path: String) -> Bool {
            switch self {
            case .fifo: return mkfifo(path, 0o600) == 0
            case .socket: return NonRegularInputTests.bindSocket(at: path)
            // 1:3 is /dev/null, 7:0 loop0 (made, never opened: nothing here may open either).
            case .characterDevice: return mknod(path, S_IFCHR | 0o600, dev_t(1 << 8 | 3)) == 0
            case .blockDevice: return mknod(path, S_IFBLK | 0o600, dev_t(7 << 8 | 0)) == 0
            case .directory: return Glibc.mkdir(path, 0o755) == 0
            }
        }

        var message: String { self == .directory ? "is a directory" : "not a regular file" }
    }

    static func bindSocket(at path: String) -> Bool {
        let fd = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { return false }
        defer { close(fd) }
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        let bytes = Array(path.utf8)
        guard bytes.count < MemoryLayout.size(ofValue: address.sun_path) else { return false }
        withUnsafeMutableBytes(of: &address.sun_path) { buffer in
            for (index, byte) in bytes.enumerated() { buffer[index] = byte }
        }
        return withUnsafePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(fd, $0, socklen_t(MemoryLayout<sockaddr_un>.size)) == 0
            }
        }
    }

    /// Watches `path` for opens (inotify IN_OPEN); `opened()` says whether anything opened it.
    final class OpenWatch {
        private let fd: Int32

        init(_ path: String) {
            fd = inotify_init1(Int32(IN_NONBLOCK))
            _ = inotify_add_watch(fd, path, UInt32(IN_OPEN))
        }

        deinit { close(fd) }

        var isWatching: Bool { fd >= 0 }

        func opened() -> Bool {
            var buffer = [UInt8](repeating: 0, count: 4096)
            return buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) } > 0
        }
    }

    static let commands = ["convert", "validate", "boot"]

    /// The tool on the real file system, with a fake kernel and renderers for `boot`.
    static func tool(_ console: CapturedConsole) -> OSConf2SeedTool {
        OSConf2SeedTool(
            environment: ToolEnvironment(
                fileSystem: SystemFileSystem(), console: console.console, random: FixedRandom()),
            boot: BootEnvironment(kernel: FakeKernel(), renderers: FakeImage.renderers))
    }

    @Test(
        "refused with exit 66, at once, never opened, nothing written",
        arguments: Kind.allCases, commands)
    func refused(kind: Kind, command: String) throws {
        // validate walks a directory it is given; a directory is refused by the other two.
        if kind == .directory && command == "validate" { return }
        let root = try TemporaryRoot()
        FakeImage.disk(root)
        FakeImage.base(root)
        FakeImage.family(root, .ifupdown)
        FakeImage.cloudInit(root)
        root.mkdir("etc/osconf")
        let input = root.real("etc/osconf/os.conf")
        try #require(kind.make(at: input), "cannot make a \(kind) (needs root for a device)")
        let watch = OpenWatch(input)
        try #require(watch.isWatching)
        let console = CapturedConsole()
        let tool = Self.tool(console)
        let arguments: [String]
        switch command {
        case "convert": arguments = ["convert", "--output", root.real("out"), input]
        case "validate": arguments = ["validate", input]
        default: arguments = ["boot", "--root", root.path, "--os-conf", "/etc/osconf/os.conf"]
        }
        let status = tool.run(arguments)
        #expect(status == .noInput, "\(console.standardError)")
        let shown = console.standardOutput + console.standardError
        #expect(shown.contains(kind.message), "\(shown)")
        #expect(shown.contains("etc/osconf/os.conf"))
        #expect(!watch.opened(), "\(command) opened the \(kind)")
        #expect(root.exists("etc/osconf/os.conf"))
        #expect(!root.exists("out") && !root.exists("var/lib/osconf2seed/state"))
        #expect(!root.exists(BootJob.seedDirectory))
    }

    @Test("boot on the partition: a FIFO in os.conf's place is refused (66), not taken for no os.conf")
    func fifoOnPartition() throws {
        let root = try TemporaryRoot()
        FakeImage.disk(root, extraMounts: "30 22 253:1 / /boot/osconf rw - ext4 /dev/vda1 rw\n")
        FakeImage.base(root)
        FakeImage.family(root, .ifupdown)
        root.mkdir("boot/osconf/aliyun_custom_image")
        #expect(mkfifo(root.real("boot/osconf/aliyun_custom_image/os.conf"), 0o600) == 0)
        let console = CapturedConsole()
        let tool = Self.tool(console)
        #expect(tool.run(["boot", "--root", root.path]) == .noInput, "\(console.standardError)")
        #expect(console.standardError.contains("aliyun_custom_image/os.conf: not a regular file"))
    }

    @Test("a file far over the size cap is refused without reading it all (a sparse 8 GiB file)")
    func oversized() throws {
        let root = try TemporaryRoot()
        root.write("os.conf", "")
        #expect(truncate(root.real("os.conf"), 8 << 30) == 0)
        #expect(throws: SystemError(.read, root.real("os.conf"), .fileTooLarge)) {
            try SystemFileSystem().readFile(at: root.real("os.conf"), limit: AssignmentParser.sizeLimit)
        }
        let console = CapturedConsole()
        let tool = Self.tool(console)
        #expect(tool.run(["convert", "--output", root.real("out"), root.real("os.conf")]) == .dataError)
        #expect(console.standardError.contains("file is larger than 65536 bytes"))
        #expect(tool.run(["validate", root.real("os.conf")]) == .dataError)
    }
}
