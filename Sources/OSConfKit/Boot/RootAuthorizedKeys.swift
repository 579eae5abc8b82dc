/// Root's `authorized_keys` in a tree, as the boot job and `clean` edit it: the drive's keys are
/// added as lines of their own at the end, after every line already there, which stays as it
/// is (options, comments, order); a key already there, with whatever options or comment, is
/// not added again. `clean` takes out exactly the lines a boot added.
///
/// The file is OpenSSH's default `AuthorizedKeysFile` (`.ssh/authorized_keys`) below root's
/// home directory, which is the sixth field of the image's `/etc/passwd` line for `root`
/// (`/root` when the image has none): what cloud-init's `ssh_util` writes for root on an
/// image whose sshd keeps the default.
public struct RootAuthorizedKeys: Sendable {
    /// Below root's home.
    static let relativePath = ".ssh/authorized_keys"
    /// A larger `authorized_keys` is not the image's file to edit.
    static let sizeLimit = 1 << 20

    /// The image (or `/`) whose root's file this is.
    public let tree: RootTree

    public init(tree: RootTree) {
        self.tree = tree
    }

    /// Root's home directory, absolute within the tree; `/root` when the image's `/etc/passwd`
    /// has no `root` line or its home is not a plain absolute path.
    public var home: String {
        let passwd = tree.text("/etc/passwd") ?? ""
        for line in passwd.split(separator: "\n") where line.hasPrefix("root:") {
            let fields = line.split(separator: ":", omittingEmptySubsequences: false)
            guard fields.count >= 7, fields[5].hasPrefix("/") else { break }
            // A plain absolute path: one with `.` or `..` would not be recorded for clean.
            let components = fields[5].split(separator: "/")
            if !components.contains(where: { $0 == "." || $0 == ".." }) { return String(fields[5]) }
            break
        }
        return "/root"
    }

    /// The file, relative to the tree's root (`root/.ssh/authorized_keys`).
    public var path: String { String(FilePath.join(home, Self.relativePath).drop { $0 == "/" }) }

    /// The `.ssh` directory that holds ``path``, relative to the tree's root.
    public var directory: String { FilePath.directory(of: path) }

    /// What giving root `keys` takes.
    struct Addition {
        /// The keys the file lacks, in their order: the only ones added.
        var keys: [SSHPublicKey] = []
        /// The file as it was (empty when there was none).
        var existing: [UInt8] = []
        /// Its mode and owner, which the edited file keeps; nil when there was no file (then
        /// it is 0600, root's own, in a 0700 `.ssh`, as sshd's StrictModes wants).
        var status: FileStatus?
        /// Whether `.ssh` was there.
        var directoryExisted = true

        /// The edited file; nil when no key is missing.
        func file(at path: String) -> RenderedFile? {
            guard !keys.isEmpty else { return nil }
            return RenderedFile(
                path: path, bytes: RootAuthorizedKeys.adding(keys, to: existing), mode: status?.mode ?? 0o600)
        }
    }

    /// What adding `keys` to root's file takes. Throws, with the reason, when that file is not
    /// one to edit: root's home missing, `.ssh` or `authorized_keys` not a directory and a
    /// regular file (a link included: the job writes no file through a link), or unreadable.
    func addition(of keys: [SSHPublicKey]) throws(CommandFailure) -> Addition {
        guard tree.type(home) == .directory else {
            throw CommandFailure("root's home \(home) is not a directory", exitCode: .osFile)
        }
        var addition = Addition()
        switch tree.type("/" + directory) {
        case nil: addition.directoryExisted = false
        case .directory?: break
        default: throw CommandFailure("/\(directory) is not a directory", exitCode: .osFile)
        }
        do {
            addition.status = try tree.fileSystem.status(at: tree.path(path))
            if addition.status?.type == .regular {
                addition.existing = try tree.fileSystem.readFile(at: tree.path(path), limit: Self.sizeLimit)
            }
        } catch {
            throw CommandFailure(error.description, exitCode: .osFile)
        }
        if let type = addition.status?.type, type != .regular {
            throw CommandFailure("/\(path) is not a regular file", exitCode: .osFile)
        }
        addition.keys = keys.filter { !Self.holds(addition.existing, $0) }
        return addition
    }

