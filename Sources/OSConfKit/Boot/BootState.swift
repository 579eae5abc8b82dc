/// What the boot job remembers between boots, in /var/lib/osconf2seed/state (0600): the digest
/// of the last os.conf it applied, the MAC it was applied for, whether a network has been
/// applied, and every file it changed (``AppliedFiles``, which `clean` undoes). Never the
/// password.
///
/// The digest makes a second run on the same os.conf a no-op (the cloud's partition may be
/// read-only, so os.conf cannot always be removed); the cloud's instance id, or else the MAC,
/// tells the same machine from a clone (``isSameMachine(cloudInstanceID:macAddress:)``).
public struct BootState: Sendable, Hashable {
    public static let path = "/var/lib/osconf2seed/state"

    public var contentDigest: String
    public var macAddress: MACAddress?
    /// The cloud's instance id of the os.conf applied last (`instance_id`), when it had one.
    public var cloudInstanceID: CloudInstanceID?
    /// Which cloud's os.conf was applied last (`source=`); nil in states written before the
    /// line existed. The locator waits for udev to finish before giving up on Tencent's config
    /// drive only where that can matter: on a first boot, or where the last os.conf came from
    /// the drive; an Alibaba Cloud image never pays for it.
    public var source: OSConfSource?
    /// Whether an os.conf with NIC keys has been applied on this machine (by the job, or by
    /// cloud-init from the job's seed). Once true it stays true: a later os.conf without NIC
    /// keys leaves that network as it is, so the seed must keep cloud-init from replacing it
    /// with its DHCP fallback.
    public var networkApplied: Bool
    /// What every boot so far changed in the tree, carried from state to state.
    public var applied: AppliedFiles
    /// The network files (root-relative) the job itself rendered for the os.conf applied last:
    /// the direct path's, and on the seed path the ifupdown or route files it writes beside
    /// cloud-init. The next os.conf with NIC keys removes those it no longer renders, so a NIC
    /// or a route that left os.conf leaves the system too (`clean` still restores an original).
    public var networkFiles: [String] = []

    public init(
        contentDigest: String, macAddress: MACAddress?, networkApplied: Bool = false,
        applied: AppliedFiles = AppliedFiles()
    ) {
        self.contentDigest = contentDigest
        self.macAddress = macAddress
        self.networkApplied = networkApplied
        self.applied = applied
    }

    /// The recorded state; nil when there is none or it is unreadable (then the job applies).
    public static func load(from tree: RootTree) -> BootState? {
        guard let text = tree.text(path, limit: 1 << 20) else { return nil }
        return BootState(text: text)
    }

    /// Parses the state file; nil without a digest.
    public init?(text: String) {
        var digest: String?
        var mac: MACAddress?
        var cloudID: CloudInstanceID?
        var source: OSConfSource?
        // A state without the line was written by a version that always wrote a network
        // configuration: assume one was applied, the choice that leaves the network alone.
        var network = true
        var networkFiles: [String] = []
        for line in text.split(separator: "\n") where !line.hasPrefix("#") {
            if line.hasPrefix("digest=") { digest = String(line.dropFirst("digest=".count)) }
            if line.hasPrefix("mac=") { mac = MACAddress(line.dropFirst("mac=".count)) }
            if line.hasPrefix("instance=") { cloudID = CloudInstanceID(line.dropFirst("instance=".count)) }
            if line.hasPrefix("network=") { network = line != "network=none" }
            if line.hasPrefix("source=") { source = OSConfSource(rawValue: String(line.dropFirst("source=".count))) }
            if line.hasPrefix("netfile="), let path = AppliedFiles.insideRoot(line.dropFirst("netfile=".count)) {
                networkFiles.append(path)
            }
        }
        guard let digest, !digest.isEmpty else { return nil }
        self.init(
            contentDigest: digest, macAddress: mac, networkApplied: network, applied: AppliedFiles(stateText: text))
        self.cloudInstanceID = cloudID
        self.source = source
        self.networkFiles = networkFiles
    }

    /// Whether an os.conf for `cloudInstanceID` and `macAddress` is for the machine this state
    /// was written on, so that it keeps its SSH host keys. The cloud's instance id decides when
    /// both have one: a clone gets a new id even where the cloud gives it the same MAC. Else the
    /// MAC decides; without either, it is a new machine.
    public func isSameMachine(cloudInstanceID: CloudInstanceID?, macAddress: MACAddress?) -> Bool {
        if let recorded = self.cloudInstanceID, let cloudInstanceID { return recorded == cloudInstanceID }
        return self.macAddress != nil && self.macAddress == macAddress
    }

    /// The state file, root-relative, for the writer's set.
    public var file: RenderedFile {
        var text = "# osconf2seed: the last os.conf applied on this machine, and what `clean` undoes\n"
        text += "digest=\(contentDigest)\n"
        if let macAddress { text += "mac=\(macAddress)\n" }
        if let cloudInstanceID { text += "instance=\(cloudInstanceID)\n" }
        if let source { text += "source=\(source.rawValue)\n" }
        text += networkApplied ? "network=applied\n" : "network=none\n"
        text += networkFiles.sorted().map { "netfile=\($0)\n" }.joined()
        text += applied.lines.map { $0 + "\n" }.joined()
        return RenderedFile(path: String(Self.path.dropFirst()), contents: text, mode: 0o600)
    }
}
