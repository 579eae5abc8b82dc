/// Which paths `install` may own, and what it does with those the image already has.
///
/// `uninstall` removes what the manifest lists, so the manifest may list only what `install`
/// created: a path the image had before (a unit the administrator wrote, a binary a package
/// put there) is never overwritten and never recorded. The same bytes (or link target) already
/// in place are left as they are and not recorded, so `uninstall` leaves them too: that is the
/// .deb and .rpm case, whose scripts run `install --binary /usr/sbin/osconf2seed` over the
/// packaged file that dpkg and rpm own. Anything else there stops the install before a byte is
/// written (73, EX_CANTCREAT), naming every such path.
extension InstallPlan {
    /// Whether some `install` writes a file at `path` (root-relative, as a manifest lists it).
    public static func mayOwn(file path: String) -> Bool {
        [binaryPath, systemdUnitPath, initScriptPath, cloudConfigPath, InstallManifest.path].contains(path)
            || retiredFiles.contains(path)
    }

    /// Whether some `install` makes a link at `path`: the systemd `wants` link, a sysvinit
    /// `etc/rcS.d/SNNosconf2seed` link or an OpenRC `etc/runlevels/LEVEL/osconf2seed` link.
    public static func mayOwn(link path: String) -> Bool {
        if path == systemdLinkPath { return true }
        let parts = path.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count >= 3, parts[0] == "etc", parts.last == "osconf2seed" || parts.count == 3 else { return false }
        if parts.count == 3, parts[1] == "rcS.d" {
            let name = parts[2]
            return name.count == "S00osconf2seed".count && name.hasPrefix("S") && name.hasSuffix("osconf2seed")
                && name.dropFirst().prefix(2).allSatisfy { ("0"..."9").contains($0) }
        }
        return parts.count == 4 && parts[1] == "runlevels" && isPlainName(parts[2])
    }

    /// Whether `path` is a directory above a file or link that some `install` writes: the only
    /// directories a manifest may list (`uninstall` removes them only when empty).
    public static func mayOwn(directory path: String) -> Bool {
        let fixed = [
            binaryPath, systemdUnitPath, systemdLinkPath, initScriptPath, cloudConfigPath, InstallManifest.path,
            "etc/rcS.d/S00osconf2seed", "etc/runlevels/boot/osconf2seed",
        ]
        for file in fixed {
            var directory = FilePath.directory(of: file)
            while directory != "." && directory != "/" && !directory.isEmpty {
                if directory == path { return true }
                directory = FilePath.directory(of: directory)
            }
        }
        let parts = path.split(separator: "/", omittingEmptySubsequences: false)
        return parts.count == 3 && parts[0] == "etc" && parts[1] == "runlevels" && isPlainName(parts[2])
    }

    /// Leaves out of the plan what the image already has with the same bytes or link target and
    /// `owned` does not list. Throws, before anything is written, when the image has anything
    /// else at a path of the plan that `owned` does not list.
    /// - Returns: the root-relative paths left out (the image keeps them, `uninstall` too).
    public mutating func leaveImageFiles(in tree: RootTree, owned: InstallManifest) throws(CommandFailure)
        -> [String]
    {
        var foreign: [String] = []
        var kept: [String] = []
        var keptFiles: [RenderedFile] = []
        for file in files {
            guard !owned.files.contains(file.path), let type = tree.type("/" + file.path) else {
                keptFiles.append(file)
                continue
            }
            if type == .regular, Self.contents(of: file.path, in: tree, upTo: file.contents.count) == file.contents {
                kept.append(file.path)
            } else {
                foreign.append(file.path)
            }
        }
        var keptLinks: [SymbolicLink] = []
        for link in links {
            guard !owned.links.contains(link.path), tree.type("/" + link.path) != nil else {
                keptLinks.append(link)
                continue
            }
            if tree.readLink("/" + link.path) == link.target {
                kept.append(link.path)
            } else {
                foreign.append(link.path)
            }
        }
        guard foreign.isEmpty else {
            let paths = foreign.map { "/" + $0 }.joined(separator: ", ")
            let verb = foreign.count == 1 ? "is" : "are"
            throw CommandFailure(
                "\(paths) \(verb) already in \(tree.root) and not from `osconf2seed install`; nothing was "
                    + "written: move \(foreign.count == 1 ? "it" : "them") away and run install again",
                exitCode: .cannotCreate)
        }
        files = keptFiles
        links = keptLinks
        return kept
    }

    /// The file's bytes when it has at most `size` of them (a larger file is not read); nil
    /// otherwise.
    private static func contents(of path: String, in tree: RootTree, upTo size: Int) -> [UInt8]? {
        try? tree.fileSystem.readFile(at: tree.path("/" + path), limit: size)
    }

    private static func isPlainName(_ name: Substring) -> Bool {
        !name.isEmpty && name != "." && name != ".."
    }
}
