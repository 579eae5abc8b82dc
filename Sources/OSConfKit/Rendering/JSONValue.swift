/// A JSON document the project writes itself (the Ignition config, the model of
/// `convert --format json`, the findings of `validate --json`), and its emitter; also what
/// ``JSONReader`` makes of a document it reads.
///
/// Object members keep the order they are given in, so output is stable and reviewable.
/// Strings are escaped so that the output is pure ASCII: `"`, `\` and every control character
/// are escaped, and everything outside printable ASCII becomes `\uXXXX` (with a surrogate pair
/// above U+FFFF). No value can end its string early or smuggle a raw line separator.
public indirect enum JSONValue: Sendable, Hashable {
    case string(String)
    case integer(Int)
    /// A number as its JSON text, as ``JSONReader`` keeps a number it has checked.
    case number(String)
    case boolean(Bool)
    case array([JSONValue])
    case object([(key: String, value: JSONValue)])
    case null

    public static func == (lhs: JSONValue, rhs: JSONValue) -> Bool {
        lhs.rendered == rhs.rendered
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(rendered)
    }

    /// The document, indented by two spaces per level, ending in a newline.
    public var rendered: String {
        var out = ""
        emit(into: &out, indent: 0)
        return out + "\n"
    }

    /// The document on one line, without white space, ending in a newline: one record of a
    /// JSON Lines stream. Strings escape every newline, so the line holds the whole value.
    public var renderedLine: String {
        var out = ""
        emitCompact(into: &out)
        return out + "\n"
    }

    /// `value`, or JSON's `null` when it is nil.
    public static func optional<Value>(_ value: Value?, _ wrap: (Value) -> JSONValue) -> JSONValue {
        value.map(wrap) ?? .null
    }

    private func emitCompact(into out: inout String) {
        switch self {
        case .array(let items):
            out += "["
            for (position, item) in items.enumerated() {
                if position > 0 { out += "," }
                item.emitCompact(into: &out)
            }
            out += "]"
        case .object(let members):
            out += "{"
            for (position, member) in members.enumerated() {
                if position > 0 { out += "," }
                out += Self.quote(member.key) + ":"
                member.value.emitCompact(into: &out)
            }
            out += "}"
        default: emit(into: &out, indent: 0)
        }
    }

    private func emit(into out: inout String, indent: Int) {
        let inner = String(repeating: " ", count: indent + 2)
        let closing = String(repeating: " ", count: indent)
        switch self {
        case .string(let text): out += Self.quote(text)
        case .integer(let number): out += String(number)
        case .number(let text): out += text
        case .boolean(let flag): out += flag ? "true" : "false"
        case .null: out += "null"
        case .array(let items) where items.isEmpty: out += "[]"
        case .object(let members) where members.isEmpty: out += "{}"
        case .array(let items):
            out += "[\n"
            for (position, item) in items.enumerated() {
                out += inner
                item.emit(into: &out, indent: indent + 2)
                out += position == items.count - 1 ? "\n" : ",\n"
            }
            out += closing + "]"
        case .object(let members):
            out += "{\n"
            for (position, member) in members.enumerated() {
                out += inner + Self.quote(member.key) + ": "
                member.value.emit(into: &out, indent: indent + 2)
                out += position == members.count - 1 ? "\n" : ",\n"
            }
            out += closing + "}"
        }
    }

    /// A JSON string literal for `text` (RFC 8259), ASCII only.
    public static func quote(_ text: String) -> String {
        var out = "\""
        for unit in text.utf16 {
            switch unit {
            case 0x22: out += "\\\""
            case 0x5c: out += "\\\\"
            case 0x0a: out += "\\n"
            case 0x0d: out += "\\r"
            case 0x09: out += "\\t"
            case 0x08: out += "\\b"
            case 0x0c: out += "\\f"
            case 0x20..<0x7f: out.unicodeScalars.append(Unicode.Scalar(UInt8(unit)))
            default:
                // Control characters, DEL and all non-ASCII, as UTF-16 code units: a
                // character above U+FFFF becomes its surrogate pair, as JSON requires.
                let digits = String(unit, radix: 16)
                out += "\\u" + String(repeating: "0", count: 4 - digits.count) + digits
            }
        }
        return out + "\""
    }
}
