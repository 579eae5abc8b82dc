/// Recognises crypt(3) hashes handed over ready-made (Tencent Cloud writes one instead of a
/// base64 password).
public enum CryptHash {
    /// The scheme ids accepted as ready-made hashes: MD5 (1), bcrypt (2a, 2b, 2y), SHA-256 (5),
    /// SHA-512 (6), scrypt (7), yescrypt (y, RHEL 9's and Debian 11's default) and gost-yescrypt
    /// (gy), the schemes libxcrypt writes.
    static let schemes: Set<Substring> = ["1", "2a", "2b", "2y", "5", "6", "7", "y", "gy"]

    /// The ids cloud-init's `chpasswd.list` pattern, `\$(1|2a|2y|5|6)(\$.+){2}`, takes for a hash
    /// (cloudinit/config/cc_set_passwords.py, unchanged from 17.1 to 25.1; 20.4, 22.4 and 25.1
    /// checked). Any other value there is set as the plain-text password.
    static let chpasswdListSchemes: Set<Substring> = ["1", "2a", "2y", "5", "6"]

    /// True for `$id$salt$hash` and `$id$rounds=N$salt$hash` with a known id, built only from
    /// crypt's alphabet: such a value can be written into any output as is.
    public static func isWellFormed(_ text: String) -> Bool {
        let parts = text.split(separator: "$", omittingEmptySubsequences: false)
        guard parts.count >= 4, parts.count <= 5, parts[0].isEmpty, schemes.contains(parts[1]) else {
            return false
        }
        let allowed = Set(SHA512Crypt.alphabet + Array("=".utf8))
        for part in parts.dropFirst(2) {
            guard !part.isEmpty, part.utf8.allSatisfy({ allowed.contains($0) }) else { return false }
        }
        return true
    }

    /// True for a traditional DES crypt string: 13 characters of crypt's alphabet (2 of salt, 11
    /// of hash), the form every crypt(3) still checks. crypt(3) reads nothing else without `$`.
    public static func isTraditionalDES(_ text: String) -> Bool {
        text.utf8.count == 13 && isCryptAlphabet(text, extra: [])
    }

    /// True for a scheme crypt(3) is known to check: ``isWellFormed(_:)`` or
    /// ``isTraditionalDES(_:)``.
    public static func isKnownScheme(_ text: String) -> Bool {
        isWellFormed(text) || isTraditionalDES(text)
    }

    /// True when every byte of `text` is of crypt's alphabet (`./0-9A-Za-z`) or of the
    /// separators crypt strings use (`$`, `=` in `rounds=`, `,` in Sun MD5's `$md5,rounds=`).
    /// Such a string in no known scheme can only lock the password: crypt(3) fails on it, or
    /// checks it under a scheme osconf2seed does not list.
    public static func isCryptLike(_ text: String) -> Bool {
        !text.isEmpty && isCryptAlphabet(text, extra: Array("$=,".utf8))
    }

    private static func isCryptAlphabet(_ text: String, extra: [UInt8]) -> Bool {
        let allowed = Set(SHA512Crypt.alphabet + extra)
        return text.utf8.allSatisfy { allowed.contains($0) }
    }

    /// True when cloud-init 17.1 and later, given `root:HASH` in `chpasswd.list`, pass the value
    /// to `chpasswd -e`; false when they would set the hash text itself as the password. Follows
    /// the pattern's `re.match` exactly: `$`, a listed id, then `$` and at least one character,
    /// twice (a well-formed hash of a listed scheme always matches).
    public static func isReadByChpasswdList(_ hash: String) -> Bool {
        let parts = hash.split(separator: "$", maxSplits: 2, omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].isEmpty, chpasswdListSchemes.contains(parts[1]) else { return false }
        // After `$id`: `(\$.+){2}`, i.e. some `$` after the first character of the rest that
        // is not its last character.
        let rest = parts[2]
        return rest.count >= 2 && rest.dropFirst().dropLast().contains("$")
    }
}
