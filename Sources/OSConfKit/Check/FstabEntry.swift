/// One mount of `/etc/fstab` (fstab(5)), with its line for the report.
struct FstabEntry: Sendable, Hashable {
    /// The first field: `UUID=...`, `LABEL=…`, `/dev/sda1`, `tmpfs`.
    var spec: String
    var mountPoint: String
    var type: String
    var options: [String]
    var line: Int

    /// The entries of fstab text; lines with fewer than three fields are skipped.
    static func parse(_ text: TreeText) -> [FstabEntry] {
        text.meaningfulLines.compactMap { number, line in
            let fields = line.split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init)
            guard fields.count >= 3 else { return nil }
            let options = fields.count > 3 ? fields[3].split(separator: ",").map(String.init) : []
            return FstabEntry(spec: fields[0], mountPoint: fields[1], type: fields[2], options: options, line: number)
        }
    }

    /// The disk names the clouds do not give their system disk (`sda`, `hda`, `xvda`) [T3, S1].
    var isForeignDeviceName: Bool { Self.isForeignDeviceName(spec) }

    /// Kernel names that change with the disk bus (`vda` on virtio, `nvme0n1` on NVMe types).
    var isBusDeviceName: Bool { Self.isBusDeviceName(spec) }

    static func isForeignDeviceName(_ spec: String) -> Bool {
        ["/dev/sd", "/dev/hd", "/dev/xvd"].contains { spec.hasPrefix($0) }
    }

    static func isBusDeviceName(_ spec: String) -> Bool {
        ["/dev/vd", "/dev/nvme"].contains { spec.hasPrefix($0) }
    }

    /// `/`, `/boot` and the ESP: the mounts of the system disk itself.
    var isSystemMount: Bool { ["/", "/boot", "/boot/efi", "/efi"].contains(mountPoint) }

    /// A kernel or memory file system, which names no disk.
    var isVirtual: Bool {
        [
            "proc", "sysfs", "tmpfs", "devpts", "devtmpfs", "none", "cgroup", "cgroup2", "debugfs", "securityfs",
            "hugetlbfs", "mqueue", "efivarfs", "bpf", "binfmt_misc", "configfs", "fusectl", "pstore", "tracefs",
        ]
        .contains(type)
    }
}
