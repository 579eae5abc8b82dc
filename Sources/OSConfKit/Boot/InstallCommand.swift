/// `osconf2seed install`: puts the binary and the boot service into an image tree and enables
/// the service by creating its links directly; no service manager runs.
struct InstallCommand {
    static let help = """
        usage: osconf2seed install --root DIR [--init auto|systemd|sysvinit|openrc] [--binary PATH]

        Copy osconf2seed to DIR/usr/sbin, install and enable the early-boot service for the
        image's init system, and, when the image has cloud-init, make it read the NoCloud seed.

        options:
          --root DIR      the image's root directory (required)
          --init SYSTEM   the init system (default: auto, detected from the image)
          --binary PATH   install this executable instead of the running one
          -h, --help      show this help

        """

    let environment: ToolEnvironment
    let boot: BootEnvironment

    func run(_ arguments: [String]) throws(CommandFailure) {
        guard
            let list = try ArgumentList.parse(
                arguments, valued: ["--root", "--init", "--binary"], help: Self.help, console: environment.console)
        else { return }
        guard let root = list.options["--root"], list.positionals.isEmpty else {
            throw CommandFailure(UsageError("install needs --root DIR and nothing else"))
        }
        let tree = try RootOption.tree(root, fileSystem: environment.fileSystem)
        let initSystem = try chooseInitSystem(list.options["--init"] ?? "auto", tree: tree)
        let cloudInit = CloudInitProbe(tree: tree).probe() != nil
        if !cloudInit {
            try checkDirectPath(tree)
        } else if NetworkFamily.detect(in: tree) == .ifupdown,
            let missing = RequiredPackages.missingForIfupdown(in: tree)
        {
            // ifup itself needs `ip`, and without net-tools the boot job writes the routes with it.
            throw CommandFailure(missing, exitCode: .unavailable)
        }
        let binary = try readBinary(list.options["--binary"])
        try checkMachine(of: binary, against: tree, given: list.options["--binary"])
        var plan = InstallPlan(tree: tree, initSystem: initSystem, binary: binary, cloudInit: cloudInit)

        var manifest = InstallManifest(text: tree.text("/" + InstallManifest.path) ?? "")
        manifest.ignoredWarnings.forEach(environment.console.error)
        manifest.ignored = []
        // Only what install creates is recorded, so that uninstall removes nothing of the image's.
        let keptFromImage = try plan.leaveImageFiles(in: tree, owned: manifest)
        var created = Set(manifest.directories)
        for path in plan.files.map({ $0.path }) + plan.links.map({ $0.path }) + [InstallManifest.path] {
            created.formUnion(Self.missingDirectories(for: path, in: tree))
        }
        let retired = InstallPlan.retiredFiles.filter(manifest.files.contains)
        manifest.files = Array(Set(manifest.files).subtracting(retired).union(plan.files.map({ $0.path }))).sorted()
        manifest.links = Array(Set(manifest.links).union(plan.links.map({ $0.path }))).sorted()
        manifest.directories = created.sorted()

        let writer = tree.writer(random: environment.random)
        do {
            // Files, links and the manifest go in as one set: the image is either as it was
            // or fully installed.
            try writer.write(plan.files + plan.edits + [manifest.file], links: plan.links, under: tree.root)
            // After the new set: until then the old drop-in keeps the image working.
            try writer.remove(retired, under: tree.root)
        } catch {
            throw CommandFailure(error.description, exitCode: .forOutput(error))
        }
        if cloudInit { warnOverridingDatasourceList(tree) }
        let extra = cloudInit ? ", cloud-init set to read the NoCloud seed" : ", cloud-init absent: direct apply"
        var report = "installed osconf2seed into \(root) for \(initSystem)\(extra)\n"
        if !keptFromImage.isEmpty {
            report +=
                "already in place, left to their owner: \(keptFromImage.map { "/" + $0 }.joined(separator: ", "))\n"
        }
        environment.console.writeOutput(Array(report.utf8))
    }

    /// A `cloud.cfg.d` file that sorts after the drop-in and sets `datasource_list` wins over
    /// it (cloud-init and ds-identify keep the last one), and the seed would be ignored: say
    /// which file and line. A later file with the same list (Raspberry Pi images'
    /// `99_raspberry-pi.cfg` sets `[ NoCloud, None ]`) changes nothing and is not reported.
    /// The list in force is the image check's reading of it.
    private func warnOverridingDatasourceList(_ tree: RootTree) {
        let check = ImageCheck(tree: tree, profile: .aliCustom)
        guard let list = check.datasourceList(), list.file != "/" + InstallPlan.cloudConfigPath,
            list.names != ["NoCloud", "None"]
        else { return }
        environment.console.error(
            "osconf2seed: warning: \(list.file):\(list.line) sets datasource_list after "
                + "/\(InstallPlan.cloudConfigPath), so cloud-init will not read the NoCloud seed; remove it "
                + "or rename it to sort before \(FilePath.baseName(of: InstallPlan.cloudConfigPath))")
    }

