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
        // A colon or newline would split root's line into other fields or other users.
        guard !hash.isEmpty, !hash.contains(":"), !hash.contains("\n"), !hash.contains("\r") else {
            throw .unusableHash
        }
        var lines = contents.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false)
        let prefix = Array("root:".utf8)
        guard let index = lines.firstIndex(where: { $0.starts(with: prefix) }) else { throw .noRootEntry }
        var fields = lines[index].split(separator: UInt8(ascii: ":"), omittingEmptySubsequences: false)
        guard fields.count >= 2 else { throw .noRootEntry }
        fields[1] = ArraySlice(hash.utf8)
        lines[index] = ArraySlice(Array(fields.joined(separator: [UInt8(ascii: ":")])))
        return Array(lines.joined(separator: [UInt8(ascii: "\n")]))
    }
}
