/// What the boot job changed in a tree, kept in the state so that `osconf2seed clean` can undo
/// it: every file it wrote or removed, each either `created` (nothing was there before: clean
/// removes it) or `original` (the image's file as it was when the job first changed it is kept
/// under ``originalsDirectory``: clean puts it back); the directories it created; whether
/// root's password field in /etc/shadow, as it was, is kept in ``rootHashPath``; and the keys
/// it added to root's `authorized_keys` (``AddedAuthorizedKeys``: only those lines are taken out).
///
/// Paths are relative to the root. Once recorded, a path keeps its first origin: a later boot
/// (a new os.conf) never replaces the kept original with what an earlier boot wrote.
public struct AppliedFiles: Sendable, Hashable {
    /// The kept originals, each at its own path below this directory.
    public static let originalsDirectory = "var/lib/osconf2seed/original"
    /// root's password field in /etc/shadow as it was (a hash, `*`, `!…`: the field's bytes only,
    /// never the whole file), 0600.
    public static let rootHashPath = "var/lib/osconf2seed/original-root-hash"

    /// Whether a file was there before the job first changed it.
    public enum Origin: String, Sendable, Hashable {
        case created, original
    }

    public var files: [String: Origin]
    public var directories: Set<String>
    public var rootHashKept: Bool
    public var authorizedKeys = AddedAuthorizedKeys()

    public init(files: [String: Origin] = [:], directories: Set<String> = [], rootHashKept: Bool = false) {
        self.files = files
        self.directories = directories
        self.rootHashKept = rootHashKept
    }

    /// The record in a state file's text; other lines, and paths that are absolute or climb
    /// out of the root, are ignored, so a damaged state can never make `clean` touch anything
    /// outside the tree.
    public init(stateText: String) {
        self.init()
        for line in stateText.split(separator: "\n") {
            guard let equals = line.firstIndex(of: "=") else { continue }
            let value = String(line[line.index(after: equals)...])
            switch line[..<equals] {
            case "root-hash" where value == "kept":
                rootHashKept = true
            case "dir" where Self.isInsideRoot(value):
                directories.insert(value)
            case let key where authorizedKeys.read(key: key, value: value, pathIsInsideRoot: Self.isInsideRoot(value)):
                continue
            case let key:
                if let origin = Origin(rawValue: String(key)), Self.isInsideRoot(value) { files[value] = origin }
            }
        }
    }

    public var isEmpty: Bool { files.isEmpty && directories.isEmpty && !rootHashKept && authorizedKeys.isEmpty }

    /// The files clean removes, sorted.
    public var created: [String] { files.filter { $0.value == .created }.map({ $0.key }).sorted() }

    /// The files clean puts back, sorted.
    public var originals: [String] { files.filter { $0.value == .original }.map({ $0.key }).sorted() }

    /// Where the original of `path` is kept.
    public static func originalPath(of path: String) -> String { FilePath.join(originalsDirectory, path) }

    /// Records `path` as written by the job over nothing, unless it is already recorded.
    public mutating func recordCreated(_ path: String) {
        if files[path] == nil { files[path] = .created }
    }

    /// The state file's lines for this record, in a stable order.
    public var lines: [String] {
        var lines = originals.map { "original=\($0)" } + created.map { "created=\($0)" }
        lines += directories.sorted().map { "dir=\($0)" }
        if rootHashKept { lines.append("root-hash=kept") }
        return lines + authorizedKeys.lines
    }

    /// `path` as a String when it is root-relative and stays inside the root; nil otherwise.
    static func insideRoot(_ path: Substring) -> String? {
        isInsideRoot(String(path)) ? String(path) : nil
    }

    private static func isInsideRoot(_ path: String) -> Bool {
        let components = path.split(separator: "/", omittingEmptySubsequences: false)
        return !path.isEmpty && !path.hasPrefix("/") && !components.contains { $0.isEmpty || $0 == "." || $0 == ".." }
    }
}
