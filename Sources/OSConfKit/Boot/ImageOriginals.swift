/// The image's own files, kept before the boot job first changes them and handed back to
/// `clean`: the two directions of ``AppliedFiles``, which reads and records, never writes.
/// What it returns goes into the caller's one ``AtomicFileWriter`` set, so a copy is on disk
/// exactly when the change it undoes is.
struct ImageOriginals {
    /// Files and links for the writer's set, with the owners the files must keep.
    struct Copies {
        var files: [RenderedFile] = []
        var links: [SymbolicLink] = []
        var owners: [String: FileOwner] = [:]
    }

    /// Whole files larger than this are no configuration file the job writes.
    static let sizeLimit = 16 << 20

    let tree: RootTree

    /// Records every path of `written` (about to be written) and `removed` (about to be
    /// removed) that `record` does not know yet, and returns copies of those that exist, with
    /// their mode and owner, for the same writer set. A path already recorded keeps its first
    /// origin; a removed path that does not exist changes nothing and is not recorded.
    func keep(written: [String], removed: [String], in record: inout AppliedFiles) throws(CommandFailure) -> Copies {
        var copies = Copies()
        let changes = written.map { (path: $0, removal: false) } + removed.map { (path: $0, removal: true) }
        for change in changes where record.files[change.path] == nil {
            let copy = AppliedFiles.originalPath(of: change.path)
            if tree.exists("/" + copy) {
                // Kept by an earlier boot whose record is gone: that copy is the older original.
                record.files[change.path] = .original
                continue
            }
            let status = try self.status("/" + change.path)
            switch status?.type {
            case nil:
                if !change.removal { record.files[change.path] = .created }
                continue
            case .regular:
                let bytes = try read("/" + change.path)
                copies.files.append(RenderedFile(path: copy, bytes: bytes, mode: status?.mode ?? 0o644))
                if let owner = status?.owner { copies.owners[copy] = owner }
            case .symbolicLink:
                copies.links.append(SymbolicLink(path: copy, target: try readLink("/" + change.path)))
            case .directory, .other:
                throw CommandFailure("/\(change.path) is not a regular file or a symbolic link", exitCode: .osFile)
            }
            record.files[change.path] = .original
        }
        return copies
    }

    /// Records the directories that writing `paths` will create (the writer makes every
    /// missing one), so that `clean` can remove them again.
    func recordNewDirectories(for paths: [String], in record: inout AppliedFiles) {
        for path in paths {
            var directory = FilePath.directory(of: path)
            while directory != "." && directory != "/" && !record.directories.contains(directory)
                && !tree.exists("/" + directory)
            {
                record.directories.insert(directory)
                directory = FilePath.directory(of: directory)
            }
        }
    }

    /// The files and links that put every kept original back, each with its kept mode and
    /// owner. An original whose copy is gone was put back by an earlier `clean` that stopped
    /// before it finished (copies are removed only after the set that restores them is on disk).
    func restoration(of record: AppliedFiles) throws(CommandFailure) -> Copies {
        var copies = Copies()
        for path in record.originals {
            let copy = "/" + AppliedFiles.originalPath(of: path)
            let status = try self.status(copy)
            switch status?.type {
            case nil:
                continue
            case .regular:
                copies.files.append(RenderedFile(path: path, bytes: try read(copy), mode: status?.mode ?? 0o644))
                if let owner = status?.owner { copies.owners[path] = owner }
            case .symbolicLink:
                copies.links.append(SymbolicLink(path: path, target: try readLink(copy)))
            case .directory, .other:
                throw CommandFailure("\(copy) is not a regular file or a symbolic link", exitCode: .osFile)
            }
        }
        return copies
    }

    /// root's kept password field; nil when none is kept or an earlier `clean` put it back.
    func keptRootHash() throws(CommandFailure) -> [UInt8]? {
        let path = "/" + AppliedFiles.rootHashPath
        guard try status(path) != nil else { return nil }
        return try read(path)
    }

    private func status(_ path: String) throws(CommandFailure) -> FileStatus? {
        do {
            return try tree.fileSystem.status(at: tree.path(path))
        } catch {
            throw CommandFailure(error.description, exitCode: .osFile)
        }
    }

    private func read(_ path: String) throws(CommandFailure) -> [UInt8] {
        do {
            return try tree.fileSystem.readFile(at: tree.path(path), limit: Self.sizeLimit)
        } catch {
            throw CommandFailure(error.description, exitCode: .osFile)
        }
    }

    private func readLink(_ path: String) throws(CommandFailure) -> String {
        do {
            return try tree.fileSystem.readLink(at: tree.path(path))
        } catch {
            throw CommandFailure(error.description, exitCode: .osFile)
        }
    }
}
