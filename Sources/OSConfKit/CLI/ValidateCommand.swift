/// `osconf2seed validate`: checks os.conf files for pipelines, writes nothing.
///
/// Findings go to standard output (they are what was asked for): `file:line: key: message`
/// lines, or with `--json` one JSON object per file per line (``ValidationReport/json``).
/// A count goes to standard error. The status is ``ValidationReport/exitCode(for:)``.
struct ValidateCommand {
    static let help = """
        usage: osconf2seed validate [--json] [--source aliyun|tencent] FILE|DIR...

        Check each os.conf (FILE, - for standard input, or every *.conf and os.conf below
        DIR, symbolic links not followed) and print every error and warning as
        file:line: key: message. Nothing is written and no password is ever printed.
        Exit 0 when all are valid, 65 when any is invalid, else 66 when any cannot be read.

        options:
          --json                   one JSON object per file and line: file, valid, errors,
                                   warnings (each finding: line, key, message)
          --source aliyun|tencent  the cloud that wrote the files (default: each file's own,
                                   tencent under a qcloud_action/ directory, else aliyun)
          -h, --help               show this help

        """

    let environment: ToolEnvironment

    /// The status of the run; findings are output, not failures, so only a wrong command line
    /// throws.
    func run(_ arguments: [String]) throws(CommandFailure) -> ExitCode {
        guard
            let list = try ArgumentList.parse(
                arguments, valued: ["--source"], flagNames: ["--json"], help: Self.help, console: environment.console)
        else { return .success }
        var source: OSConfSource?
        if let text = list.options["--source"] {
            guard let named = OSConfSource(rawValue: text) else {
                let known = OSConfSource.allCases.map({ $0.rawValue }).joined(separator: ", ")
                throw CommandFailure(UsageError("unknown --source \(text); known: \(known)"))
            }
            source = named
        }
        guard !list.positionals.isEmpty else {
            throw CommandFailure(UsageError("at least one FILE or DIR (or -) is required"))
        }
        let validator = OSConfValidator(
            fileSystem: environment.fileSystem, readInput: environment.console.readInput, source: source)
        let reports = validator.validate(list.positionals)
        for report in reports {
            let text =
                list.flags.contains("--json") ? report.json.renderedLine : report.lines.map { $0 + "\n" }.joined()
            environment.console.writeOutput(Array(text.utf8))
        }
        let invalid = reports.filter { !$0.errors.isEmpty }.count
        let unreadable = reports.filter { $0.readFailure != nil }.count
        environment.console.error(
            "osconf2seed: \(reports.count) \(reports.count == 1 ? "file" : "files") checked, \(invalid) invalid, \(unreadable) unreadable"
        )
        return ValidationReport.exitCode(for: reports)
    }
}
