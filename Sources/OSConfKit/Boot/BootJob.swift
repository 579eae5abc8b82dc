/// The early-boot job: find os.conf, turn it into a NoCloud seed (cloud-init present) or apply
/// it directly (cloud-init absent), record it, and only then remove os.conf.
///
/// Every file is written as one ``AtomicFileWriter`` set, so a failure leaves the tree as it
/// was and os.conf in place for the next boot; the thrown ``CommandFailure`` carries the
/// sysexits status that says why.
public struct BootJob: Sendable {
    /// Where the seed goes: cloud-init's init-local stage reads it before networking.
    public static let seedDirectory = "var/lib/cloud/seed/nocloud"

    public let tree: RootTree
    public let environment: ToolEnvironment
    public let boot: BootEnvironment
    public let log: BootLog

    public init(tree: RootTree, environment: ToolEnvironment, boot: BootEnvironment, log: BootLog) {
        self.tree = tree
        self.environment = environment
        self.boot = boot
        self.log = log
    }

    /// Runs the job; `osConfPath` (from `--os-conf`) overrides every other way of finding os.conf.
    public func run(osConfPath: String? = nil) throws(CommandFailure) {
        var settings = try BootSettings.load(from: tree)
        if let osConfPath { settings.osConfPath = osConfPath }
        let locator = OSConfLocator(tree: tree, kernel: boot.kernel, settings: settings)
        let location = try locator.locate()
        defer {
            do {
                try locator.release(location)
            } catch {
                log.say("warning: \(error.description)")
            }
        }
        guard let file = location.file else {
            log.say("no os.conf on \(location.place); nothing to do")
            return
        }
        // Before a byte of it is read: an os.conf that someone besides root could have written
        // would set root's password for them.
        if let warning = try OSConfTrust.check(
            file, from: location.topDirectory, readOnlyMount: location.readOnlyMount, fileSystem: tree.fileSystem)
        {
            log.say("warning: \(warning)")
        }
        // Read through the tree's confined file system: os.conf is inside the tree, always.
        var confined = environment
        confined.fileSystem = tree.fileSystem
        // Where it was found decides how its password is read (qcloud_action/: crypt(3)).
        let source = OSConfSource.inferred(fromPath: file)
        let origin = "\(location.place) (\(source))"
        let configuration = try OSConfInput(environment: confined).load(file, source: source).configuration
        let previous = BootState.load(from: tree)
        if previous?.contentDigest == configuration.contentDigest {
            log.say("os.conf on \(origin) was applied before; nothing to do")
            removeOSConf(file, location: location)
            return
        }
        let mac = machineMAC(configuration)
        var state = BootState(
            contentDigest: configuration.contentDigest, macAddress: mac,
            networkApplied: !configuration.interfaces.isEmpty || previous?.networkApplied == true,
            applied: previous?.applied ?? AppliedFiles())
        state.cloudInstanceID = configuration.cloudInstanceID
        state.source = source
        state.networkFiles = previous?.networkFiles ?? []
        var warnings: [String] = []
        let customerUserData =
            source == .tencent ? ConfigDrive.userData(besides: file, in: tree, warnings: &warnings) : nil
        let driveKeys =
            source == .tencent ? ConfigDrive.publicKeys(besides: file, in: tree, warnings: &warnings) : []
        for warning in warnings { log.say("warning: \(warning)") }
        let rootKeys = rootKeyAddition(driveKeys)
        // Recorded before the write, in the same state: `clean` takes out these lines only.
        let authorizedKeys = RootAuthorizedKeys(tree: tree)
        state.applied.authorizedKeys.record(rootKeys.keys, in: authorizedKeys.path, existed: rootKeys.status != nil)
        if let cloudInit = CloudInitProbe(tree: tree).probe() {
            // The same machine as last time (the cloud's instance id, else the NIC) keeps its SSH
            // host keys. A clone, or the first boot of an image, gets new ones.
            let keepHostKeys =
                previous?.isSameMachine(cloudInstanceID: configuration.cloudInstanceID, macAddress: mac) == true
            if !rootKeys.keys.isEmpty && !rootKeys.directoryExisted {
                // cloud-init makes root's `.ssh` for the keys; `clean` removes it once empty.
                state.applied.directories.insert(authorizedKeys.directory)
            }
            try writeSeed(
                configuration, cloudInit: cloudInit, keepHostKeys: keepHostKeys, state: state,
                customerUserData: customerUserData, publicKeys: rootKeys.keys)
            let version = cloudInit.version.map { "cloud-init \($0)" } ?? "cloud-init"
            let count = rootKeys.keys.count
            let keys = count == 0 ? "" : " (with \(count) SSH key\(count == 1 ? "" : "s") for root)"
            log.say(
                "wrote the \(version) seed\(keys) for \(configuration.instanceID) from \(origin) into /\(Self.seedDirectory)"
            )
        } else {
            let applied = try applyDirectly(configuration, state: state, rootKeys: rootKeys)
            log.say("applied os.conf from \(origin): \(applied.joined(separator: ", "))")
            if customerUserData != nil {
                // Running it is cloud-init's work; without cloud-init nothing may run it.
                log.say("the drive's \(ConfigDrive.userDataPath) is left alone: there is no cloud-init to run it")
            }
        }
        removeOSConf(file, location: location)
    }

