/// What the boot job remembers between boots, in /var/lib/osconf2seed/state (0600): the digest
/// of the last os.conf it applied and the MAC it was applied for. Never the password.
///
/// The digest makes a second run on the same os.conf a no-op (the cloud's partition may be
/// read-only, so os.conf cannot always be removed); the MAC tells the same machine from a clone.
public struct BootState: Sendable, Hashable {
    public static let path = "/var/lib/osconf2seed/state"

    public var contentDigest: String
    public var macAddress: MACAddress?

    public init(contentDigest: String, macAddress: MACAddress?) {
        self.contentDigest = contentDigest
        self.macAddress = macAddress
    }

    /// The recorded state; nil when there is none or it is unreadable (then the job applies).
    public static func load(from tree: RootTree) -> BootState? {
        guard let text = tree.text(path, limit: 4096) else { return nil }
        var digest: String?
        var mac: MACAddress?
        for line in text.split(separator: "\n") where !line.hasPrefix("#") {
            if line.hasPrefix("digest=") { digest = String(line.dropFirst("digest=".count)) }
            if line.hasPrefix("mac=") { mac = MACAddress(line.dropFirst("mac=".count)) }
        }
        guard let digest, !digest.isEmpty else { return nil }
        return BootState(contentDigest: digest, macAddress: mac)
    }

    /// The state file, root-relative, for the writer's set.
    public var file: RenderedFile {
        var text = "# osconf2seed: the last os.conf applied on this machine\ndigest=\(contentDigest)\n"
        if let macAddress { text += "mac=\(macAddress)\n" }
        return RenderedFile(path: String(Self.path.dropFirst()), contents: text, mode: 0o600)
    }
}
