import OSConfKit
import Testing

@Suite("Network formats")
struct NetworkFormatTests {
    static let salt = "GoldenSalt012345"

    /// Every format's files for a fixture, by the name of its golden-file directory.
    static func rendered(_ fixture: String) throws -> [(name: String, files: [RenderedFile])] {
        let model = try TestPaths.configuration(fixture + ".conf")
        let hash = model.password?.cryptHash(salt: salt)
        return [
            ("netplan", NetplanConfig(configuration: model).files),
            ("networkd", NetworkdConfig(configuration: model).files),
            ("ifupdown", IfupdownConfig(configuration: model).files),
            ("sysconfig", SysconfigConfig(configuration: model).files),
            ("networkmanager", NetworkManagerConfig(configuration: model).files),
            ("ignition", IgnitionConfig(configuration: model, rootPasswordHash: hash).files),
            (
                "ignition-networkd",
                IgnitionConfig(configuration: model, rootPasswordHash: hash, spec: .v30, networkRenderer: .networkd)
                    .files
            ),
        ]
    }

    @Test("golden files for every format", arguments: TestPaths.renderFixtures)
    func golden(fixture: String) throws {
        for (name, files) in try Self.rendered(fixture) {
            try Snapshot.assertMatches(files, named: "\(fixture)/\(name)")
        }
    }

    @Test("modes: secrets and files their readers insist on are 0600")
    func modes() throws {
        let modes = Dictionary(
            try Self.rendered("classic").flatMap { $0.files }.map { ($0.path, $0.mode) },
            uniquingKeysWith: { a, _ in a })
        #expect(modes["etc/netplan/50-osconf2seed.yaml"] == 0o600)
        #expect(modes["etc/NetworkManager/system-connections/osconf2seed-eth0.nmconnection"] == 0o600)
        #expect(modes["config.ign"] == 0o600)
        #expect(modes["etc/systemd/network/10-osconf2seed-eth0.network"] == 0o644)
        #expect(modes["etc/sysconfig/network-scripts/ifcfg-eth0"] == 0o644)
        #expect(modes["etc/network/interfaces.d/osconf2seed"] == 0o644)
    }

    @Test("Ignition modes are decimal and contents are data URLs")
    func ignitionEmbedding() throws {
        let model = try TestPaths.configuration("classic.conf")
        let text = IgnitionConfig(configuration: model, rootPasswordHash: "$6$s$h").document.rendered
        #expect(text.contains("\"mode\": 384"))
        #expect(text.contains("\"mode\": 420"))
        #expect(text.contains("\"source\": \"data:,iZ23r29djmjZ%0A\""))
        #expect(text.contains("\"passwordHash\": \"$6$s$h\""))
        #expect(!text.contains("qwer1234"))
    }

    @Test("the Ignition version follows the spec", arguments: IgnitionSpec.allCases)
    func ignitionVersion(spec: IgnitionSpec) throws {
        let model = try TestPaths.configuration("vpc.conf")
        let text = IgnitionConfig(configuration: model, rootPasswordHash: nil, spec: spec).document.rendered
        #expect(text.hasPrefix("{\n  \"ignition\": {\n    \"version\": \"\(spec.rawValue)\"\n  }"))
        #expect(!text.contains("passwd"))
        #expect(IgnitionSpec(text: spec.shortName) == spec)
        #expect(IgnitionSpec(text: spec.rawValue) == spec)
    }

    @Test(
        "JSON strings are escaped and ASCII",
        arguments: [
            ("plain", "\"plain\""), ("a\"b\\c", "\"a\\\"b\\\\c\""), ("l1\nl2\r\t", "\"l1\\nl2\\r\\t\""),
            ("\u{0}\u{1f}\u{7f}", "\"\\u0000\\u001f\\u007f\""), ("\u{8}\u{c}", "\"\\b\\f\""), ("é", "\"\\u00e9\""),
            ("\u{2028}", "\"\\u2028\""), ("😀", "\"\\ud83d\\ude00\""), ("</script>", "\"</script>\""),
        ])
    func jsonEscaping(input: String, expected: String) {
        #expect(JSONValue.quote(input) == expected)
    }

