/// What `install` put into a tree, so that `uninstall` takes out exactly that: the files, the
/// links, and the directories that did not exist before. Kept in
/// /var/lib/osconf2seed/installed, one `kind path` line each, paths relative to the root.
public struct InstallManifest: Sendable, Hashable {
    public static let path = "var/lib/osconf2seed/installed"

    public var files: [String] = []
    public var links: [String] = []
    public var directories: [String] = []
    /// Entries of the parsed text that no `install` writes (``InstallPlan/mayOwn(file:)`` and its
    /// kin), as `kind path`: left out, so that a manifest planted in an image, or one damaged,
    /// cannot make `uninstall` remove the image's own files.
    public var ignored: [String] = []

    public init(files: [String] = [], links: [String] = [], directories: [String] = []) {
        self.files = files
        self.links = links
        self.directories = directories
    }

    /// Parses the manifest. Comments and lines of no known kind are skipped; an entry that no
    /// `install` writes (a path outside the tree among them) goes to ``ignored``, so a damaged or
    /// planted manifest can never make `uninstall` remove anything but osconf2seed's own files.
    public init(text: String) {
        for line in text.split(separator: "\n") where !line.hasPrefix("#") {
            guard let space = line.firstIndex(of: " ") else { continue }
            let path = String(line[line.index(after: space)...])
            switch line[..<space] {
            case "file" where InstallPlan.mayOwn(file: path): files.append(path)
            case "link" where InstallPlan.mayOwn(link: path): links.append(path)
            case "dir" where InstallPlan.mayOwn(directory: path): directories.append(path)
            case "file", "link", "dir": ignored.append(String(line))
            default: continue
            }
        }
    }

    /// One warning line per ``ignored`` entry, for the commands that read the manifest.
    public var ignoredWarnings: [String] {
        ignored.map { "osconf2seed: warning: /\(Self.path): ignoring '\($0)': not a path install writes" }
    }

    public var file: RenderedFile {
        var text = "# osconf2seed install manifest: what `osconf2seed uninstall` removes\n"
        for path in files { text += "file \(path)\n" }
        for path in links { text += "link \(path)\n" }
        for path in directories { text += "dir \(path)\n" }
        return RenderedFile(path: Self.path, contents: text, mode: 0o644)
    }
}
