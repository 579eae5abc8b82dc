import OSConfKit
import Testing

/// No error or warning of the parser or the model carries the password in any form: not the
/// base64 text, not the decoded text, not any 8 bytes of either. Messages go to standard
/// error and, at boot, to the kernel log.
///
/// Every path that produces a message (each `throw` and each warning of AssignmentParser and
/// OSConfParser; the model types only have failable initialisers and a redacted password)
/// is one case below. Each case runs with a marker password on a line of its own before and
/// after the faulty line, and on the faulty line itself, right after the faulty value,
/// joined to it by every separator a careless or hostile file could use; the faulty value
/// is written bare, in double quotes and in single quotes. Every message of every run is
/// searched.
@Suite("No secret in any message")
struct SecretLeakTests {
    /// The marker password: distinctive, so that any 8 bytes of it in a message are a leak.
    static let password = "Zx9-distinctive-Secret-7Qw!"
    /// As Alibaba Cloud writes it: base64 of the password and a newline.
    static let encoded = Base64Encoding.encode(password + "\n")

    /// A second password, for the cases whose faulty value is the password itself.
    static let other = "Qm7-other-Distinct-Pass-42"
    static let otherEncoded = Base64Encoding.encode(other)
    /// 512 bytes: one more than crypt(3) checks.
    static let long = Array(String(repeating: "Long-Pass-Phrase-", count: 31).utf8.prefix(512))
    /// Long enough that a base64 tool wraps it: 80 bytes, 108 base64 characters.
    static let wrapped = String(repeating: "Wrapped-Secret-Text-", count: 4)
    static let wrappedEncoded = Base64Encoding.encode(wrapped)

    /// A valid VPC NIC, so that a file fails only where a case makes it fail.
    static let nic = "eth0_ip_addr=10.0.0.5\neth0_netmask=255.255.255.0\neth0_gateway=10.0.0.1\n"

    /// Where the marker password goes.
    enum Placement: Hashable, Sendable, CustomStringConvertible {
        case nowhere
        case lineBefore
        case lineAfter
        /// On the faulty line, right after the faulty value, joined to it by this text.
        case sameLine(String)

        var description: String {
            switch self {
            case .nowhere: return "nowhere"
            case .lineBefore: return "on the line before"
            case .lineAfter: return "on the last line"
            case .sameLine(let separator): return "after \(separator.unicodeScalars.map { $0.escaped(asASCII: true) })"
            }
        }
    }

    /// Whatever may stand between a value and an assignment run together with it: blanks,
    /// shell operators, every line ending, the controls a shell takes as part of a word (NUL,
    /// VT, FF), Unicode white space, an escaped space, and nothing at all.
    static let separators = [
        " ", "\t", ";", "&&", "|", "#", ",", "\0", "\u{0B}", "\u{0C}", "\r", "\r\n", "\n", "", "\u{85}", "\u{A0}",
        "\u{2028}", "\\ ",
    ]

    static let placements: [Placement] = [.nowhere, .lineBefore, .lineAfter] + separators.map { .sameLine($0) }

    /// One path to a message.
    struct Path: Sendable, CustomTestStringConvertible {
        /// A part of the message, which proves that the path ran.
        let expected: String
        /// The faulty file. `{PW}` marks the place right after the faulty value; `{Q}` is
        /// replaced by nothing, `"` and `'` in turn; `{FF}` is a byte that is not UTF-8.
        let template: String
        /// Where the marker password can be with the path still taken. Elsewhere another
        /// path may run instead; its messages are searched all the same.
        var reachedWith: [Placement] = [.lineBefore, .lineAfter]
        /// The case's own secrets: the password it holds, decoded and in base64.
        var secrets: [[UInt8]] = []
        /// This many `#` bytes (a comment) go at the end of the file.
        var padding = 0

        var testDescription: String {
            let faulty = template.split(separator: "\n").first { $0.contains("{PW}") } ?? ""
            return "\(expected): \(faulty.prefix(50))"
        }
    }

