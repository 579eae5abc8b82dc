/// `osconf2seed clean`: undoes what the boot job did before an image is captured, so that the
/// image carries no instance's addresses, host name or password and its first boot anywhere is
/// a new instance with new SSH host keys.
///
/// It puts back every original the job kept (and root's password field), takes out of root's
/// `authorized_keys` the lines the job (or cloud-init from its seed) added, removes every file
/// the job created, the seed, the kept originals and, last, the state that records them: a
/// clean that stops half-way can be run again. On a tree where the job never ran it removes
/// the seed and the state.
struct CleanCommand {
    static let help = """
        usage: osconf2seed clean --root DIR

        Undo a test boot of the image in DIR before it is captured: put back every file the
        boot job replaced or removed (and root's password hash), take out the SSH keys it
        gave root, remove every file it created, the NoCloud seed and osconf2seed's state.

        """

    let environment: ToolEnvironment

    func run(_ arguments: [String]) throws(CommandFailure) {
        let root = try RootOption.parse(arguments, command: "clean", help: Self.help, console: environment.console)
        guard let root else { return }
        let tree = try RootOption.tree(root, fileSystem: environment.fileSystem)
        let record = tree.text(BootState.path, limit: 1 << 20).map { AppliedFiles(stateText: $0) } ?? AppliedFiles()
        let originals = ImageOriginals(tree: tree)
        let writer = tree.writer(random: environment.random)

        // 1. Every original back, root's password field included, as one set.
        let restored = try originals.restoration(of: record)
        var files = restored.files
        var owners = restored.owners
        var shadow: LockedShadow?
        defer { shadow?.release() }
        if record.rootHashKept, let field = try originals.keptRootHash() {
            let locked = try LockedShadow(tree: tree)
            shadow = locked
            files.append(try locked.settingRootField(field))
            // The shadow's owner wins (a loop: Embedded Swift cannot compile `merge`, which casts).
            for (path, owner) in locked.owners { owners[path] = owner }
        }
        // Root's authorized_keys without the added lines; every other line stays.
        let keys = try RootAuthorizedKeys(tree: tree).removal(of: record.authorizedKeys)
        if let file = keys.file {
            files.append(file)
            if let owner = keys.owner { owners[file.path] = owner }
        }
        let seed = BootJob.seedDirectory
        let seedFiles = ["meta-data", "user-data", "network-config"].map { "\(seed)/\($0)" }
        let kept = record.originals.map(AppliedFiles.originalPath(of:)) + [AppliedFiles.rootHashPath]
        let directories = record.directories.sorted() + [seed]
        do {
            if !files.isEmpty || !restored.links.isEmpty {
                try writer.write(files, links: restored.links, under: tree.root, owners: owners)
            }
            shadow?.release()
            shadow = nil
            // 2. What the job created and the seed; then the copies, which nothing needs any
            // more; the state last, so that until then a rerun knows what is left to undo.
            try writer.remove(record.created + seedFiles + (keys.removed.map { [$0] } ?? []), under: tree.root)
            try writer.remove(kept, under: tree.root)
            // Directories twice: the state's own directory empties only when the state goes.
            try writer.removeEmptyDirectories(directories, under: tree.root)
            try writer.remove([String(BootState.path.dropFirst())], under: tree.root)
            try writer.removeEmptyDirectories(directories, under: tree.root)
        } catch {
            throw CommandFailure(error.description, exitCode: .forOutput(error))
        }
        environment.console.writeOutput(Array(summary(record, root).utf8))
    }

    private func summary(_ record: AppliedFiles, _ root: String) -> String {
        guard !record.isEmpty else { return "removed the seed and the state from \(root)\n" }
        var restored: [String] = []
        if !record.originals.isEmpty { restored.append("\(record.originals.count) original files") }
        if record.rootHashKept { restored.append("root's password hash") }
        let keys = record.authorizedKeys.keys.count
        if keys > 0 { restored.append("root's authorized_keys without the \(keys) SSH keys the boot gave it") }
        let putBack = restored.isEmpty ? "" : "put back " + restored.joined(separator: " and ") + "; "
        return putBack + "removed \(record.created.count) files the boot job wrote, the seed and the state in \(root)\n"
    }
}
