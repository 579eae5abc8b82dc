/// Values for shell-variable files (RHEL ifcfg, route-ethN) that initscripts source as shell
/// and NetworkManager's ifcfg-rh plugin parses with a shell-like reader.
public enum ShellQuoting {
    /// `text` unchanged when it holds only characters with no meaning to a shell (the addresses,
    /// names and numbers the model produces), otherwise single-quoted with each `'` written
    /// as `'\''`, which no shell expands.
    public static func quote(_ text: String) -> String {
        if !text.isEmpty && text.unicodeScalars.allSatisfy(isPlain) { return text }
        return "'" + text.split(separator: "'", omittingEmptySubsequences: false).joined(separator: "'\\''") + "'"
    }

    private static func isPlain(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar {
        case "a"..."z", "A"..."Z", "0"..."9", ".", ":", "/", "-", "_", ",", "@", "+": return true
        default: return false
        }
    }
}
