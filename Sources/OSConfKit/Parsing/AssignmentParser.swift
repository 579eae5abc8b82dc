/// Reads os.conf the way a shell would read a file of plain assignments, without ever
/// running it.
///
/// Accepted: `KEY=value`, `KEY="value"`, `KEY='value'`, mixtures of these in one word, an
/// `export ` prefix, `#` comments, blank lines, a UTF-8 BOM, spaces and tabs around the
/// assignment. Everything that would make a shell do more than assign (`$` expansion,
/// backticks, `;`, `&`, `|`, redirections, parentheses, a second word) is an error naming the
/// line: os.conf sits on a partition anyone with disk access can write.
///
/// A line ends at LF, at CRLF, or at a bare CR, all three alike. A shell would read a file
/// with bare CR endings (old Mac style) as one long line; taken that way, every assignment
/// after the first would become part of the first one's value, and an error about that value
/// would carry the rest of the file, the password included, into the log.
///
/// No error quotes a value. The line and key name the place; the key is a name, so it can
/// hold no value. A line that is not an assignment has no key: its first word is named
/// nowhere, since it may be a piece of a password. Keys listed as secret get one more guard:
/// when a secret's value may be the first line of a wrapped base64 text (any width: `base64`
/// wraps at 76 columns, `openssl base64` at 64, `fold -w N` at anything), a later line that
/// starts with base64 characters that are not the name of a `NAME=value` assignment is taken
/// as the rest of the value, and refused naming the secret's line. Read as a line of its
/// own, its first word would be a key (`ekFCQw==` reads as `ekFCQw` set to `=`), which a
/// warning would then name, and the password would be silently cut.
public struct AssignmentParser: Sendable {
    /// Larger input is refused outright; real files are under 2 KiB.
    public static let sizeLimit = 64 * 1024
    public let fileName: String
    /// Keys whose values are secrets (os.conf: `password`).
    public let secretKeys: Set<String>
    /// Keys in whose values `$` is a plain character, bare or inside double quotes: Tencent
    /// Cloud's `password=$6$salt$hash` is a crypt(3) string its own script hands to
    /// `chpasswd -e`, never to a shell. Every other shell character still fails the line.
    public let literalDollarKeys: Set<String>

    public init(fileName: String, secretKeys: Set<String> = [], literalDollarKeys: Set<String> = []) {
        self.fileName = fileName
        self.secretKeys = secretKeys
        self.literalDollarKeys = literalDollarKeys
    }

    public func parse(_ bytes: [UInt8]) throws(OSConfError) -> [Assignment] {
        let result = parseAll(bytes)
        if let first = result.errors.first { throw first }
        return result.assignments
    }

    /// Every well-formed assignment and every line's error, in line order, for a linter that
    /// reports them all (``parse(_:)`` throws the first). A bad line is reported and skipped.
    /// Line errors stop at a line that a shell would continue onto the next (an unterminated
    /// quote, a trailing backslash) and at the rest of a wrapped secret: the lines after it
    /// are no longer lines as a shell reads them, and one of them may be a piece of the
    /// password, whose first word an error would name as its key.
    public func parseAll(_ bytes: [UInt8]) -> (assignments: [Assignment], errors: [OSConfError]) {
        guard bytes.count <= Self.sizeLimit else {
            return ([], [OSConfError(file: fileName, line: nil, key: nil, reason: .tooLarge(limit: Self.sizeLimit))])
        }
        var body = bytes[...]
        if body.starts(with: [0xEF, 0xBB, 0xBF]) { body = body.dropFirst(3) }
        var assignments: [Assignment] = []
        var errors: [OSConfError] = []
        // The last secret whose value may have been wrapped, and how its first line ends.
        // Not only the next line is checked: another line may have been put between the
        // pieces.
        var wrappableSecret: (assignment: Assignment, firstLine: WrappedStart)?
        for (index, lineBytes) in Self.lines(of: body).enumerated() {
            let lineNumber = index + 1
            if lineBytes.contains(0) {
                errors.append(OSConfError(file: fileName, line: lineNumber, key: nil, reason: .containsNUL))
                continue
            }
            guard let text = String(validating: lineBytes, as: UTF8.self) else {
                errors.append(OSConfError(file: fileName, line: lineNumber, key: nil, reason: .notUTF8))
                continue
            }
            let scalars = Array(text.unicodeScalars)
            if let secret = wrappableSecret, Self.continuesBase64(scalars, after: secret.firstLine) {
                errors.append(
                    OSConfError(
                        file: fileName, line: secret.assignment.line, key: secret.assignment.key,
                        reason: .invalidValue(
                            "the base64 value goes on over line \(lineNumber); write it on one line (base64 -w 0)")))
                break
            }
            do {
                if let assignment = try parseLine(scalars, line: lineNumber) {
                    assignments.append(assignment)
                    if secretKeys.contains(assignment.key), let start = Self.wrappedStart(assignment.value) {
                        wrappableSecret = (assignment, start)
                    }
                }
            } catch {
                errors.append(error)
                if Self.leavesLineOpen(scalars) { break }
            }
        }
        return (assignments, errors)
    }

