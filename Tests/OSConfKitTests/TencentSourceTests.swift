import OSConfKit
import Testing

/// Tencent Cloud's os.conf: the source decides how `password` is read; host names with `_`,
/// `instance_id`, and `convert --source`.
@Suite("Tencent Cloud's os.conf")
struct TencentSourceTests {
    private func parse(_ text: String, source: OSConfSource = .tencent) throws(OSConfError) -> OSConfParser.Result {
        try OSConfParser(fileName: "os.conf", source: source).parse(Array(text.utf8))
    }

    private static let sha512 =
        "$6$Tc9sQx2LmPq7$6ekGw5y0hqEBNu9vgJH0FbmXNVAsXI00MhzdeMOS3xJikSxGux1eNFOQdUtwjsO2LzUlZKm4unMG8.1XLLwOu/"

    @Test(
        "a crypt(3) string of every known scheme is used as is, bare, single- or double-quoted, silently",
        arguments: [
            sha512,
            "$5$rounds=5000$saltsalt$Ul4bRJ1ulKvDu5LH2/Wzad8TyJNkHwJw6x6d4FJKXJ5",
            "$y$j9T$F5Jx5fExrKuPp53xLKQ..1$X3DX6M94c7o.9agCG9G317fhZg9SqC.5i5rd.RhAtQ7",
            "$2b$10$N9qo8uLOickgx2ZMRZoMyeIjZAgcfl7p92ldGxad68LJZdL17lhWy",
            "$1$saltsalt$qjXMvbEw8oaL.CzflDugX/",
            "abJnggxhB/yWI",
        ])
    func knownSchemes(hash: String) throws {
        for line in ["password=\(hash)", "password='\(hash)'", "password=\"\(hash)\""] {
            let result = try parse(line + "\n")
            #expect(result.configuration.password == .cryptHash(hash), "\(line)")
            #expect(result.warnings.isEmpty, "\(line)")
        }
    }

    @Test("Tencent's documented sample converts: the host name gets '-' for '_', the password a warning")
    func documentedSample() throws {
        let bytes = try TestPaths.fixture("qcloud_action/os.conf")
        let result = try OSConfParser(fileName: "os.conf", source: .tencent).parse(bytes)
        let model = result.configuration
        #expect(model.hostname?.value == "VM-10-20-xxxx")
        #expect(model.password == .cryptHash("GRSgae1fw9frsG.rfrF"))
        #expect(model.interfaces.map(\.cidr) == ["10.104.62.201/18"])
        #expect(model.nameservers.count == 3)
        #expect(result.warnings.map(\.key) == ["hostname", "password"])
        #expect(result.warnings[0].message == "'_' is not allowed in a host name (RFC 1123); using VM-10-20-xxxx")
        #expect(!result.warnings.contains { $0.description.contains("GRSgae") }, "the hash is never shown")
        // The same file read as Alibaba Cloud's: not base64.
        #expect(throws: OSConfError.self) { try OSConfParser(fileName: "os.conf").parse(bytes) }
        try Snapshot.assertMatches(
            NoCloudSeed(configuration: model, rootPasswordHash: "GRSgae1fw9frsG.rfrF", options: NoCloudOptions()).files,
            named: "tencent-sample/nocloud")
    }

    @Test(
        "':', white space and control characters are refused without quoting the value",
        arguments: [
            "password='$6$salt$ha:sh'", "password='$6$salt$ha sh'", "password=\"$6$salt$hash\t\"",
            "password='$6$salt$ha\u{0B}sh'", "password='$6$salt$ha\u{85}sh'", "password='$6$salt$ha\u{7F}sh'",
        ])
    func refusedCharacters(line: String) throws {
        let error = try #require(throws: OSConfError.self) { try parse("hostname=a\n" + line + "\n") }
        #expect(error.line == 2 && error.key == "password")
        #expect(error.description.contains("':', white space or a control character"))
        #expect(!error.description.contains("salt"))
    }

    @Test("a value outside crypt's alphabet is refused; one in it but of no known scheme is kept with a warning")
    func alphabet() throws {
        let error = try #require(throws: OSConfError.self) { try parse("password='secret!'\n") }
        #expect(error.description.contains("outside crypt's alphabet") && !error.description.contains("secret"))
        let result = try parse("password=$sha1$40000$salt$hash\n")
        #expect(result.configuration.password == .cryptHash("$sha1$40000$salt$hash"))
        #expect(result.warnings.count == 1 && !result.warnings[0].description.contains("salt"))
    }