    static let paths: [Path] = assignmentPaths + valuePaths + warningPaths

    /// AssignmentParser: every refusal of a line.
    static let assignmentPaths: [Path] = [
        Path(expected: "larger than 65536 bytes", template: "hostname=bad_name{PW}\n", padding: 70_000),
        Path(expected: "contains a NUL byte", template: "hostname=web01\0{PW}\n" + nic),
        Path(expected: "not valid UTF-8", template: "hostname=web01{FF}{PW}\n" + nic),
        Path(expected: "a line must start with a variable name", template: "1hostname=web01{PW}\n" + nic),
        Path(expected: "a bare command or a space before '='", template: "hostname web01{PW}\n" + nic),
        Path(expected: "'=' must follow the name directly", template: "hostname{PW}\n" + nic),
        Path(expected: "unterminated single quote", template: "hostname='web01{PW}\n" + nic),
        Path(expected: "unterminated double quote", template: "hostname=\"web01{PW}\n" + nic),
        Path(expected: "'$' inside double quotes", template: "hostname=\"web$01{PW}\"\n" + nic),
        Path(expected: "'`' inside double quotes", template: "hostname=\"web`01{PW}\"\n" + nic),
        Path(expected: "a trailing backslash continues the line", template: "hostname=web01{PW}\\\n" + nic),
        Path(expected: "'$' expands variables", template: "hostname=web$01{PW}\n" + nic),
        Path(expected: "backticks run a command", template: "hostname=web`01{PW}\n" + nic),
        Path(expected: "';' chains a command", template: "hostname=web01;{PW}\n" + nic),
        Path(expected: "'&' chains a command", template: "hostname=web01&{PW}\n" + nic),
        Path(expected: "'|' chains a command", template: "hostname=web01|{PW}\n" + nic),
        Path(expected: "'<' is a redirection", template: "hostname=web01<{PW}\n" + nic),
        Path(expected: "'>' is a redirection", template: "hostname=web01>{PW}\n" + nic),
        Path(expected: "'(' is shell syntax", template: "hostname=web(01{PW}\n" + nic),
        Path(expected: "')' is shell syntax", template: "hostname=web)01{PW}\n" + nic),
        // The same operators after the value and a blank.
        Path(expected: "';' chains a command", template: "hostname=web01 ;{PW}\n" + nic),
        Path(expected: "'&' chains a command", template: "hostname=web01 &{PW}\n" + nic),
        Path(expected: "'|' chains a command", template: "hostname=web01 |{PW}\n" + nic),
        Path(expected: "'<' is a redirection", template: "hostname=web01 <{PW}\n" + nic),
        Path(expected: "'>' is a redirection", template: "hostname=web01 >{PW}\n" + nic),
        Path(expected: "more than one word after '='", template: "hostname=web01 x{PW}\n" + nic),
        // A password that `base64` wrapped at 76 columns: the rest would be read as a key.
        Path(
            expected: "password: the base64 value goes on over line",
            template: "password=\(wrappedEncoded.prefix(76)){PW}\n\(wrappedEncoded.dropFirst(76))\n" + nic,
            secrets: [Array(wrapped.utf8), Array(wrappedEncoded.utf8)]),
    ]

