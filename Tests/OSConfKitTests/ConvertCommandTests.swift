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
        for arguments in [["--network-config-version", "1"], ["--cloud-init-version", "0.7.7"]] {
            let result = run(["convert", "--output", "/s", "/c"] + arguments, files: ["/c": try classic()])
            #expect(result.status == .success)
            let text = String(decoding: result.fileSystem.entries["/s/network-config"]?.contents ?? [], as: UTF8.self)
            #expect(text.hasPrefix("version: 1\n"))
        }
    }

    @Test(
        "the network-config version follows the cloud-init and the renderer hint, as at boot",
        arguments: [
            ([String](), 2), (["--cloud-init-version", "27.4"], 1), (["--cloud-init-version", "30.1"], 1),
            (["--cloud-init-version", "27.4", "--renderer-hint", "eni"], 1),
            (["--cloud-init-version", "27.4", "--renderer-hint", "netplan"], 2),
            (["--cloud-init-version", "27.3"], 2), (["--cloud-init-version", "17.0"], 1),
            (["--cloud-init-version", "27.4", "--network-config-version", "1"], 1),
        ])
    func versionChoice(arguments: [String], version: Int) throws {
        let result = run(["convert", "--output", "/s", "/c"] + arguments, files: ["/c": try classic()])
        #expect(result.status == .success, "\(result.console.standardError)")
        let text = String(decoding: result.fileSystem.entries["/s/network-config"]?.contents ?? [], as: UTF8.self)
        #expect(text.hasPrefix("version: \(version)\n"))
        #expect(!text.contains("gateway4") || version == 2)
        let hint =
            arguments.firstIndex(of: "--renderer-hint").map { RendererHint(rawValue: arguments[$0 + 1]) } ?? .auto
        let cloudInit = arguments.firstIndex(of: "--cloud-init-version").flatMap { CloudInitVersion(arguments[$0 + 1]) }
        if !arguments.contains("--network-config-version"), let hint {
            #expect(NoCloudOptions.networkConfigVersion(for: cloudInit, hint: hint) == version)
        }
    }

    @Test("cloud-init before 0.7.7: network-interfaces in meta-data and no network-config")
    func beforeNetworkConfig() throws {
        let result = run(
            ["convert", "--output", "/s", "/c", "--cloud-init-version", "0.7.5"], files: ["/c": try classic()])
        #expect(result.status == .success)
        #expect(result.fileSystem.entries["/s/network-config"] == nil)
        let metaData = String(decoding: result.fileSystem.entries["/s/meta-data"]?.contents ?? [], as: UTF8.self)
        #expect(metaData.contains("network-interfaces: \"auto lo\\niface lo inet loopback\\n"))
    }

    @Test("--help and --version")
    func helpAndVersion() {
        let help = run(["--help"])
        #expect(help.status == .success && help.console.standardOutput.contains("convert"))
        let convertHelp = run(["convert", "--help"])
        #expect(convertHelp.status == .success && convertHelp.console.standardOutput.contains("--renderer-hint"))
        let version = run(["--version"])
        #expect(version.console.standardOutput == ToolVersion.line)
    }

    @Test(
        "usage errors exit 64 and write nothing",
        arguments: [
            (["convert", "/c"], "osconf2seed: --output DIR is required\n"),
            (["convert", "--output", "/s"], "osconf2seed: the os.conf FILE (or -) is required\n"),
            (["convert", "--output", "/s", "/c", "/d"], "osconf2seed: only one FILE may be given\n"),
            (
                ["convert", "--output", "/s", "--format", "xml", "/c"],
                "osconf2seed: unknown --format xml; known: nocloud, ignition, ifupdown, netplan, networkd, sysconfig, networkmanager, json\n"
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
            (
                ["convert", "--output", "/s", "--cloud-init-version", "27.4", "--network-config-version", "2", "/c"],
                "osconf2seed: cloud-init 27.4 has no version 2 gateway4, which the auto renderer needs for the "
                    + "default route; use --network-config-version 1 or another --renderer-hint\n"
            ),
            (
                ["convert", "--output", "/s", "--format", "ignition", "--ignition-spec", "2.3", "/c"],
                "osconf2seed: unknown --ignition-spec 2.3; known: 3.0, 3.1, 3.2, 3.3, 3.4\n"
            ),
            (
                ["convert", "--output", "/s", "--format", "ignition", "--network-renderer", "eni", "/c"],
                "osconf2seed: unknown --network-renderer eni; known: networkmanager, networkd\n"
            ),
            (
                ["convert", "--output", "/s", "--ignition-spec", "3.3", "/c"],
                "osconf2seed: --ignition-spec applies only to --format ignition\n"
            ),
            (
                ["convert", "--output", "/s", "--format", "netplan", "--renderer-hint", "netplan", "/c"],
                "osconf2seed: --renderer-hint applies only to --format nocloud\n"
            ),
            (
                ["convert", "--output", "-", "--format", "netplan", "/c"],
                "osconf2seed: --output - (standard output) is only for --format ignition or json\n"
            ),
            (["frobnicate"], "osconf2seed: unknown command 'frobnicate'; see osconf2seed --help\n"),
        ])
    func usageErrors(arguments: [String], message: String) throws {
        let result = run(arguments, files: ["/c": try classic()])
        #expect(result.status == .usage)
        #expect(result.console.standardError == message)
        #expect(result.fileSystem.entries["/s"] == nil)
    }

    @Test(
        "every network format writes its files at root-relative paths with their modes",
        arguments: [
            ("netplan", "/s/etc/netplan/50-osconf2seed.yaml", UInt32(0o600)),
            ("networkd", "/s/etc/systemd/network/10-osconf2seed-eth1.network", 0o644),
            ("ifupdown", "/s/etc/network/interfaces.d/osconf2seed", 0o644),
            ("sysconfig", "/s/etc/sysconfig/network-scripts/ifcfg-eth1", 0o644),
            ("networkmanager", "/s/etc/NetworkManager/system-connections/osconf2seed-eth1.nmconnection", 0o600),
            ("ignition", "/s/config.ign", 0o600),
        ])
    func formats(format: String, path: String, mode: UInt32) throws {
        let result = run(["convert", "--format", format, "--output", "/s", "/c"], files: ["/c": try classic()])
        #expect(result.status == .success)
        #expect(result.console.standardError == "")
        #expect(result.fileSystem.entries[path]?.mode == mode)
        #expect(result.fileSystem.entries["/s/meta-data"] == nil)
    }

    @Test("--output - writes the Ignition config to standard output and no file")
    func ignitionToStandardOutput() throws {
        let result = run(
            [
                "convert", "--format", "ignition", "--ignition-spec", "3.1", "--network-renderer", "networkd",
                "--output",
                "-", "/c",
            ],
            files: ["/c": try classic()])
        #expect(result.status == .success)
        #expect(result.console.standardOutput.contains("\"version\": \"3.1.0\""))
        #expect(result.console.standardOutput.contains("/etc/systemd/network/10-osconf2seed-eth1.network"))
        #expect(result.fileSystem.entries.keys.filter { $0 != "/c" && $0 != "/" }.isEmpty)
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

    @Test(
        "a file that sets nothing exits 65, names the file, and writes nothing",
        arguments: ["", "\n\n", "# only comments\n\n# here\n", "COLOR=blue\nSIZE=3\n", "hostname=\n"])
    func setsNothing(text: String) {
        let message = "sets nothing osconf2seed knows: no hostname, password, dns_nameserver or ethN_ key has a value"
        let file = run(["convert", "--output", "/s", "/c"], files: ["/c": Array(text.utf8)])
        #expect(file.status == .dataError)
        #expect(file.console.standardError == "osconf2seed: /c: \(message)\n")
        #expect(file.fileSystem.entries["/s"] == nil)
        let standardInput = run(["convert", "--output", "/s", "-"], stdin: Array(text.utf8))
        #expect(standardInput.status == .dataError)
        #expect(standardInput.console.standardError == "osconf2seed: <stdin>: \(message)\n")
        #expect(standardInput.fileSystem.entries["/s"] == nil)
    }

    @Test("a file with only a host name and a password converts")
    func hostnameAndPasswordOnly() {
        let result = run(
            ["convert", "--output", "/s", "/c"], files: ["/c": Array("hostname=web01\npassword=cXdlcjEyMzQK\n".utf8)])
        #expect(result.status == .success)
        #expect(result.console.standardError == "")
        #expect(result.fileSystem.entries["/s/meta-data"]?.type == .regular)
    }

    @Test("a decoded password over 511 bytes exits 65 without the value, and writes nothing; 511 converts")
    func passwordTooLong() {
        let plaintext = String(repeating: "Long-Pass-Phrase-", count: 31)
        let refused = Base64Encoding.encode(String(plaintext.prefix(512)) + "\n")
        let result = run(["convert", "--output", "/s", "/c"], files: ["/c": Array("password=\(refused)\n".utf8)])
        #expect(result.status == .dataError)
        #expect(
            result.console.standardError
                == "osconf2seed: /c:1: password: the decoded password is longer than 511 bytes, which crypt(3) cannot check\n"
        )
        #expect(!result.console.standardError.contains("Long-Pass"))
        #expect(result.fileSystem.entries["/s"] == nil)
        let accepted = Base64Encoding.encode(String(plaintext.prefix(511)) + "\n")
        let longest = run(["convert", "--output", "/s", "/c"], files: ["/c": Array("password=\(accepted)\n".utf8)])
        #expect(longest.status == .success)
        #expect(longest.fileSystem.entries["/s/user-data"]?.mode == 0o600)
    }

    @Test("bare CR line endings convert, and an error among them quotes no other line")
    func bareCR() {
        let good = run(
            ["convert", "--output", "/s", "/c"],
            files: ["/c": Array("hostname=web01\rpassword=U2VjcmV0LVB3MSE=\r".utf8)])
        #expect(good.status == .success)
        #expect(good.console.standardError == "")
        let bad = run(
            ["convert", "--output", "/s", "/c"],
            files: ["/c": Array("hostname=web..01\rpassword=U2VjcmV0LVB3MSE=\r".utf8)])
        #expect(bad.status == .dataError)
        #expect(bad.console.standardError == "osconf2seed: /c:1: hostname: 'web..01' is not an RFC 1123 host name\n")
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
