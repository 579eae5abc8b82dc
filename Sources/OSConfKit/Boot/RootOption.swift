/// The command line of the commands that take only `--root DIR`.
enum RootOption {
    /// The root, or nil when help was asked for (and printed).
    static func parse(
        _ arguments: [String], command: String, help: String, console: Console
    ) throws(CommandFailure) -> String? {
        guard let list = try ArgumentList.parse(arguments, valued: ["--root"], help: help, console: console) else {
            return nil
        }
        guard let root = list.options["--root"], !root.isEmpty, list.positionals.isEmpty else {
            throw CommandFailure(UsageError("\(command) needs --root DIR and nothing else"))
        }
        return root
    }
}
