/// `osconf2seed convert`: os.conf in, configuration files out, for build pipelines.
struct ConvertCommand {
    static let help = """
        usage: osconf2seed convert [options] --output DIR FILE

        Translate an os.conf (FILE, or - for standard input) into files under DIR.

        options:
          --format nocloud                 output format (default: nocloud)
          --network-config-version 1|2     NoCloud network-config version (default: 2;
                                           1 when --cloud-init-version is below 17.1)
          --cloud-init-version X.Y         the cloud-init that reads the seed (default: any
                                           from 17.1 on)
          --renderer-hint HINT             the network renderer that cloud-init will use:
                                           auto, eni, netplan, networkd, sysconfig,
                                           network-manager (default: auto)
          --output DIR                     output directory, created when missing
          -h, --help                       show this help

        """

    let environment: ToolEnvironment

    func run(_ arguments: [String]) throws(CommandFailure) {
        let list: ArgumentList
        do {
            list = try ArgumentList(
                arguments,
                valued: [
                    "--format", "--network-config-version", "--cloud-init-version", "--renderer-hint", "--output",
                ],
                flagNames: ["--help", "-h"])
        } catch {
            throw CommandFailure(error)
        }
        if !list.flags.isEmpty {
            environment.console.writeOutput(Array(Self.help.utf8))
            return
        }
        let (options, outputDirectory, inputPath) = try parseOptions(list)
        let parsed = try OSConfInput(environment: environment).load(inputPath)
        let configuration = parsed.configuration
        let salt = SaltGenerator(source: environment.random).makeSalt()
        let hash = configuration.password?.cryptHash(salt: salt)
        let files = NoCloudSeed(configuration: configuration, rootPasswordHash: hash, options: options).files
        do {
            try AtomicFileWriter(fileSystem: environment.fileSystem, random: environment.random)
                .write(files, under: outputDirectory)
        } catch {
            throw CommandFailure(error.description, exitCode: .forOutput(error))
        }
    }

    private func parseOptions(_ list: ArgumentList) throws(CommandFailure) -> (NoCloudOptions, String, String) {
        do throws(UsageError) {
            if let format = list.options["--format"], format != "nocloud" {
                throw UsageError("unknown --format \(format); known: nocloud")
            }
            guard let output = list.options["--output"], !output.isEmpty else {
                throw UsageError("--output DIR is required")
            }
            guard list.positionals.count == 1, let input = list.positionals.first else {
                throw UsageError(
                    list.positionals.isEmpty ? "the os.conf FILE (or -) is required" : "only one FILE may be given")
            }
            var options = NoCloudOptions()
            if let text = list.options["--cloud-init-version"] {
                guard let version = CloudInitVersion(text) else {
                    throw UsageError("--cloud-init-version wants X.Y, such as 22.4; got '\(text)'")
                }
                options.cloudInitVersion = version
                if version < .networkV2Support { options.networkConfigVersion = 1 }
            }
            if let text = list.options["--network-config-version"] {
                guard let version = Int(text) else { throw UsageError("--network-config-version must be 1 or 2") }
                options.networkConfigVersion = version
            }
            if let text = list.options["--renderer-hint"] {
                guard let hint = RendererHint(rawValue: text) else {
                    let known = RendererHint.allCases.map(\.rawValue).joined(separator: ", ")
                    throw UsageError("unknown --renderer-hint \(text); known: \(known)")
                }
                options.rendererHint = hint
            }
            try options.validate()
            return (options, output, input)
        } catch {
            throw CommandFailure(error)
        }
    }
}
