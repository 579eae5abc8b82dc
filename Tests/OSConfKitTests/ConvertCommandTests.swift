import OSConfKit
import Testing

@Suite("osconf2seed convert")
struct ConvertCommandTests {
    private struct Run {
        let status: ExitCode
        let console: CapturedConsole
        let fileSystem: MemoryFileSystem
    }

    private func run(
        _ arguments: [String], files: [String: [UInt8]] = [:], stdin: [UInt8] = [], fault: MemoryFileSystem.Fault? = nil
    ) -> Run {
        let fs = MemoryFileSystem(fault: fault)
        for (path, bytes) in files { fs.addFile(path, bytes) }
        let console = CapturedConsole(input: stdin)
        let tool = OSConf2SeedTool(
            environment: ToolEnvironment(fileSystem: fs, console: console.console, random: FixedRandom()))
        return Run(status: tool.run(arguments), console: console, fileSystem: fs)
    }

    private func classic() throws -> [UInt8] { try TestPaths.fixture("classic.conf") }

    @Test("writes the three seed files")
    func writesSeed() throws {
        let result = run(["convert", "--output", "/seed", "/in/os.conf"], files: ["/in/os.conf": try classic()])
        #expect(result.status == .success)
        #expect(result.console.standardError == "")
        let entries = result.fileSystem.entries
        #expect(entries["/seed/meta-data"]?.type == .regular)
        #expect(entries["/seed/user-data"]?.mode == 0o600)
        let networkConfig = String(decoding: entries["/seed/network-config"]?.contents ?? [], as: UTF8.self)
        #expect(networkConfig.hasPrefix("version: 2\n"))
        #expect(entries["/in/os.conf"]?.contents == (try classic()), "the input is never touched")
    }

    @Test("reads standard input for -")
    func standardInput() throws {
        let result = run(["convert", "--output=/seed", "-"], stdin: try classic())
        #expect(result.status == .success)
        #expect(result.fileSystem.entries["/seed/meta-data"] != nil)
    }

    @Test("v1 on request and for old cloud-init")
    func versionOne() throws {
        for arguments in [["--network-config-version", "1"], ["--cloud-init-version", "0.7.5"]] {
            let result = run(["convert", "--output", "/s", "/c"] + arguments, files: ["/c": try classic()])
            #expect(result.status == .success)
            let text = String(decoding: result.fileSystem.entries["/s/network-config"]?.contents ?? [], as: UTF8.self)
            #expect(text.hasPrefix("version: 1\n"))
        }
    }

    @Test("--help and --version")
    func helpAndVersion() {
        let help = run(["--help"])
        #expect(help.status == .success && help.console.standardOutput.contains("convert"))
        let convertHelp = run(["convert", "--help"])
        #expect(convertHelp.status == .success && convertHelp.console.standardOutput.contains("--renderer-hint"))
        let version = run(["--version"])
        #expect(version.console.standardOutput == "osconf2seed \(OSConf2SeedTool.version)\n")
    }

    @Test(
        "usage errors exit 64 and write nothing",
        arguments: [
            (["convert", "/c"], "osconf2seed: --output DIR is required\n"),
            (["convert", "--output", "/s"], "osconf2seed: the os.conf FILE (or -) is required\n"),
            (["convert", "--output", "/s", "/c", "/d"], "osconf2seed: only one FILE may be given\n"),
            (
                ["convert", "--output", "/s", "--format", "xml", "/c"],
                "osconf2seed: unknown --format xml; known: nocloud\n"
            ),
            (["convert", "--output", "/s", "--bogus", "/c"], "osconf2seed: unknown option --bogus\n"),
            (["convert", "--output"], "osconf2seed: --output needs a value\n"),
            (
                ["convert", "--output", "/s", "--cloud-init-version", "new", "/c"],
                "osconf2seed: --cloud-init-version wants X.Y, such as 22.4; got 'new'\n"
            ),
            (
                ["convert", "--output", "/s", "--network-config-version", "3", "/c"],
                "osconf2seed: --network-config-version must be 1 or 2\n"
            ),
            (
                ["convert", "--output", "/s", "--renderer-hint", "x", "/c"],
                "osconf2seed: unknown --renderer-hint x; known: auto, eni, netplan, networkd, sysconfig, network-manager\n"
            ),
            (
                ["convert", "--output", "/s", "--cloud-init-version", "0.7.5", "--network-config-version", "2", "/c"],
                "osconf2seed: cloud-init 0.7.5 reads only network-config version 1; use --network-config-version 1\n"
            ),
            (["frobnicate"], "osconf2seed: unknown command 'frobnicate'; see osconf2seed --help\n"),
        ])
    func usageErrors(arguments: [String], message: String) throws {
        let result = run(arguments, files: ["/c": try classic()])
        #expect(result.status == .usage)
        #expect(result.console.standardError == message)
        #expect(result.fileSystem.entries["/s"] == nil)
    }

    @Test("a missing input exits 66")
    func missingInput() {
        let result = run(["convert", "--output", "/s", "/nope"])
        #expect(result.status == .noInput)
        #expect(result.console.standardError == "osconf2seed: cannot read /nope: no such file or directory\n")
    }

    @Test("bad data exits 65, names file, line and key, and writes nothing")
    func badData() {
        let result = run(
            ["convert", "--output", "/s", "/c"], files: ["/c": Array("hostname=ok\neth0_ip_addr=$(reboot)\n".utf8)])
        #expect(result.status == .dataError)
        #expect(
            result.console.standardError
                == "osconf2seed: /c:2: eth0_ip_addr: not a plain KEY=value assignment: '$' expands variables or runs commands in a shell\n"
        )
        #expect(result.fileSystem.entries["/s"] == nil)
    }

    @Test("an oversized input exits 65 with its own error")
    func oversized() {
        let result = run(["convert", "--output", "/s", "-"], stdin: [UInt8](repeating: 35, count: 70_000))
        #expect(result.status == .dataError)
        #expect(result.console.standardError.contains("<stdin>: file is larger than 65536 bytes"))
    }

    @Test("warnings go to standard error and the run succeeds")
    func warnings() throws {
        let result = run(
            ["convert", "--output", "/s", "/c"], files: ["/c": try classic() + Array("color=blue\n".utf8)])
        #expect(result.status == .success)
        #expect(result.console.standardError == "/c:14: color: warning: unknown key, not used\n")
    }

    @Test(
        "output failures: 73 when it cannot be created, 74 when it cannot be written; no partial file",
        arguments: [
            (SystemError.Operation.mkdir, ExitCode.cannotCreate), (.create, .cannotCreate), (.write, .ioError),
            (.sync, .ioError), (.rename, .ioError),
        ])
    func outputFailures(operation: SystemError.Operation, status: ExitCode) throws {
        let result = run(
            ["convert", "--output", "/s", "/c"], files: ["/c": try classic()],
            fault: .init(operation: operation, occurrence: 0))
        #expect(result.status == status)
        #expect(result.console.standardError.hasPrefix("osconf2seed: cannot "))
        let written = result.fileSystem.entries.keys.filter { $0.hasPrefix("/s/") }
        #expect(written.isEmpty, "\(written)")
    }
}