    /// The MAC that identifies this machine: os.conf's eth0, else the kernel's eth0 (or first NIC).
    private func machineMAC(_ configuration: OSConfiguration) -> MACAddress? {
        if let mac = configuration.interfaces.first(where: { $0.index == 0 })?.macAddress { return mac }
        let names = tree.list("/sys/class/net").filter { $0 != "lo" }
        for name in (names.contains("eth0") ? ["eth0"] : names) {
            if let text = tree.text("/sys/class/net/\(name)/address", limit: 64),
                let mac = MACAddress(text.filter { !$0.isWhitespace })
            {
                return mac
            }
        }
        return nil
    }

    /// What giving root the drive's `keys` takes (``RootAuthorizedKeys``); no keys, with a
    /// warning, when root's file cannot be edited: the keys never cost the network.
    private func rootKeyAddition(_ keys: [SSHPublicKey]) -> RootAuthorizedKeys.Addition {
        guard !keys.isEmpty else { return RootAuthorizedKeys.Addition() }
        let addition: RootAuthorizedKeys.Addition
        do {
            addition = try RootAuthorizedKeys(tree: tree).addition(of: keys)
        } catch {
            log.say("warning: \(error.message); the drive's SSH keys are not given to root")
            return RootAuthorizedKeys.Addition()
        }
        if addition.keys.count < keys.count {
            let there = keys.filter { key in !addition.keys.contains { $0.isSameKey(as: key) } }
            log.say(
                "root's authorized_keys has \(there.map({ $0.summary }).joined(separator: ", ")) already; left as it is"
            )
        }
        return addition
    }

    private func writer() -> AtomicFileWriter {
        AtomicFileWriter(fileSystem: tree.fileSystem, random: environment.random)
    }

    private func passwordHash(_ configuration: OSConfiguration) -> String? {
        configuration.password?.cryptHash(salt: SaltGenerator(source: environment.random).makeSalt())
    }

