/// Reads os.conf the way a shell would read a file of plain assignments, without ever
/// running it.
///
/// Accepted: `KEY=value`, `KEY="value"`, `KEY='value'`, mixtures of these in one word, an
/// `export ` prefix, `#` comments, blank lines, CRLF endings, a UTF-8 BOM, spaces and tabs
/// around the assignment. Everything that would make a shell do more than assign (`$`
/// expansion, backticks, `;`, `&`, `|`, redirections, parentheses, a second word) is an error
/// naming the line: os.conf sits on a partition anyone with disk access can write.
public struct AssignmentParser: Sendable {
    /// Larger input is refused outright; real files are under 2 KiB.
    public static let sizeLimit = 64 * 1024

    public let fileName: String

    public init(fileName: String) {
        self.fileName = fileName
    }

    public func parse(_ bytes: [UInt8]) throws(OSConfError) -> [Assignment] {
        guard bytes.count <= Self.sizeLimit else {
            throw OSConfError(file: fileName, line: nil, key: nil, reason: .tooLarge(limit: Self.sizeLimit))
        }
        var body = bytes[...]
        if body.starts(with: [0xEF, 0xBB, 0xBF]) { body = body.dropFirst(3) }
        var assignments: [Assignment] = []
        var lineNumber = 0
        for rawLine in body.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false) {
            lineNumber += 1
            var lineBytes = rawLine
            if lineBytes.last == UInt8(ascii: "\r") { lineBytes = lineBytes.dropLast() }
            if lineBytes.contains(0) {
                throw OSConfError(file: fileName, line: lineNumber, key: nil, reason: .containsNUL)
            }
            guard let text = String(validating: lineBytes, as: UTF8.self) else {
                throw OSConfError(file: fileName, line: lineNumber, key: nil, reason: .notUTF8)
            }
            if let assignment = try parseLine(Array(text.unicodeScalars), line: lineNumber) {
                assignments.append(assignment)
            }
        }
        return assignments
    }

    private func fail(_ line: Int, _ key: String?, _ why: String) -> OSConfError {
        OSConfError(file: fileName, line: line, key: key, reason: .notAnAssignment(why))
    }

    private static func isBlank(_ c: Unicode.Scalar) -> Bool { c == " " || c == "\t" }

    private static func isNameStart(_ c: Unicode.Scalar) -> Bool {
        (c >= "a" && c <= "z") || (c >= "A" && c <= "Z") || c == "_"
    }

    private static func isNameChar(_ c: Unicode.Scalar) -> Bool { isNameStart(c) || (c >= "0" && c <= "9") }

    private func parseLine(_ s: [Unicode.Scalar], line: Int) throws(OSConfError) -> Assignment? {
        var i = 0
        func skipBlanks() { while i < s.count && Self.isBlank(s[i]) { i += 1 } }
        skipBlanks()
        if i == s.count || s[i] == "#" { return nil }

        // `export` is only a keyword when a blank follows and a name comes after it.
        if s.count - i > 7, String(String.UnicodeScalarView(s[i..<i + 6])) == "export", Self.isBlank(s[i + 6]) {
            i += 6
            skipBlanks()
        }

        let nameStart = i
        guard i < s.count, Self.isNameStart(s[i]) else {
            throw fail(line, nil, "a line must start with a variable name")
        }
        while i < s.count && Self.isNameChar(s[i]) { i += 1 }
        let key = String(String.UnicodeScalarView(s[nameStart..<i]))
        guard i < s.count, s[i] == "=" else {
            if i < s.count && Self.isBlank(s[i]) {
                throw fail(line, key, "a bare command or a space before '=' runs a command in a shell")
            }
            throw fail(line, key, "'=' must follow the name directly")
        }
        i += 1

        var value = String.UnicodeScalarView()
        scanning: while i < s.count {
            let c = s[i]
            switch c {
            case " ", "\t":
                break scanning
            case "'":
                i += 1
                while i < s.count && s[i] != "'" {
                    value.append(s[i])
                    i += 1
                }
                guard i < s.count else { throw fail(line, key, "unterminated single quote") }
                i += 1
            case "\"":
                i += 1
                while i < s.count && s[i] != "\"" {
                    let d = s[i]
                    if d == "$" || d == "`" {
                        throw fail(line, key, "'\(d)' inside double quotes expands in a shell")
                    }
                    if d == "\\" && i + 1 < s.count && ["\"", "\\", "$", "`"].contains(s[i + 1]) {
                        i += 1
                    }
                    value.append(s[i])
                    i += 1
                }
                guard i < s.count else { throw fail(line, key, "unterminated double quote") }
                i += 1
            case "\\":
                guard i + 1 < s.count else { throw fail(line, key, "a trailing backslash continues the line") }
                value.append(s[i + 1])
                i += 2
            case "$":
                throw fail(line, key, "'$' expands variables or runs commands in a shell")
            case "`":
                throw fail(line, key, "backticks run a command in a shell")
            case ";", "&", "|":
                throw fail(line, key, "'\(c)' chains a command in a shell")
            case "<", ">":
                throw fail(line, key, "'\(c)' is a redirection in a shell")
            case "(", ")":
                throw fail(line, key, "'\(c)' is shell syntax")
            default:
                value.append(c)
                i += 1
            }
        }
        skipBlanks()
        if i < s.count && s[i] != "#" {
            switch s[i] {
            case ";", "&", "|": throw fail(line, key, "'\(s[i])' chains a command in a shell")
            case "<", ">": throw fail(line, key, "'\(s[i])' is a redirection in a shell")
            default: throw fail(line, key, "more than one word after '='; quote the value")
            }
        }
        return Assignment(key: key, value: String(value), line: line)
    }
}
