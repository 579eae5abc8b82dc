import OSConfKit
import Testing

@Suite("convert --format json: the validated model")
struct JSONModelTests {
    private static func model(_ fixture: String) throws -> JSONModel {
        let result = try OSConfParser(fileName: fixture + ".conf").parse(TestPaths.fixture(fixture + ".conf"))
        return JSONModel(configuration: result.configuration, warnings: result.warnings)
    }

    private static func model(text: String) throws -> JSONModel {
        let result = try OSConfParser(fileName: "os.conf").parse(Array(text.utf8))
        return JSONModel(configuration: result.configuration, warnings: result.warnings)
    }

    @Test("golden model.json for every fixture", arguments: TestPaths.renderFixtures)
    func golden(fixture: String) throws {
        let files = try Self.model(fixture).files
        #expect(files.map(\.path) == ["model.json"])
        #expect(files.map(\.mode) == [0o644])
        try Snapshot.assertMatches(files, named: "\(fixture)/json")
    }

    @Test("the password is only ever {\"set\": ...}: no value, no hash", arguments: TestPaths.renderFixtures)
    func noSecret(fixture: String) throws {
        let text = try Self.model(fixture).document.rendered
        let configuration = try TestPaths.configuration(fixture + ".conf")
        #expect(text.contains("\"password\": {\n    \"set\": \(configuration.password != nil)\n  }"))
        switch configuration.password {
        case .cryptHash(let hash): #expect(!text.contains(hash) && !text.contains("$6$"))
        case .plaintext(let bytes): #expect(!text.contains(String(decoding: bytes, as: UTF8.self)))
        case nil: break
        }
        #expect(!text.contains("\"passwordHash\"") && !text.contains("\"hash\""))
    }

    private static let eth0 = "eth0_ip_addr=10.0.0.5\neth0_netmask=255.255.255.0\n"
    private static let eth2 = "eth2_ip_addr=10.2.0.5\neth2_netmask=255.255.255.0\n"

    @Test(
        "the default route names the rule that chose it",
        arguments: [
            (eth0 + "eth0_gateway=10.0.0.1\neth0_route=\"0.0.0.0/0 10.0.0.1\"\n", "public-route", "eth0_route"),
            (
                eth0 + "eth0_gateway=10.0.0.1\n" + eth2 + "eth2_route=\"0.0.0.0/0 10.2.0.1\"\n", "other-route",
                "eth2_route"
            ),
            (eth0 + "eth0_gateway=10.0.0.1\n" + eth2 + "eth2_gateway=10.2.0.1\n", "public-gateway", "eth0_gateway"),
            (eth0 + eth2 + "eth2_gateway=10.2.0.1\n", "other-gateway", "eth2_gateway"),
        ])
    func origin(text: String, rule: String, key: String) throws {
        let document = try Self.model(text: text).document.rendered
        #expect(document.contains("\"origin\": {\n      \"rule\": \"\(rule)\",\n      \"key\": \"\(key)\"\n    }"))
        #expect(DefaultRoute.Origin(rawValue: rule)?.key(interfaceIndex: Int(key.dropFirst(3).prefix(1)) ?? -1) == key)
    }

    @Test("no NIC: no default route, name servers on no link, instance_id null")
    func withoutNetwork() throws {
        let text = try Self.model(text: "hostname=solo\ndns_nameserver=8.8.8.8\n").document.rendered
        #expect(text.contains("\"default_route\": null"))
        #expect(text.contains("\"interfaces\": []"))
        #expect(text.contains("\"address\": \"8.8.8.8\",\n      \"family\": \"ipv4\",\n      \"interface\": null"))
        #expect(text.contains("\"instance_id\": null"))
        #expect(text.contains("\"password\": {\n    \"set\": false\n  }"))
    }

    @Test("convert --format json writes model.json, or the document to standard output for -")
    func command() throws {
        let fs = MemoryFileSystem()
        fs.addFile("/in/os.conf", try TestPaths.fixture("classic.conf"))
        let console = CapturedConsole()
        let tool = OSConf2SeedTool(
            environment: ToolEnvironment(fileSystem: fs, console: console.console, random: FixedRandom()))
        #expect(tool.run(["convert", "--format", "json", "--output", "/out", "/in/os.conf"]) == .success)
        let expected = try Self.model("classic").document.rendered
        #expect(String(decoding: fs.entries["/out/model.json"]?.contents ?? [], as: UTF8.self) == expected)
        #expect(tool.run(["convert", "--format", "json", "--output", "-", "/in/os.conf"]) == .success)
        #expect(console.standardOutput == expected)
    }

    @Test("the cloud's instance id, once known, is a string")
    func instanceID() throws {
        let configuration = try TestPaths.configuration("tencent.conf")
        let text = JSONModel(configuration: configuration, warnings: [], instanceID: "ins-0abc").document.rendered
        #expect(text.contains("\"instance_id\": \"ins-0abc\","))
    }

    @Test("one line per JSON Lines record, with every newline escaped")
    func renderedLine() {
        let value: JSONValue = .object([
            ("a", .array([.integer(1), .null, .boolean(false)])), ("b", .string("x\ny")), ("c", .object([])),
        ])
        #expect(value.renderedLine == "{\"a\":[1,null,false],\"b\":\"x\\ny\",\"c\":{}}\n")
    }
}