    /// True when a shell would read on past the end of `line`: it ends inside a quote or with
    /// a backslash. Judged by quoting alone, whatever else is wrong with the line.
    static func leavesLineOpen(_ line: [Unicode.Scalar]) -> Bool {
        var quote: Unicode.Scalar?
        var index = 0
        while index < line.count {
            let c = line[index]
            switch (quote, c) {
            case ("'", "'"), ("\"", "\""): quote = nil
            case (nil, "'"), (nil, "\""): quote = c
            case (nil, "#") where index == 0 || isBlank(line[index - 1]): return false
            case (nil, "\\"), ("\"", "\\"):
                if index + 1 == line.count { return true }
                index += 1
            default: break
            }
            index += 1
        }
        return quote != nil
    }

    /// The lines of `body`, without their endings. LF, CRLF and a bare CR each end a line; a
    /// last line without an ending counts, so `a=1` is one line and `a=1\n` is one line and an
    /// empty one, as numbering by LF always did.
    static func lines(of body: ArraySlice<UInt8>) -> [ArraySlice<UInt8>] {
        var lines: [ArraySlice<UInt8>] = []
        var start = body.startIndex
        var index = body.startIndex
        while index < body.endIndex {
            let byte = body[index]
            if byte == UInt8(ascii: "\n") || byte == UInt8(ascii: "\r") {
                lines.append(body[start..<index])
                let next = body.index(after: index)
                index =
                    byte == UInt8(ascii: "\r") && next < body.endIndex && body[next] == UInt8(ascii: "\n")
                    ? body.index(after: next) : next
                start = index
            } else {
                index = body.index(after: index)
            }
        }
        lines.append(body[start..<body.endIndex])
        return lines
    }

    /// The first line of a base64 text that may go on over later lines.
    struct WrappedStart: Sendable, Equatable {
        /// The base64 symbols the line starts with.
        var symbols: Int
        /// The line is only base64 symbols, and not a multiple of four of them: it cannot be
        /// a whole base64 text (RFC 4648 section 4), so it was cut.
        var isCut: Bool
    }

    /// How `value` starts, when it may be the first line of a wrapped base64 text; nil when it
    /// cannot be. Any width counts (`fold -w 4` wraps too), so one symbol is enough, unless the
    /// symbols are followed by the padding that ends a base64 text. Only the start counts, so
    /// that something run together with the first line (another assignment after a vertical
    /// tab) does not hide the wrap.
    static func wrappedStart(_ value: String) -> WrappedStart? {
        let scalars = Array(value.unicodeScalars)
        let symbols = scalars.prefix(while: isBase64Symbol).count
        guard symbols > 0 else { return nil }
        let rest = scalars[symbols...]
        if (1...2).contains(rest.count) && rest.allSatisfy({ $0 == "=" }) { return nil }
        return WrappedStart(symbols: symbols, isCut: rest.isEmpty && symbols % 4 != 0)
    }

    /// True when `line` starts the way the rest of a wrapped base64 value would, after `first`:
    /// a run of base64 symbols that is not the name of a `NAME=value` assignment. That run is
    /// what an error or warning would otherwise name as the line's key. `export` followed by
    /// more is the keyword.
    ///
    /// A word ended by padding (`=`, `==`) and nothing else also reads as an empty assignment
    /// (`hostname=`). It is taken as the rest of the value when the first line was cut, or when
    /// the two together make a multiple of four symbols: a real wrapped tail always does, and
    /// `hostname=` (9) after a whole base64 text never does.
    static func continuesBase64(_ line: [Unicode.Scalar], after first: WrappedStart) -> Bool {
        var index = 0
        while index < line.count && isBlank(line[index]) { index += 1 }
        let start = index
        while index < line.count && (isBase64Symbol(line[index]) || line[index] == "_") { index += 1 }
        let word = line[start..<index]
        // `_` is no base64 symbol: a word with one is a name such as eth0_ip_addr.
        guard !word.isEmpty, !word.contains("_") else { return false }
        var padding = 0
        while index < line.count && line[index] == "=" {
            padding += 1
            index += 1
        }
        if word.contains(where: { $0 == "+" || $0 == "/" }) { return true }
        if padding == 0 {
            return !(String(String.UnicodeScalarView(word)) == "export" && index < line.count)
        }
        guard padding <= 2 && (index == line.count || isBlank(line[index])) else { return false }
        return first.isCut || (first.symbols + word.count + padding) % 4 == 0
    }

    private static func isBase64Symbol(_ c: Unicode.Scalar) -> Bool {
        (isNameChar(c) && c != "_") || c == "+" || c == "/"
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
        // Without '=' right after it the word is no key, and it is not named: a bare word
        // may be a piece of a password (a wrapped value, or one pasted on a line of its own).
        guard i < s.count, s[i] == "=" else {
            if i < s.count && Self.isBlank(s[i]) {
                throw fail(line, nil, "a bare command or a space before '=' runs a command in a shell")
            }
            throw fail(line, nil, "'=' must follow the name directly")
        }
        i += 1

        let dollarIsLiteral = literalDollarKeys.contains(key)
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
                    if (d == "$" && !dollarIsLiteral) || d == "`" {
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
            case "$" where dollarIsLiteral:
                value.append(c)
                i += 1
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
