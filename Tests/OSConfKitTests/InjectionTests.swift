import OSConfKit
import Testing

/// Hostile values in every key: each is rejected with an error on its own line, or (for keys
/// that are not used) leaves every output byte-for-byte unchanged. No value can add a key,
/// section, line or command to any output, because only typed values reach a renderer.
@Suite("Injection")
struct InjectionTests {
    static let base = """
        hostname=host
        password=cXdlcjEyMzQK
        eth0_ip_addr=10.0.0.5
        eth0_mac_addr=00:11:22:33:44:55
        eth0_netmask=255.255.255.0
        eth0_gateway=10.0.0.1
        eth0_route="0.0.0.0/0 10.0.0.1;10.1.0.0/16 10.0.0.1"
        dns_nameserver="1.1.1.1"

        """

    /// Payloads written the way a shell would accept them (single-quoted), so they reach the
    /// value checks rather than the shell-syntax checks.
    static let payloads = [
        "a\\nb", "x\"y", "x'\"'\"'y", "#x", "a: b", "{a: b}", "[a]", "&anchor", "*alias", "!tag", "%x", "a;b",
        "a\\\\b", "é", "\u{202e}rtl", "a=b", "--", "yes", "null", "1e3", "0x10", "10.0.0.5\\nGATEWAY=1.2.3.4",
        "[Network]", "$(reboot)", "`reboot`", String(repeating: "a", count: 5000),
    ]

    static let usedKeys = [
        "hostname", "eth0_ip_addr", "eth0_mac_addr", "eth0_netmask", "eth0_gateway", "eth0_route", "dns_nameserver",
    ]

    private static func replacing(_ key: String, with payload: String) -> (text: String, line: Int) {
        var lines = base.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let index = lines.firstIndex { $0.hasPrefix(key + "=") } ?? 0
        lines[index] = "\(key)='\(payload)'"
        return (lines.joined(separator: "\n"), index + 1)
    }

    private static func outputs(_ model: OSConfiguration) -> [RenderedFile] {
        let hash = model.password?.cryptHash(salt: "injectionsalt123")
        var files = NoCloudSeed(configuration: model, rootPasswordHash: hash, options: NoCloudOptions()).files
        files +=
            NoCloudSeed(configuration: model, rootPasswordHash: hash, options: NoCloudOptions(networkConfigVersion: 1))
            .files
        files += NetplanConfig(configuration: model).files + NetworkdConfig(configuration: model).files
        files += IfupdownConfig(configuration: model).files + SysconfigConfig(configuration: model).files
        files += NetworkManagerConfig(configuration: model).files
        files +=
            IgnitionConfig(configuration: model, rootPasswordHash: hash, spec: .v33, networkRenderer: .networkd).files
        return files
    }

    @Test("hostile values in used keys are rejected on their line", arguments: usedKeys)
    func usedKeysReject(key: String) throws {
        for payload in Self.payloads {
            let (text, line) = Self.replacing(key, with: payload)
            do {
                let model = try OSConfParser(fileName: "os.conf").parse(Array(text.utf8)).configuration
                // Only a well-formed host name is accepted (`yes`, `null` and `1e3` are host
                // names), and YAML then carries it quoted, so it stays a string.
                #expect(key == "hostname" && Hostname(payload) != nil, "\(key)='\(payload.prefix(40))' was accepted")
                let metaData = NoCloudSeed(configuration: model, rootPasswordHash: nil, options: NoCloudOptions())
                    .files[0]
                #expect(metaData.text.contains("local-hostname: \"\(payload)\"\n"))
            } catch {
                #expect(error.line == line, "\(key) payload \(payload.prefix(20))")
                #expect(error.key == key)
                #expect(!error.description.contains("\n"), "an error is one line")
            }
        }
    }

    @Test("hostile values in unknown keys change no output byte")
    func unknownKeysInert() throws {
        let baseline = Self.outputs(try OSConfParser(fileName: "os.conf").parse(Array(Self.base.utf8)).configuration)
        for payload in Self.payloads {
            let text = Self.base + "eth0_extra='\(payload)'\nGATEWAY='\(payload)'\n"
            let result = try OSConfParser(fileName: "os.conf").parse(Array(text.utf8))
            #expect(result.warnings.count == 2)
            var model = result.configuration
            // The digest (and so the instance id) follows the bytes by design; everything else
            // must be exactly the baseline.
            model.contentDigest = try OSConfParser(fileName: "os.conf").parse(Array(Self.base.utf8)).configuration
                .contentDigest
            #expect(Self.outputs(model) == baseline)
        }
    }

    @Test("thousands of keys and a file at the size cap are handled; one byte more is refused")
    func volume() throws {
        var text = Self.base
        var index = 0
        while text.utf8.count < AssignmentParser.sizeLimit - 40 {
            text += "unknown_key_\(index)=value\n"
            index += 1
        }
        let result = try OSConfParser(fileName: "os.conf").parse(Array(text.utf8))
        #expect(result.warnings.count == index)
        let padded =
            Array(text.utf8)
            + [UInt8](repeating: UInt8(ascii: "#"), count: AssignmentParser.sizeLimit - text.utf8.count + 1)
        #expect(throws: OSConfError.self) { try OSConfParser(fileName: "os.conf").parse(padded) }
    }
}
