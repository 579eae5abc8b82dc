/// `--root DIR`, the tree a command acts on: its scanning for the commands that take nothing
/// else, and its one check for every command.
enum RootOption {
    /// The root, or nil when help was asked for (and printed).
    static func parse(
        _ arguments: [String], command: String, help: String, console: Console
    ) throws(CommandFailure) -> String? {
        guard let list = try ArgumentList.parse(arguments, valued: ["--root"], help: help, console: console) else {
            return nil
        }
        guard let root = list.options["--root"], list.positionals.isEmpty else {
            throw CommandFailure(UsageError("\(command) needs --root DIR and nothing else"))
        }
        return root
    }

    /// Opens the tree `root` names, confined to it. An empty value is a usage error (64: an
    /// empty variable in a script must not mean the live system); a missing or unreadable
    /// directory is 66, since nothing can be done in a tree that is not there.
    static func tree(_ root: String, fileSystem: any FileSystem) throws(CommandFailure) -> RootTree {
        guard !root.isEmpty else { throw CommandFailure(UsageError("--root needs a directory, not an empty value")) }
        do {
            return try RootTree(root: root, fileSystem: fileSystem)
        } catch {
            throw CommandFailure(
                "--root \(root): \(error.errno.description.lowercased()); it must name an existing directory",
                exitCode: .noInput)
        }
    }
}