    /// OSConfParser: every refusal of a value, and of the file as a whole.
    static let valuePaths: [Path] = [
        Path(expected: "interface index 999 is above 255", template: "eth999_ip_addr={Q}10.0.0.5{PW}{Q}\n" + nic),
        Path(expected: "is not an RFC 1123 host name", template: "hostname={Q}bad..name{PW}{Q}\n" + nic),
        Path(
            expected: "password: value is not valid base64", template: "password={Q}\(otherEncoded)!{PW}{Q}\n" + nic,
            reachedWith: [.lineBefore], secrets: [Array(other.utf8), Array(otherEncoded.utf8)]),
        Path(
            expected: "password: the decoded password is empty", template: "password={Q}Cg=={PW}{Q}\n" + nic,
            reachedWith: [.lineBefore]),
        Path(
            expected: "password: the decoded password contains a NUL or newline byte",
            template: "password={Q}\(Base64Encoding.encode(other + "\0" + other)){PW}{Q}\n" + nic,
            reachedWith: [.lineBefore],
            secrets: [Array(other.utf8), Array(Base64Encoding.encode(other + "\0" + other).utf8)]),
        Path(
            expected: "password: the decoded password is longer than 511 bytes",
            template: "password={Q}\(Base64Encoding.encode(long)){PW}{Q}\n" + nic, reachedWith: [.lineBefore],
            secrets: [long, Array(Base64Encoding.encode(long).utf8)]),
        Path(
            expected: "'dns.google' is not an IPv4 or IPv6 address",
            template: "dns_nameserver={Q}8.8.8.8,dns.google{PW}{Q}\n" + nic),
        Path(expected: "eth0_ip_addr is missing", template: "eth0_netmask={Q}255.0.0.0{PW}{Q}\n"),
        Path(expected: "eth0_netmask is missing", template: "eth0_ip_addr={Q}10.0.0.5{PW}{Q}\n"),
        Path(
            expected: "'10.0.0.256' is not an IPv4 address",
            template: "eth0_ip_addr={Q}10.0.0.256{PW}{Q}\neth0_netmask=255.0.0.0\n"),
        Path(
            expected: "is not a contiguous netmask",
            template: "eth0_ip_addr=10.0.0.5\neth0_netmask={Q}255.0.255.0{PW}{Q}\neth0_gateway=10.0.0.1\n"),
        Path(
            expected: "'ff' is not a netmask",
            template: "eth0_ip_addr=10.0.0.5\neth0_netmask={Q}ff{PW}{Q}\neth0_gateway=10.0.0.1\n"),
        Path(
            expected: "'00:11:22:33:44' is not a unicast MAC address",
            template: nic + "eth0_mac_addr={Q}00:11:22:33:44{PW}{Q}\n"),
        Path(
            expected: "'01:00:5e:00:00:01' is not a unicast MAC address",
            template: nic + "eth0_mac_addr={Q}01:00:5e:00:00:01{PW}{Q}\n"),
        Path(
            expected: "'x' is not an IPv4 address",
            template: "eth0_ip_addr=10.0.0.5\neth0_netmask=255.0.0.0\neth0_gateway={Q}x{PW}{Q}\n"),
        Path(expected: "route '10.0.0.0/8' is not 'CIDR GATEWAY'", template: nic + "eth0_route={Q}10.0.0.0/8{PW}{Q}\n"),
        Path(
            expected: "route '10.0.0.0/8 10.0.0.1...' is not 'CIDR GATEWAY'",
            template: nic + "eth0_route=\"10.0.0.0/8 10.0.0.1 x{PW}\"\n"),
        Path(expected: "is not a CIDR prefix", template: nic + "eth0_route=\"10.0.0.0{PW} 10.0.0.1\"\n"),
        Path(expected: "'gw' is not an IPv4 gateway address", template: nic + "eth0_route=\"0.0.0.0/0 gw{PW}\"\n"),
        // Values that parse but that no network can use.
        Path(
            expected: "gateway 0.0.0.0 is the unspecified address",
            template: "eth0_ip_addr=10.0.0.5\neth0_netmask=255.255.255.0\neth0_gateway={Q}0.0.0.0{PW}{Q}\n"),
        Path(
            expected: "gateway 10.0.0.5 is eth0's own address",
            template: "eth0_ip_addr=10.0.0.5\neth0_netmask=255.255.255.0\neth0_gateway={Q}10.0.0.5{PW}{Q}\n"),
        Path(
            expected: "gateway 0.0.0.0 of route 10.0.0.0/8 is the unspecified address",
            template: nic + "eth0_route=\"10.0.0.0/8 0.0.0.0{PW}\"\n"),
        Path(
            expected: "gateway 10.0.0.5 of route 0.0.0.0/0 is eth0's own address",
            template: nic + "eth0_route=\"0.0.0.0/0 10.0.0.5{PW}\"\n"),
        Path(
            expected: "0.0.0.0 is the unspecified address, not a host address",
            template: "eth0_ip_addr={Q}0.0.0.0{PW}{Q}\neth0_netmask=255.0.0.0\neth0_gateway=10.0.0.1\n"),
        Path(
            expected: "127.0.0.1 is a loopback address",
            template: "eth0_ip_addr={Q}127.0.0.1{PW}{Q}\neth0_netmask=255.0.0.0\neth0_gateway=10.0.0.1\n"),
        Path(
            expected: "224.0.0.5 is a multicast address",
            template: "eth0_ip_addr={Q}224.0.0.5{PW}{Q}\neth0_netmask=255.0.0.0\neth0_gateway=10.0.0.1\n"),
        Path(
            expected: "255.255.255.255 is the limited broadcast address",
            template: "eth0_ip_addr={Q}255.255.255.255{PW}{Q}\neth0_netmask=255.0.0.0\neth0_gateway=10.0.0.1\n"),
        Path(
            expected: "240.0.0.1 is in the reserved block 240.0.0.0/4",
            template: "eth0_ip_addr={Q}240.0.0.1{PW}{Q}\neth0_netmask=255.0.0.0\neth0_gateway=10.0.0.1\n"),
        Path(
            expected: "10.0.0.0 is the network address of 10.0.0.0/24",
            template: "eth0_ip_addr={Q}10.0.0.0{PW}{Q}\neth0_netmask=255.255.255.0\neth0_gateway=10.0.0.1\n"),
        Path(
            expected: "10.0.0.255 is the broadcast address of 10.0.0.0/24",
            template: "eth0_ip_addr={Q}10.0.0.255{PW}{Q}\neth0_netmask=255.255.255.0\neth0_gateway=10.0.0.1\n"),
        Path(
            expected: "00:00:00:00:00:00 is the all-zeros MAC address",
            template: nic + "eth0_mac_addr={Q}00:00:00:00:00:00{PW}{Q}\n"),
        Path(
            expected: "ff:ff:ff:ff:ff:ff is the broadcast MAC address",
            template: nic + "eth0_mac_addr={Q}ff:ff:ff:ff:ff:ff{PW}{Q}\n"),
        Path(
            expected: "00:16:3e:00:00:01 is already the MAC address of eth0 (line ",
            template: nic + "eth0_mac_addr=00:16:3e:00:00:01\neth1_ip_addr=42.0.0.5\neth1_netmask=24\n"
                + "eth1_mac_addr={Q}00:16:3e:00:00:01{PW}{Q}\n"),
        Path(
            expected: "10.0.0.5 is already the address of eth0 (line ",
            template: nic + "eth1_netmask=16\neth1_ip_addr={Q}10.0.0.5{PW}{Q}\n"),
        Path(
            expected: "has an IPv6 zone identifier (%)",
            template: "dns_nameserver={Q}10.0.0.2,fe80::1%eth0{PW}{Q}\n" + nic),
        Path(
            expected: "fe80::53 is a link-local address",
            template: "dns_nameserver={Q}fe80::53{PW}{Q}\n" + nic),
        Path(expected: "no default route", template: "eth0_ip_addr=10.0.0.5\neth0_netmask={Q}255.0.0.0{PW}{Q}\n"),
        Path(expected: "sets nothing osconf2seed knows", template: "COLOR={Q}blue{PW}{Q}\n", reachedWith: [.nowhere]),
    ]

