import OSConfKit
import Testing

/// The config drive's `meta_data.json`: read by a strict JSON reader, its keys checked one by
/// one as plain `authorized_keys` lines.
@Suite("the config drive's SSH keys")
struct PublicKeyTests {
    static let alice = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIMV8i5dgbVvQ6jbEY+iI1vFaGVGEOEJVFTcFW+fF+/ES alice@example"
    static let bob =
        "ecdsa-sha2-nistp256 AAAAE2VjZHNhLXNoYTItbmlzdHAyNTYAAAAIbmlzdHAyNTYAAABBBHII0x20ixJUxLLoPWY/pDV10GVMyuRfaPW/6bRL"
        + "iOtbGbtus+HM9y9u2oNtmP2njUUpHEc/It5CTv3nMgnriH0= bob"
    static let carol =
        "ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAAAgQCvu0H8Rhj1Iq24G9wjcGHEbHYmy4PBvP0XDunq5MaFPaO5gBo+EFGMI2JInBMYvIgtPFJWD5xV"
        + "KsYEX7WHkh+o3bticq9ONWU6jtNPhHKRFW8+WuZcKBXTmZ7sBf96R7sDjxakpZeS/29WSZkexCDj+FhSh/fAcMSE/J/T/B095w=="
    static let aliceBase64 = "AAAAC3NzaC1lZDI1NTE5AAAAIMV8i5dgbVvQ6jbEY+iI1vFaGVGEOEJVFTcFW+fF+/ES"

    static func read(_ text: String) throws(JSONReader.Failure) -> JSONValue { try JSONReader.read(Array(text.utf8)) }

    @Test(
        "JSON that RFC 8259 allows reads back as the same document",
        arguments: [
            ("{}", "{}"), ("[]", "[]"),
            (" \t\r\n{\"a\" : [1, -0.5e+3, true, false, null]} ", "{\"a\":[1,-0.5e+3,true,false,null]}"),
            (
                "\"\\u00e9\\ud83d\\ude00\\/\\b\\f\\n\\r\\t\\\"\\\\\"",
                "\"\\u00e9\\ud83d\\ude00/\\b\\f\\n\\r\\t\\\"\\\\\""
            ),
            ("\"é\"", "\"\\u00e9\""), ("0", "0"), ("[[[]]]", "[[[]]]"),
        ])
    func readsValid(text: String, compact: String) throws {
        #expect(try Self.read(text).renderedLine == compact + "\n")
    }

    @Test(
        "anything else is refused, with where",
        arguments: [
            ("", "1:1"), ("{", "1:2"), ("{\"a\":1,}", "1:8"), ("[1,]", "1:4"), ("01", "1:2"), ("-", "1:2"),
            ("1.", "1:3"),
            ("1e", "1:3"), ("NaN", "1:1"), ("'a'", "1:1"), ("{a:1}", "1:2"), ("{\"a\":1 /* c */}", "1:8"),
            ("{\"a\":1,\n\"a\":2}", "2:1"), ("\"\\ud800\"", "1:8"), ("\"\\udc00\"", "1:8"),
            ("\"\\ud800\\u0041\"", "1:14"),
            ("\"a\tb\"", "1:3"), ("\"\\x41\"", "1:3"), ("\"\\u12\"", "1:6"), ("\"abc", "1:5"), ("{} {}", "1:4"),
            ("\u{FEFF}{}", "1:1"), ("tru", "1:4"), ("[1 2]", "1:4"), ("{\"a\" 1}", "1:6"),
        ])
    func refusesInvalid(text: String, place: String) {
        #expect(throws: JSONReader.Failure.self) { try Self.read(text) }
        do {
            _ = try Self.read(text)
        } catch {
            #expect("\(error.line):\(error.column)" == place, "\(error)")
        }
    }

    @Test("not UTF-8, and nesting past the bound, are refused before anything is followed")
    func bounds() throws {
        #expect(throws: JSONReader.Failure.self) { try JSONReader.read([0x22, 0xC3, 0x28, 0x22]) }
        let deepest = String(repeating: "[", count: JSONReader.maximumDepth) + String(repeating: "]", count: 32)
        #expect(try Self.read(deepest) != .null)
        let deeper = String(repeating: "[", count: 100_000)
        let error = #expect(throws: JSONReader.Failure.self) { try Self.read(deeper) }
        #expect(error?.description == "line 1, column 33: nested deeper than 32")
    }

