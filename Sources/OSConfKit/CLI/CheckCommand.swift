/// `osconf2seed check`: reports, before the upload, what would stop an image from booting,
/// being reachable, or taking its os.conf on the target cloud. Reads only.
///
/// The report goes to standard output (a table, or one JSON document with `--json`). Exit
/// status: 0 when no finding is an error, 1 when some finding is an error (as linters do:
/// the check ran and the image fails it), and a sysexits status when the check could not
/// run: 64 for a wrong command line (and `--image`, not implemented yet), 66 for a root that
/// is not a readable directory.
struct CheckCommand {
    static let help = """
        usage: osconf2seed check --root DIR [--profile ali-custom|ali|tc|tc-force] [--json]

        Check an image's root tree (a mounted image or a build chroot) for what Alibaba Cloud
        and Tencent Cloud need to boot it, reach it and apply its os.conf. Nothing is written.
        Each finding: item id, severity (error, warning, info), file:line, and a fix; a check
        that cannot decide says "unknown" and why.
        Exit 0 when no finding is an error, 1 when some are, 64 on a wrong command line,
        66 when DIR is not a readable directory.

        options:
          --root DIR      the image's root directory (required)
          --profile NAME  the import: ali-custom (Alibaba Customized Linux, os.conf; default),
                          ali (Alibaba standard import), tc (Tencent), tc-force (Tencent forced import)
          --json          one JSON document (schema, profile, image facts, findings, summary)
          -h, --help      show this help

        """

    /// Exit status when the check ran and found errors.
    static let errorsFound = ExitCode(1)

    let environment: ToolEnvironment

    func run(_ arguments: [String]) throws(CommandFailure) -> ExitCode {
        guard
            let list = try ArgumentList.parse(
                arguments, valued: ["--root", "--profile", "--image"], flagNames: ["--json"], help: Self.help,
                console: environment.console)
        else { return .success }
        if list.options["--image"] != nil {
            throw CommandFailure(
                UsageError(
                    "check --image is not implemented yet; mount the image's root file system and use --root DIR"))
        }
        guard let root = list.options["--root"], list.positionals.isEmpty else {
            throw CommandFailure(UsageError("check needs --root DIR and nothing else"))
        }
        var profile = CheckProfile.aliCustom
        if let name = list.options["--profile"] {
            guard let named = CheckProfile(rawValue: name) else {
                let known = CheckProfile.allCases.map({ $0.rawValue }).joined(separator: ", ")
                throw CommandFailure(UsageError("unknown --profile \(name); known: \(known)"))
            }
            profile = named
        }
        let tree = try RootOption.tree(root, fileSystem: environment.fileSystem)
        var report = ImageCheck(tree: tree, profile: profile).run()
        report.root = root
        let text =
            list.flags.contains("--json")
            ? CheckReportRenderer.json(report).rendered : CheckReportRenderer.table(report)
        environment.console.writeOutput(Array(text.utf8))
        return report.hasErrors ? Self.errorsFound : .success
    }
}