    /// OSConfParser: every warning.
    static let warningPaths: [Path] = [
        Path(expected: "COLOR: warning: unknown key, not used", template: nic + "COLOR={Q}blue{PW}{Q}\n"),
        Path(expected: "hostname: warning: key repeated", template: "hostname=a\nhostname={Q}b{PW}{Q}\n" + nic),
        Path(expected: "eth0_gateway: warning: key repeated", template: nic + "eth0_gateway={Q}10.0.0.1{PW}{Q}\n"),
        Path(expected: "password: warning: key repeated", template: "password=cXdlcjEyMzQK{PW}\n" + nic),
        Path(
            expected: "warning: default gateway 192.168.0.1 is outside 10.0.0.0/24",
            template: "eth0_ip_addr=10.0.0.5\neth0_netmask=255.255.255.0\neth0_gateway={Q}192.168.0.1{PW}{Q}\n"),
        Path(
            expected: "dns_nameserver: warning: 4 name servers; glibc's resolver",
            template: "dns_nameserver={Q}10.0.0.2,10.0.0.3,2001:db8::53,2001:db8::54{PW}{Q}\n" + nic),
        Path(
            expected: "warning: 10.1.2.3/8 has host bits set",
            template: nic + "eth0_route=\"10.1.2.3/8 10.0.0.1{PW}\"\n"),
        Path(
            expected: "warning: second default route 0.0.0.0/0 via 10.0.0.1 dropped",
            template: nic + "eth0_route=\"0.0.0.0/0 10.0.0.1\"\n"
                + "eth1_ip_addr=42.0.0.5\neth1_netmask=255.255.255.0\neth1_route=\"0.0.0.0/0 42.0.0.1{PW}\"\n"),
    ]

