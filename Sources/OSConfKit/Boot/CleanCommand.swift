/// `osconf2seed clean`: removes the seed and the state before an image is captured, so the
/// image's first boot anywhere is a new instance with new SSH host keys.
struct CleanCommand {
    static let help = """
        usage: osconf2seed clean --root DIR

        Remove the NoCloud seed and osconf2seed's state from DIR before capturing an image.

        """

    let environment: ToolEnvironment

    func run(_ arguments: [String]) throws(CommandFailure) {
        let root = try RootOption.parse(arguments, command: "clean", help: Self.help, console: environment.console)
        guard let root else { return }
        let tree = try RootOption.tree(root, fileSystem: environment.fileSystem)
        let seed = BootJob.seedDirectory
        let paths = [
            "\(seed)/meta-data", "\(seed)/user-data", "\(seed)/network-config", String(BootState.path.dropFirst()),
        ]
        let writer = tree.writer(random: environment.random)
        do {
            try writer.remove(paths, under: tree.root)
            try writer.removeEmptyDirectories([seed], under: tree.root)
        } catch {
            throw CommandFailure(error.description, exitCode: .forOutput(error))
        }
        environment.console.writeOutput(Array("removed the seed and the state from \(root)\n".utf8))
    }
}
