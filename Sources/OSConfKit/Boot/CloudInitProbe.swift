/// Whether cloud-init is in a tree, and which release: the seed's form depends on it.
public struct CloudInitProbe: Sendable {
    /// What was found.
    public struct Installation: Sendable, Hashable {
        /// nil when the package is there but its version could not be read.
        public var version: CloudInitVersion?
    }

    public let tree: RootTree

    public init(tree: RootTree) {
        self.tree = tree
    }

    /// The installation, or nil when the tree has no cloud-init.
    public func probe() -> Installation? {
        let packages = packageDirectories()
        guard tree.exists("/usr/bin/cloud-init") || !packages.isEmpty else { return nil }
        for directory in packages {
            if let text = tree.text(directory + "/version.py"), let version = Self.version(fromModule: text) {
                return Installation(version: version)
            }
        }
        if let status = tree.text("/var/lib/dpkg/status", limit: 64 << 20) {
            return Installation(version: Self.version(fromDpkgStatus: status))
        }
        return Installation(version: nil)
    }

    /// Every `cloudinit` package directory under the Python library trees.
    private func packageDirectories() -> [String] {
        var result: [String] = []
        for base in ["/usr/lib", "/usr/lib64", "/usr/local/lib"] {
            for python in tree.list(base) where python.hasPrefix("python") {
                for packages in ["dist-packages", "site-packages"] {
                    let directory = "\(base)/\(python)/\(packages)/cloudinit"
                    if tree.exists(directory) { result.append(directory) }
                }
            }
        }
        return result
    }

    /// `__VERSION__ = "22.4.2"` from cloudinit/version.py.
    static func version(fromModule text: String) -> CloudInitVersion? {
        for line in text.split(separator: "\n") {
            let trimmed = line.drop { $0 == " " }
            guard trimmed.hasPrefix("__VERSION__") else { continue }
            let quoted = trimmed.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\"" || $0 == "'" })
            if quoted.count >= 2, let version = CloudInitVersion(String(quoted[1])) { return version }
        }
        return nil
    }

    /// The `Version:` of the installed `cloud-init` paragraph in dpkg's status file.
    static func version(fromDpkgStatus text: String) -> CloudInitVersion? {
        for paragraph in text.split(separator: "\n\n") {
            let lines = paragraph.split(separator: "\n")
            guard lines.contains("Package: cloud-init"),
                lines.contains(where: { $0.hasPrefix("Status:") && $0.hasSuffix(" installed") }),
                let line = lines.first(where: { $0.hasPrefix("Version: ") })
            else { continue }
            var version = line.dropFirst("Version: ".count)
            // An epoch (`1:`) precedes the upstream version.
            if let colon = version.firstIndex(of: ":") { version = version[version.index(after: colon)...] }
            return CloudInitVersion(String(version))
        }
        return nil
    }
}
