/// How a value from os.conf appears in an error or a warning: single-quoted, cut short, so
/// that it can carry neither a forged log line nor a secret.
///
/// Messages go to standard error and, at boot, to the kernel log, which other users may be
/// able to read. The values that messages quote are host names, addresses, netmasks, MACs
/// and route prefixes, so a quoted value shows only what those are made of: ASCII letters,
/// digits, `.`, `-`, `:`, `/`, and `_` (common in wrong host names). It is cut at the first
/// other character: white space, a control character, a quote, `=`, `;`, a shell operator,
/// anything outside ASCII. Whatever follows such a character may be another assignment run
/// together with the bad one (`hostname="web01 password=..."`, or a vertical tab, form feed
/// or NUL between them), and with it the password. The quoted text is also capped at
/// ``maximumLength`` characters. A cut value ends in `...` inside the quotes.
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
            let room = maximumLength - text.utf8.count - (text.isEmpty ? 0 : 1)
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

    /// The leading part of `value` that may be shown, at most `room` characters, and whether
    /// anything was left out.
    private static func shown<S: StringProtocol>(_ value: S, room: Int) -> (text: String, isCut: Bool) {
        var text = String.UnicodeScalarView()
        for scalar in value.unicodeScalars {
            guard text.count < room, isShown(scalar) else { return (String(text), true) }
            text.append(scalar)
        }
        return (String(text), false)
    }

    /// True for the characters that a quoted value may show.
    private static func isShown(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar {
        case "a"..."z", "A"..."Z", "0"..."9", ".", "-", ":", "/", "_": return true
        default: return false
        }
    }
}