    @Test("plain keys of every OpenSSH type are taken; a trailing line break (Nova's) is dropped")
    func acceptsKeys() throws {
        for text in [Self.alice, Self.bob, Self.carol, Self.alice + "\n", "  " + Self.alice + "\r\n"] {
            let key = try SSHPublicKey(text)
            #expect(text.contains(key.line))
            #expect(!key.line.contains("\n"))
        }
        let key = try SSHPublicKey(Self.alice)
        #expect(
            key.type == "ssh-ed25519" && key.comment == "alice@example" && key.summary == "ssh-ed25519 alice@example")
        #expect(try SSHPublicKey("ssh-ed25519\t\(Self.aliceBase64)").line == "ssh-ed25519 \(Self.aliceBase64)")
        #expect(try SSHPublicKey(Self.carol).summary == "ssh-rsa")
        #expect(try SSHPublicKey(Self.alice).isSameKey(as: SSHPublicKey("ssh-ed25519 \(Self.aliceBase64) other")))
    }

    @Test(
        "anything that is not one plain key is refused, the key never in the message",
        arguments: [
            ("command=\"/bin/sh\" \(alice)", "starts with options"),
            ("from=\"10.0.0.0/8\",no-pty \(alice)", "starts with options"),
            ("environment=\"A=1\" \(alice)", "starts with options"),
            ("\(alice)\n\(bob)", "line break"), ("\(alice) x\ncommand=\"x\" \(bob)", "line break"),
            ("ssh-ed25519 \(aliceBase64) a\rb", "control"), ("ssh-ed25519 \(aliceBase64) a\u{2028}b", "control"),
            ("ssh-ed25519 \(aliceBase64) a\u{7}", "control"), ("ssh-ed25519 \(aliceBase64) a\u{0}", "control"),
            ("ssh-rsa \(aliceBase64) alice", "not of that type"), ("ssh-ed25519 AAAA", "not of that type"),
            ("ssh-ed25519 \(aliceBase64.dropLast())", "not base64"), ("ssh-ed25519 A*==", "not base64"),
            ("ssh-ed25519", "not base64"), ("ssh-ed25519-cert-v01@openssh.com \(aliceBase64)", "known key type"),
            ("", "known key type"), ("# ssh-ed25519 \(aliceBase64)", "known key type"),
        ])
    func refusesKeys(text: String, reason: String) {
        do {
            _ = try SSHPublicKey(text)
            Issue.record("taken: \(text)")
        } catch {
            #expect(error.message.contains(reason), "\(error.message)")
            #expect(!error.message.contains("AAAA"))
        }
    }

    @Test("a key blob larger than OpenSSH's is refused")
    func oversizedKey() {
        var blob: [UInt8] = [0, 0, 0, 7] + Array("ssh-rsa".utf8)
        blob += [UInt8](repeating: 1, count: SSHPublicKey.maximumBlobLength)
        #expect(throws: SSHPublicKey.Failure.self) { try SSHPublicKey("ssh-rsa " + Base64.encode(blob)) }
    }

    static func keys(_ json: String) -> (keys: [String], warnings: [String]) {
        var warnings: [String] = []
        let keys = ConfigDrive.publicKeys(inMetaData: Array(json.utf8), warnings: &warnings)
        return (keys.map(\.line), warnings)
    }

    @Test("Nova's meta_data.json: public_keys and keys name the same key once")
    func novaShape() throws {
        var warnings: [String] = []
        let bytes = try TestPaths.fixture("openstack/meta_data.json")
        let keys = ConfigDrive.publicKeys(inMetaData: bytes, warnings: &warnings)
        #expect(keys.map(\.line) == [Self.alice])
        #expect(warnings.isEmpty)
    }

    @Test("several keys in order, an x509 entry passed over, no members at all")
    func shapes() {
        let both = Self.keys(
            "{\"public_keys\": {\"b\": \"\(Self.bob)\", \"a\": \"\(Self.alice)\"}, \"keys\": [{\"type\": \"x509\", "
                + "\"data\": \"-----BEGIN CERTIFICATE-----\"}, {\"name\": \"c\", \"type\": \"ssh\", \"data\": \"\(Self.carol)\"}]}"
        )
        #expect(both.keys == [Self.bob, Self.alice, Self.carol] && both.warnings.isEmpty)
        #expect(Self.keys("{\"uuid\": \"x\"}") == ([], []))
        #expect(Self.keys("{\"public_keys\": null, \"keys\": null}") == ([], []))
    }

    @Test(
        "a malformed document is a warning and no keys",
        arguments: [
            ("{\"public_keys\": {\"a\": \"\(alice)\"},}", "meta_data.json: line 1, column"),
            ("[\"\(alice)\"]", "is not a JSON object"), ("{\"public_keys\": [\"\(alice)\"]}", "public_keys is not of"),
            ("{\"keys\": {\"a\": 1}}", "keys is not of OpenStack's shape"),
        ])
    func malformed(json: String, warning: String) {
        let result = Self.keys(json)
        #expect(result.keys.isEmpty)
        #expect(result.warnings.count == 1 && result.warnings[0].contains(warning), "\(result.warnings)")
        #expect(!result.warnings.joined().contains("AAAA"))
    }

    @Test("a bad key is a warning naming it (safely); the good ones stay")
    func badKeyDropped() {
        let result = Self.keys(
            "{\"public_keys\": {\"evil\\n\\u001b[2J\": \"command=\\\"curl x|sh\\\" \(Self.alice)\", \"n\": 5, "
                + "\"b\": \"\(Self.bob)\"}, \"keys\": [{\"type\": \"ssh\"}, 7]}")
        #expect(result.keys == [Self.bob])
        #expect(result.warnings.count == 4, "\(result.warnings)")
        #expect(result.warnings[0] == "openstack/latest/meta_data.json: public_keys 'n' is not a string; not used")
        #expect(result.warnings[1].hasSuffix("keys '?' has no data; not used"))
        #expect(result.warnings[2].hasSuffix("an entry of keys has no type; not used"))
        #expect(result.warnings[3].hasPrefix("openstack/latest/meta_data.json: key 'evil??[2J' starts with options"))
        #expect(!result.warnings.joined().contains("AAAA") && !result.warnings.joined().contains("\n"))
    }

    @Test("the state's record of added keys: read back as written; a damaged line never reaches outside the tree")
    func record() throws {
        var record = AppliedFiles()
        record.authorizedKeys.record([try SSHPublicKey(Self.alice)], in: "root/.ssh/authorized_keys", existed: false)
        record.authorizedKeys.record(
            [try SSHPublicKey(Self.alice + " again"), try SSHPublicKey(Self.bob)], in: "elsewhere", existed: true)
        #expect(record.authorizedKeys.path == "root/.ssh/authorized_keys" && record.authorizedKeys.fileCreated)
        #expect(record.authorizedKeys.keys.map(\.line) == [Self.alice, Self.bob])
        #expect(AppliedFiles(stateText: record.lines.joined(separator: "\n")) == record)
        let damaged = AppliedFiles(
            stateText:
                "authorized-keys=/etc/ssh/x\nauthorized-keys-created=../x\nauthorized-key=command=\"x\" \(Self.alice)\n"
                + "authorized-key=\(Self.bob)\n")
        #expect(damaged.authorizedKeys.path == nil)
        #expect(damaged.authorizedKeys.keys.map(\.line) == [Self.bob])
        #expect(damaged.lines.isEmpty, "no file, nothing to take out")
    }

    @Test(
        "root's file: the home from /etc/passwd when it is a plain absolute path",
        arguments: [
            ("root:x:0:0:root:/root:/bin/bash\n", "root/.ssh/authorized_keys"),
            ("daemon:x:1:1::/usr/sbin:/bin/sh\nroot:x:0:0::/var/root:/bin/sh\n", "var/root/.ssh/authorized_keys"),
            ("root:x:0:0::/:/bin/sh\n", ".ssh/authorized_keys"),
            ("root:x:0:0::/root/../etc:/bin/sh\n", "root/.ssh/authorized_keys"),
            ("root:x:0:0::relative:/bin/sh\n", "root/.ssh/authorized_keys"), ("", "root/.ssh/authorized_keys"),
        ])
    func rootHome(passwd: String, path: String) throws {
        let root = try TemporaryRoot()
        root.write("etc/passwd", passwd)
        #expect(RootAuthorizedKeys(tree: try root.tree()).path == path)
    }
}
