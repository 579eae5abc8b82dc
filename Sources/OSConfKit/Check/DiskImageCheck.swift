/// `osconf2seed check --image DISK.raw`: the raw-disk items of IMAGE-CHECKS.md section 8 read
/// from the image file (opened read-only), then, where the image's root file system can be
/// mounted (root, in a private mount namespace: ``ImageMount``), every root-tree item of
/// ``ImageCheck`` on it and `disk.uuid` (fstab and kernel `root=` against the superblocks).
/// Where it cannot mount, one `disk.mount` finding lists the items skipped and why.
public struct DiskImageCheck: Sendable {
    /// The image file as given.
    public let path: String
    /// Which import the severities are for.
    public let profile: CheckProfile
    /// The file system the image file and the mounted root tree are read through.
    public let fileSystem: any FileSystem
    /// The host's `PATH`, where `mount`, the decompressors and `lsinitramfs` are looked for.
    public let hostPath: String?

    /// A check of `path` under `profile`.
    public init(path: String, profile: CheckProfile, fileSystem: any FileSystem, hostPath: String?) {
        self.path = path
        self.profile = profile
        self.fileSystem = fileSystem
        self.hostPath = hostPath
    }

    /// The report; throws when the image cannot be opened (missing, unreadable, not a regular file).
    public func run() throws(SystemError) -> CheckReport {
        let (image, size) = try imageFile()
        // Reads through the file system's one block reader (opened read-only, without
        // blocking, the type checked on the descriptor); a read that fails later gives no
        // bytes, which the layout reports as what it could not parse.
        let layout = DiskLayout(size: size) { offset, count in
            guard offset >= 0, count > 0, offset < size else { return [] }
            return (try? fileSystem.readBlocks(at: image, offset: offset, count: min(count, size - offset))) ?? []
        }
        let disk = DiskCheck(path: path, layout: layout, profile: profile)
        var observations = disk.observations()
        var facts = CheckFacts(
            operatingSystem: nil, kernels: [], bootMode: nil, initSystem: nil, networkFamily: nil, cloudInit: nil)
        facts.rootTreeRead = false
        var treeFindings: [CheckFinding] = []
        let readable = layout.format == .raw && !observations.contains { $0.item == .diskRoot }
        if readable {
            switch ImageMount.mountRoot(image: path, layout: layout, hostPath: hostPath) {
            case .success(let mount):
                defer { mount.unmount() }
                var check = treeCheck(mount.directory)
                if let check, !mount.mountSystemPartitions(check.fstab, image: path, layout: layout).isEmpty {
                    // A /boot that did not mount: the kernels it holds are unseen.
                    observations.append(skipped("a partition of the image's fstab (/boot, /usr) did not mount"))
                } else if check != nil {
                    check = treeCheck(mount.directory)
                }
                if let check {
                    let report = check.run()
                    facts = report.facts
                    facts.rootTreeRead = true
                    // The first partition is on the disk: disk.first-partition decides what
                    // the tree alone leaves unknown.
                    treeFindings = report.findings.filter { !($0.item == .customDirectory && $0.status == .unknown) }
                    observations += disk.uuidObservations(
                        fstab: check.fstab, rootParameters: check.bootLoader.values(of: "root"))
                } else {
                    observations.append(skipped("the mounted root file system cannot be opened"))
                }
            case .failure(let failure):
                observations.append(skipped(failure.reason))
            }
        }
        facts.disk = disk.facts
        let findings = ImageCheck.ordered(treeFindings + observations.compactMap { $0.finding(in: profile) })
        return CheckReport(profile: profile, root: path, facts: facts, findings: findings)
    }

    /// The image file's path with a final symbolic link followed (`disk.raw ->
    /// build/disk-1.raw`, at most ``RootDirectory/linkLimit`` links, as open(2) follows them),
    /// and its size; fails with `ENOENT`, `ELOOP`, `EISDIR` for a directory or `EINVAL` for
    /// anything but a regular file, and with the errno of opening it (`EACCES`) before any
    /// byte is parsed, so an unreadable image is never taken for an empty disk.
    private func imageFile() throws(SystemError) -> (path: String, size: Int) {
        var current = path
        for _ in 0...RootDirectory.linkLimit {
            guard let status = try fileSystem.status(at: current) else { throw SystemError(.read, path, .noSuchFile) }
            switch status.type {
            case .symbolicLink:
                let target = try fileSystem.readLink(at: current)
                current = target.hasPrefix("/") ? target : FilePath.join(FilePath.directory(of: current), target)
                continue
            case .regular:
                _ = try fileSystem.readBlocks(at: current, offset: 0, count: 1)
                return (current, status.size)
            case .directory: throw SystemError(.read, path, .isDirectory)
            case .other: throw SystemError(.read, path, .notRegularFile)
            }
        }
        throw SystemError(.read, path, .tooManyLinks)
    }

    private func treeCheck(_ directory: String) -> ImageCheck? {
        guard let tree = try? RootTree(root: directory, fileSystem: fileSystem) else { return nil }
        return ImageCheck(tree: tree, profile: profile, hostPath: hostPath)
    }

    /// The root-tree items (section 7) and `disk.uuid`, which need the mounted file system.
    static var treeItems: [CheckItem] { CheckItem.allCases.filter { !$0.isDiskItem } + [.diskUUID] }

    private func skipped(_ reason: String) -> CheckObservation {
        let items = Self.treeItems.filter { $0.severity(in: profile) != nil }.map { $0.rawValue }
        return CheckObservation(
            item: .diskMount, status: .unknown,
            message: "the image's file systems were not mounted (\(reason)), so these items were skipped: "
                + items.joined(separator: ", "),
            file: nil,
            fix: "run check --image as root (it mounts read-only in a private mount namespace), "
                + "or mount the root file system and run check --root DIR")
    }
}
