/// The boot loader items: a configuration that loads existing files, root named by UUID,
/// GRUB 2, the boot mode, and the NVMe I/O timeout on the command line [S1, S4, S7, S10, S11, T3].
extension ImageCheck {
    /// `bios`, `uefi`, `bios+uefi` from the boot loader files, or nil.
    var bootMode: String? {
        let uefi = bootLoader.hasEFILoader || fstab.contains { $0.mountPoint == "/boot/efi" }
        switch (bootLoader.hasBIOSLoader, uefi) {
        case (true, true): return "bios+uefi"
        case (true, false): return "bios"
        case (false, true): return "uefi"
        case (false, false): return nil
        }
    }

    func bootObservations() -> [CheckObservation] {
        var result: [CheckObservation] = []
        if bootLoader.files.isEmpty {
            if let legacy = bootLoader.legacyMenu {
                result.append(
                    CheckObservation(
                        item: .bootGrubLegacy, message: "only GRUB legacy (\(legacy)): GRUB 1.99 or later is required",
                        file: legacy, fix: "install GRUB 2 and generate its configuration"))
            } else {
                result.append(
                    CheckObservation(
                        item: .bootConfig,
                        message: "no boot loader configuration (grub.cfg, loader entries, extlinux.conf)",
                        file: "/boot", fix: "install the boot loader and generate its configuration (grub-mkconfig)"))
            }
        }
        for image in bootLoader.images where !image.value.contains("$") {
            var path = image.value
            if path.hasPrefix("("), let close = path.firstIndex(of: ")") {
                path = String(path[path.index(after: close)...])
            }
            guard path.hasPrefix("/") else { continue }
            // A separate /boot partition makes the loader's paths relative to it.
            if !tree.exists(path) && !tree.exists("/boot" + path) {
                result.append(
                    CheckObservation(
                        item: .bootConfig, message: "the boot entry loads \(path), which is not in the image",
                        file: image.file, line: image.line, fix: "regenerate the boot loader configuration"))
            }
        }
        result += rootByName()
        if profile == .tc || profile == .tcForce, bootMode == "uefi" {
            result.append(
                CheckObservation(
                    item: .bootMode, message: "the image boots by UEFI only; Tencent Cloud imports boot by BIOS",
                    file: "/boot/efi", fix: "install the BIOS GRUB (grub-pc) beside the EFI one"))
        }
        result += nvmeTimeout()
        return result
    }

    private func rootByName() -> [CheckObservation] {
        var result: [CheckObservation] = []
        for root in bootLoader.values(of: "root") {
            if FstabEntry.isForeignDeviceName(root.value) {
                result.append(
                    CheckObservation(
                        item: .bootRootByName,
                        message: "root=\(root.value): the cloud's system disk is vda (nvme0n1 on NVMe types)",
                        file: root.file, line: root.line, fix: "use root=UUID=... and regenerate the boot configuration"
                    ))
            } else if FstabEntry.isBusDeviceName(root.value) {
                result.append(
                    CheckObservation(
                        item: .bootRootByName, grade: .lesser,
                        message: "root=\(root.value) breaks when the disk bus changes (NVMe instance types)",
                        file: root.file, line: root.line, fix: "use root=UUID=..."))
            }
        }
        if let disabled = bootLoader.disablesUUID {
            result.append(
                CheckObservation(
                    item: .bootRootByName, grade: .lesser,
                    message: "GRUB_DISABLE_LINUX_UUID=true makes grub-mkconfig name root by device",
                    file: disabled.file, line: disabled.line, fix: "remove it and regenerate grub.cfg"))
        }
        return result
    }

    /// `nvme_core.io_timeout` at its maximum, 4294967295 (255 on kernels before 4.15) [S10].
    private func nvmeTimeout() -> [CheckObservation] {
        let fix = "add nvme_core.io_timeout=4294967295 to the kernel command line"
        guard let setting = bootLoader.values(of: "nvme_core.io_timeout").first else {
            return [
                CheckObservation(
                    item: .nvmeTimeout, message: "no nvme_core.io_timeout on the kernel command line (default 30 s)",
                    file: bootLoader.files.first, fix: fix)
            ]
        }
        let value = UInt64(setting.value) ?? 0
        let oldKernels =
            !kernels.versions.isEmpty
            && kernels.versions.allSatisfy { version in
                let numbers = version.split(whereSeparator: { !$0.isNumber }).prefix(2).compactMap { Int($0) }
                return numbers.lexicographicallyPrecedes([4, 15])
            }
        if value >= 4_294_967_295 || (oldKernels && value == 255) { return [] }
        return [
            CheckObservation(
                item: .nvmeTimeout, message: "nvme_core.io_timeout=\(setting.value) is below the maximum",
                file: setting.file, line: setting.line, fix: fix)
        ]
    }
}
