#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#endif

/// `osconf2seed check`: reports, before the upload, what would stop an image from booting,
/// being reachable, or taking its os.conf on the target cloud. Reads only.
///
/// The report goes to standard output (a table, or one JSON document with `--json`). Exit
/// status: 0 when no finding is an error, 1 when some finding is an error (as linters do:
/// the check ran and the image fails it), and a sysexits status when the check could not
/// run: 64 for a wrong command line, 66 for a root that is not a readable directory or an
/// image that is not a readable file, 77 when an image's file systems could not be mounted
/// (so its root-tree items were skipped) and no error was found.
struct CheckCommand {
    static let help = """
        usage: osconf2seed check --root DIR [--profile ali-custom|ali|tc|tc-force] [--json]
               osconf2seed check --image DISK.raw [--profile ali-custom|ali|tc|tc-force] [--json]

        Check an image's root tree (a mounted image or a build chroot), or a raw disk image,
        for what Alibaba Cloud and Tencent Cloud need to boot it, reach it and apply its
        os.conf. Nothing is written. Each finding: item id, severity (error, warning, info),
        file:line, and a fix; a check that cannot decide says "unknown" and why.
        Exit 0 when no finding is an error, 1 when some are, 64 on a wrong command line,
        66 when DIR is not a readable directory or DISK.raw not a readable file, 77 when
        DISK.raw's file systems could not be mounted (not root; no error found in the rest).

        options:
          --root DIR       the image's root directory
          --image DISK.raw a raw disk image: its format, partition table, partitions and
                           file systems, then (as root, mounted read-only in a private mount
                           namespace) the root-tree items on its own root file system
          --profile NAME   the import: ali-custom (Alibaba Customized Linux, os.conf; default),
                           ali (Alibaba standard import), tc (Tencent), tc-force (Tencent forced import)
          --json           one JSON document (schema, profile, image facts, findings, summary)
          -h, --help       show this help

        """

    /// Exit status when the check ran and found errors.
    static let errorsFound = ExitCode(1)
    /// Exit status when `--image` found no error but could not mount the image's file systems,
    /// so the root-tree items were skipped (`disk.mount` says why): EX_NOPERM, since the usual
    /// cause is a run without root or without the right to mount (a container). A pipeline
    /// must not take such a run for a pass.
    static let incomplete = ExitCode.noPermission

    let environment: ToolEnvironment
    /// Whether this process is the tool itself (``BootEnvironment/isToolExecutable``), which
    /// `--image` runs again in a private mount namespace.
    let boot: BootEnvironment

    func run(_ arguments: [String]) throws(CommandFailure) -> ExitCode {
        guard
            let list = try ArgumentList.parse(
                arguments, valued: ["--root", "--profile", "--image"], flagNames: ["--json"], help: Self.help,
                console: environment.console)
        else { return .success }
        let root = list.options["--root"]
        let image = list.options["--image"]
        guard (root == nil) != (image == nil), list.positionals.isEmpty else {
            throw CommandFailure(UsageError("check needs --root DIR or --image DISK.raw, and nothing else"))
        }
        var profile = CheckProfile.aliCustom
        if let name = list.options["--profile"] {
            guard let named = CheckProfile(rawValue: name) else {
                let known = CheckProfile.allCases.map({ $0.rawValue }).joined(separator: ", ")
                throw CommandFailure(UsageError("unknown --profile \(name); known: \(known)"))
            }
            profile = named
        }
        let report: CheckReport
        if let image {
            guard !image.isEmpty else { throw CommandFailure(UsageError("--image needs a file, not an empty value")) }
            if let status = runInNamespace(arguments) { return status }
            do {
                report = try DiskImageCheck(
                    path: image, profile: profile, fileSystem: environment.fileSystem,
                    hostPath: ImageCheck.environmentPath
                ).run()
            } catch {
                throw CommandFailure(
                    "--image \(image): \(error.errno.description.lowercased()); it must name a readable disk image file",
                    exitCode: .noInput)
            }
        } else {
            let tree = try RootOption.tree(root ?? "", fileSystem: environment.fileSystem)
            var treeReport = ImageCheck(tree: tree, profile: profile).run()
            treeReport.root = root ?? ""
            report = treeReport
        }
        let text =
            list.flags.contains("--json")
            ? CheckReportRenderer.json(report).rendered : CheckReportRenderer.table(report)
        environment.console.writeOutput(Array(text.utf8))
        if report.hasErrors { return Self.errorsFound }
        // Not a pass: most items never ran. Errors found anyway are reported as errors above.
        return report.skippedRootTree ? Self.incomplete : .success
    }

    /// As root, `check --image` runs itself again under `unshare --mount --propagation private`
    /// so the image's file systems are mounted where the host never sees them; the inner run
    /// (marked by ``ImageMount/namespaceMarker``) prints the report, and its status is returned.
    /// Nil when that is not done (not root, already inside, no unshare(1)): then this process
    /// checks the image itself, and says which items it skipped where it may not mount.
    private func runInNamespace(_ arguments: [String]) -> ExitCode? {
        guard geteuid() == 0, getenv(ImageMount.namespaceMarker) == nil,
            let unshare = HostProgram.find("unshare", searchPath: ImageCheck.environmentPath),
            // Only the tool itself is run again (never a test runner that links OSConfKit).
            boot.isToolExecutable, let executable = ImageMount.executable
        else { return nil }
        // The image must be readable before it is handed on: a missing file is 66 here.
        if let image = arguments.firstIndex(of: "--image").map({ arguments.index(after: $0) }),
            image < arguments.endIndex, access(arguments[image], R_OK) != 0
        {
            return nil
        }
        // unshare(1) failing (no CAP_SYS_ADMIN in a container) exits 1, as a check with errors
        // does: tried alone first, so that failure means "check here, unmounted".
        let namespace = ["--mount", "--propagation", "private", "--"]
        guard let trial = try? unshare.run(namespace + ["/bin/true"], limit: 4096), trial.status == 0,
            setenv(ImageMount.namespaceMarker, "1", 1) == 0
        else { return nil }
        defer { unsetenv(ImageMount.namespaceMarker) }
        guard let status = try? SystemKernel().run(unshare.path, namespace + [executable, "check"] + arguments)
        else { return nil }
        return ExitCode(status)
    }
}
