/// A YAML document the project writes itself, and its emitter.
///
/// Every string is written double-quoted with escapes, whatever it holds: YAML 1.1 readers
/// (PyYAML in cloud-init, libyaml in netplan) turn unquoted `00:11:22:33:44:55` into a
/// base-60 integer and `yes`, `no`, `on`, `off`, `null`, `~` or `1e3` into non-strings.
/// Quoting all strings, rather than guessing which need it, makes that class of bug
/// impossible. Keys are the project's own identifiers and are written plain.
public indirect enum YAMLValue: Sendable, Hashable {
    case string(String)
    case integer(Int)
    case boolean(Bool)
    case sequence([YAMLValue])
    case mapping([(key: String, value: YAMLValue)])

    public static func == (lhs: YAMLValue, rhs: YAMLValue) -> Bool {
        lhs.rendered == rhs.rendered
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(rendered)
    }

    /// The block-style text of this value as a whole document, ending in a newline.
    public var rendered: String {
        var lines: [String] = []
        emit(into: &lines, indent: 0)
        return lines.joined(separator: "\n") + "\n"
    }

    private var isScalarOrEmpty: Bool {
        switch self {
        case .string, .integer, .boolean: return true
        case .sequence(let items): return items.isEmpty
        case .mapping(let pairs): return pairs.isEmpty
        }
    }

    private var inline: String {
        switch self {
        case .string(let text): return Self.quote(text)
        case .integer(let number): return String(number)
        case .boolean(let flag): return flag ? "true" : "false"
        case .sequence: return "[]"
        case .mapping: return "{}"
        }
    }

    private func emit(into lines: inout [String], indent: Int) {
        let pad = String(repeating: " ", count: indent)
        switch self {
        case .mapping(let pairs) where !pairs.isEmpty:
            for (key, value) in pairs {
                if value.isScalarOrEmpty {
                    lines.append("\(pad)\(key): \(value.inline)")
                } else {
                    lines.append("\(pad)\(key):")
                    value.emit(into: &lines, indent: indent + 2)
                }
            }
        case .sequence(let items) where !items.isEmpty:
            for item in items {
                if item.isScalarOrEmpty {
                    lines.append("\(pad)- \(item.inline)")
                } else {
                    // The first line of a nested block goes on the dash line.
                    var nested: [String] = []
                    item.emit(into: &nested, indent: indent + 2)
                    if let first = nested.first {
                        lines.append("\(pad)- " + first.dropFirst(indent + 2))
                        lines += nested.dropFirst()
                    }
                }
            }
        default:
            lines.append(pad + inline)
        }
    }

    /// A double-quoted YAML scalar. Everything outside printable ASCII, and `"` and `\`, is
    /// escaped, so the value can never end the scalar, start a new line or hide a character.
    public static func quote(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\t": out += "\\t"
            case "\r": out += "\\r"
            default:
                if scalar.value >= 0x20 && scalar.value < 0x7f {
                    out.unicodeScalars.append(scalar)
                } else if scalar.value <= 0xffff {
                    out += "\\u" + hex(scalar.value, width: 4)
                } else {
                    out += "\\U" + hex(scalar.value, width: 8)
                }
            }
        }
        return out + "\""
    }

    private static func hex(_ value: UInt32, width: Int) -> String {
        let digits = String(value, radix: 16)
        return String(repeating: "0", count: max(0, width - digits.count)) + digits
    }
}
