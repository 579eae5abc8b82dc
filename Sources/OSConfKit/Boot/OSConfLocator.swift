/// Finds os.conf the way the cloud expects a guest to: a configured path, else the partition
/// that /etc/osconf2seed.conf names, else the first partition of the disk that holds `/`; when
/// that holds none (or cannot be found or mounted), the config drive labelled `config-2`
/// (``ConfigDrive``, Tencent Cloud). A partition is read where it is mounted, or mounted
/// read-write for the job; the config drive read-only.
public struct OSConfLocator: Sendable {
    /// Where the clouds put the file, relative to the partition's root.
    public static let candidates = OSConfSource.allCases.map({ $0.relativePath })
    /// The private working mount point.
    public static let mountPoint = "/run/osconf2seed/mnt"
    /// The private working mount point of the config drive.
    public static let configDriveMountPoint = "/run/osconf2seed/config-2"
    /// The file systems of a config drive: ISO 9660 (Tencent's CD-ROM), or FAT (OpenStack
    /// allows a `config-2` disk too).
    public static let configDriveTypes = ["iso9660", "vfat"]
    /// systemd-udevd's flag file, there while events are queued (what `udevadm settle` waits
    /// for): a CD-ROM whose driver udev loads appears only once its event is handled.
    public static let udevQueue = "/run/udev/queue"
    /// The longest the job waits for that queue, in milliseconds, when no drive is found, and
    /// the step of the wait.
    public static let udevWaitLimit = 5000
    public static let udevWaitStep = 100
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

    /// The location; a failure to find the partition or to mount it is an error, unless the
    /// config drive holds os.conf.
    public func locate() throws(CommandFailure) -> OSConfLocation {
        if settings.osConfPath != nil { return try locatePartition() }
        let partition: Result<OSConfLocation, CommandFailure>
        do {
            partition = .success(try locatePartition())
        } catch {
            partition = .failure(error)
        }
        if case .success(let location) = partition, location.file != nil { return location }
        let drive: OSConfLocation?
        do {
            drive = try locateConfigDrive()
        } catch {
            switch partition {
            case .success(let location):
                try? release(location)
                throw error
            case .failure(let first):
                // Both places failed: say both, the partition first, where os.conf was looked
                // for first; the drive's status, the last step that failed.
                throw CommandFailure("\(first.message); \(error.message)", exitCode: error.exitCode)
            }
        }
        guard let drive, drive.file != nil else {
            // An unmount failure changes no outcome (see release).
            if let drive { try? release(drive) }
            return try partition.get()
        }
        if case .success(let location) = partition {
            // The partition had none: its working mount is not needed any more.
            try? release(location)
        }
        return drive
    }

    /// The configured path, or the partition.
    private func locatePartition() throws(CommandFailure) -> OSConfLocation {
        // Read once: the partition's own mount is looked up in the same table that found `/`.
        let mounts = mountTable()
        if let path = settings.osConfPath {
            let holder = mounts?.mount(containing: path)
            return OSConfLocation(
                file: tree.exists(path) ? tree.path(path) : nil, place: path, topDirectory: tree.root,
                readOnlyMount: holder.flatMap { $0.isReadOnlySuperblock ? tree.path($0.mountPoint) : nil })
        }
        let partition = try findPartition(mounts: mounts)
        if let mounted = mounts?.mount(of: partition.number) {
            let top = tree.path(mounted.mountPoint)
            return OSConfLocation(
                file: firstCandidate(under: top), place: partition.nodePath, topDirectory: top,
                readOnlyMount: mounted.isReadOnlySuperblock ? top : nil)
        }
        return try mount(partition, at: Self.mountPoint, types: Self.fileSystemTypes, readOnly: false)
    }