    private func writeSeed(
        _ configuration: OSConfiguration, cloudInit: CloudInitProbe.Installation, keepHostKeys: Bool, state: BootState,
        customerUserData: [UInt8]?, publicKeys: [SSHPublicKey]
    ) throws(CommandFailure) {
        var options = NoCloudOptions(cloudInitVersion: cloudInit.version, keepHostKeys: keepHostKeys)
        let family = NetworkFamily.detect(in: tree)
        options.rendererHint = family?.rendererHint ?? .auto
        options.networkConfigVersion = NoCloudOptions.networkConfigVersion(
            for: cloudInit.version, hint: options.rendererHint)
        var files: [RenderedFile] = []
        var obsolete: [String] = []
        // The network files written here rather than by cloud-init (see BootState.networkFiles).
        var networkFiles: [String] = []
        // Before 0.7.7 the network goes to cloud-init as meta-data `network-interfaces`, which
        // its distros apply without any route (see NoCloudNetworkInterfaces).
        let legacyNetwork = cloudInit.version.map { $0 < .networkConfigFileSupport } ?? false
        let rhelScripts = tree.type("/" + SysconfigConfig.directory) == .directory
        var changedByCloudInit = configuration.hostname == nil ? [] : ["etc/hostname", "etc/hosts"]
        if configuration.interfaces.isEmpty {
            // No NIC keys: the network stays as it is. On a first boot that is cloud-init's
            // DHCP fallback (the seed has no network-config). Once a network has been applied,
            // the new instance id would make cloud-init replace it with that fallback, so the
            // seed tells it to leave the network alone. (This os.conf adds no network, so the
            // state's flag is the earlier boots' answer.)
            options.networkDisabled = state.networkApplied
        } else if family == .ifupdown && (legacyNetwork || !RequiredPackages.hasNetTools(in: tree)) {
            // cloud-init's eni renderer would turn every route into `post-up route add ...
            // || true`, which does nothing without net-tools; and before 0.7.7 its Debian
            // distro writes `network-interfaces` over /etc/network/interfaces, with no route
            // (cloudinit/distros/debian.py, 0.7.5). Write the ifupdown files here, with
            // iproute2, and tell cloud-init to leave the network alone.
            if let missing = RequiredPackages.missingForIfupdown(in: tree) {
                throw CommandFailure(missing, exitCode: .unavailable)
            }
            guard let render = boot.renderers[.ifupdown] else {
                throw CommandFailure("this build has no ifupdown renderer", exitCode: .unavailable)
            }
            options.networkDisabled = true
            let network = render(configuration)
            files += network
            networkFiles += network.map({ $0.path })
            // An earlier instance's cloud-init file would define the same interfaces twice.
            obsolete.append("etc/network/interfaces.d/50-cloud-init")
        }
        if legacyNetwork && rhelScripts && !configuration.interfaces.isEmpty {
            // 0.7.x's RHEL distro turns `network-interfaces` into ifcfg-ethN, /etc/sysconfig/
            // network and /etc/resolv.conf (cloudinit/distros/rhel.py `_write_network`, 0.7.5)
            // but keeps no route: the route-ethN files come from here, and its `ifup ethN`
            // reads them. The files it edits are kept for `clean`.
            if configuration.interfaces.contains(where: { !$0.routes.isEmpty }) {
                guard let render = boot.renderers[.networkScripts] else {
                    throw CommandFailure("this build has no network-scripts renderer", exitCode: .unavailable)
                }
                let routes = render(configuration).filter { $0.path.hasPrefix(SysconfigConfig.directory + "/route-") }
                files += routes
                networkFiles += routes.map({ $0.path })
            }
            changedByCloudInit += configuration.interfaces.map { "\(SysconfigConfig.directory)/ifcfg-\($0.name)" }
            changedByCloudInit.append("etc/sysconfig/network")
            if !configuration.nameservers.isEmpty { changedByCloudInit.append("etc/resolv.conf") }
        } else if legacyNetwork && family != .ifupdown,
            let nic = configuration.interfaces.first(where: { !$0.routes.isEmpty })
        {
            // Neither path above writes the routes, and that cloud-init keeps none of them:
            // say so rather than boot without them in silence.
            let version = cloudInit.version.map { " \($0)" } ?? ""
            log.say(
                "warning: cloud-init\(version) applies network-interfaces without routes, and this image has "
                    + "neither ifupdown nor network scripts for them: \(nic.name)'s extra routes are not applied")
        }
        if family == .ifupdown, let resolver = ResolverFile.file(for: configuration.nameservers, in: tree) {
            // ifupdown's `dns-nameservers` (ours or cloud-init's) only acts through resolvconf
            // or systemd-resolved, which a lean image lacks: then resolv.conf is a plain file
            // and is written here (ResolverFile leaves a managed one to its manager).
            files.append(resolver)
        }
        let seed = NoCloudSeed(
            configuration: configuration, rootPasswordHash: passwordHash(configuration), options: options,
            customerUserData: customerUserData, publicKeys: publicKeys)
        let seedFiles = seed.files.map { file in
            var moved = file
            moved.path = Self.seedDirectory + "/" + file.path
            return moved
        }
        var stale: [String] = []
        if !seed.hasNetworkConfig {
            // An earlier instance's network-config would otherwise be read with this seed.
            stale.append(Self.seedDirectory + "/network-config")
        }
        var state = state
        if !configuration.interfaces.isEmpty {
            obsolete += Self.staleNetworkFiles(state.networkFiles, now: networkFiles)
            state.networkFiles = networkFiles
        }
        // cloud-init will set the host name and root's password from this seed: keep the
        // image's own now, so that `clean` after a test boot puts them back as well.
        let copies = try ImageOriginals(tree: tree).keep(
            written: files.map({ $0.path }) + changedByCloudInit, removed: obsolete, in: &state.applied)
        if configuration.password != nil {
            // Best effort: the seed path itself never needs /etc/shadow, so an image without a
            // readable one still boots; only `clean` cannot put root's password back then.
            do {
                files += try keepRootHash(in: &state)
            } catch {
                state.applied.rootHashKept = false
                log.say("warning: root's password field is not kept for clean: \(error.message)")
            }
        }
        // The seed is the job's own: one already there is an earlier instance's, not the
        // image's, so it is recorded for `clean` to remove and never kept.
        for file in seedFiles { state.applied.recordCreated(file.path) }
        try write(files + seedFiles, copies: copies, state: state)
        try remove(obsolete + stale)
    }

