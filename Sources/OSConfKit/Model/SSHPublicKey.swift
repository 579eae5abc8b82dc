/// One SSH public key, as it may stand alone on a line of root's `authorized_keys`: key type,
/// the key in base64, and an optional comment (sshd(8), "AUTHORIZED_KEYS FILE FORMAT"). A
/// cloud's metadata gives plain keys, so a line with options (`command="…"`, `from=…`,
/// `environment=…`) is refused rather than passed on: options in a key from the drive would
/// let whoever wrote the drive decide what root's logins run.
///
/// Checked: the text is one line (a line break would add a second line to `authorized_keys`)
/// without control characters; the type is one OpenSSH knows for a plain key (sshkey.c's key
/// types, certificates excluded); the base64 decodes, to at most 16384 bytes (OpenSSH's
/// `SSH_MAX_PUBKEY_BYTES`), and the blob starts with the same type as an SSH string (RFC 4253
/// 6.6: a uint32 length, then the name), so a key of one type cannot pose as another.
public struct SSHPublicKey: Sendable, Hashable {
    /// Why a key was refused. The message never holds the key's text.
    public struct Failure: Error, Sendable, Hashable, CustomStringConvertible {
        public var message: String
        public var description: String { message }
    }

    /// The plain key types of OpenSSH (sshkey.c); `ssh-dss` is kept for older images, whose
    /// sshd decides whether it takes it.
    public static let knownTypes: Set<String> = [
        "ssh-ed25519", "ssh-rsa", "ssh-dss", "ecdsa-sha2-nistp256", "ecdsa-sha2-nistp384", "ecdsa-sha2-nistp521",
        "sk-ecdsa-sha2-nistp256@openssh.com", "sk-ssh-ed25519@openssh.com",
    ]
    /// OpenSSH's `SSH_MAX_PUBKEY_BYTES`: no key blob it reads is larger.
    public static let maximumBlobLength = 16384

    /// `ssh-ed25519`, `ssh-rsa`, ...
    public let type: String
    /// The key blob in base64, as given (standard alphabet, `=` padding).
    public let base64: String
    /// The rest of the line, white space at its ends dropped; may be empty.
    public let comment: String

    /// Reads `text`: one key, with white space (a trailing line break, as Nova's `key_data`
    /// has) around it dropped. Throws ``Failure`` for anything else.
    public init(_ text: String) throws(Failure) {
        let line = text.trimmingSeparators()
        if line.unicodeScalars.contains(where: Self.isControl) {
            throw Failure(message: "holds a line break or a control character: a key is one line")
        }
        let fields = line.splitOnce()
        guard Self.knownTypes.contains(fields.head) else {
            throw Failure(
                message: fields.head.contains(where: { "=\",".contains($0) })
                    ? "starts with options (such as command=\"...\"), which are not taken from the drive"
                    : "does not start with a known key type")
        }
        let rest = fields.tail.splitOnce()
        guard let blob = Base64.decode(rest.head), !rest.head.isEmpty else {
            throw Failure(message: "\(fields.head): the key is not base64")
        }
        guard blob.count <= Self.maximumBlobLength else {
            throw Failure(message: "\(fields.head): the key is longer than \(Self.maximumBlobLength) bytes")
        }
        guard Self.blobType(blob) == fields.head else {
            throw Failure(message: "\(fields.head): the key inside is not of that type")
        }
        type = fields.head
        base64 = rest.head
        comment = rest.tail
    }

    /// The line for `authorized_keys`, without its line break: type, key, comment, one space apart.
    public var line: String { comment.isEmpty ? "\(type) \(base64)" : "\(type) \(base64) \(comment)" }

    /// What messages show of the key: its type and comment, never the key itself.
    public var summary: String { comment.isEmpty ? type : "\(type) \(comment)" }

    /// Whether `other` is the same key, whatever its comment: what sshd compares.
    public func isSameKey(as other: SSHPublicKey) -> Bool { type == other.type && base64 == other.base64 }

    /// The type name an SSH key blob begins with (a uint32 big-endian length, then the name).
    private static func blobType(_ blob: [UInt8]) -> String? {
        guard blob.count >= 4 else { return nil }
        let length = blob[0..<4].reduce(0) { $0 << 8 | Int($1) }
        guard length > 0, length <= 64, blob.count >= 4 + length else { return nil }
        return String(validating: blob[4..<(4 + length)], as: UTF8.self)
    }

    /// C0 and C1 controls, DEL, and Unicode's line and paragraph separators: none belongs in a
    /// line that sshd, cloud-init and a human reader must all see as one line. Tabs between
    /// fields are separators and were allowed for by the split.
    private static func isControl(_ scalar: Unicode.Scalar) -> Bool {
        if scalar == "\t" { return false }
        return scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value) || [0x2028, 0x2029].contains(scalar.value)
    }
}

extension String {
    /// Without spaces, tabs and line breaks at either end.
    fileprivate func trimmingSeparators() -> String {
        let isSeparator: (Character) -> Bool = { $0 == " " || $0 == "\t" || $0 == "\n" || $0 == "\r\n" || $0 == "\r" }
        return String(drop(while: isSeparator).reversed().drop(while: isSeparator).reversed())
    }

    /// The text before the first run of spaces or tabs, and the text after it (ends trimmed).
    fileprivate func splitOnce() -> (head: String, tail: String) {
        guard let end = firstIndex(where: { $0 == " " || $0 == "\t" }) else { return (self, "") }
        return (String(self[..<end]), String(self[end...]).trimmingSeparators())
    }
}