    /// What taking out the keys of `record` takes (`clean`): the file without those lines, with
    /// its mode and owner; or, for a file a boot created that holds nothing else, its removal.
    /// Nothing when the file is gone or holds none of them (a `clean` run again).
    func removal(of record: AddedAuthorizedKeys) throws(CommandFailure) -> (
        file: RenderedFile?, owner: FileOwner?, removed: String?
    ) {
        guard let path = record.path, !record.keys.isEmpty else { return (nil, nil, nil) }
        let status: FileStatus?
        let existing: [UInt8]
        do {
            status = try tree.fileSystem.status(at: tree.path(path))
            guard status?.type == .regular else { return (nil, nil, nil) }
            existing = try tree.fileSystem.readFile(at: tree.path(path), limit: Self.sizeLimit)
        } catch {
            throw CommandFailure(error.description, exitCode: .osFile)
        }
        let remaining = Self.removing(record.keys, from: existing)
        if record.fileCreated && Self.isBlank(remaining) { return (nil, nil, path) }
        guard remaining != existing else { return (nil, nil, nil) }
        return (RenderedFile(path: path, bytes: remaining, mode: status?.mode ?? 0o600), status?.owner, nil)
    }

    /// Whether a line of `existing` holds `key` (its type followed by its base64, after any
    /// options), so that it is not added twice.
    static func holds(_ existing: [UInt8], _ key: SSHPublicKey) -> Bool {
        lines(of: existing).contains { line in
            let fields = String(decoding: line, as: UTF8.self).split(whereSeparator: { $0 == " " || $0 == "\t" })
            return zip(fields, fields.dropFirst()).contains { $0 == key.type && $1 == key.base64 }
        }
    }

    /// `existing` with a line for each of `keys` added at its end (a missing final line break
    /// is supplied first).
    static func adding(_ keys: [SSHPublicKey], to existing: [UInt8]) -> [UInt8] {
        var bytes = existing
        if let last = bytes.last, last != UInt8(ascii: "\n") { bytes.append(UInt8(ascii: "\n")) }
        for key in keys { bytes += Array((key.line + "\n").utf8) }
        return bytes
    }

    /// `existing` without the lines that are exactly one of `keys` as a line (a line the boot
    /// job or cloud-init wrote); every other line, and the bytes of each, stay as they are.
    static func removing(_ keys: [SSHPublicKey], from existing: [UInt8]) -> [UInt8] {
        let added = Set(keys.map { Array($0.line.utf8) })
        var kept: [UInt8] = []
        for line in lines(of: existing) {
            let content = line.last == UInt8(ascii: "\r") ? Array(line.dropLast()) : Array(line)
            if added.contains(content) { continue }
            kept += line + [UInt8(ascii: "\n")]
        }
        // The last line keeps its missing line break, as the image had it.
        if existing.last != UInt8(ascii: "\n"), kept.last == UInt8(ascii: "\n"), !existing.isEmpty,
            lines(of: existing).last.map({ !added.contains(Array($0)) }) == true
        {
            kept.removeLast()
        }
        return kept
    }

    /// Whether `bytes` hold nothing but white space: a created file left so is removed.
    static func isBlank(_ bytes: [UInt8]) -> Bool {
        bytes.allSatisfy { [0x20, 0x09, 0x0A, 0x0D].contains($0) }
    }

    /// The lines of `bytes`, without their line breaks; a final line break ends the last line.
    private static func lines(of bytes: [UInt8]) -> [ArraySlice<UInt8>] {
        var lines = bytes.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false)
        if bytes.last == UInt8(ascii: "\n") || bytes.isEmpty { lines.removeLast() }
        return lines
    }
}
