/// The raw-disk items of IMAGE-CHECKS.md section 8 (`check --image`), decided from a
/// ``DiskLayout`` read from the image file; `disk.uuid` also needs the mounted root tree's
/// fstab and kernel command line (``uuidObservations(_:)``). Pure: no I/O.
struct DiskCheck: Sendable {
    /// The image as given on the command line.
    let path: String
    let layout: DiskLayout
    let profile: CheckProfile

    /// Everything decided from the layout alone; for a container format only `disk.format`.
    func observations() -> [CheckObservation] {
        if let format = formatObservation() { return [format] }
        // No partition table and no file system: not a disk image at all (a text file, an
        // empty file). Its size or boot code would only be noise beside disk.root.
        if layout.table == .none && layout.wholeDisk == nil { return rootObservations() }
        return tableObservations() + rootObservations() + partitionObservations() + bootObservations()
            + sizeObservations()
    }

    /// The facts lines: the disk, then each partition.
    var facts: [String] {
        var head = "\(layout.format.rawValue), \(DiskPartition.size(layout.size))"
        guard layout.format == .raw else { return [head] }
        head += ", \(layout.table == .none ? "no partition table" : layout.table.rawValue)"
        if layout.table != .none {
            head += ", \(layout.sectorSize)-byte sectors, MBR boot code \(layout.bootCode.rawValue)"
        }
        if let whole = layout.wholeDisk {
            head += ", whole-disk \(whole.type)" + (whole.uuid.map { " UUID=\($0)" } ?? "")
        }
        return [head] + layout.partitions.map { $0.summary }
    }

    /// A quoted shell word, for the fix commands.
    static func shellWord(_ text: String) -> String {
        let plain = text.allSatisfy { $0.isLetter || $0.isNumber || "/._-+,:@".contains($0) }
        return plain && !text.isEmpty
            ? text : "'" + text.split(separator: "'", omittingEmptySubsequences: false).joined(separator: "'\\''") + "'"
    }

    private func formatObservation() -> CheckObservation? {
        switch layout.format {
        case .raw: return nil
        case .iso:
            return CheckObservation(
                item: .diskFormat,
                message: "\(path) is an ISO 9660 image (CD001 at byte 0x8001): the clouds import disks",
                file: nil, fix: "install the system onto a disk image and check that")
        case .qcow2, .vmdk, .vhd, .vhdx:
            let stem =
                path.hasSuffix("." + layout.format.rawValue)
                ? String(path.dropLast(layout.format.rawValue.count + 1)) : path
            let output = stem + ".raw"
            return CheckObservation(
                item: .diskFormat,
                message: "\(path) is a \(layout.format.rawValue) image, not a raw disk: check reads raw disks only",
                file: nil,
                fix: "qemu-img convert -O raw \(Self.shellWord(path)) \(Self.shellWord(output)), then check --image "
                    + Self.shellWord(output))
        }
    }

    private func tableObservations() -> [CheckObservation] {
        var result = layout.problems.map {
            CheckObservation(
                item: .diskTable, status: .unknown, message: $0, file: nil,
                fix: "repair the partition table (sgdisk --verify, sfdisk --verify)")
        }
        if layout.table == .gpt {
            result.append(
                CheckObservation(
                    item: .diskTable,
                    message: "the disk has a GPT partition table: Tencent Cloud imports MBR disks only; "
                        + "Alibaba Cloud needs the boot mode set to match at import",
                    file: nil,
                    fix: profile.isAlibaba
                        ? "import with the boot mode of the image (UEFI for GPT with an ESP)"
                        : "rebuild the image on an MBR (dos) partition table (sgdisk --gpttombr)"))
        }
        return result
    }

    /// The Linux file systems of the disk: partitions, or the whole disk.
    private var linuxFileSystems: [FileSystemSuperblock] {
        layout.partitions.compactMap { $0.fileSystem }.filter { $0.isLinuxRoot }
            + (layout.wholeDisk.map { $0.isLinuxRoot ? [$0] : [] } ?? [])
    }

