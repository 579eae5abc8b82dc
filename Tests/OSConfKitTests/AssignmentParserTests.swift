import OSConfKit
import Testing

@Suite("Reading os.conf lines as data")
struct AssignmentParserTests {
    private func parse(_ text: String) throws(OSConfError) -> [Assignment] {
        try AssignmentParser(fileName: "os.conf").parse(Array(text.utf8))
    }

    private func value(_ text: String) throws -> String? {
        try parse(text).first?.value
    }

    @Test(
        "accepted quoting forms",
        arguments: [
            ("k=v", "v"),
            ("k=\"a b\"", "a b"),
            ("k='a b'", "a b"),
            ("export k=v", "v"),
            ("export\tk='v'", "v"),
            ("  k=v  ", "v"),
            ("\tk=v\t# comment", "v"),
            ("k=", ""),
            ("k=\"\"", ""),
            ("k=a\"b c\"'d e'", "ab cd e"),
            ("k=\"say \\\"hi\\\"\"", "say \"hi\""),
            ("k='$(not run)'", "$(not run)"),
            ("k=a\\ b", "a b"),
            ("k=v#x", "v#x"),
        ])
    func acceptedForms(line: String, expected: String) throws {
        #expect(try value(line) == expected)
    }

    @Test("comments and blank lines give nothing")
    func commentsAndBlanks() throws {
        #expect(try parse("# c\n\n   \n\t# indented\n").isEmpty)
    }

    @Test("CRLF endings and a BOM are stripped")
    func crlfAndBOM() throws {
        let bytes: [UInt8] = [0xEF, 0xBB, 0xBF] + Array("a=1\r\nb=\"2\"\r\n".utf8)
        let result = try AssignmentParser(fileName: "os.conf").parse(bytes)
        #expect(result == [Assignment(key: "a", value: "1", line: 1), Assignment(key: "b", value: "2", line: 2)])
    }

    @Test("line numbers count every line")
    func lineNumbers() throws {
        let result = try parse("# x\n\na=1\n\nb=2")
        #expect(result.map(\.line) == [3, 5])
    }

    @Test(
        "a bare CR ends a line exactly as LF and CRLF do",
        arguments: [
            ("a=1\rb=2\r", [("a", "1", 1), ("b", "2", 2)]),
            ("a=1\rb=2", [("a", "1", 1), ("b", "2", 2)]),
            ("a=1\r\rb=2\r", [("a", "1", 1), ("b", "2", 3)]),
            ("a=1\n\rb=2", [("a", "1", 1), ("b", "2", 3)]),
            ("a=1\r\nb=2\r\n", [("a", "1", 1), ("b", "2", 2)]),
            ("a=1\rb=2\r\nc=3\nd=4", [("a", "1", 1), ("b", "2", 2), ("c", "3", 3), ("d", "4", 4)]),
            ("# x\r\ra='1'\r", [("a", "1", 3)]),
        ])
    func bareCR(text: String, expected: [(String, String, Int)]) throws {
        let result = try parse(text)
        #expect(result == expected.map { Assignment(key: $0.0, value: $0.1, line: $0.2) })
    }

