/// `osconf2seed boot`: the early-boot job that the installed service runs.
struct BootCommand {
    static let help = """
        usage: osconf2seed boot [--root DIR] [--os-conf PATH]

        Find the cloud's os.conf (on the first partition of the disk that holds /, or where
        /etc/osconf2seed.conf says; else on Tencent Cloud's config drive labelled config-2),
        then write a cloud-init NoCloud seed, or, without cloud-init, apply network, host
        name, DNS and root's password directly. os.conf is removed only after everything is
        on disk (never from the read-only config drive). Without os.conf it does nothing.

        options:
          --root DIR       act on the system tree under DIR (an image) instead of /
          --os-conf PATH   read os.conf from PATH (inside the tree) instead of a partition
          -h, --help       show this help

        """

    let environment: ToolEnvironment
    let boot: BootEnvironment

    func run(_ arguments: [String]) throws(CommandFailure) {
        guard
            let list = try ArgumentList.parse(
                arguments, valued: ["--root", "--os-conf"], help: Self.help, console: environment.console)
        else { return }
        guard list.positionals.isEmpty else { throw CommandFailure(UsageError("boot takes no FILE; use --os-conf")) }
        let root = list.options["--root"] ?? "/"
        if let path = list.options["--os-conf"], !path.hasPrefix("/") {
            throw CommandFailure(UsageError("--os-conf wants an absolute path inside the tree"))
        }
        let tree = try RootOption.tree(root, fileSystem: environment.fileSystem)
        // The kernel log only at boot: under --root this is an image build, not this machine.
        let kernelLog: (any Kernel)? = tree.isLiveSystem ? boot.kernel : nil
        let job = BootJob(
            tree: tree, environment: environment, boot: boot,
            log: BootLog(console: environment.console, kernel: kernelLog))
        do {
            try job.run(osConfPath: list.options["--os-conf"])
        } catch {
            kernelLog?.logToKernel("failed: \(error.message) (exit \(error.exitCode))")
            throw error
        }
    }
}