    /// The network files an earlier os.conf's rendering wrote that this one's does not (a NIC
    /// or a route that left os.conf): left in place, they would keep configuring what the cloud
    /// took away (a `route-eth0` of routes no longer given, a second NIC's address).
    static func staleNetworkFiles(_ previous: [String], now current: [String]) -> [String] {
        let keep = Set(current)
        return previous.filter { !keep.contains($0) }
    }

    /// Removes `paths` (root-relative; a missing one is no error), after the set that records
    /// them is on disk: `clean` still puts back an original among them.
    private func remove(_ paths: [String]) throws(CommandFailure) {
        guard !paths.isEmpty else { return }
        do {
            try writer().remove(paths, under: tree.root)
        } catch {
            throw CommandFailure(error.description, exitCode: .forOutput(error))
        }
    }

    /// Writes network, host name, DNS, root's password and the drive's SSH keys for root;
    /// returns what it did, for the log.
    private func applyDirectly(
        _ configuration: OSConfiguration, state: BootState, rootKeys: RootAuthorizedKeys.Addition
    ) throws(CommandFailure) -> [String] {
        var files: [RenderedFile] = []
        var applied: [String] = []
        var written: NetworkFamily?
        var state = state
        var staleNetwork: [String] = []
        // No NIC keys: the network files of the previous boot (or the image's own) stay as they
        // are; an empty rendering would replace a working network with none.
        if !configuration.interfaces.isEmpty {
            let family = try directFamily()
            written = family
            guard let render = boot.renderers[family] else {
                throw CommandFailure("this build has no \(family) renderer", exitCode: .unavailable)
            }
            let network = render(configuration)
            files += network
            staleNetwork = Self.staleNetworkFiles(state.networkFiles, now: network.map({ $0.path }))
            state.networkFiles = network.map({ $0.path })
            applied.append("network (\(family))")
        }
        if let hostname = configuration.hostname {
            files.append(RenderedFile(path: "etc/hostname", contents: hostname.shortName + "\n"))
            let hosts = tree.text("/etc/hosts") ?? "127.0.0.1\tlocalhost\n"
            files.append(RenderedFile(path: "etc/hosts", contents: HostsFile.updating(hosts, hostname: hostname)))
            applied.append("host name")
        }
        if let resolver = ResolverFile.file(for: configuration.nameservers, in: tree) {
            files.append(resolver)
            applied.append("DNS")
        }
        let copies = try ImageOriginals(tree: tree).keep(
            written: files.map({ $0.path }), removed: staleNetwork, in: &state.applied)
        // Not among the kept originals: `clean` takes out the added lines, not the whole file
        // (see AddedAuthorizedKeys), so keys added to it since the boot stay.
        let authorizedKeys = RootAuthorizedKeys(tree: tree)
        var owners: [String: FileOwner] = [:]
        if let keysFile = rootKeys.file(at: authorizedKeys.path) {
            files.append(keysFile)
            if let owner = rootKeys.status?.owner { owners[keysFile.path] = owner }
            applied.append("root's SSH keys (\(rootKeys.keys.count))")
        }
        let directoryModes = [authorizedKeys.directory: UInt32(0o700)]
        guard let hash = passwordHash(configuration) else {
            try write(files, copies: copies, state: state, owners: owners, directoryModes: directoryModes)
            try remove(staleNetwork)
            if written == .netplan { generateNetplan() }
            try setHostname(configuration)
            return applied
        }
        // Held until the new /etc/shadow is in place (see LockedShadow).
        let shadow = try LockedShadow(tree: tree)
        defer { shadow.release() }
        files.append(try shadow.settingRootHash(hash))
        files += try keepRootHash(in: &state, shadow: shadow)
        try write(
            files, copies: copies, state: state, owners: Self.merged(shadow.owners, owners),
            directoryModes: directoryModes)
        try remove(staleNetwork)
        if written == .netplan { generateNetplan() }
        applied.append("root password")
        try setHostname(configuration)
        return applied
    }