    /// The file for one quoting form and one placement of the marker password.
    static func file(_ path: Path, quote: String, placement: Placement) -> [UInt8] {
        let template = path.template
        let assignment = "password=\(encoded)"
        var text = template.replacing("{Q}", with: quote)
        switch placement {
        case .nowhere: text = text.replacing("{PW}", with: "")
        case .lineBefore: text = assignment + "\n" + text.replacing("{PW}", with: "")
        case .lineAfter:
            text = text.replacing("{PW}", with: "") + (text.hasSuffix("\n") ? "" : "\n") + assignment + "\n"
        case .sameLine(let separator): text = text.replacing("{PW}", with: separator + assignment)
        }
        var bytes: [UInt8] = []
        for (index, part) in text.split(separator: "{FF}", omittingEmptySubsequences: false).enumerated() {
            if index > 0 { bytes.append(0xFF) }
            bytes += Array(part.utf8)
        }
        return bytes + [UInt8](repeating: UInt8(ascii: "#"), count: path.padding)
    }

    /// Every message a parse produces: the error, or the warnings; and the model as `print`
    /// and the debugger would show it.
    static func messages(_ bytes: [UInt8]) -> [String] {
        do {
            let result = try OSConfParser(fileName: "os.conf").parse(bytes)
            return result.warnings.map(\.description) + result.warnings.map(\.message)
                + [String(describing: result.configuration), String(reflecting: result.configuration)]
        } catch {
            return [error.description, String(reflecting: error)]
        }
    }

    /// Every run of `length` (at most 8) bytes of the secrets, packed into integers for a
    /// fast search.
    static func runs(of secrets: [[UInt8]], length: Int = 8) -> Set<UInt64> {
        var runs: Set<UInt64> = []
        for secret in secrets where secret.count >= length {
            for start in 0...(secret.count - length) { runs.insert(pack(secret[start..<start + length])) }
        }
        return runs
    }

    /// The first run of `length` bytes in `message` that is one of `runs`.
    static func leakedRun(_ runs: Set<UInt64>, in message: String, length: Int = 8) -> String? {
        let text = Array(message.utf8)
        guard text.count >= length else { return nil }
        for start in 0...(text.count - length) where runs.contains(pack(text[start..<start + length])) {
            return String(decoding: text[start..<start + length], as: UTF8.self)
        }
        return nil
    }