    private func rootObservations() -> [CheckObservation] {
        if layout.partitions.isEmpty && layout.wholeDisk == nil {
            return [
                CheckObservation(
                    item: .diskRoot,
                    message: "no partition table and no file system: \(path) is not a disk image, or an "
                        + "empty one (Tencent: PartitionNotPresent)",
                    file: nil, fix: "check the right file: the image's system disk, in raw format")
            ]
        }
        if linuxFileSystems.isEmpty {
            return [
                CheckObservation(
                    item: .diskRoot,
                    message:
                        "no partition holds an ext2/3/4, xfs or btrfs file system (Tencent: RootPartitionNotFound)",
                    file: nil, fix: "put the root file system on a plain partition (no LVM)")
            ]
        }
        var result: [CheckObservation] = []
        let used = layout.partitions.filter { $0.kind != .extended }.sorted { $0.start < $1.start }
        if let last = used.last, !(last.fileSystem?.isLinuxRoot ?? false) {
            result.append(
                CheckObservation(
                    item: .diskRootLast,
                    message: "the last partition (\(last.number), \(last.fileSystem?.type ?? last.kind.rawValue)) "
                        + "holds no root file system: growpart grows only the last partition",
                    file: nil, fix: "make the root file system the last partition"))
        }
        return result
    }

    private func partitionObservations() -> [CheckObservation] {
        var result: [CheckObservation] = []
        for partition in layout.partitions {
            if partition.kind == .swap || partition.fileSystem?.type == "swap" {
                result.append(
                    CheckObservation(
                        item: .diskSwap, message: "partition \(partition.number) is a swap partition",
                        file: nil, fix: "remove the swap partition (use a swap file if needed)"))
            }
            if partition.kind == .lvm || partition.fileSystem?.type == "LVM2_member" {
                result.append(
                    CheckObservation(
                        item: .diskLVM, message: "partition \(partition.number) is an LVM physical volume",
                        file: nil, fix: "put the root file system on a plain partition"))
            }
            guard let fileSystem = partition.fileSystem, fileSystem.type == "ext4" else { continue }
            if fileSystem.incompatible & FileSystemSuperblock.ext64Bit != 0 {
                result.append(
                    CheckObservation(
                        item: .diskExt4Features,
                        message:
                            "partition \(partition.number): ext4 with the 64bit feature, which older import checks refuse",
                        file: nil, fix: "mkfs.ext4 -O ^64bit (only if the import refuses the image)"))
            }
            let both = FileSystemSuperblock.extQuota | FileSystemSuperblock.extProject
            if fileSystem.readOnlyCompatible & both == both {
                result.append(
                    CheckObservation(
                        item: .diskExt4Features,
                        message: "partition \(partition.number): ext4 with both quota and project features",
                        file: nil, fix: "tune2fs -O ^project (or ^quota) on the unmounted file system"))
            }
        }
        if profile == .aliCustom, let first = layout.partitions.min(by: { $0.start < $1.start }) {
            let type = first.fileSystem?.type
            if !["vfat", "ext2", "ext3", "ext4"].contains(type ?? "") {
                result.append(
                    CheckObservation(
                        item: .diskFirstPartition,
                        message: "the first partition (\(first.number)) holds \(type ?? "no known file system"): "
                            + "Customized Linux reads aliyun_custom_image from a FAT or ext2/3/4 first partition",
                        file: nil, fix: "make the first partition FAT32 or ext4 (e.g. /boot, or a small ext4 one)"))
            }
        }
        return result
    }

