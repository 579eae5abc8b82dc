/// Finds os.conf the way the cloud expects a guest to: a configured path, else the partition
/// that /etc/osconf2seed.conf names, else the first partition of the disk that holds `/`.
/// The partition is read where it is mounted, or mounted read-write for the job.
public struct OSConfLocator: Sendable {
    /// Where the clouds put the file, relative to the partition's root.
    public static let candidates = ["aliyun_custom_image/os.conf", "qcloud_action/os.conf"]
    /// The private working mount point.
    public static let mountPoint = "/run/osconf2seed/mnt"
    /// The file systems the clouds write os.conf on, in the order they are tried.
    public static let fileSystemTypes = ["ext4", "ext3", "ext2", "vfat", "xfs"]
    /// The file-system options of the working mount. FAT has no owners: stat(2) reports the
    /// mount's uid, gid and umask for every entry, and ``OSConfTrust`` judges by them, so the
    /// job's own mount makes everything root's and private whatever the service's umask is.
    public static let mountOptions = ["vfat": "uid=0,gid=0,umask=077"]

    public let tree: RootTree
    public let kernel: any Kernel
    public let settings: BootSettings

    public init(tree: RootTree, kernel: any Kernel, settings: BootSettings) {
        self.tree = tree
        self.kernel = kernel
        self.settings = settings
    }

    /// The location; a failure to find the partition or to mount it is an error.
    public func locate() throws(CommandFailure) -> OSConfLocation {
        if let path = settings.osConfPath {
            let holder = MountTable(text: tree.text("/proc/self/mountinfo") ?? "").mount(containing: path)
            return OSConfLocation(
                file: tree.exists(path) ? tree.path(path) : nil, place: path, topDirectory: tree.root,
                readOnlyMount: holder.flatMap { $0.isReadOnlySuperblock ? tree.path($0.mountPoint) : nil })
        }
        let partition = try findPartition()
        let mounts = MountTable(text: tree.text("/proc/self/mountinfo") ?? "")
        if let mounted = mounts.mount(of: partition.number) {
            let top = tree.path(mounted.mountPoint)
            return OSConfLocation(
                file: firstCandidate(under: top), place: partition.nodePath, topDirectory: top,
                readOnlyMount: mounted.isReadOnlySuperblock ? top : nil)
        }
        let target = tree.path(Self.mountPoint)
        try makeMountPoint(target)
        // mount(2) takes paths, not descriptors: give it the ones resolved inside the tree.
        let device: String
        let mountTarget: String
        do {
            device = try tree.realPath(partition.nodePath)
            mountTarget = try tree.realPath(Self.mountPoint)
        } catch {
            throw CommandFailure(error.description, exitCode: .osError)
        }
        var failures: [String] = []
        for type in Self.fileSystemTypes {
            do {
                try kernel.mount(
                    device: device, at: mountTarget, type: type, data: Self.mountOptions[type] ?? "")
            } catch {
                failures.append("\(type): \(error.errno.description.lowercased())")
                continue
            }
            return OSConfLocation(
                file: firstCandidate(under: target), place: partition.nodePath, topDirectory: target,
                temporaryMount: mountTarget)
        }
        throw CommandFailure(
            "cannot mount \(partition.nodePath) (\(failures.joined(separator: "; ")))", exitCode: .osError)
    }

    /// The partition: the configured one, or partition 1 of the disk that holds `/`.
    public func findPartition() throws(CommandFailure) -> BlockDevice {
        let devices = BlockDeviceTree(tree: tree)
        if let selector = settings.partition {
            guard let device = selector.resolve(in: devices) else {
                throw CommandFailure("no partition with \(selector)", exitCode: .configuration)
            }
            return device
        }
        guard let mountinfo = tree.text("/proc/self/mountinfo") else {
            // A chroot or container without /proc: say what is missing and how to get past it.
            throw CommandFailure(
                "cannot read /proc/self/mountinfo: /proc is not mounted, so the disk that holds / is unknown; "
                    + "mount /proc, or name os.conf with --os-conf PATH", exitCode: .osFile)
        }
        guard let root = MountTable(text: mountinfo).root else {
            throw CommandFailure("/proc/self/mountinfo has no entry for /", exitCode: .osFile)
        }
        // Btrfs and some others report an anonymous device (major 0); the source names the
        // real one then.
        var rootDevice = devices.device(numbered: root.device)
        if rootDevice == nil, root.source.hasPrefix("/dev/") {
            rootDevice = devices.device(named: FilePath.baseName(of: root.source))
        }
        guard let rootDevice else {
            throw CommandFailure("no block device \(root.device) for / in /sys/class/block", exitCode: .osFile)
        }
        guard let first = devices.firstPartition(onDiskHolding: rootDevice.name) else {
            throw CommandFailure("the disk that holds / (\(rootDevice.name)) has no partition 1", exitCode: .osFile)
        }
        return first
    }

    /// Undoes the working mount; the caller reports a failure but it changes no outcome.
    public func release(_ location: OSConfLocation) throws(SystemError) {
        guard let target = location.temporaryMount else { return }
        try kernel.unmount(target)
    }

    private func firstCandidate(under directory: String) -> String? {
        for candidate in Self.candidates {
            let path = FilePath.join(directory, candidate)
            // Anything but a link in os.conf's place is the job's to judge: a FIFO or a
            // directory there is refused (exit 66), not taken for a missing os.conf.
            switch try? tree.fileSystem.fileType(at: path) {
            case .regular, .directory, .other: return path
            case .symbolicLink, nil: continue
            }
        }
        return nil
    }

    private func makeMountPoint(_ target: String) throws(CommandFailure) {
        var missing: [String] = []
        var current = target
        while current != tree.root, current != "/", (try? tree.fileSystem.fileType(at: current)) == nil {
            missing.append(current)
            current = FilePath.directory(of: current)
        }
        for directory in missing.reversed() {
            do {
                try tree.fileSystem.makeDirectory(at: directory, mode: 0o700)
            } catch  where error.errno == .exists {
                continue
            } catch {
                throw CommandFailure(error.description, exitCode: .cannotCreate)
            }
        }
    }
}
