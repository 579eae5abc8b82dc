/// The keys a boot gave root from the config drive, kept in the state so that `clean` takes
/// out exactly those lines of root's `authorized_keys` and leaves every other line as it is.
///
/// State lines: `authorized-keys=PATH` (the file, relative to the root; `authorized-keys-created=PATH`
/// when no such file was there before the first boot that added a key) and one
/// `authorized-key=LINE` per key line added. A line that is not a plain key
/// (``SSHPublicKey``), and a path that is absolute or climbs out of the root, are ignored.
public struct AddedAuthorizedKeys: Sendable, Hashable {
    /// Root's `authorized_keys`, relative to the root (`root/.ssh/authorized_keys`).
    public var path: String?
    /// True when the file was not there before: `clean` removes it once it holds no other line.
    public var fileCreated: Bool
    /// The keys added, each as the line written (by the job, or by cloud-init from the seed).
    public var keys: [SSHPublicKey]

    public init(path: String? = nil, fileCreated: Bool = false, keys: [SSHPublicKey] = []) {
        self.path = path
        self.fileCreated = fileCreated
        self.keys = keys
    }

    public var isEmpty: Bool { keys.isEmpty }

    /// Adds `added`, written to `path` (which existed before when `existed`). The first boot
    /// that adds a key names the file: later ones add to the same record.
    public mutating func record(_ added: [SSHPublicKey], in path: String, existed: Bool) {
        guard !added.isEmpty else { return }
        if self.path == nil {
            self.path = path
            fileCreated = !existed
        }
        for key in added where !keys.contains(where: { $0.isSameKey(as: key) }) { keys.append(key) }
    }

    /// Takes one state line (`key`, `value`); false when it is not one of this record's.
    mutating func read(key: Substring, value: String, pathIsInsideRoot: Bool) -> Bool {
        switch key {
        case "authorized-keys", "authorized-keys-created":
            if pathIsInsideRoot {
                path = value
                fileCreated = key == "authorized-keys-created"
            }
        case "authorized-key":
            if let key = try? SSHPublicKey(value) { keys.append(key) }
        default:
            return false
        }
        return true
    }

    /// The state file's lines for this record.
    var lines: [String] {
        guard let path, !keys.isEmpty else { return [] }
        return [(fileCreated ? "authorized-keys-created=" : "authorized-keys=") + path]
            + keys.map { "authorized-key=" + $0.line }
    }
}
