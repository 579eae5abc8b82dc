/// The one place that writes files: atomically and durably, as a set.
///
/// For each file: create a temporary file beside the target with its final mode, write,
/// fsync, close. Only when every temporary file is complete are they renamed over their
/// targets, and then each directory touched is fsynced. A failure before the renames removes
/// every temporary file, so the tree keeps its old, complete state. Each file being replaced
/// keeps a second name (a hard link) until the whole set is in place, so a failure in the
/// middle of the renames puts every old file back and removes every new one: the tree holds
/// either the old set or the new set, never a mix. (Should removing a backup fail once the new
/// set is in place, the backup stays as `.NAME.XXXXXX.old` beside its file, with that file's
/// old mode; the run still succeeds.)
///
/// Directories below `root` are created as needed (0755, or the mode the caller gives one). No step follows a symbolic link in
/// the last component: a file is replaced, never written through a link. A directory
/// component that is a link is passed through: under `--root` the file system is confined to
/// the tree (``RootTree``), which resolves it inside the tree, so an image's relative
/// `/var/lib` or its `/var/run -> /run` works and nothing lands outside.
public struct AtomicFileWriter: Sendable {
    public let fileSystem: any FileSystem
    private let random: any RandomSource

    public init(fileSystem: any FileSystem, random: any RandomSource = SystemRandomSource()) {
        self.fileSystem = fileSystem
        self.random = random
    }

    /// Writes `files` and `links` under `root` (their paths are relative to it) as one set.
    /// `owners`, keyed by a file's path, gives a replacement the owner of the file it replaces
    /// (/etc/shadow is root:shadow). `directoryModes`, keyed by a directory's path relative to
    /// `root`, gives a directory the set creates another mode than 0755 (`~/.ssh`: 0700).
    public func write(
        _ files: [RenderedFile], links: [SymbolicLink] = [], under root: String, owners: [String: FileOwner] = [:],
        directoryModes: [String: UInt32] = [:]
    ) throws(SystemError) {
        var pending: [(temporary: String, target: String)] = []
        var modes: [String: UInt32] = [:]
        for (directory, mode) in directoryModes where modes[FilePath.join(root, directory)] == nil {
            modes[FilePath.join(root, directory)] = mode
        }
        do {
            for file in files {
                let target = FilePath.join(root, file.path)
                let directory = FilePath.directory(of: target)
                try makeDirectories(directory, within: root, modes: modes)
                let temporary = FilePath.join(directory, ".\(FilePath.baseName(of: target)).\(suffix()).tmp")
                let descriptor = try fileSystem.createFile(at: temporary, mode: file.mode)
                pending.append((temporary, target))
                defer { fileSystem.close(descriptor) }
                if let owner = owners[file.path] {
                    try fileSystem.changeOwner(descriptor, path: temporary, owner: owner)
                }
                try fileSystem.write(file.contents, to: descriptor, path: temporary)
                try fileSystem.sync(descriptor, path: temporary)
            }
            for link in links {
                let target = FilePath.join(root, link.path)
                let directory = FilePath.directory(of: target)
                try makeDirectories(directory, within: root, modes: modes)
                let temporary = FilePath.join(directory, ".\(FilePath.baseName(of: target)).\(suffix()).tmp")
                try fileSystem.makeSymbolicLink(at: temporary, target: link.target)
                pending.append((temporary, target))
            }
        } catch {
            for entry in pending { try? fileSystem.removeFile(at: entry.temporary) }
            throw error
        }
        var backups: [String: String] = [:]
        var renamed = 0
        do {
            for entry in pending {
                let existing = try fileSystem.fileType(at: entry.target)
                guard existing == .regular || existing == .symbolicLink else { continue }
                let backup = FilePath.join(
                    FilePath.directory(of: entry.target), ".\(FilePath.baseName(of: entry.target)).\(suffix()).old")
                try fileSystem.makeHardLink(at: backup, to: entry.target)
                backups[entry.target] = backup
            }
            for entry in pending {
                try fileSystem.rename(entry.temporary, to: entry.target)
                renamed += 1
            }
        } catch {
            rollBack(pending, renamed: renamed, backups: backups)
            throw error
        }
        for backup in backups.values { try? fileSystem.removeFile(at: backup) }
        var synced: Set<String> = []
        for entry in pending {
            let directory = FilePath.directory(of: entry.target)
            if synced.insert(directory).inserted { try fileSystem.syncDirectory(at: directory) }
        }
    }

