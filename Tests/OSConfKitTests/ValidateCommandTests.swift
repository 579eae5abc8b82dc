import OSConfKit
import Testing

#if canImport(Glibc)
    import Glibc
#endif

@Suite("osconf2seed validate")
struct ValidateCommandTests {
    private struct Run {
        let status: ExitCode
        let console: CapturedConsole
    }

    private func run(_ arguments: [String], files: [String: String] = [:], stdin: String = "") -> Run {
        let fs = MemoryFileSystem()
        for (path, text) in files { fs.addFile(path, Array(text.utf8)) }
        return run(arguments, fileSystem: fs, stdin: stdin)
    }

    private func run(_ arguments: [String], fileSystem: any FileSystem, stdin: String = "") -> Run {
        let console = CapturedConsole(input: Array(stdin.utf8))
        let tool = OSConf2SeedTool(
            environment: ToolEnvironment(fileSystem: fileSystem, console: console.console, random: FixedRandom()))
        return Run(status: tool.run(["validate"] + arguments), console: console)
    }

    private static let nic = "eth0_ip_addr=10.0.0.5\neth0_netmask=255.255.255.0\neth0_gateway=10.0.0.1\n"

    @Test("every fixture is valid; only its warnings are printed")
    func fixtures() throws {
        let result = run([TestPaths.fixtures], fileSystem: SystemFileSystem())
        #expect(result.status == .success, "\(result.console.standardOutput)")
        #expect(result.console.standardOutput.split(separator: "\n").allSatisfy { $0.contains(": warning: ") })
        // Every *.conf, and Tencent's sample qcloud_action/os.conf (read as Tencent's: its path).
        let count =
            try SystemFileSystem().listDirectory(at: TestPaths.fixtures).filter { $0.hasSuffix(".conf") }.count + 1
        #expect(result.console.standardOutput.contains("qcloud_action/os.conf"))
        #expect(result.console.standardError == "osconf2seed: \(count) files checked, 0 invalid, 0 unreadable\n")
        let json = run(["--json", TestPaths.fixtures], fileSystem: SystemFileSystem())
        let lines = json.console.standardOutput.split(separator: "\n")
        #expect(lines.count == count)
        #expect(
            lines.allSatisfy { $0.hasPrefix("{\"file\":\"\(TestPaths.fixtures)/") && $0.contains(",\"valid\":true,") })
    }

    @Test(
        "every error of a file, in line order, each as file:line: key: message",
        arguments: [
            (
                "hostname=bad..host\neth0_ip_addr=1.2.3\neth0_netmask=255.255.255.0\nfoo=1\n"
                    + "dns_nameserver=1.2.3.4.5\neth1_mac_addr=zz\n",
                [
                    "/c:1: hostname: 'bad..host' is not an RFC 1123 host name",
                    "/c:2: eth0_ip_addr: '1.2.3' is not an IPv4 address",
                    "/c:5: dns_nameserver: '1.2.3.4.5' is not an IPv4 or IPv6 address",
                    "/c:6: eth1_mac_addr: eth1_ip_addr is missing or empty",
                    "/c:4: foo: warning: unknown key, not used",
                ]
            ),
            (
                // Line errors first: the values are not judged while a line is not an assignment.
                "a=$(x)\nhostname=bad..host\nb=1;c\n",
                [
                    "/c:1: a: not a plain KEY=value assignment: '$' expands variables or runs commands in a shell",
                    "/c:3: b: not a plain KEY=value assignment: ';' chains a command in a shell",
                ]
            ),
            (
                nic + "eth0_mac_addr=00:16:3e:00:00:01\neth3_ip_addr=10.0.0.5\neth3_netmask=24\n",
                [
                    "/c:5: eth3_ip_addr: 10.0.0.5 is already the address of eth0 (line 1)"
                ]
            ),
            (
                "# nothing\n",
                ["/c: sets nothing osconf2seed knows: no hostname, password, dns_nameserver or ethN_ key has a value"]
            ),
        ])
    func everyError(text: String, expected: [String]) {
        let result = run(["/c"], files: ["/c": text])
        #expect(result.status == .dataError)
        #expect(result.console.standardOutput == expected.map { $0 + "\n" }.joined())
    }

    @Test("the parser's first error is the one convert reports")
    func firstErrorAgrees() throws {
        let text = "hostname=bad..host\neth0_ip_addr=1.2.3\neth0_netmask=255.255.255.0\n"
        let report = OSConfParser(fileName: "os.conf").check(Array(text.utf8))
        #expect(report.configuration == nil)
        #expect(report.errors.count == 2)
        #expect(throws: report.errors[0]) { try OSConfParser(fileName: "os.conf").parse(Array(text.utf8)) }
    }

    @Test(
        "no finding shows the password, even where later lines are pieces of it",
        arguments: [
            "password=\"Se$cretPiece1\nhostname=ok\n",
            "password=\"SecretPiece1\nSecretPiece2\"\nhostname=bad..host\n",
            "password=SecretPiece1\\\nSecretPiece2\nfoo bar\n",
            "password=" + String(repeating: "U2VjcmV0UGllY2Ux", count: 5) + "\nU2VjcmV0UGllY2Uy\nhostname=x y\n",
            "password='SecretPiece1\nSecretPiece2 SecretPiece3\n",
        ])
    func noSecret(text: String) {
        for arguments in [["/c"], ["--json", "/c"]] {
            let result = run(arguments, files: ["/c": text])
            #expect(result.status == .dataError)
            let shown = result.console.standardOutput + result.console.standardError
            #expect(!shown.isEmpty)
            for piece in ["Secret", "Piece", "U2Vj", "cret"] { #expect(!shown.contains(piece), "\(shown)") }
        }
    }

    @Test("--json: one object per file and line, with file, valid, errors and warnings")
    func json() {
        let result = run(
            ["--json", "/bad", "/good", "-"],
            files: ["/bad": "hostname=bad..host\nfoo=1\n", "/good": Self.nic], stdin: "eth0_ip_addr=1\n")
        #expect(result.status == .dataError)
        #expect(
            result.console.standardOutput == """
                {"file":"/bad","valid":false,"errors":[{"line":1,"key":"hostname","message":"'bad..host' is not an RFC 1123 host name"}],"warnings":[{"line":2,"key":"foo","message":"unknown key, not used"}]}
                {"file":"/good","valid":true,"errors":[],"warnings":[]}
                {"file":"<stdin>","valid":false,"errors":[{"line":1,"key":"eth0_ip_addr","message":"'1' is not an IPv4 address"}],"warnings":[]}

                """)
    }

    @Test(
        "exit status: 0 all valid, 65 any invalid, else 66 any unreadable",
        arguments: [
            (["/good"], ExitCode.success), (["/good", "/bad"], .dataError), (["/good", "/missing"], .noInput),
            (["/missing", "/bad"], .dataError), (["/big"], .dataError),
        ])
    func status(arguments: [String], expected: ExitCode) {
        let files = [
            "/good": Self.nic, "/bad": "hostname=bad..host\n",
            "/big": String(repeating: "#", count: AssignmentParser.sizeLimit + 1),
        ]
        let result = run(arguments, files: files)
        #expect(result.status == expected, "\(result.console.standardOutput)")
        if arguments.contains("/missing") {
            #expect(result.console.standardOutput.contains("/missing: cannot read: no such file or directory\n"))
        }
    }

    @Test(
        "usage errors exit 64",
        arguments: [
            (["--source", "azure", "/c"], "osconf2seed: unknown --source azure; known: aliyun, tencent\n"),
            ([], "osconf2seed: at least one FILE or DIR (or -) is required\n"),
            (["--frob", "/c"], "osconf2seed: unknown option --frob\n"),
        ])
    func usage(arguments: [String], message: String) {
        let result = run(arguments, files: ["/c": Self.nic])
        #expect(result.status == .usage)
        #expect(result.console.standardError == message)
        #expect(result.console.standardOutput.isEmpty)
    }

    @Test("--source aliyun|tencent is accepted", arguments: ["aliyun", "tencent"])
    func source(name: String) {
        #expect(run(["--source", name, "/c"], files: ["/c": Self.nic]).status == .success)
        #expect(run(["--source=\(name)", "/c"], files: ["/c": Self.nic]).status == .success)
    }

    @Test("a directory: every *.conf and os.conf below it, sorted, no link followed, a FIFO refused")
    func directory() throws {
        let root = try TemporaryRoot()
        root.write("d/b.conf", Self.nic)
        root.write("d/a/os.conf", Self.nic)
        root.write("d/a/notes.txt", "hostname=bad..host\n")
        root.write("d/b/x.conf", "hostname=bad..host\n")
        root.write("outside/evil.conf", "hostname=bad..host\n")
        root.link("d/link.conf", to: root.real("outside/evil.conf"))
        root.link("d/linkdir", to: root.real("outside"))
        #expect(mkfifo(root.real("d/pipe.conf"), 0o600) == 0)
        let result = run(["--json", root.real("d")], fileSystem: SystemFileSystem())
        let files = result.console.standardOutput.split(separator: "\n").map {
            $0.split(separator: ",")[0].dropFirst("{\"file\":\"".count).dropLast()
        }
        #expect(files == ["a/os.conf", "b.conf", "b/x.conf", "pipe.conf"].map { Substring(root.real("d/" + $0)) })
        #expect(result.status == .dataError)
        #expect(result.console.standardOutput.contains("\"message\":\"cannot read: not a regular file\""))
        #expect(!result.console.standardOutput.contains("evil"))
        let fifoOnly = run([root.real("d/pipe.conf"), root.real("d/b.conf")], fileSystem: SystemFileSystem())
        #expect(fifoOnly.status == .noInput)
        #expect(fifoOnly.console.standardOutput == "\(root.real("d/pipe.conf")): cannot read: not a regular file\n")
    }

    @Test("a directory with no os.conf is an unreadable input, not a pass")
    func emptyDirectory() throws {
        let root = try TemporaryRoot()
        root.write("d/readme.txt", "x\n")
        let result = run([root.real("d")], fileSystem: SystemFileSystem())
        #expect(result.status == .noInput)
        #expect(result.console.standardOutput == "\(root.real("d")): no *.conf or os.conf below this directory\n")
    }
}
