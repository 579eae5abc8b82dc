/// The `osconf2seed` command line: dispatches to the subcommands and turns every failure into
/// a one-line message on standard error and a sysexits status.
public struct OSConf2SeedTool: Sendable {
    static let help = """
        usage: osconf2seed <command> [options]

        Turn an Alibaba Cloud / Tencent Cloud os.conf into a cloud-init NoCloud seed, an
        Ignition config, or netplan, networkd, ifupdown, RHEL ifcfg or NetworkManager files.

        commands:
          convert     translate an os.conf file into files under a directory
          validate    check os.conf files (or directories of them) and list every finding
          boot        the early-boot job: apply os.conf from the first partition
          install     put osconf2seed and its boot service into an image (--root DIR)
          uninstall   take out what install put in
          clean       remove the seed and the state before capturing an image
          check       list what would stop an image tree from booting or taking os.conf

        options:
          -h, --help     show this help (also: osconf2seed <command> --help)
          --version      print the version and the commit it was built from

        """

    public let environment: ToolEnvironment
    /// System calls and network renderers of the boot-time commands.
    public let boot: BootEnvironment

    public init(environment: ToolEnvironment, boot: BootEnvironment = .system) {
        self.environment = environment
        self.boot = boot
    }

    /// Runs the command line (without the program name) and returns the exit status.
    ///
    /// A run whose command succeeded but whose output did not all arrive (a write on standard
    /// output or standard error failed) exits 74: success would tell a script that the Ignition
    /// config or the help it captured is complete when it is not. The message goes to standard
    /// error, unless that is the stream that failed. A command that failed keeps its own status,
    /// which says more about the cause than a lost line would.
    public func run(_ arguments: [String]) -> ExitCode {
        var environment = self.environment
        environment.console = environment.console.withNewFailureRecord()
        let status = OSConf2SeedTool(environment: environment, boot: boot).dispatch(arguments)
        let console = environment.console
        guard status == .success, let failure = console.outputFailure ?? console.errorFailure else { return status }
        if console.errorFailure == nil {
            console.error("osconf2seed: \(failure)")
        }
        return .ioError
    }

    private func dispatch(_ arguments: [String]) -> ExitCode {
        guard let command = arguments.first else {
            environment.console.writeError(Self.help)
            return .usage
        }
        let rest = Array(arguments.dropFirst())
        do throws(CommandFailure) {
            switch command {
            case "-h", "--help", "help":
                environment.console.writeOutput(Array(Self.help.utf8))
            case "--version", "version":
                environment.console.writeOutput(Array(ToolVersion.line.utf8))
            case "convert":
                try ConvertCommand(environment: environment).run(rest)
            case "validate":
                return try ValidateCommand(environment: environment).run(rest)
            case "boot":
                try BootCommand(environment: environment, boot: boot).run(rest)
            case "install":
                try InstallCommand(environment: environment, boot: boot).run(rest)
            case "uninstall":
                try UninstallCommand(environment: environment).run(rest)
            case "clean":
                try CleanCommand(environment: environment).run(rest)
            case "check":
                return try CheckCommand(environment: environment, boot: boot).run(rest)
            default:
                throw CommandFailure(UsageError("unknown command '\(command)'; see osconf2seed --help"))
            }
            return .success
        } catch {
            environment.console.error("osconf2seed: \(error.message)")
            return error.exitCode
        }
    }
}
