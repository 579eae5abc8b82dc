/// Recognises crypt(3) hashes handed over ready-made (Tencent Cloud writes one instead of a
/// base64 password).
public enum CryptHash {
    /// True for `$id$salt$hash` and `$id$rounds=N$salt$hash` with id 1, 5, 6 or y, built only
    /// from crypt's alphabet: such a value can be written into any output as is.
    public static func isWellFormed(_ text: String) -> Bool {
        let parts = text.split(separator: "$", omittingEmptySubsequences: false)
        guard parts.count >= 4, parts.count <= 5, parts[0].isEmpty, ["1", "5", "6", "y"].contains(parts[1]) else {
            return false
        }
        let allowed = Set(SHA512Crypt.alphabet + Array("=".utf8))
        for part in parts.dropFirst(2) {
            guard !part.isEmpty, part.utf8.allSatisfy({ allowed.contains($0) }) else { return false }
        }
        return true
    }
}
