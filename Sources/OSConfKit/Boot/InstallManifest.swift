/// What `install` put into a tree, so that `uninstall` takes out exactly that: the files, the
/// links, and the directories that did not exist before. Kept in
/// /var/lib/osconf2seed/installed, one `kind path` line each, paths relative to the root.
public struct InstallManifest: Sendable, Hashable {
    public static let path = "var/lib/osconf2seed/installed"

    public var files: [String] = []
    public var links: [String] = []
    public var directories: [String] = []

    public init(files: [String] = [], links: [String] = [], directories: [String] = []) {
        self.files = files
        self.links = links
        self.directories = directories
    }

    /// Parses the manifest; unknown lines and paths that climb out of the root are ignored,
    /// so a damaged manifest can never make `uninstall` remove something outside the tree.
    public init(text: String) {
        for line in text.split(separator: "\n") {
            guard let space = line.firstIndex(of: " ") else { continue }
            let path = String(line[line.index(after: space)...])
            guard !path.hasPrefix("/"), !path.split(separator: "/").contains("..") else { continue }
            switch line[..<space] {
            case "file": files.append(path)
            case "link": links.append(path)
            case "dir": directories.append(path)
            default: continue
            }
        }
    }

    public var file: RenderedFile {
        var text = "# osconf2seed install manifest: what `osconf2seed uninstall` removes\n"
        for path in files { text += "file \(path)\n" }
        for path in links { text += "link \(path)\n" }
        for path in directories { text += "dir \(path)\n" }
        return RenderedFile(path: Self.path, contents: text, mode: 0o644)
    }
}
