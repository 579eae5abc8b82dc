/// The os.conf import items: where the cloud puts os.conf, and a handler that reads it at
/// boot [S9, T2].
extension ImageCheck {
    func customObservations() -> [CheckObservation] {
        var result: [CheckObservation] = []
        if profile == .aliCustom {
            result += customDirectory()
        }
        if profile.readsOSConf, handler() == nil {
            result.append(
                CheckObservation(
                    item: .customHandler,
                    message: "nothing reads os.conf at boot (osconf2seed is not installed and enabled)",
                    file: nil, fix: "osconf2seed install --root DIR"))
        }
        return result
    }

    /// The link that starts osconf2seed's boot job, when the binary is there too.
    func handler() -> String? {
        guard tree.exists("/" + InstallPlan.binaryPath) else { return nil }
        return services.link(for: ["osconf2seed.service", "osconf2seed"])
    }

    /// The cloud writes `aliyun_custom_image/os.conf` to the first partition, which must be
    /// FAT32 or ext2/3/4 and writable; which partition is first is on the disk, not in the tree.
    private func customDirectory() -> [CheckObservation] {
        for base in ["/", "/boot/"] where tree.type(base + "aliyun_custom_image") == .directory {
            let mountPoint = base == "/" ? "/" : "/boot"
            if let entry = fstab.first(where: { $0.mountPoint == mountPoint }), entry.options.contains("ro") {
                return [
                    CheckObservation(
                        item: .customDirectory,
                        message: "\(mountPoint) holds aliyun_custom_image/ but is mounted read-only",
                        file: "/etc/fstab", line: entry.line, fix: "mount it read-write")
                ]
            }
            return []
        }
        return [
            CheckObservation(
                item: .customDirectory, status: .unknown,
                message: "which partition is first, and its file system type, is on the disk: "
                    + "check --image decides it (disk.first-partition)", file: nil,
                fix: "make partition 1 FAT32 or ext2/3/4, writable; the cloud writes aliyun_custom_image/os.conf there")
        ]
    }
}
