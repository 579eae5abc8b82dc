/// `osconf2seed convert`: os.conf in, configuration files out, for build pipelines.
struct ConvertCommand {
    static let help = """
        usage: osconf2seed convert [options] --output DIR FILE

        Translate an os.conf (FILE, or - for standard input) into files under DIR, each at
        its path relative to the target's root (nocloud: the seed files themselves; ignition:
        DIR/config.ign; json: DIR/model.json).

        options:
          --format FORMAT                  output format (default: nocloud):
                                           nocloud    cloud-init NoCloud seed
                                           ignition   Ignition config (JSON)
                                           ifupdown   etc/network/interfaces.d + udev rule
                                           netplan    etc/netplan/50-osconf2seed.yaml
                                           networkd   etc/systemd/network/*.network, *.link
                                           sysconfig  etc/sysconfig/network-scripts/ifcfg-*
                                           networkmanager  NetworkManager keyfiles
                                           json       the validated model (model.json,
                                                      schema 1; no password or hash)
          --network-config-version 1|2     NoCloud network-config version (default: 2;
                                           1 when --cloud-init-version is below 17.1,
                                           or 27.4 and later with hint auto or eni)
          --cloud-init-version X.Y         the cloud-init that reads the seed (default: any
                                           from 17.1 on)
          --renderer-hint HINT             the network renderer that cloud-init will use:
                                           auto, eni, netplan, networkd, sysconfig,
                                           network-manager (default: auto)
          --ignition-spec 3.0|3.1|3.2|3.3|3.4
                                           ignition: spec version (default: 3.3)
          --network-renderer networkmanager|networkd
                                           ignition: which network files to embed
                                           (default: networkmanager)
          --source aliyun|tencent          how password is read: aliyun (base64) or tencent
                                           (a crypt(3) string, taken literally); default:
                                           tencent when FILE's path has a qcloud_action/
                                           directory, else aliyun
          --output DIR                     output directory, created when missing;
                                           - writes the Ignition config or the
                                           JSON model to standard output
          -h, --help                       show this help

        """

    let environment: ToolEnvironment

    func run(_ arguments: [String]) throws(CommandFailure) {
        guard
            let list = try ArgumentList.parse(
                arguments,
                valued: [
                    "--format", "--network-config-version", "--cloud-init-version", "--renderer-hint", "--output",
                    "--ignition-spec", "--network-renderer", "--source",
                ], help: Self.help, console: environment.console)
        else { return }
        let request = try parseOptions(list)
        let parsed = try OSConfInput(environment: environment).load(request.input, source: request.source)
        let files = render(parsed, request)
        if request.output == "-" {
            // Only one-document formats go to standard output (checked in parseOptions).
            for file in files { environment.console.writeOutput(file.contents) }
            return
        }
        do {
            try write(files, under: request.output)
        } catch {
            throw CommandFailure(error.description, exitCode: .forOutput(error))
        }
    }

    /// Writes `files` (paths relative to the target's root) into the output directory `output`.
    ///
    /// `output` is often an image's root (`--output "$ROOTFS"`), and the image may be untrusted:
    /// it is created when missing (`mkdir -p`, the path as the user wrote it), then opened as a
    /// ``RootTree`` and every file is written confined to it, as `install` writes. The rule is
    /// openat2(2)'s `RESOLVE_IN_ROOT`, not `RESOLVE_BENEATH`: an image's `etc -> /etc` or
    /// `etc/netplan -> ../../x` is resolved inside the output directory (the image's own
    /// `/etc`, as it will be at boot), and `..` or a link never reaches the build host.
    /// Errors: the ``SystemError`` of the step that failed (`EXDEV` never: paths are joined
    /// onto the root).
    private func write(_ files: [RenderedFile], under output: String) throws(SystemError) {
        try AtomicFileWriter(fileSystem: environment.fileSystem, random: environment.random)
            .makeDirectories(output)
        let tree = try RootTree(root: output, fileSystem: environment.fileSystem)
        try tree.writer(random: environment.random).write(files, under: tree.root)
    }

    /// What the command line asks for, validated.
    private struct Request {
        var format: OutputFormat = .nocloud
        var options = NoCloudOptions()
        var ignitionSpec = IgnitionSpec.default
        var networkRenderer = IgnitionNetworkRenderer.networkManager
        var output: String
        var input: String
        /// nil: from the input's path.
        var source: OSConfSource?
    }