    /// Root's password field as the image has it, kept once for `clean` (0600): the file to add
    /// to the run's set, or none when it is kept already. One kept by an earlier boot whose
    /// record is gone is the older one and stays. `shadow` is the caller's locked read when it
    /// edits the file; the seed path only reads it, without the lock: every shadow tool
    /// replaces the file by rename, so a plain read sees one whole version, and taking the
    /// lock would leave a `/etc/.pwd.lock` in an image the job otherwise does not touch.
    private func keepRootHash(in state: inout BootState, shadow: LockedShadow? = nil) throws(CommandFailure)
        -> [RenderedFile]
    {
        guard !state.applied.rootHashKept else { return [] }
        state.applied.rootHashKept = true
        guard !tree.exists("/" + AppliedFiles.rootHashPath) else { return [] }
        let field: [UInt8]
        if let shadow {
            field = try shadow.rootField()
        } else {
            // Two steps, each with its typed error (Embedded Swift cannot describe an `any Error`).
            let contents: [UInt8]
            do {
                contents = try tree.fileSystem.readFile(at: tree.path(LockedShadow.path), limit: 16 << 20)
            } catch {
                throw CommandFailure("\(error)", exitCode: .osFile)
            }
            do {
                field = try ShadowFile.rootField(in: contents)
            } catch {
                throw CommandFailure("\(error)", exitCode: .osFile)
            }
        }
        return [RenderedFile(path: AppliedFiles.rootHashPath, bytes: field, mode: 0o600)]
    }

    /// The network family the direct path writes for, with what its files need.
    private func directFamily() throws(CommandFailure) -> NetworkFamily {
        guard let family = NetworkFamily.detect(in: tree) else {
            throw CommandFailure(
                "no cloud-init and no known network configuration (netplan, NetworkManager, systemd-networkd, "
                    + "ifupdown, network-scripts) in the system", exitCode: .unavailable)
        }
        if family == .ifupdown, let missing = RequiredPackages.missingForIfupdown(in: tree) {
            throw CommandFailure(missing, exitCode: .unavailable)
        }
        return family
    }