    private static func pack(_ bytes: ArraySlice<UInt8>) -> UInt64 {
        bytes.reduce(0) { $0 << 8 | UInt64($1) }
    }

    @Test("every error and warning path, with the password on its line and elsewhere", arguments: paths)
    func noSecretInMessages(path: Path) {
        let secretRuns = Self.runs(of: [Array(Self.encoded.utf8), Array(Self.password.utf8)] + path.secrets)
        let quotes = path.template.contains("{Q}") ? ["", "\"", "'"] : [""]
        for quote in quotes {
            for placement in Self.placements {
                let messages = Self.messages(Self.file(path, quote: quote, placement: placement))
                let context = "quote [\(quote)], password \(placement)"
                if path.reachedWith.contains(placement) {
                    #expect(
                        messages.contains { $0.contains(path.expected) },
                        "path not taken with \(context): \(messages.prefix(2))")
                }
                for message in messages {
                    if let run = Self.leakedRun(secretRuns, in: message) {
                        Issue.record("'\(run)' of a secret is in a message (\(context)): \(message.prefix(300))")
                    }
                }
            }
        }
    }

    @Test("the search finds a leak: a message that holds 8 bytes of the password is caught")
    func searchCanFail() {
        let runs = Self.runs(of: [Array(Self.encoded.utf8), Array(Self.password.utf8)])
        #expect(Self.leakedRun(runs, in: "x '\(Self.encoded.dropFirst(5).prefix(8))' y") != nil)
        #expect(Self.leakedRun(runs, in: "distinctive") != nil)
        #expect(Self.leakedRun(runs, in: "os.conf:1: hostname: 'web01' is bad") == nil)
    }
}

/// A base64 password wrapped at any width, and a line that is no assignment, show nothing of
/// the password: no 4 characters of it, in base64 or decoded. Before, a value wrapped at
/// fewer than 60 columns was cut short and its tail named as an unknown key.
@Suite("No piece of a wrapped password in any message")
struct WrappedSecretLeakTests {
    /// Widths `fold -w` or a base64 tool may wrap at (uuencode 60, openssl 64, base64 76).
    static let widths = [4, 8, 20, 40, 59, 60, 76]

    /// Passwords of 8, 31, 58 and 100 bytes (12, 44, 80 and 136 base64 characters, padded
    /// with nothing, `=` and `==`): no 4 characters of one, in base64 or not, are in a message
    /// of the parser, so any 4 found in a message are a leak.
    static let passwords = [
        "sV3GKNxH", "?dEM86JgM7HReH3GeFTo6URqZPayNJH",
        "c-7r%#xphZhLp-u!nKR@6XuV+6FKruv-#JMk&JHq!n2vC%wXQ-HdnSh33-",
        "LX!4mT8m6wzfVLYVffB+ZjnAU6yrS@G#3343P*4HaJc9WQuGPAVNxDKczVivx&RQ+%**qLUPuj*W^CcxUDpMj^xXwe?teag4fb^-",
    ]

    /// Every error and warning `validate` would print for `bytes`, and the error `parse` throws.
    static func messages(_ bytes: [UInt8]) -> (errors: [OSConfError], messages: [String]) {
        let report = OSConfParser(fileName: "os.conf").check(bytes)
        var messages = report.errors.map(\.description) + report.warnings.map(\.description)
        do {
            _ = try OSConfParser(fileName: "os.conf").parse(bytes)
        } catch {
            messages += [error.description, String(reflecting: error)]
        }
        return (report.errors, messages)
    }