    private func chooseInitSystem(_ name: String, tree: RootTree) throws(CommandFailure) -> InitSystem {
        if name != "auto" {
            guard let system = InitSystem(rawValue: name) else {
                throw CommandFailure(UsageError("unknown --init \(name); known: auto, systemd, sysvinit, openrc"))
            }
            return system
        }
        guard let system = InitSystem.detect(in: tree) else {
            throw CommandFailure(
                "cannot tell the init system of \(tree.root); use --init systemd|sysvinit|openrc",
                exitCode: .unavailable)
        }
        return system
    }

    /// Without cloud-init the job writes the network files itself: refuse an image it would
    /// leave without a network, naming what is missing.
    private func checkDirectPath(_ tree: RootTree) throws(CommandFailure) {
        guard let family = NetworkFamily.detect(in: tree) else {
            throw CommandFailure(
                "the image has neither cloud-init nor a known network configuration (netplan, NetworkManager, "
                    + "systemd-networkd, ifupdown, network-scripts)", exitCode: .unavailable)
        }
        if boot.renderers[family] == nil {
            throw CommandFailure(
                "the image has no cloud-init and this build has no \(family) renderer", exitCode: .unavailable)
        }
        if family == .ifupdown, let missing = RequiredPackages.missingForIfupdown(in: tree) {
            throw CommandFailure(missing, exitCode: .unavailable)
        }
    }

    /// Refuses a binary that is no ELF executable, or one for another processor than the
    /// image's (``ELFMachine/ofImage(_:)``): the usual case is an x86_64 host building an arm64
    /// image, whose `--binary` must name the aarch64 build. An image whose machine cannot be
    /// told gets the binary with a warning.
    private func checkMachine(of binary: [UInt8], against tree: RootTree, given option: String?)
        throws(CommandFailure)
    {
        let source = option ?? "the running osconf2seed"
        guard let machine = ELFMachine(header: Array(binary.prefix(20))) else {
            throw CommandFailure(
                "\(source) is not an ELF executable; --binary must name an osconf2seed build",
                exitCode: .dataError)
        }
        guard let image = ELFMachine.ofImage(tree) else {
            environment.console.error(
                "osconf2seed: warning: cannot tell the processor of \(tree.root) (its /bin/sh is missing or no ELF "
                    + "file); installing the \(machine) binary")
            return
        }
        guard machine == image else {
            throw CommandFailure(
                "\(source) is built for \(machine) and \(tree.root) is an \(image) image; use --binary with the "
                    + "\(image) build (osconf2seed-VERSION-\(image)-linux.tar.gz)", exitCode: .dataError)
        }
    }

    private func readBinary(_ option: String?) throws(CommandFailure) -> [UInt8] {
        var path = option ?? boot.executablePath
        if option == nil, (try? environment.fileSystem.fileType(at: path)) ?? nil == nil {
            // No /proc (image builders run `install --root /` in chroots): the program as it
            // was started, as a shell would have found it.
            guard let started = Self.startedProgram(boot.programName, searchPath: boot.searchPath, in: environment)
            else {
                throw CommandFailure(
                    "cannot find the running binary: \(path) is missing (is /proc mounted?); use --binary PATH",
                    exitCode: .noInput)
            }
            path = started
        }
        do {
            // /proc/self/exe is a link, and reads never follow links: read its target.
            if try environment.fileSystem.fileType(at: path) == .symbolicLink {
                path = try environment.fileSystem.readLink(at: path)
            }
            return try environment.fileSystem.readFile(at: path, limit: 512 << 20)
        } catch {
            throw CommandFailure(error.description, exitCode: .noInput)
        }
    }

    /// argv[0] when it holds a slash, else the first executable file of that name in `PATH`.
    static func startedProgram(_ name: String?, searchPath: String?, in environment: ToolEnvironment) -> String? {
        guard let name, !name.isEmpty else { return nil }
        if name.contains("/") { return name }
        for directory in (searchPath ?? "").split(separator: ":") where directory.hasPrefix("/") {
            let candidate = FilePath.join(String(directory), name)
            if (try? environment.fileSystem.status(at: candidate))??.type == .regular { return candidate }
        }
        return nil
    }

    /// The directories above `path` that do not exist yet, relative to the root.
    static func missingDirectories(for path: String, in tree: RootTree) -> [String] {
        var result: [String] = []
        var directory = FilePath.directory(of: path)
        while directory != ".", directory != "/", !directory.isEmpty, !tree.exists("/" + directory) {
            result.append(directory)
            directory = FilePath.directory(of: directory)
        }
        return result
    }
}
