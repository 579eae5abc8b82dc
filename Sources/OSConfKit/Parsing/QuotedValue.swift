/// How a value from os.conf appears in an error or a warning: single-quoted, cut short, so
/// that it can carry neither a forged log line nor a secret.
///
/// Messages go to standard error and, at boot, to the kernel log, which other users may be
/// able to read. A value is cut at the first character that no os.conf key quoted in a
/// message can hold in its value: a control character, white space, a quote, `=` or `;`.
/// Whatever follows such a character may be another assignment run together with the bad
/// one (`hostname="web01 password=..."`, or a vertical tab, form feed or NUL between them),
/// and with it the password. The quoted text is also capped at ``maximumLength`` characters.
/// Characters outside ASCII are shown as `\u{...}`, so none can turn the line around or look
/// like another. A cut value ends in `...` inside the quotes.
///
/// The password's own value never goes through here: no message quotes it at all.
enum QuotedValue {
    /// Enough for any address, prefix or route entry and for most host names.
    static let maximumLength = 64

    /// `value` as a message shows it, quotes included: `'10.0.0.256'`, `'web01...'`.
    static func quote<S: StringProtocol>(_ value: S) -> String {
        let (text, isCut) = shown(value, room: maximumLength)
        return "'" + text + (isCut ? "...'" : "'")
    }

    /// Words (a route entry's fields) as a message shows them: each cut as in ``quote(_:)``,
    /// separated by one space, and nothing after the first word that was cut or after the
    /// first `limit` words.
    static func quote<S: StringProtocol>(words: [S], limit: Int) -> String {
        var text = ""
        var isCut = words.count > limit
        for word in words.prefix(limit) {
            let room = maximumLength - text.unicodeScalars.count - (text.isEmpty ? 0 : 1)
            guard room > 0 else {
                isCut = true
                break
            }
            let (shownWord, wordIsCut) = shown(word, room: room)
            text += (text.isEmpty ? "" : " ") + shownWord
            if wordIsCut {
                isCut = true
                break
            }
        }
        return "'" + text + (isCut ? "...'" : "'")
    }

    /// The leading part of `value` that may be shown, at most `room` characters of the input,
    /// and whether anything was left out.
    private static func shown<S: StringProtocol>(_ value: S, room: Int) -> (text: String, isCut: Bool) {
        var text = ""
        var count = 0
        for scalar in value.unicodeScalars {
            guard count < room, !ends(at: scalar) else { return (text, true) }
            if scalar.isASCII {
                text.unicodeScalars.append(scalar)
            } else {
                text += "\\u{" + String(scalar.value, radix: 16) + "}"
            }
            count += 1
        }
        return (text, false)
    }

    /// True for the characters a quoted value is cut at.
    private static func ends(at scalar: Unicode.Scalar) -> Bool {
        switch scalar {
        case "\"", "'", "=", ";": return true
        default:
            return scalar.value < 0x20 || (0x7f...0x9f).contains(scalar.value) || scalar.properties.isWhitespace
        }
    }
}
