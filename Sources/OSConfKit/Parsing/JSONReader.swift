/// A strict, bounded JSON reader (RFC 8259) for the few JSON files the project reads from a
/// cloud (the config drive's `openstack/latest/meta_data.json`), without Foundation.
///
/// Strict: one value with optional white space around it; UTF-8 only (RFC 8259 8.1), no byte
/// order mark; no comments, trailing commas, single quotes, bare words, `NaN` or leading
/// zeros; control characters only escaped inside strings; `\u` escapes must pair surrogates;
/// an object with the same member twice is refused (RFC 8259 4 leaves such a document's
/// meaning open, and a reader that takes the last would see other keys than one that takes
/// the first). Bounded: nesting deeper than ``maximumDepth`` is refused before it is followed,
/// so no input can exhaust the stack; the caller caps the size before reading.
///
/// Numbers are checked against the grammar and kept as their text (``JSONValue/number(_:)``):
/// nothing the project reads is a number it computes with.
public struct JSONReader: Sendable {
    /// Why a document was refused, and where: the 1-based line and column of the byte at
    /// which reading stopped. Never holds the document's text.
    public struct Failure: Error, Sendable, Hashable, CustomStringConvertible {
        public var line: Int
        public var column: Int
        public var message: String

        public var description: String { "line \(line), column \(column): \(message)" }
    }

    /// Arrays and objects within each other, at most. The config drive's files nest four deep.
    public static let maximumDepth = 32

    private let bytes: [UInt8]
    private var position = 0

    private init(_ bytes: [UInt8]) {
        self.bytes = bytes
    }

    /// The value `bytes` hold; throws ``Failure`` on anything RFC 8259 does not allow.
    public static func read(_ bytes: [UInt8]) throws(Failure) -> JSONValue {
        var reader = JSONReader(bytes)
        guard String(validating: bytes, as: UTF8.self) != nil else { throw reader.failure("not UTF-8") }
        reader.skipWhiteSpace()
        let value = try reader.value(depth: 0)
        reader.skipWhiteSpace()
        guard reader.position == bytes.count else { throw reader.failure("text after the value") }
        return value
    }

    private mutating func value(depth: Int) throws(Failure) -> JSONValue {
        guard let byte = peek() else { throw failure("the document ends where a value should be") }
        switch byte {
        case UInt8(ascii: "{"):
            guard depth < Self.maximumDepth else { throw failure("nested deeper than \(Self.maximumDepth)") }
            return try object(depth: depth + 1)
        case UInt8(ascii: "["):
            guard depth < Self.maximumDepth else { throw failure("nested deeper than \(Self.maximumDepth)") }
            return try array(depth: depth + 1)
        case UInt8(ascii: "\""): return .string(try string())
        case UInt8(ascii: "t"):
            try literal("true")
            return .boolean(true)
        case UInt8(ascii: "f"):
            try literal("false")
            return .boolean(false)
        case UInt8(ascii: "n"):
            try literal("null")
            return .null
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return .number(try number())
        default: throw failure("unexpected character")
        }
    }

    private mutating func object(depth: Int) throws(Failure) -> JSONValue {
        position += 1
        var members: [(key: String, value: JSONValue)] = []
        var names: Set<String> = []
        skipWhiteSpace()
        if peek() == UInt8(ascii: "}") {
            position += 1
            return .object(members)
        }
        while true {
            skipWhiteSpace()
            guard peek() == UInt8(ascii: "\"") else { throw failure("a member name must be a string") }
            let start = position
            let name = try string()
            guard names.insert(name).inserted else {
                position = start
                throw failure("a member appears twice")
            }
            skipWhiteSpace()
            guard peek() == UInt8(ascii: ":") else { throw failure("':' expected after a member name") }
            position += 1
            skipWhiteSpace()
            members.append((name, try value(depth: depth)))
            skipWhiteSpace()
            switch peek() {
            case UInt8(ascii: ","): position += 1
            case UInt8(ascii: "}"):
                position += 1
                return .object(members)
            default: throw failure("',' or '}' expected")
            }
        }
    }

    private mutating func array(depth: Int) throws(Failure) -> JSONValue {
        position += 1
        var items: [JSONValue] = []
        skipWhiteSpace()
        if peek() == UInt8(ascii: "]") {
            position += 1
            return .array(items)
        }
        while true {
            skipWhiteSpace()
            items.append(try value(depth: depth))
            skipWhiteSpace()
            switch peek() {
            case UInt8(ascii: ","): position += 1
            case UInt8(ascii: "]"):
                position += 1
                return .array(items)
            default: throw failure("',' or ']' expected")
            }
        }
    }