    /// The config drive, read where it is mounted or mounted read-only for the job; nil when
    /// there is none.
    private func locateConfigDrive() throws(CommandFailure) -> OSConfLocation? {
        let finder = ConfigDrive(devices: BlockDeviceTree(tree: tree))
        var found = finder.find()
        // Only a first boot, or a machine whose last os.conf came from the drive, may be
        // waiting for one: every later boot of an image without a drive (all of Alibaba
        // Cloud's) goes on at once.
        let mayHaveDrive = BootState.load(from: tree).map { $0.source == .tencent } ?? true
        if found == nil && mayHaveDrive && tree.exists(Self.udevQueue) {
            // The job runs after udev's trigger, not after its queue is handled: wait for it,
            // bounded, so that an instance without a drive boots on at most this much later.
            var waited = 0
            while waited < Self.udevWaitLimit && tree.exists(Self.udevQueue) {
                kernel.pause(milliseconds: Self.udevWaitStep)
                waited += Self.udevWaitStep
            }
            found = finder.find()
        }
        guard let drive = found else { return nil }
        let place = "\(drive.nodePath) labelled \(ConfigDrive.label)"
        if let mounted = mountTable()?.mount(of: drive.number) {
            let top = tree.path(mounted.mountPoint)
            return OSConfLocation(
                file: firstCandidate(under: top), place: place, topDirectory: top,
                readOnlyMount: mounted.isReadOnlySuperblock ? top : nil)
        }
        var location = try mount(drive, at: Self.configDriveMountPoint, types: Self.configDriveTypes, readOnly: true)
        location.place = place
        return location
    }

    /// Mounts `device` on the working mount point `mountPoint` with the first of `types` the
    /// kernel takes. A read-only mount is read-only in its superblock too (nothing else has the
    /// device mounted), so ``OSConfTrust`` judges no owners there.
    private func mount(_ device: BlockDevice, at mountPoint: String, types: [String], readOnly: Bool)
        throws(CommandFailure) -> OSConfLocation
    {
        let target = tree.path(mountPoint)
        try makeMountPoint(target)
        // mount(2) takes paths, not descriptors: give it the ones resolved inside the tree.
        let node: String
        let mountTarget: String
        do {
            node = try tree.realPath(device.nodePath)
            mountTarget = try tree.realPath(mountPoint)
        } catch {
            throw CommandFailure(error.description, exitCode: .osError)
        }
        var failures: [String] = []
        for type in types {
            do {
                try kernel.mount(
                    device: node, at: mountTarget, type: type, data: Self.mountOptions[type] ?? "", readOnly: readOnly)
            } catch {
                failures.append("\(type): \(error.errno.description.lowercased())")
                continue
            }
            return OSConfLocation(
                file: firstCandidate(under: target), place: device.nodePath, topDirectory: target,
                readOnlyMount: readOnly ? target : nil, temporaryMount: mountTarget)
        }
        throw CommandFailure(
            "cannot mount \(device.nodePath) (\(failures.joined(separator: "; ")))", exitCode: .osError)
    }

    /// The partition: the configured one, or partition 1 of the disk that holds `/`.
    public func findPartition() throws(CommandFailure) -> BlockDevice {
        try findPartition(mounts: mountTable())
    }

    /// The tree's /proc/self/mountinfo, parsed; nil where /proc is not mounted.
    private func mountTable() -> MountTable? {
        tree.text("/proc/self/mountinfo").map { MountTable(text: $0) }
    }

    /// ``findPartition()`` with the mount table already read (nil: no /proc).
    private func findPartition(mounts: MountTable?) throws(CommandFailure) -> BlockDevice {
        let devices = BlockDeviceTree(tree: tree)
        if let selector = settings.partition {
            guard let device = selector.resolve(in: devices) else {
                throw CommandFailure("no partition with \(selector)", exitCode: .configuration)
            }
            return device
        }
        guard let mounts else {
            // A chroot or container without /proc: say what is missing and how to get past it.
            throw CommandFailure(
                "cannot read /proc/self/mountinfo: /proc is not mounted, so the disk that holds / is unknown; "
                    + "mount /proc, or name os.conf with --os-conf PATH", exitCode: .osFile)
        }
        guard let root = mounts.root else {
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