    @Test("only the password takes '$' literally, and only under qcloud_action/; other shell syntax still fails")
    func dollarOnlyInPassword() throws {
        #expect(throws: OSConfError.self) { try parse("hostname=$HOST\n") }
        #expect(throws: OSConfError.self) { try parse("password=$6$a$b;reboot\n") }
        #expect(throws: OSConfError.self) { try parse("password=$6$a$b `reboot`\n") }
        #expect(throws: OSConfError.self) { try parse("password=$6$a$b\n", source: .aliyun) }
        // Alibaba Cloud's: base64, and a quoted crypt string as before.
        let aliyun = try parse("password='\(Self.sha512)'\n", source: .aliyun)
        #expect(aliyun.configuration.password == .cryptHash(Self.sha512))
        #expect(try parse("password=cXdlcjEyMzQK\n", source: .aliyun).configuration.password != nil)
        // Base64 is no crypt string Tencent's page knows, but it is of crypt's alphabet: kept.
        #expect(try parse("password=cXdlcjEyMzQK\n").configuration.password == .cryptHash("cXdlcjEyMzQK"))
    }

    @Test("instance_id: known, written beside instance-id in meta-data; a malformed one is dropped with a warning")
    func instanceID() throws {
        let result = try parse("hostname=a\ninstance_id=ins-abc123\n")
        #expect(result.warnings.isEmpty)
        #expect(result.configuration.cloudInstanceID?.value == "ins-abc123")
        let meta = NoCloudSeed(
            configuration: result.configuration, rootPasswordHash: nil, options: NoCloudOptions()
        ).metaData.rendered
        #expect(
            meta.hasPrefix("instance-id: \"iid-osconf2seed-") && meta.contains("cloud-instance-id: \"ins-abc123\"\n"))
        let bad = try parse("hostname=a\ninstance_id='ins 1'\n")
        #expect(bad.configuration.cloudInstanceID == nil)
        #expect(bad.warnings.map(\.key) == ["instance_id"] && bad.warnings[0].line == 2)
    }

    @Test("the source from the path: a qcloud_action directory is Tencent's, anything else Alibaba's")
    func inferred() {
        #expect(OSConfSource.inferred(fromPath: "/mnt/qcloud_action/os.conf") == .tencent)
        #expect(OSConfSource.inferred(fromPath: "qcloud_action/x.conf") == .tencent)
        #expect(OSConfSource.inferred(fromPath: "/mnt/aliyun_custom_image/os.conf") == .aliyun)
        #expect(OSConfSource.inferred(fromPath: "/srv/qcloud_action") == .aliyun, "a file, not a directory")
        #expect(OSConfSource.inferred(fromPath: "/srv/my_qcloud_action/os.conf") == .aliyun)
    }
}

/// `convert --source`.
@Suite("osconf2seed convert --source")
struct ConvertSourceTests {
    private func run(_ arguments: [String], files: [String: [UInt8]]) -> (ExitCode, CapturedConsole, MemoryFileSystem) {
        let fs = MemoryFileSystem()
        for (path, bytes) in files { fs.addFile(path, bytes) }
        let console = CapturedConsole()
        let tool = OSConf2SeedTool(
            environment: ToolEnvironment(fileSystem: fs, console: console.console, random: FixedRandom()))
        return (tool.run(arguments), console, fs)
    }

    @Test("the sample converts from its qcloud_action path or with --source tencent; as aliyun it is refused")
    func source() throws {
        let sample = try TestPaths.fixture("qcloud_action/os.conf")
        let (byPath, console, fs) = run(
            ["convert", "--output", "/seed", "/cd/qcloud_action/os.conf"], files: ["/cd/qcloud_action/os.conf": sample])
        #expect(byPath == .success, "\(console.standardError)")
        let userData = String(decoding: fs.entries["/seed/user-data"]?.contents ?? [], as: UTF8.self)
        #expect(userData.contains("\"GRSgae1fw9frsG.rfrF\"") && userData.contains("hostname: \"VM-10-20-xxxx\""))
        #expect(console.standardError.contains("hostname: warning: '_'"))

        let (named, _, _) = run(["convert", "--source", "tencent", "--output", "/seed", "/in"], files: ["/in": sample])
        #expect(named == .success)
        let (aliyun, refused, _) = run(
            ["convert", "--source", "aliyun", "--output", "/seed", "/cd/qcloud_action/os.conf"],
            files: ["/cd/qcloud_action/os.conf": sample])
        #expect(aliyun == .dataError)
        #expect(refused.standardError.contains(":2: password: value is not valid base64"))
        let (unknown, usage, _) = run(
            ["convert", "--source", "gcp", "--output", "/seed", "/in"], files: ["/in": sample])
        #expect(unknown == .usage && usage.standardError.contains("known: aliyun, tencent"))
    }
}
