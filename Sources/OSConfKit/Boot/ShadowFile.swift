/// The /etc/shadow edit that sets root's password hash: only the second field of root's line
/// changes; every other byte of the file stays as it was.
public enum ShadowFile {
    /// Why the edit cannot be made.
    public enum Problem: Error, Sendable, Hashable, CustomStringConvertible {
        case noRootEntry
        case unusableHash

        public var description: String {
            switch self {
            case .noRootEntry: return "/etc/shadow has no entry for root"
            case .unusableHash: return "the password hash cannot be stored in /etc/shadow"
            }
        }
    }

    public static func settingRootHash(_ hash: String, in contents: [UInt8]) throws(Problem) -> [UInt8] {
        // A colon or newline would split root's line into other fields or other users (the
        // field edit refuses those); an empty or CR-carrying hash would be no usable password.
        guard !hash.isEmpty, !hash.contains("\r") else { throw .unusableHash }
        return try settingRootField(Array(hash.utf8), in: contents)
    }

    /// root's password field (the second field of its line) as stored: a hash, `*`, `!…` or
    /// empty. `clean` puts exactly these bytes back.
    public static func rootField(in contents: [UInt8]) throws(Problem) -> [UInt8] {
        let lines = contents.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false)
        guard let line = lines.first(where: { $0.starts(with: rootPrefix) }) else { throw .noRootEntry }
        let fields = line.split(separator: UInt8(ascii: ":"), omittingEmptySubsequences: false)
        guard fields.count >= 2 else { throw .noRootEntry }
        return Array(fields[1])
    }

    /// `contents` with root's password field replaced by `field`, which may be anything but a
    /// colon or a newline (an original field read by ``rootField(in:)`` never holds either).
    public static func settingRootField(_ field: [UInt8], in contents: [UInt8]) throws(Problem) -> [UInt8] {
        guard !field.contains(UInt8(ascii: ":")), !field.contains(UInt8(ascii: "\n")) else { throw .unusableHash }
        var lines = contents.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false)
        guard let index = lines.firstIndex(where: { $0.starts(with: rootPrefix) }) else { throw .noRootEntry }
        var fields = lines[index].split(separator: UInt8(ascii: ":"), omittingEmptySubsequences: false)
        guard fields.count >= 2 else { throw .noRootEntry }
        fields[1] = ArraySlice(field)
        lines[index] = ArraySlice(Array(fields.joined(separator: [UInt8(ascii: ":")])))
        return Array(lines.joined(separator: [UInt8(ascii: "\n")]))
    }

    private static let rootPrefix = Array("root:".utf8)
}