    /// Records an issue for each message that holds 4 bytes of one of `secrets`, other than
    /// those of `allowed` (the key name, which the message must hold).
    static func expectNoRun(of secrets: [String], in messages: [String], allowed: String = "") {
        let runs = SecretLeakTests.runs(of: secrets.map { Array($0.utf8) }, length: 4)
            .subtracting(SecretLeakTests.runs(of: [Array(allowed.utf8)], length: 4))
        for message in messages {
            if let run = SecretLeakTests.leakedRun(runs, in: message, length: 4) {
                Issue.record("'\(run)' of a secret is in a message: \(message.prefix(300))")
            }
        }
    }

    @Test("a password wrapped at any width is refused at its own line", arguments: widths, passwords)
    func wrappedAtAnyWidth(width: Int, password: String) {
        let encoded = Base64Encoding.encode(password)
        let text =
            "hostname=abc\npassword=" + Base64.encode(Array(password.utf8), lineLength: width) + SecretLeakTests.nic
        let (errors, messages) = Self.messages(Array(text.utf8))
        if encoded.count <= width {
            #expect(errors.isEmpty, "not wrapped, yet refused: \(messages)")
        } else {
            #expect(errors.count == 1)
            #expect(
                errors.first?.description
                    == "os.conf:2: password: the base64 value goes on over line 3; write it on one line (base64 -w 0)")
        }
        Self.expectNoRun(of: [password, encoded], in: messages)
    }

    @Test("the 40-column fixture is refused at the password's line")
    func fixture40() throws {
        // Not under Tests/Fixtures, whose files must all be valid.
        let path = FilePath.join(TestPaths.packageRoot, "Tests/Refused/wrapped-password-w40.conf")
        let (errors, messages) = Self.messages(try SystemFileSystem().readFile(at: path, limit: 1 << 20))
        #expect(
            errors.map(\.description) == [
                "os.conf:2: password: the base64 value goes on over line 3; write it on one line (base64 -w 0)"
            ])
        let password = "Sup3rSecretRootPassword!2026xyzABC"
        Self.expectNoRun(of: [password, Base64Encoding.encode(password)], in: messages, allowed: "password")
    }

    /// Lines that are no assignment, each after a password line (true) or not. `ekFCQw==` is
    /// an assignment of `=` to `ekFCQw` unless it follows a base64 value it completes.
    static let bareLines: [(String, Bool)] =
        [
            "SECRETPASSWORD", "ekFCQw", "  Kq7Vx2JmTr8Lp5", "Kq7Vx2Jm Tr8Lp5", "Kq7Vx2Jm =Tr8Lp5",
            "export Kq7Vx2JmTr8Lp5", "Kq7Vx2Jm\tTr8Lp5=x", "Kq7Vx2Jm+Tr8/Lp5",
        ].flatMap { [($0, true), ($0, false)] } + [("ekFCQw==", true)]

    @Test("a line that is no assignment is named by its line only, after a password or not", arguments: bareLines)
    func bareLine(line: String, afterPassword: Bool) {
        let text =
            "hostname=abc\n" + (afterPassword ? "password=cXdlcjEyMzQK\n" : "") + line + "\n" + SecretLeakTests.nic
        let (errors, messages) = Self.messages(Array(text.utf8))
        #expect(errors.count == 1)
        let description = errors.first?.description ?? ""
        #expect(
            description.hasPrefix("os.conf:2: password: the base64 value goes on over line 3;")
                || description.hasPrefix("os.conf:\(afterPassword ? 3 : 2): not a plain KEY=value assignment: "),
            "\(description)")
        let words = line.split(whereSeparator: { " \t=+/".contains($0) }).map(String.init).filter { $0 != "export" }
        Self.expectNoRun(of: words, in: messages)
    }

    @Test("the search finds a leak of 4 characters")
    func searchCanFail() {
        let runs = SecretLeakTests.runs(of: [Array("ekFCQw==".utf8)], length: 4)
        #expect(SecretLeakTests.leakedRun(runs, in: "os.conf:3: ekFCQw: warning", length: 4) == "ekFC")
        #expect(SecretLeakTests.leakedRun(runs, in: "os.conf:3: warning", length: 4) == nil)
    }
}