    private mutating func string() throws(Failure) -> String {
        position += 1
        var scalars = String.UnicodeScalarView()
        var run = position
        while true {
            guard let byte = peek() else { throw failure("a string is not closed") }
            switch byte {
            case UInt8(ascii: "\""):
                scalars.append(contentsOf: String(decoding: bytes[run..<position], as: UTF8.self).unicodeScalars)
                position += 1
                return String(scalars)
            case UInt8(ascii: "\\"):
                scalars.append(contentsOf: String(decoding: bytes[run..<position], as: UTF8.self).unicodeScalars)
                position += 1
                scalars.append(try escape())
                run = position
            case 0..<0x20:
                throw failure("a control character in a string must be escaped")
            default:
                // The document is valid UTF-8 (checked first), so a multi-byte character is
                // copied whole with its run.
                position += 1
            }
        }
    }

    private mutating func escape() throws(Failure) -> Unicode.Scalar {
        guard let byte = peek() else { throw failure("a string is not closed") }
        position += 1
        switch byte {
        case UInt8(ascii: "\""): return "\""
        case UInt8(ascii: "\\"): return "\\"
        case UInt8(ascii: "/"): return "/"
        case UInt8(ascii: "b"): return "\u{08}"
        case UInt8(ascii: "f"): return "\u{0C}"
        case UInt8(ascii: "n"): return "\n"
        case UInt8(ascii: "r"): return "\r"
        case UInt8(ascii: "t"): return "\t"
        case UInt8(ascii: "u"):
            let first = try hexQuad()
            if (0xDC00...0xDFFF).contains(first) { throw failure("a low surrogate without a high one") }
            guard (0xD800...0xDBFF).contains(first) else {
                // Not a surrogate: every other UTF-16 unit is a scalar.
                guard let scalar = Unicode.Scalar(first) else { throw failure("not a character") }
                return scalar
            }
            guard peek() == UInt8(ascii: "\\"), peek(at: 1) == UInt8(ascii: "u") else {
                throw failure("a high surrogate without a low one")
            }
            position += 2
            let second = try hexQuad()
            guard (0xDC00...0xDFFF).contains(second) else { throw failure("a high surrogate without a low one") }
            let value = 0x10000 + ((UInt32(first) - 0xD800) << 10) + (UInt32(second) - 0xDC00)
            guard let scalar = Unicode.Scalar(value) else { throw failure("not a character") }
            return scalar
        default:
            position -= 1
            throw failure("unknown escape")
        }
    }

    private mutating func hexQuad() throws(Failure) -> UInt16 {
        var value: UInt16 = 0
        for _ in 0..<4 {
            guard let byte = peek() else { throw failure("a \\u escape needs four hex digits") }
            let digit: UInt8
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = byte - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = byte - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = byte - UInt8(ascii: "A") + 10
            default: throw failure("a \\u escape needs four hex digits")
            }
            value = value << 4 | UInt16(digit)
            position += 1
        }
        return value
    }

    /// `-? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)?`, as its text.
    private mutating func number() throws(Failure) -> String {
        let start = position
        if peek() == UInt8(ascii: "-") { position += 1 }
        if peek() == UInt8(ascii: "0") {
            position += 1
            if let next = peek(), Self.isDigit(next) { throw failure("a number with a leading zero") }
        } else {
            try digits()
        }
        if peek() == UInt8(ascii: ".") {
            position += 1
            try digits()
        }
        if peek() == UInt8(ascii: "e") || peek() == UInt8(ascii: "E") {
            position += 1
            if peek() == UInt8(ascii: "+") || peek() == UInt8(ascii: "-") { position += 1 }
            try digits()
        }
        return String(decoding: bytes[start..<position], as: UTF8.self)
    }

    private mutating func digits() throws(Failure) {
        guard let first = peek(), Self.isDigit(first) else { throw failure("a digit expected") }
        while let byte = peek(), Self.isDigit(byte) { position += 1 }
    }

    private mutating func literal(_ word: String) throws(Failure) {
        for expected in word.utf8 {
            guard peek() == expected else { throw failure("unexpected character") }
            position += 1
        }
    }

    /// RFC 8259 2: space, tab, line feed, carriage return; nothing else.
    private mutating func skipWhiteSpace() {
        while let byte = peek(), [0x20, 0x09, 0x0A, 0x0D].contains(byte) { position += 1 }
    }

    private func peek(at offset: Int = 0) -> UInt8? {
        position + offset < bytes.count ? bytes[position + offset] : nil
    }

    private static func isDigit(_ byte: UInt8) -> Bool { (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) }

    private func failure(_ message: String) -> Failure {
        var line = 1
        var lineStart = 0
        for (index, byte) in bytes[..<min(position, bytes.count)].enumerated() where byte == 0x0A {
            line += 1
            lineStart = index + 1
        }
        // Columns count characters, not bytes: continuation bytes are skipped.
        let column = bytes[lineStart..<min(position, bytes.count)].filter { $0 & 0xC0 != 0x80 }.count + 1
        return Failure(line: line, column: column, message: message)
    }
}