    /// Writes `files`, the copies of the originals they replace, and the state, whose record
    /// gains the directories this set creates, as one set: a copy is on disk exactly when the
    /// change it undoes is, and the record with it.
    /// `first` with the entries of `second` whose paths it lacks: `merging` keeping the first
    /// owner, written out because Embedded Swift cannot compile `merging` (it casts).
    private static func merged(_ first: [String: FileOwner], _ second: [String: FileOwner]) -> [String: FileOwner] {
        var result = first
        for (path, owner) in second where result[path] == nil { result[path] = owner }
        return result
    }

    private func write(
        _ files: [RenderedFile], copies: ImageOriginals.Copies, state: BootState, owners: [String: FileOwner] = [:],
        directoryModes: [String: UInt32] = [:]
    ) throws(CommandFailure) {
        var state = state
        let written = files + copies.files
        ImageOriginals(tree: tree).recordNewDirectories(
            for: written.map({ $0.path }) + copies.links.map({ $0.path }) + [state.file.path], in: &state.applied)
        do {
            try writer().write(
                written + [state.file], links: copies.links, under: tree.root,
                owners: Self.merged(owners, copies.owners), directoryModes: directoryModes)
        } catch {
            throw CommandFailure(error.description, exitCode: .forOutput(error))
        }
    }

    /// netplan's YAML becomes networkd or NetworkManager files through netplan's systemd
    /// generator, which ran at the start of this boot, before the job wrote the YAML: without
    /// `netplan generate` now, this boot would bring up the old network, or none (found by the
    /// `netplan-direct` boot). The job runs before systemd-networkd and NetworkManager, so they
    /// read what generate writes under /run. Only on the running system, never for an image
    /// under `--root`; a failure is a warning, since the next boot's generator reads the YAML.
    ///
    /// netplan's C generator (the program its systemd generator links to) is run directly:
    /// the `netplan generate` command does the same through Python, which costs seconds at
    /// early boot (16 s on an emulated guest, measured by the `netplan-direct` boot).
    private func generateNetplan() {
        guard tree.isLiveSystem else { return }
        let generators = ["/usr/libexec/netplan/generate", "/lib/netplan/generate", "/usr/lib/netplan/generate"]
        let commands =
            generators.map { ($0, [String]()) } + ["/usr/sbin/netplan", "/sbin/netplan"].map { ($0, ["generate"]) }
        guard let (netplan, arguments) = commands.first(where: { tree.exists($0.0) }) else {
            log.say("warning: netplan's YAML is written but no netplan program was found; it applies on the next boot")
            return
        }
        do {
            let status = try boot.kernel.run(netplan, arguments)
            if status != 0 {
                log.say("warning: \(netplan) generate exited \(status); the network applies on the next boot")
            }
        } catch {
            log.say("warning: \(error); the network applies on the next boot")
        }
    }

    /// The running kernel's name changes only at boot, never for an image under `--root`.
    private func setHostname(_ configuration: OSConfiguration) throws(CommandFailure) {
        guard tree.isLiveSystem, let hostname = configuration.hostname else { return }
        do {
            try boot.kernel.setHostname(hostname.shortName)
        } catch {
            throw CommandFailure(error.description, exitCode: .osError)
        }
    }

    /// The last step: a failure is only a warning, because the state file already keeps the
    /// next boot from applying the same os.conf again. On read-only media (the config drive)
    /// nothing can remove it, so nothing is tried: the state's digest does that work.
    private func removeOSConf(_ file: String, location: OSConfLocation) {
        if location.readOnlyMount != nil { return }
        do {
            try writer().remove([FilePath.baseName(of: file)], under: FilePath.directory(of: file))
        } catch {
            log.say("warning: \(error.description); the state file keeps it from being applied again")
        }
    }
}
