/// A file of the checked tree as `check` sees it: its text, absent, or there but unreadable
/// (which a check must report as unknown, never take as absent).
enum TreeText: Sendable, Hashable {
    case text(String)
    case missing
    /// The reason, e.g. `permission denied`.
    case unreadable(String)

    /// Reads `path` of `tree` (at most `limit` bytes; a larger file is unreadable).
    static func read(_ path: String, in tree: RootTree, limit: Int = 4 << 20) -> TreeText {
        do {
            let bytes = try tree.fileSystem.readFile(at: try hostPath(path, in: tree), limit: limit)
            return .text(String(decoding: bytes, as: UTF8.self))
        } catch {
            return error.errno == .noSuchFile || error.errno == .notDirectory ? .missing : .unreadable(error.reason)
        }
    }

    /// The host path to read the tree's `path` at. Reads never follow a link in the last
    /// component; a link (/etc/os-release -> ../usr/lib/os-release) is resolved inside the
    /// tree first.
    static func hostPath(_ path: String, in tree: RootTree) throws(SystemError) -> String {
        tree.type(path) == .symbolicLink ? try tree.realPath(path) : tree.path(path)
    }

    /// The text, or nil when missing or unreadable.
    var text: String? {
        if case .text(let text) = self { return text }
        return nil
    }

    /// The file's lines, numbered from 1, with comments (`#` first) and blank lines left out.
    var meaningfulLines: [(number: Int, text: Substring)] {
        guard let text else { return [] }
        var result: [(number: Int, text: Substring)] = []
        for (index, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let trimmed = line.drop { $0 == " " || $0 == "\t" }
            if trimmed.isEmpty || trimmed.hasPrefix("#") { continue }
            result.append((index + 1, trimmed))
        }
        return result
    }
}