    /// Undoes a rename phase that stopped after `renamed` files: old files come back from their
    /// backups, files that did not exist before go, and no temporary or backup name is left.
    private func rollBack(_ pending: [(temporary: String, target: String)], renamed: Int, backups: [String: String]) {
        for entry in pending[..<renamed] {
            if let backup = backups[entry.target] {
                try? fileSystem.rename(backup, to: entry.target)
            } else {
                try? fileSystem.removeFile(at: entry.target)
            }
        }
        for entry in pending[renamed...] {
            try? fileSystem.removeFile(at: entry.temporary)
            if let backup = backups[entry.target] { try? fileSystem.removeFile(at: backup) }
        }
    }

    /// Removes `paths` (relative to `root`) and makes the removal durable; missing files are fine.
    public func remove(_ paths: [String], under root: String) throws(SystemError) {
        var directories: Set<String> = []
        for path in paths {
            let target = FilePath.join(root, path)
            do {
                try fileSystem.removeFile(at: target)
                directories.insert(FilePath.directory(of: target))
            } catch  where error.errno == .noSuchFile {
                continue
            }
        }
        for directory in directories.sorted() { try fileSystem.syncDirectory(at: directory) }
    }

    /// Removes the directories `paths` (relative to `root`, deepest first) that are empty;
    /// a directory that still holds something, or is gone, is left alone.
    public func removeEmptyDirectories(_ paths: [String], under root: String) throws(SystemError) {
        for path in paths.sorted(by: { $0.count > $1.count }) {
            let directory = FilePath.join(root, path)
            do {
                try fileSystem.removeDirectory(at: directory)
                try fileSystem.syncDirectory(at: FilePath.directory(of: directory))
            } catch  where error.errno == .noSuchFile || error.errno == .notEmpty || error.errno == .exists {
                continue
            }
        }
    }

    /// `mkdir -p path` (0755 each), for a directory the caller writes into later; an existing
    /// directory, or a link to one, is fine.
    public func makeDirectories(_ path: String) throws(SystemError) {
        try makeDirectories(path, within: path, modes: [:])
    }

    /// `mkdir -p`; a link on the way is taken as the directory it resolves to (a dangling one
    /// fails in the first step below it).
    private func makeDirectories(_ path: String, within root: String, modes: [String: UInt32]) throws(SystemError) {
        var missing: [String] = []
        var current = path
        while true {
            switch try fileSystem.fileType(at: current) {
            case .directory, .symbolicLink:
                break
            case .regular, .other:
                throw SystemError(.mkdir, current, .notDirectory)
            case nil:
                missing.append(current)
                let parent = FilePath.directory(of: current)
                if parent != current && parent != "." {
                    current = parent
                    continue
                }
            }
            break
        }
        for directory in missing.reversed() {
            do {
                try fileSystem.makeDirectory(at: directory, mode: modes[directory] ?? 0o755)
            } catch  where error.errno == .exists {
                continue
            }
        }
    }

    private func suffix() -> String {
        String(decoding: random.randomBytes(count: 6).map { SHA512Crypt.alphabet[Int($0 & 0x3f)] }, as: UTF8.self)
            .replacingSlashes()
    }
}

extension String {
    fileprivate func replacingSlashes() -> String {
        String(map { $0 == "/" ? "_" : $0 })
    }
}
