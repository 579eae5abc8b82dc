/// Whether cloud-init is in a tree, and which release: the seed's form depends on it.
public struct CloudInitProbe: Sendable {
    /// What was found.
    public struct Installation: Sendable, Hashable {
        /// nil when the package is there but its version could not be read.
        public var version: CloudInitVersion?

        public init(version: CloudInitVersion?) {
            self.version = version
        }
    }

    public let tree: RootTree

    public init(tree: RootTree) {
        self.tree = tree
    }

    /// The installation, or nil when the tree has no cloud-init.
    ///
    /// The version comes from the first that gives one: cloudinit/version.py in any Python
    /// library tree, the package's own metadata next to it (`cloud_init-X.egg-info/PKG-INFO`,
    /// `cloud_init-X.dist-info/METADATA`), then dpkg's status file. RPM's database is binary
    /// and is not read: on RPM systems version.py (or the egg-info) answers.
    public func probe() -> Installation? {
        let packages = packageDirectories()
        guard tree.exists("/usr/bin/cloud-init") || !packages.isEmpty else { return nil }
        for directory in packages {
            if let text = tree.text(directory + "/cloudinit/version.py"), let version = Self.version(fromModule: text) {
                return Installation(version: version)
            }
        }
        for directory in packages {
            for entry in tree.list(directory) where entry.hasPrefix("cloud_init-") {
                let metadata = entry.hasSuffix(".dist-info") ? "METADATA" : "PKG-INFO"
                if let text = tree.text("\(directory)/\(entry)/\(metadata)", limit: 1 << 20),
                    let version = Self.version(fromPackageInfo: text)
                {
                    return Installation(version: version)
                }
            }
        }
        if let status = tree.text("/var/lib/dpkg/status", limit: 64 << 20) {
            return Installation(version: Self.version(fromDpkgStatus: status))
        }
        return Installation(version: nil)
    }

    /// Every Python library directory holding a `cloudinit` package: Debian's
    /// `/usr/lib/python3/dist-packages`, RPM's `/usr/lib/python2.7/site-packages` and
    /// `/usr/lib/python3.X/site-packages`, the same under /usr/lib64 and /usr/local/lib.
    private func packageDirectories() -> [String] {
        var result: [String] = []
        for base in ["/usr/lib", "/usr/lib64", "/usr/local/lib"] {
            for python in tree.list(base).sorted() where python.hasPrefix("python") {
                for packages in ["dist-packages", "site-packages"] {
                    let directory = "\(base)/\(python)/\(packages)"
                    if tree.exists(directory + "/cloudinit") { result.append(directory) }
                }
            }
        }
        return result
    }

    /// The release named in cloudinit/version.py, in each form it has had:
    /// - `__VERSION__ = "22.4.2"` (0.7.7 on; `version_string()` returns it) or `__version__`;
    /// - `return vr.StrictVersion("0.7.5")` in `version()` (0.7.x before 0.7.7);
    /// - `return "X"`, a `version_string()` that returns a literal.
    /// Python is not run: a line is taken only when it is one of these forms.
    public static func version(fromModule text: String) -> CloudInitVersion? {
        var strict: CloudInitVersion?
        var returned: CloudInitVersion?
        for line in text.split(whereSeparator: { $0 == "\n" || $0 == "\r" }) {
            let trimmed = line.drop { $0 == " " || $0 == "\t" }
            if trimmed.hasPrefix("__VERSION__") || trimmed.hasPrefix("__version__") {
                let rest = trimmed.dropFirst("__VERSION__".count).drop { $0 == " " || $0 == "\t" }
                if rest.first == "=", let version = quoted(rest.dropFirst()) { return version }
            } else if strict == nil, let call = trimmed.firstRange(of: "StrictVersion(") {
                strict = quoted(trimmed[call.upperBound...])
            } else if returned == nil, trimmed.hasPrefix("return ") {
                returned = quoted(trimmed.dropFirst("return ".count))
            }
        }
        return strict ?? returned
    }

    /// The version in a Python string literal that `text` starts with (after blanks), and
    /// nothing but a closing bracket, blanks or a comment after it.
    private static func quoted(_ text: Substring) -> CloudInitVersion? {
        let value = text.drop { $0 == " " || $0 == "\t" }
        guard let quote = value.first, quote == "\"" || quote == "'" else { return nil }
        let body = value.dropFirst()
        guard let close = body.firstIndex(of: quote) else { return nil }
        let after = body[body.index(after: close)...].drop { $0 == " " || $0 == "\t" || $0 == ")" }
        guard after.isEmpty || after.first == "#" else { return nil }
        return CloudInitVersion(String(body[..<close]))
    }

    /// `Version: 0.7.5` from a Python package's PKG-INFO or METADATA.
    public static func version(fromPackageInfo text: String) -> CloudInitVersion? {
        for line in text.split(separator: "\n") where line.hasPrefix("Version:") {
            return CloudInitVersion(String(line.dropFirst("Version:".count).drop { $0 == " " }))
        }
        return nil
    }

    /// The `Version:` of the installed `cloud-init` paragraph in dpkg's status file.
    public static func version(fromDpkgStatus text: String) -> CloudInitVersion? {
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