    @Test("an error after bare CRs names its own line")
    func bareCRLineNumbers() {
        #expect {
            _ = try parse("ok=1\rk=$(reboot)\rother=2\r")
        } throws: { error in
            (error as? OSConfError)?.description
                == "os.conf:2: k: not a plain KEY=value assignment: '$' expands variables or runs commands in a shell"
        }
    }

    /// 76 base64 characters, as `base64` writes a first line before it wraps.
    private static let wrappedLine = String(repeating: "QUJD", count: 19)

    @Test(
        "a secret wrapped over more lines is refused at its own line, never read as a key",
        arguments: [
            "\(wrappedLine)\nREST\n", "\(wrappedLine)\nRE==\n", "\(wrappedLine)\nRES=\n",
            "\(wrappedLine.prefix(57))\nREST=\n",
            "\(wrappedLine)\n  RE+ST\n",
            "\(wrappedLine)\n1REST\n", "\(wrappedLine)\r\nREST\r\n", "\(wrappedLine)\nREST more\n",
            "\(wrappedLine)\nREST;x=1\n", "\(wrappedLine)\nok_key=1\nREST\n",
        ])
    func wrappedSecret(tail: String) {
        #expect {
            _ = try AssignmentParser(fileName: "os.conf", secretKeys: ["password"]).parse(
                Array(("password=" + tail).utf8))
        } throws: { error in
            let description = (error as? OSConfError)?.description ?? ""
            return description.hasPrefix("os.conf:1: password: the base64 value goes on over line ")
                && description.hasSuffix("; write it on one line (base64 -w 0)") && !description.contains("REST")
        }
    }

    @Test(
        "after a long secret, assignments, comments and other secrets are read as usual",
        arguments: [
            "password=\(wrappedLine)\nhostname=web01\n", "password=\(wrappedLine)\neth0_ip_addr=10.0.0.5\n",
            "password=\(wrappedLine)\nexport hostname=web01\n", "password=\(wrappedLine)\n# REST\n\n",
            "password=\(wrappedLine)==\nREST=\n", "password=\(wrappedLine.prefix(56))\nREST=\n",
            "password=\(wrappedLine)\nGATEWAY=10.0.0.1\n", "password=\(wrappedLine.prefix(8))\nhostname=\n",
            "password=\(wrappedLine)\nREST=\n", "password=\(wrappedLine.prefix(4))\nexport hostname=\n",
        ])
    func longSecretFollowedByAssignments(text: String) throws {
        let result = try AssignmentParser(fileName: "os.conf", secretKeys: ["password"]).parse(Array(text.utf8))
        #expect(result.first?.key == "password")
        #expect(result.count == (text.contains("#") ? 1 : 2))
    }

    @Test("without secret keys a base64 line is an ordinary line")
    func noSecretKeys() throws {
        let result = try parse("password=\(Self.wrappedLine)\nREST=\n")
        #expect(result.map(\.key) == ["password", "REST"])
    }

    @Test(
        "shell code is refused with the file, line, key and reason",
        arguments: [
            (
                "k=$(reboot)",
                "os.conf:2: k: not a plain KEY=value assignment: '$' expands variables or runs commands in a shell"
            ),
            ("k=`reboot`", "os.conf:2: k: not a plain KEY=value assignment: backticks run a command in a shell"),
            (
                "k=\"$HOME\"",
                "os.conf:2: k: not a plain KEY=value assignment: '$' inside double quotes expands in a shell"
            ),
            (
                "k=\"`id`\"",
                "os.conf:2: k: not a plain KEY=value assignment: '`' inside double quotes expands in a shell"
            ),
            ("k=v; reboot", "os.conf:2: k: not a plain KEY=value assignment: ';' chains a command in a shell"),
            ("k=v && reboot", "os.conf:2: k: not a plain KEY=value assignment: '&' chains a command in a shell"),
            ("k=v|tee", "os.conf:2: k: not a plain KEY=value assignment: '|' chains a command in a shell"),
            ("k=v>/etc/passwd", "os.conf:2: k: not a plain KEY=value assignment: '>' is a redirection in a shell"),
            ("reboot", "os.conf:2: not a plain KEY=value assignment: '=' must follow the name directly"),
            (
                "rm -rf /",
                "os.conf:2: not a plain KEY=value assignment: a bare command or a space before '=' runs a command in a shell"
            ),
            (
                "k = v",
                "os.conf:2: not a plain KEY=value assignment: a bare command or a space before '=' runs a command in a shell"
            ),
            ("k=a b", "os.conf:2: k: not a plain KEY=value assignment: more than one word after '='; quote the value"),
            ("k='open", "os.conf:2: k: not a plain KEY=value assignment: unterminated single quote"),
            ("k=\"open", "os.conf:2: k: not a plain KEY=value assignment: unterminated double quote"),
            ("k=v\\", "os.conf:2: k: not a plain KEY=value assignment: a trailing backslash continues the line"),
            ("1k=v", "os.conf:2: not a plain KEY=value assignment: a line must start with a variable name"),
            ("k=(a b)", "os.conf:2: k: not a plain KEY=value assignment: '(' is shell syntax"),
        ])
    func refusesShellCode(line: String, message: String) {
        #expect {
            _ = try parse("ok=1\n" + line + "\n")
        } throws: { error in
            (error as? OSConfError)?.description == message
        }
    }

    @Test("NUL bytes and invalid UTF-8 are refused with their line")
    func badBytes() {
        #expect(throws: OSConfError(file: "os.conf", line: 2, key: nil, reason: .containsNUL)) {
            try AssignmentParser(fileName: "os.conf").parse(Array("a=1\nb=\0\n".utf8))
        }
        #expect(throws: OSConfError(file: "os.conf", line: 1, key: nil, reason: .notUTF8)) {
            try AssignmentParser(fileName: "os.conf").parse([UInt8(ascii: "a"), UInt8(ascii: "="), 0xff])
        }
    }

    @Test("input over the size cap is refused")
    func sizeCap() {
        let big = [UInt8](repeating: UInt8(ascii: "#"), count: AssignmentParser.sizeLimit + 1)
        #expect(
            throws: OSConfError(
                file: "os.conf", line: nil, key: nil, reason: .tooLarge(limit: AssignmentParser.sizeLimit))
        ) {
            try AssignmentParser(fileName: "os.conf").parse(big)
        }
    }
}
