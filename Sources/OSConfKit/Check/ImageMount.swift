#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#endif

/// The root file system of a disk image mounted read-only for `check --image`, by the host's
/// `mount` (a read-only loop device at the partition's offset): `ro` and `noload` for ext2/3/4
/// so the journal is not replayed, `norecovery` for xfs, `rescue=nologreplay` for btrfs. Only
/// ever done in a private mount namespace (``isPrivateNamespace``), so nothing shows on the
/// host; the mounts go away with the namespace even if ``unmount()`` is not reached.
final class ImageMount {
    /// The marker `check` sets in its environment when it runs itself again under
    /// `unshare --mount --propagation private`.
    static let namespaceMarker = "OSCONF2SEED_CHECK_NAMESPACE"

    /// The mount point of the root file system (a fresh directory under /tmp).
    let directory: String
    private var mounted: [String] = []
    private let mountProgram: HostProgram
    private let unmountProgram: HostProgram?

    private init(directory: String, mount: HostProgram, unmount: HostProgram?) {
        self.directory = directory
        mountProgram = mount
        unmountProgram = unmount
    }

    /// True in a mount namespace other than the parent process's (`/proc/self/ns/mnt` differs
    /// from `/proc/PPID/ns/mnt`: the outer `check`, whose `unshare` made this one): mounts made
    /// here do not show on the host. (`/proc/1` may be unreadable inside a container.)
    static var isPrivateNamespace: Bool {
        guard let own = link("/proc/self/ns/mnt"), let parent = link("/proc/\(getppid())/ns/mnt") else { return false }
        return own != parent
    }

    /// This program's own path (`/proc/self/exe`), to run itself in a namespace.
    static var executable: String? { link("/proc/self/exe") }

    private static func link(_ path: String) -> String? {
        var buffer = [CChar](repeating: 0, count: 4097)
        let count = readlink(path, &buffer, buffer.count - 1)
        guard count > 0 else { return nil }
        return String(decoding: buffer[0..<count].map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    /// Mounts the image's root file system: the first Linux file system (largest first) that
    /// holds `/etc/os-release` or `/etc/fstab`; then the partitions its fstab puts on /boot,
    /// /boot/efi, /efi and /usr. Returns why not, when it cannot.
    static func mountRoot(image: String, layout: DiskLayout, hostPath: String?) -> Result<ImageMount, Failure> {
        guard geteuid() == 0 else { return .failure(Failure("check does not run as root, so it may not mount")) }
        guard isPrivateNamespace else {
            return .failure(Failure("check is not in a private mount namespace (unshare(1) missing or failed)"))
        }
        guard let mount = HostProgram.find("mount", searchPath: hostPath) else {
            return .failure(Failure("this host has no mount(8) on its PATH"))
        }
        var template = Array("/tmp/osconf2seed-check.XXXXXX".utf8CString)
        guard mkdtemp(&template) != nil else {
            return .failure(Failure("cannot create a mount point in /tmp: \(Errno.current)"))
        }
        let directory = String(decoding: template.dropLast().map { UInt8(bitPattern: $0) }, as: UTF8.self)
        let result = ImageMount(
            directory: directory, mount: mount, unmount: HostProgram.find("umount", searchPath: hostPath))
        var candidates: [(start: Int, size: Int, fileSystem: FileSystemSuperblock)] = layout.partitions.compactMap {
            guard let fileSystem = $0.fileSystem, fileSystem.isLinuxRoot else { return nil }
            return ($0.start, $0.size, fileSystem)
        }
        if let whole = layout.wholeDisk, whole.isLinuxRoot { candidates.append((0, layout.size, whole)) }
        var errors: [String] = []
        for candidate in candidates.sorted(by: { $0.size > $1.size }) {
            if let error = result.mount(image, candidate, at: directory) {
                errors.append(error)
                continue
            }
            if access(directory + "/etc/os-release", F_OK) == 0 || access(directory + "/etc/fstab", F_OK) == 0 {
                return .success(result)
            }
            result.unmount()
            // unmount() removed the directory: make it again for the next candidate.
            guard mkdir(directory, 0o700) == 0 else { break }
        }
        result.unmount()
        let why = errors.isEmpty ? "no Linux file system on the disk holds /etc" : errors.joined(separator: "; ")
        return .failure(Failure(why))
    }

    /// Mounts the partitions the root's fstab puts on /boot, /boot/efi, /efi and /usr, where
    /// its spec names one on the disk (so kernels, initramfs images and boot configs are seen).
    func mountSystemPartitions(_ fstab: [FstabEntry], image: String, layout: DiskLayout) -> [String] {
        var errors: [String] = []
        for entry in fstab where ["/boot", "/boot/efi", "/efi", "/usr"].contains(entry.mountPoint) {
            guard
                let partition = layout.partitions.first(where: { partition in
                    let value = entry.spec.split(separator: "=", maxSplits: 1).last.map(String.init) ?? ""
                    if entry.spec.hasPrefix("UUID=") {
                        return partition.fileSystem?.uuid?.lowercased() == value.lowercased()
                    }
                    if entry.spec.hasPrefix("PARTUUID=") {
                        return partition.partitionUUID?.lowercased() == value.lowercased()
                    }
                    if entry.spec.hasPrefix("LABEL=") { return partition.fileSystem?.label == value }
                    return false
                }), let fileSystem = partition.fileSystem
            else { continue }
            var status = stat()
            let target = directory + entry.mountPoint
            // A directory of the image itself, never a link that could lead out of it.
            guard lstat(target, &status) == 0, status.st_mode & S_IFMT == S_IFDIR else { continue }
            if let error = mount(image, (partition.start, partition.size, fileSystem), at: target) {
                errors.append(error)
            }
        }
        return errors
    }

    /// Unmounts everything mounted here, last first, and removes the mount point.
    func unmount() {
        while let target = mounted.popLast() {
            if let unmountProgram {
                _ = try? unmountProgram.run([target], limit: 4096)
            } else {
                _ = umount2(target, 2)
            }
        }
        _ = rmdir(directory)
    }

    /// Why mounting failed: one line.
    struct Failure: Error, Sendable, Hashable {
        var reason: String
        init(_ reason: String) { self.reason = reason }
    }

    /// Mounts one file system read-only at `target`; returns an error line, or nil when mounted.
    private func mount(
        _ image: String, _ part: (start: Int, size: Int, fileSystem: FileSystemSuperblock), at target: String
    )
        -> String?
    {
        var options = "ro,loop,nosuid,nodev,noexec,offset=\(part.start),sizelimit=\(part.size)"
        var type = part.fileSystem.type
        switch type {
        case "ext2", "ext3", "ext4":
            type = "ext4"
            options += ",noload"
        case "xfs": options += ",norecovery,nouuid"
        case "btrfs": options += ",rescue=nologreplay"
        default: break
        }
        do throws(SystemError) {
            let run = try mountProgram.run(["-t", type, "-o", options, image, target], limit: 4096)
            guard run.status == 0 else {
                return "mount of the \(part.fileSystem.type) at byte \(part.start) failed: \(run.errorLine)"
            }
            mounted.append(target)
            return nil
        } catch {
            return "\(mountProgram.path) cannot be started: \(error.reason)"
        }
    }
}
