/// Root's password as os.conf gives it.
///
/// The plaintext never leaves this type in a printable form: `description` and
/// `debugDescription` are redacted so that no log line, error or `print` can reveal it.
public enum RootPassword: Sendable, Hashable, CustomStringConvertible, CustomDebugStringConvertible {
    /// Alibaba Cloud: the decoded base64 value, without its one trailing newline.
    case plaintext([UInt8])
    /// Tencent Cloud forced imports hand over a crypt(3) hash (`$6$...`); it is used as is.
    case cryptHash(String)

    /// The longest plaintext, in bytes, that can ever be used to log in. libxcrypt's crypt(3)
    /// refuses a passphrase of 512 bytes or more (CRYPT_MAX_PASSPHRASE_SIZE) and returns the
    /// failure token `*0`, so a hash stored for a longer password would lock root out for
    /// good. The limit is on the bytes that are hashed: after the trailing newline is dropped.
    /// A ready-made crypt hash is not affected: it was made by whoever chose the password.
    public static let maximumPlaintextLength = 511

    public var description: String { "<redacted>" }
    public var debugDescription: String { "<redacted>" }

    /// The crypt(3) hash to store: the given hash, or SHA-512 crypt of the plaintext with `salt`.
    public func cryptHash(salt: String) -> String {
        switch self {
        case .plaintext(let bytes): return SHA512Crypt.hash(password: bytes, salt: salt)
        case .cryptHash(let hash): return hash
        }
    }
}
