/// Where the direct path puts the name servers: /etc/resolv.conf, or a systemd-resolved drop-in
/// when resolv.conf is resolved's own link (writing through it would be lost on the next start).
public enum ResolverFile {
    public static let resolvedDropIn = "etc/systemd/resolved.conf.d/osconf2seed.conf"

    /// The file to write, or nil when there are no name servers or another manager owns
    /// resolv.conf (a link elsewhere, such as resolvconf's; the network files carry DNS there).
    public static func file(for nameservers: [IPAddress], in tree: RootTree) -> RenderedFile? {
        guard !nameservers.isEmpty else { return nil }
        if tree.type("/etc/resolv.conf") == .symbolicLink {
            guard let target = tree.readLink("/etc/resolv.conf"), target.contains("/run/systemd/resolve/")
            else { return nil }
            let servers = nameservers.map({ $0.description }).joined(separator: " ")
            return RenderedFile(
                path: resolvedDropIn, contents: "# written by osconf2seed from os.conf\n[Resolve]\nDNS=\(servers)\n")
        }
        let lines = nameservers.map { "nameserver \($0)\n" }.joined()
        return RenderedFile(path: "etc/resolv.conf", contents: "# written by osconf2seed from os.conf\n" + lines)
    }
}
