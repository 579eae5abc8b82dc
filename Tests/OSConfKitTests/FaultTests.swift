import OSConfKit
import Testing

/// A failure at every create, write, fsync, rename, unlink and mkdir step of `boot`, `install`
/// and `convert`: afterwards the tree holds the old complete state or the new complete state,
/// never a mix, and os.conf is still there unless the run succeeded.
@Suite("Faults at every file-system step")
struct FaultTests {
    static let operations: [SystemError.Operation] = [.create, .write, .sync, .rename, .unlink, .mkdir]

    enum Image: String, CaseIterable {
        case seed, direct
    }

    private static func makeImage(_ image: Image) throws -> TemporaryRoot {
        let root = try TemporaryRoot()
        FakeImage.disk(root)
        FakeImage.base(root)
        FakeImage.family(root, .ifupdown)
        if image == .seed { FakeImage.cloudInit(root) }
        root.write(FakeImage.mountedOSConf, String(decoding: try TestPaths.fixture("classic.conf"), as: UTF8.self))
        return root
    }

    /// Files and links only: a run may leave a new, empty directory behind, which is harmless,
    /// and the shadow suite's lock file, which every password tool leaves.
    private static func files(_ root: TemporaryRoot) -> [String] {
        root.listing().filter { !$0.hasSuffix(" dir") && !$0.hasPrefix("/etc/.pwd.lock ") }
    }

    private static func boot(_ root: TemporaryRoot, _ fileSystem: any FileSystem) -> ExitCode {
        let console = CapturedConsole()
        let tool = OSConf2SeedTool(
            environment: ToolEnvironment(fileSystem: fileSystem, console: console.console, random: FixedRandom()),
            boot: BootEnvironment(kernel: FakeKernel(), renderers: .standard))
        return tool.run(["boot", "--root", root.path])
    }

    @Test("boot", arguments: Image.allCases, operations)
    func bootFaults(image: Image, operation: SystemError.Operation) throws {
        let reference = try Self.makeImage(image)
        #expect(Self.boot(reference, SystemFileSystem()) == .success)
        let newState = Self.files(reference)
        var occurrence = 0
        while occurrence < 200 {
            let root = try Self.makeImage(image)
            let oldState = Self.files(root)
            let fileSystem = FaultyFileSystem(failing: operation, at: occurrence)
            let status = Self.boot(root, fileSystem)
            guard fileSystem.fired else {
                #expect(status == .success)
                break
            }
            // When removing a replaced file's backup fails after the new set is in place, the
            // backup (`.NAME.XXXXXX.old`) stays; it is not part of either state.
            let after = Self.files(root).filter { !$0.contains(".old file ") }
            let withoutOSConf = after.filter { !$0.contains("aliyun_custom_image") }
            let newWithoutOSConf = newState.filter { !$0.contains("aliyun_custom_image") }
            if status == .success {
                // Only removing os.conf (or flushing that removal) may fail without failing
                // the run: the state file keeps the same os.conf from being applied again.
                #expect(withoutOSConf == newWithoutOSConf, "\(operation) #\(occurrence)")
            } else {
                #expect(root.exists(FakeImage.mountedOSConf), "os.conf kept after \(operation) #\(occurrence)")
                #expect(
                    after == oldState || withoutOSConf == newWithoutOSConf,
                    "\(operation) #\(occurrence): neither the old nor the new state")
            }
            occurrence += 1
        }
    }

    @Test("a partition that cannot be mounted: exit 71, os.conf and the tree untouched", arguments: Image.allCases)
    func mountFault(image: Image) throws {
        let root = try Self.makeImage(image)
        let before = Self.files(root)
        let console = CapturedConsole()
        let tool = OSConf2SeedTool(
            environment: ToolEnvironment(
                fileSystem: SystemFileSystem(), console: console.console, random: FixedRandom()),
            boot: BootEnvironment(kernel: FakeKernel(acceptedType: "none"), renderers: .standard))
        #expect(tool.run(["boot", "--root", root.path]) == .osError)
        #expect(console.standardError.contains("cannot mount"))
        #expect(Self.files(root) == before)
    }

    @Test("install", arguments: operations)
    func installFaults(operation: SystemError.Operation) throws {
        func image() throws -> TemporaryRoot {
            let root = try TemporaryRoot()
            FakeImage.base(root)
            FakeImage.family(root, .ifupdown)
            FakeImage.cloudInit(root)
            root.link("sbin/init", to: "/lib/systemd/systemd")
            return root
        }
        func install(_ root: TemporaryRoot, _ fileSystem: any FileSystem) -> ExitCode {
            let console = CapturedConsole()
            let tool = OSConf2SeedTool(
                environment: ToolEnvironment(fileSystem: fileSystem, console: console.console, random: FixedRandom()),
                boot: BootEnvironment(kernel: FakeKernel(), renderers: .standard))
            return tool.run(["install", "--root", root.path, "--binary", "/proc/self/exe"])
        }
        let reference = try image()
        #expect(install(reference, SystemFileSystem()) == .success)
        let newState = Self.files(reference)
        var occurrence = 0
        while occurrence < 200 {
            let root = try image()
            let oldState = Self.files(root)
            let fileSystem = FaultyFileSystem(failing: operation, at: occurrence)
            let status = install(root, fileSystem)
            guard fileSystem.fired else {
                #expect(status == .success)
                break
            }
            let after = Self.files(root).filter { !$0.contains(".old file ") }
            #expect(after == oldState || after == newState, "\(operation) #\(occurrence) (exit \(status))")
            occurrence += 1
        }
    }
}