    private func render(_ parsed: OSConfParser.Result, _ request: Request) -> [RenderedFile] {
        let configuration = parsed.configuration
        // A fresh salt per run: the hash differs each time, the password it checks does not.
        func passwordHash() -> String? {
            configuration.password?.cryptHash(salt: SaltGenerator(source: environment.random).makeSalt())
        }
        switch request.format {
        case .nocloud:
            return NoCloudSeed(configuration: configuration, rootPasswordHash: passwordHash(), options: request.options)
                .files
        case .ignition:
            return IgnitionConfig(
                configuration: configuration, rootPasswordHash: passwordHash(), spec: request.ignitionSpec,
                networkRenderer: request.networkRenderer
            ).files
        case .ifupdown: return IfupdownConfig(configuration: configuration).files
        case .netplan: return NetplanConfig(configuration: configuration).files
        case .networkd: return NetworkdConfig(configuration: configuration).files
        case .sysconfig: return SysconfigConfig(configuration: configuration).files
        case .networkmanager: return NetworkManagerConfig(configuration: configuration).files
        case .json: return JSONModel(configuration: configuration, warnings: parsed.warnings).files
        }
    }

    private func parseOptions(_ list: ArgumentList) throws(CommandFailure) -> Request {
        do throws(UsageError) {
            let format = try choice(list, "--format", OutputFormat.allCases.map { ($0.rawValue, $0) }) ?? .nocloud
            guard let output = list.options["--output"], !output.isEmpty else {
                throw UsageError("--output DIR is required")
            }
            guard list.positionals.count == 1, let input = list.positionals.first else {
                throw UsageError(
                    list.positionals.isEmpty ? "the os.conf FILE (or -) is required" : "only one FILE may be given")
            }
            // Options of one format given with another would be silently ignored: refuse them.
            let owners: [(option: String, format: OutputFormat)] = [
                ("--network-config-version", .nocloud), ("--cloud-init-version", .nocloud),
                ("--renderer-hint", .nocloud), ("--ignition-spec", .ignition), ("--network-renderer", .ignition),
            ]
            for owner in owners where owner.format != format && list.options[owner.option] != nil {
                throw UsageError("\(owner.option) applies only to --format \(owner.format.rawValue)")
            }
            if output == "-" && !format.canWriteToStandardOutput {
                throw UsageError("--output - (standard output) is only for --format ignition or json")
            }
            var request = Request(format: format, output: output, input: input)
            request.source = try choice(list, "--source", OSConfSource.allCases.map { ($0.rawValue, $0) })
            // 3.3 and 3.3.0 both name a spec; the short form is the one listed.
            let specs: [(name: String, value: IgnitionSpec)] = IgnitionSpec.allCases.flatMap {
                [($0.shortName, $0), ($0.rawValue, $0)]
            }
            request.ignitionSpec = try choice(list, "--ignition-spec", specs, listed: { $0.shortName }) ?? .default
            request.networkRenderer =
                try choice(list, "--network-renderer", IgnitionNetworkRenderer.allCases.map { ($0.rawValue, $0) })
                ?? .networkManager
            var options = NoCloudOptions()
            if let text = list.options["--cloud-init-version"] {
                guard let version = CloudInitVersion(text) else {
                    throw UsageError("--cloud-init-version wants X.Y, such as 22.4; got '\(text)'")
                }
                options.cloudInitVersion = version
            }
            if let hint = try choice(list, "--renderer-hint", RendererHint.allCases.map { ($0.rawValue, $0) }) {
                options.rendererHint = hint
            }
            // The version the boot job would choose for that cloud-init and renderer, unless given.
            options.networkConfigVersion = NoCloudOptions.networkConfigVersion(
                for: options.cloudInitVersion, hint: options.rendererHint)
            if let text = list.options["--network-config-version"] {
                guard let version = Int(text) else { throw UsageError("--network-config-version must be 1 or 2") }
                options.networkConfigVersion = version
            }
            try options.validate()
            request.options = options
            return request
        } catch {
            throw CommandFailure(error)
        }
    }

    /// The value of an option that takes one of a fixed set of words; nil when it is absent.
    /// An unknown word is a usage error that lists the known ones (each once, in order).
    private func choice<Value: Equatable>(
        _ list: ArgumentList, _ option: String, _ choices: [(name: String, value: Value)],
        listed: ((Value) -> String)? = nil
    ) throws(UsageError) -> Value? {
        guard let text = list.options[option] else { return nil }
        if let match = choices.first(where: { $0.name == text }) { return match.value }
        var known: [String] = []
        for entry in choices {
            let name = listed?(entry.value) ?? entry.name
            if !known.contains(name) { known.append(name) }
        }
        throw UsageError("unknown \(option) \(text); known: \(known.joined(separator: ", "))")
    }
}