    private func bootObservations() -> [CheckObservation] {
        guard layout.table != .none else {
            return [
                CheckObservation(
                    item: .diskBootCode, message: "the disk has no partition table, so nothing boots it",
                    file: nil, fix: "partition the disk and install a boot loader (grub-install)")
            ]
        }
        let hasESP = layout.partitions.contains { $0.kind == .efi }
        switch layout.bootCode {
        case .grub: return []
        case .none where !hasESP:
            return [
                CheckObservation(
                    item: .diskBootCode,
                    message: "the MBR holds no boot code and there is no EFI system partition: nothing boots the disk",
                    file: nil, fix: "grub-install --target=i386-pc on the disk (or add an ESP for UEFI)")
            ]
        case .none:
            return [
                CheckObservation(
                    item: .diskBootCode, grade: .info,
                    message: "the MBR holds no boot code: the disk boots by UEFI only (its EFI system partition)",
                    file: nil, fix: "import with boot mode UEFI, or also grub-install --target=i386-pc")
            ]
        case .other:
            return [
                CheckObservation(
                    item: .diskBootCode, grade: .info, message: "the MBR boot code is not GRUB's",
                    file: nil, fix: "none needed if that loader boots the disk")
            ]
        }
    }

    private func sizeObservations() -> [CheckObservation] {
        let gib = 1 << 30
        let size = DiskPartition.size(layout.size)
        if profile == .aliCustom && layout.size <= 5 * gib {
            return [
                CheckObservation(
                    item: .diskSize, message: "the disk is \(size): Customized Linux needs more than 5 GiB",
                    file: nil, fix: "qemu-img resize -f raw \(Self.shellWord(path)) 20G")
            ]
        }
        if profile.isAlibaba && layout.size < 20 * gib {
            return [
                CheckObservation(
                    item: .diskSize, grade: .lesser,
                    message: "the disk is \(size): Alibaba Cloud asks for 20 GiB or more",
                    file: nil, fix: "qemu-img resize -f raw \(Self.shellWord(path)) 20G")
            ]
        }
        if !profile.isAlibaba && layout.size > 500 * gib {
            return [
                CheckObservation(
                    item: .diskSize, message: "the disk is \(size): Tencent Cloud imports at most 500 GiB",
                    file: nil, fix: "shrink the file system and the disk below 500 GiB")
            ]
        }
        return []
    }

    /// `disk.uuid`: each fstab `UUID=`, `PARTUUID=`, `LABEL=` and each kernel `root=` names
    /// a file system or partition that is on the disk.
    func uuidObservations(fstab: [FstabEntry], rootParameters: [BootLoaderConfig.Reference]) -> [CheckObservation] {
        var result: [CheckObservation] = []
        for entry in fstab where !entry.isVirtual {
            guard let missing = unresolved(entry.spec) else { continue }
            let optional = entry.options.contains("nofail") && !entry.isSystemMount
            result.append(
                CheckObservation(
                    item: .diskUUID, grade: optional ? .lesser : .full,
                    message: "\(entry.mountPoint) is mounted by \(entry.spec), which \(missing)",
                    file: "/etc/fstab", line: entry.line, fix: "use the UUID blkid shows for the partition"))
        }
        for reference in rootParameters {
            guard let missing = unresolved(reference.value) else { continue }
            result.append(
                CheckObservation(
                    item: .diskUUID, message: "the kernel's root=\(reference.value) \(missing): the root is not found",
                    file: reference.file, line: reference.line, fix: "regenerate the boot loader config (update-grub)"))
        }
        return result
    }

    /// Why `spec` names nothing on the disk, or nil when it does (or is not a tag it can check).
    private func unresolved(_ spec: String) -> String? {
        let fileSystems = layout.partitions.compactMap { $0.fileSystem } + (layout.wholeDisk.map { [$0] } ?? [])
        func tag(_ name: String) -> String? {
            if spec.hasPrefix(name + "=") { return String(spec.dropFirst(name.count + 1)) }
            let link = "/dev/disk/by-\(name.lowercased())/"
            return spec.hasPrefix(link) ? String(spec.dropFirst(link.count)) : nil
        }
        if let uuid = tag("UUID")?.lowercased() {
            return fileSystems.contains { $0.uuid?.lowercased() == uuid } ? nil : "no file system on the disk has"
        }
        if let uuid = tag("PARTUUID")?.lowercased() {
            return layout.partitions.contains { $0.partitionUUID?.lowercased() == uuid }
                ? nil : "no partition on the disk has"
        }
        if let label = tag("LABEL") {
            return fileSystems.contains { $0.label == label } ? nil : "no file system on the disk has"
        }
        return nil
    }
}
