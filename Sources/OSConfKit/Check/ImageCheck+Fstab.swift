/// The fstab items: mounts by UUID, no other disks, no swap, no LVM root [S1, S4, S7, T3, O2].
extension ImageCheck {
    func fstabObservations() -> [CheckObservation] {
        if case .unreadable(let reason) = fstabText {
            return [unreadable(.fstabByName, "/etc/fstab", reason)]
        }
        var result: [CheckObservation] = []
        for entry in fstab where !entry.isVirtual {
            if entry.isForeignDeviceName || entry.isBusDeviceName {
                let system = entry.isSystemMount && entry.isForeignDeviceName
                // A swap line's mount point is `none`: name what it is instead.
                let subject = entry.type == "swap" ? "swap space" : entry.mountPoint
                let verb = entry.type == "swap" ? "is found" : "is mounted"
                result.append(
                    CheckObservation(
                        item: .fstabByName, grade: system ? .full : .lesser,
                        message: "\(subject) \(verb) by device name \(entry.spec)"
                            + (system
                                ? ": the cloud's system disk is vda or nvme0n1" : ", which changes with the disk bus"),
                        file: "/etc/fstab", line: entry.line, fix: "use UUID=... (blkid shows it)"))
            }
            if entry.type == "swap" {
                result.append(
                    CheckObservation(
                        item: .fstabSwap, message: "swap on \(entry.spec)", file: "/etc/fstab", line: entry.line,
                        fix: "drop the swap partition (use a swap file if needed)"))
            } else if !entry.isSystemMount, !entry.options.contains("nofail"), !entry.options.contains("noauto") {
                result.append(
                    CheckObservation(
                        item: .fstabExtraDisk,
                        message:
                            "\(entry.mountPoint) (\(entry.spec)) is mounted without nofail: a missing disk stops the boot",
                        file: "/etc/fstab", line: entry.line, fix: "remove the entry or add nofail"))
            }
            if entry.mountPoint == "/", Self.isLVM(entry.spec) {
                result.append(
                    CheckObservation(
                        item: .fstabLVM, message: "/ is on LVM (\(entry.spec))", file: "/etc/fstab", line: entry.line,
                        fix: "put / on a plain partition, the last one on the disk"))
            }
        }
        for unit in tree.list("/etc/systemd/system") where unit.hasSuffix(".swap") {
            result.append(
                CheckObservation(
                    item: .fstabSwap, message: "swap unit \(unit)", file: "/etc/systemd/system/\(unit)",
                    fix: "remove the swap unit"))
        }
        if let lvm = bootLoader.parameters.first(where: { $0.value.hasPrefix("rd.lvm.lv=") }),
            !result.contains(where: { $0.item == .fstabLVM })
        {
            result.append(
                CheckObservation(
                    item: .fstabLVM, message: "the kernel command line activates LVM (\(lvm.value))", file: lvm.file,
                    line: lvm.line, fix: "put / on a plain partition"))
        }
        return result
    }

    /// `/dev/mapper/vg-lv` (not a dm-crypt `luks-`) or `/dev/vg/lv`.
    static func isLVM(_ spec: String) -> Bool {
        if spec.hasPrefix("/dev/mapper/") { return !spec.dropFirst("/dev/mapper/".count).hasPrefix("luks") }
        let parts = spec.split(separator: "/")
        return spec.hasPrefix("/dev/") && parts.count == 3 && !["disk", "md", "block"].contains(parts[1])
    }
}
