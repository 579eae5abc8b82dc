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
            ("reboot", "os.conf:2: reboot: not a plain KEY=value assignment: '=' must follow the name directly"),
            (
                "rm -rf /",
                "os.conf:2: rm: not a plain KEY=value assignment: a bare command or a space before '=' runs a command in a shell"
            ),
            (
                "k = v",
                "os.conf:2: k: not a plain KEY=value assignment: a bare command or a space before '=' runs a command in a shell"
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
