/// `osconf2seed uninstall`: removes what `install` recorded in its manifest, and nothing else.
struct UninstallCommand {
    static let help = """
        usage: osconf2seed uninstall --root DIR

        Remove everything `osconf2seed install` put into DIR: the binary, the service, its
        links, the cloud-init drop-in, and the directories it created (when empty).

        """

    let environment: ToolEnvironment

    func run(_ arguments: [String]) throws(CommandFailure) {
        let root = try RootOption.parse(arguments, command: "uninstall", help: Self.help, console: environment.console)
        guard let root else { return }
        let tree = try RootOption.tree(root, fileSystem: environment.fileSystem)
        guard let text = tree.text("/" + InstallManifest.path) else {
            environment.console.writeOutput(Array("osconf2seed is not installed in \(root); nothing to do\n".utf8))
            return
        }
        let manifest = InstallManifest(text: text)
        // Not removed: no install writes them, so they are the image's own.
        manifest.ignoredWarnings.forEach(environment.console.error)
        let writer = tree.writer(random: environment.random)
        do {
            // Links first: a service whose file is gone but whose link remains fails every boot.
            try writer.remove(manifest.links, under: tree.root)
            if let depend = tree.text("/" + SysvinitDependencies.path) {
                let reverted = SysvinitDependencies.removing(from: depend)
                if reverted != depend {
                    try writer.write(
                        [RenderedFile(path: SysvinitDependencies.path, contents: reverted)], under: tree.root)
                }
            }
            try writer.remove(manifest.files, under: tree.root)
            try writer.remove([InstallManifest.path], under: tree.root)
            try writer.removeEmptyDirectories(manifest.directories, under: tree.root)
        } catch {
            throw CommandFailure(error.description, exitCode: .forOutput(error))
        }
        environment.console.writeOutput(Array("removed osconf2seed from \(root)\n".utf8))
    }
}
