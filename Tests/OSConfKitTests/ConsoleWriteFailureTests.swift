import OSConfKit
import Testing

/// Output that does not arrive is a failure (exit 74), on every command's output path.
@Suite("failed writes on standard output and standard error")
struct ConsoleWriteFailureTests {
    private static let full = "osconf2seed: cannot write standard output: no space left on device\n"

    private func tool(_ console: CapturedConsole, fileSystem: any FileSystem = SystemFileSystem()) -> OSConf2SeedTool {
        OSConf2SeedTool(
            environment: ToolEnvironment(fileSystem: fileSystem, console: console.console, random: FixedRandom()),
            boot: BootEnvironment(kernel: FakeKernel(), renderers: FakeImage.renderers))
    }

    private func classic() throws -> MemoryFileSystem {
        let fileSystem = MemoryFileSystem()
        fileSystem.addFile("/in/os.conf", try TestPaths.fixture("classic.conf"))
        return fileSystem
    }

    @Test(
        "help and version on a full standard output: exit 74 and the reason on standard error",
        arguments: [
            ["--version"], ["version"], ["--help"], ["-h"], ["help"], ["convert", "--help"], ["boot", "--help"],
            ["install", "-h"], ["uninstall", "--help"], ["clean", "--help"],
        ])
    func helpAndVersion(arguments: [String]) {
        let console = CapturedConsole(outputFault: .noSpace)
        #expect(tool(console).run(arguments) == .ioError)
        #expect(console.standardError == Self.full)
    }

    @Test("the same commands succeed when standard output takes the bytes (the check can fail)")
    func control() {
        let console = CapturedConsole()
        #expect(tool(console).run(["--version"]) == .success)
        #expect(console.standardOutput == ToolVersion.line)
        #expect(console.standardError == "")
    }

    @Test("convert --output - on a full standard output: exit 74, nothing written anywhere else")
    func ignitionToStandardOutput() throws {
        let fileSystem = try classic()
        let before = fileSystem.entries
        let console = CapturedConsole(outputFault: .noSpace)
        let status = tool(console, fileSystem: fileSystem).run([
            "convert", "--format", "ignition", "--output", "-", "/in/os.conf",
        ])
        #expect(status == .ioError)
        #expect(console.standardError == Self.full)
        #expect(fileSystem.entries == before)
    }

    @Test("a closed standard output (EBADF) is a failure too")
    func closedOutput() {
        let console = CapturedConsole(outputFault: Errno(rawValue: 9))
        #expect(tool(console).run(["--version"]) == .ioError)
        #expect(console.standardError == "osconf2seed: cannot write standard output: bad file descriptor\n")
    }

    @Test("a failed standard error with a successful command: exit 74, silently")
    func warningLost() throws {
        // An unknown key is a warning on standard error; the seed itself is written.
        let fileSystem = MemoryFileSystem()
        fileSystem.addFile("/in/os.conf", Array("hostname=box\nunknown_key=1\n".utf8))
        let console = CapturedConsole(errorFault: .ioError)
        #expect(tool(console, fileSystem: fileSystem).run(["convert", "--output", "/seed", "/in/os.conf"]) == .ioError)
        #expect(console.standardOutput == "" && console.standardError == "")
        #expect(fileSystem.entries["/seed/meta-data"] != nil, "the files themselves are complete")

        // The check can fail: the same run with a working standard error succeeds and warns.
        let working = CapturedConsole()
        let again = MemoryFileSystem()
        again.addFile("/in/os.conf", Array("hostname=box\nunknown_key=1\n".utf8))
        #expect(tool(working, fileSystem: again).run(["convert", "--output", "/seed", "/in/os.conf"]) == .success)
        #expect(working.standardError.contains("unknown_key"))
    }

    @Test("both streams failing: exit 74, no message anywhere")
    func bothFail() {
        let console = CapturedConsole(outputFault: .noSpace, errorFault: .noSpace)
        #expect(tool(console).run(["--help"]) == .ioError)
        #expect(console.standardOutput == "" && console.standardError == "")
    }

    @Test("a command that failed keeps its own status when its message cannot be written")
    func failureKeepsItsStatus() {
        let console = CapturedConsole(errorFault: .noSpace)
        #expect(tool(console).run(["convert", "--output", "/seed"]) == .usage)
        #expect(tool(CapturedConsole(errorFault: .noSpace)).run([]) == .usage)
        let missing = CapturedConsole(outputFault: .noSpace, errorFault: .noSpace)
        #expect(tool(missing, fileSystem: MemoryFileSystem()).run(["convert", "--output", "/s", "/nope"]) == .noInput)
    }

    @Test("the boot job's log line lost: exit 74 after the job did its work")
    func bootLogLine() throws {
        let root = try TemporaryRoot()
        FakeImage.disk(root)
        FakeImage.base(root)
        FakeImage.family(root, .ifupdown)
        FakeImage.cloudInit(root)
        let console = CapturedConsole(errorFault: .ioError)
        #expect(tool(console).run(["boot", "--root", root.path]) == .ioError)
        #expect(console.standardError == "")
        // The check can fail: with standard error working the same run succeeds with one line.
        let working = CapturedConsole()
        #expect(tool(working).run(["boot", "--root", root.path]) == .success)
        #expect(working.standardError.hasSuffix("nothing to do\n"))
    }

    @Test("install, uninstall and clean: a lost success line is exit 74; the tree is changed all the same")
    func successLines() throws {
        let root = try TemporaryRoot()
        FakeImage.family(root, .ifupdown)
        FakeImage.cloudInit(root)
        root.mkdir("etc/systemd/system")
        root.link("sbin/init", to: "/lib/systemd/systemd")
        root.write("binary", ELFStub.text("osconf2seed"), mode: 0o755)
        ELFStub.shell(root)
        let binary = root.real("binary")
        for arguments in [
            ["install", "--root", root.path, "--binary", binary], ["clean", "--root", root.path],
            ["uninstall", "--root", root.path], ["uninstall", "--root", root.path],
        ] {
            let console = CapturedConsole(outputFault: .noSpace)
            #expect(tool(console).run(arguments) == .ioError, "\(arguments)")
            #expect(console.standardError == Self.full, "\(arguments)")
            if arguments[0] == "install" {
                #expect(root.exists("usr/sbin/osconf2seed"))
                #expect(root.exists("etc/systemd/system/osconf2seed.service"))
            }
        }
        #expect(!root.exists("usr/sbin/osconf2seed"), "uninstall ran")
    }

    @Test("each run answers for its own writes: a failure does not stick to the next run")
    func freshRecordPerRun() {
        let console = CapturedConsole(outputFault: .noSpace)
        let tool = tool(console)
        #expect(tool.run(["--version"]) == .ioError)
        console.failOutput(nil)
        #expect(tool.run(["--version"]) == .success)
        #expect(console.standardOutput == ToolVersion.line)
    }

    @Test("the console keeps the first failure of each stream")
    func firstFailureKept() {
        let captured = CapturedConsole(outputFault: .noSpace)
        let console = captured.console
        #expect(console.outputFailure == nil && console.errorFailure == nil)
        console.writeOutput(Array("a".utf8))
        captured.failOutput(.ioError)
        console.writeOutput(Array("b".utf8))
        #expect(console.outputFailure == SystemError(.write, "standard output", .noSpace))
        #expect(console.errorFailure == nil)
        let copy = console
        #expect(copy.outputFailure != nil, "copies share the record")
        #expect(console.withNewFailureRecord().outputFailure == nil)
    }
}