    @Test("JSON layout")
    func jsonLayout() {
        let value: JSONValue = .object([
            ("a", .array([.integer(1), .boolean(true)])), ("e", .array([])), ("o", .object([])),
            ("s", .object([("k", .string("v"))])),
        ])
        #expect(
            value.rendered == """
                {
                  "a": [
                    1,
                    true
                  ],
                  "e": [],
                  "o": {},
                  "s": {
                    "k": "v"
                  }
                }

                """)
    }

    @Test(
        "data URLs percent-encode everything but unreserved characters",
        arguments: [
            ("", "data:,"), ("AZaz09-._~", "data:,AZaz09-._~"), ("a b\n", "data:,a%20b%0A"),
            ("#?%,;=/:[]", "data:,%23%3F%25%2C%3B%3D%2F%3A%5B%5D"), ("é", "data:,%C3%A9"),
        ])
    func percentEncoding(input: String, expected: String) {
        #expect(DataURL.encode(Array(input.utf8)) == expected)
    }

    @Test("NetworkManager connection UUIDs are stable, well-formed and distinct per NIC")
    func connectionUUIDs() throws {
        let model = try TestPaths.configuration("three-nics.conf")
        let uuids = model.interfaces.map(NetworkManagerConfig.connectionUUID)
        #expect(uuids == model.interfaces.map(NetworkManagerConfig.connectionUUID))
        #expect(Set(uuids).count == uuids.count)
        for uuid in uuids {
            let groups = uuid.split(separator: "-").map(\.count)
            #expect(groups == [8, 4, 4, 4, 12])
            #expect(uuid.allSatisfy { $0.isHexDigit && !$0.isUppercase || $0 == "-" })
            #expect(uuid.dropFirst(14).first == "8", "version 8")
        }
    }

    @Test("one default route, on the default NIC only, in every format", arguments: TestPaths.renderFixtures)
    func oneDefaultRoute(fixture: String) throws {
        let model = try TestPaths.configuration(fixture + ".conf")
        let all = try Self.rendered(fixture).filter { !$0.name.hasPrefix("ignition") }.flatMap(\.files)
        let text = all.map(\.text).joined(separator: "\n")
        func count(_ needle: String) -> Int { text.components(separatedBy: needle).count - 1 }
        // netplan, networkd, ifupdown, sysconfig, NetworkManager: once each.
        #expect(count("to: \"0.0.0.0/0\"") == 1)
        #expect(count("\nGateway=") - model.interfaces.map(\.routes.count).reduce(0, +) == 1)
        #expect(count("    gateway ") == 1)
        // An on-link default route is a route line or entry, since GATEWAY= and gateway= cannot say on-link.
        #expect(count("GATEWAY=") + count("\ndefault via ") == 1 && count("DEFROUTE=yes") == 1)
        #expect(count("\ngateway=") + count("=0.0.0.0/0,") == 1)
        #expect(!text.contains("to: \"default\"") && !text.contains("gateway4") && !text.contains("route add"))
    }

    @Test(
        "shell values are quoted when they are not plain",
        arguments: [
            ("10.0.0.5", "10.0.0.5"), ("00:16:3e:0a:00:10", "00:16:3e:0a:00:10"), ("", "''"), ("a b", "'a b'"),
            ("$(reboot)", "'$(reboot)'"), ("it's", "'it'\\''s'"), ("`x`;y", "'`x`;y'"),
        ])
    func shellQuoting(input: String, expected: String) {
        #expect(ShellQuoting.quote(input) == expected)
    }

    @Test("model values stay unquoted in ifcfg")
    func plainIfcfg() throws {
        let model = try TestPaths.configuration("vpc.conf")
        let ifcfg = try #require(SysconfigConfig(configuration: model).files.first).text
        #expect(ifcfg.contains("\nIPADDR=") && !ifcfg.contains("'"))
    }
}

extension String {
    fileprivate func components(separatedBy separator: String) -> [Substring] {
        var parts: [Substring] = []
        var rest = self[...]
        while let range = rest.firstRange(of: separator) {
            parts.append(rest[..<range.lowerBound])
            rest = rest[range.upperBound...]
        }
        parts.append(rest)
        return parts
    }
}
