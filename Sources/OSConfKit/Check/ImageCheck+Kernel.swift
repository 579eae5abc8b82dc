/// The kernel items: virtio and NVMe drivers, fw_cfg, kernel age [S1, S4, S7, S8, S10, T4, O1].
extension ImageCheck {
    /// The virtio drivers a KVM instance needs: disk, network, and the PCI transport.
    static let virtioDrivers = [
        (module: "virtio_blk", option: "CONFIG_VIRTIO_BLK"), (module: "virtio_net", option: "CONFIG_VIRTIO_NET"),
        (module: "virtio_pci", option: "CONFIG_VIRTIO_PCI"),
    ]

    func kernelObservations() -> [CheckObservation] {
        guard !kernels.versions.isEmpty else {
            return [
                CheckObservation(
                    item: .virtioKernel, message: "no kernel in /boot (no /boot/vmlinuz-*)", file: "/boot",
                    fix: "install a kernel package with virtio drivers (linux-image, kernel)")
            ]
        }
        var result: [CheckObservation] = []
        for version in kernels.versions {
            result += virtio(version) + nvme(version) + fwCfg(version) + age(version)
        }
        return result
    }

    /// A kernel's initramfs as read: absent, unreadable (with the reason), or its archive.
    enum InitramfsContents {
        case absent
        case unreadable(path: String, reason: String)
        case read(path: String, archive: InitramfsArchive)
    }

    private func virtio(_ version: String) -> [CheckObservation] {
        var missing: [String] = []
        var undecided: [String] = []
        var modules: [String] = []
        for driver in Self.virtioDrivers {
            switch kernels.support(version, module: driver.module, option: driver.option) {
            case .builtIn: continue
            case .module: modules.append(driver.module)
            case .absent: missing.append(driver.module)
            case .unknown: undecided.append(driver.module)
            }
        }
        var result: [CheckObservation] = []
        let location = kernels.moduleDirectory(version) ?? "/boot/config-\(version)"
        if !missing.isEmpty {
            result.append(
                CheckObservation(
                    item: .virtioKernel,
                    message:
                        "kernel \(version) has no \(missing.joined(separator: ", ")): the instance cannot see its disk or NIC",
                    file: location, fix: "install a kernel built with CONFIG_VIRTIO_BLK, _NET and _PCI (=y or =m)"))
        } else if !undecided.isEmpty {
            result.append(
                CheckObservation(
                    item: .virtioKernel, status: .unknown,
                    message:
                        "kernel \(version): neither modules.builtin, modules.dep nor /boot/config-\(version) is readable",
                    file: location, fix: "keep the kernel's modules directory and config in the image"))
        }
        if modules.contains("virtio_blk") || modules.contains("virtio_pci") {
            result += initramfs(version, item: .virtioInitramfs, modules: modules)
        }
        return result
    }

    /// A driver built as a module must be in the initramfs to mount the root file system.
    /// The cpio archives are read, a gzip main archive decompressed here, xz, zstd and lz4 ones
    /// by the host's tools or its `lsinitramfs`; when none can open it, a module not found
    /// before it is `unknown`, with what the generator's configuration suggests.
    private func initramfs(_ version: String, item: CheckItem, modules: [String]) -> [CheckObservation] {
        let fix =
            item == .virtioInitramfs
            ? "add virtio_blk virtio_pci to /etc/initramfs-tools/modules and run update-initramfs -u, "
                + "or dracut -f --add-drivers \"virtio_blk virtio_pci virtio_net\""
            : "add nvme to /etc/initramfs-tools/modules and run update-initramfs -u, or dracut -f --add-drivers nvme"
        let listed = modules.joined(separator: ", ")
        let image: String
        let archive: InitramfsArchive
        switch initramfsImages[version] {
        case .read(let path, let read):
            image = path
            archive = read
        case .unreadable(let path, let reason):
            return [unreadable(item, path, reason)]
        case .absent, nil:
            return [
                CheckObservation(
                    item: item, message: "kernel \(version) has \(listed) as modules but no initramfs in /boot",
                    file: "/boot", fix: fix)
            ]
        }
        // virtio_net is not needed to mount the root file system: only the block path counts.
        let needed = modules.filter { $0 != "virtio_net" }
        let missing = needed.filter { !archive.contains(module: $0) }
        if missing.isEmpty { return [] }
        let what = "\(missing.joined(separator: ", ")) (\(missing.count == 1 ? "a module" : "modules") of \(version))"
        if let reason = archive.unreadable {
            return [
                CheckObservation(
                    item: item, status: .unknown, message: "\(what): the initramfs cannot be read: \(reason)",
                    file: image, fix: "verify with lsinitramfs or lsinitrd; if missing: " + fix)
            ]
        }
        guard let compression = archive.compressedRest else {
            return [
                CheckObservation(
                    item: item, message: "\(what) not in the initramfs: the root disk cannot be found at boot",
                    file: image, fix: fix)
            ]
        }
        return [
            CheckObservation(
                item: item, status: .unknown,
                message: "\(what): not in the uncompressed part; the \(compression) main archive is not opened "
                    + "(this host has no \(InitramfsDecompressor.tools[compression] ?? compression), no "
                    + "lsinitramfs and no lsinitrd on its PATH), \(initramfsHint())",
                file: image, fix: "verify with lsinitramfs or lsinitrd; if missing: " + fix)
        ]
    }

    /// Reads `image` (nil: none): gzip here, other compressions with the host's tools on
    /// `hostPath`; when it has none for the format, the host's initramfs lister lists the
    /// image: initramfs-tools' `lsinitramfs`, else dracut's `lsinitrd` (a Fedora or RHEL build
    /// host has only the second). Each lists every archive of the image, the early ones too.
    static func readInitramfs(_ image: String?, tree: RootTree, hostPath: String?) -> InitramfsContents {
        guard let image else { return .absent }
        let realPath: String
        let bytes: [UInt8]
        do {
            realPath = try tree.realPath(image)
            bytes = try tree.fileSystem.readFile(at: realPath, limit: 1 << 30)
        } catch {
            return .unreadable(path: image, reason: error.reason)
        }
        var archive = InitramfsArchive(bytes: bytes, decompressor: .host(searchPath: hostPath))
        for name in ["lsinitramfs", "lsinitrd"] where archive.compressedRest != nil {
            guard let lister = HostProgram.find(name, searchPath: hostPath),
                let run = try? lister.run([realPath], limit: 64 << 20), run.status == 0, !run.overflowed
            else { continue }
            let lines = String(decoding: run.output, as: UTF8.self).split(separator: "\n")
            // lsinitramfs prints one path a line; lsinitrd a header, then `ls -l` lines.
            archive.names = name == "lsinitramfs" ? lines.map(String.init) : lines.compactMap(listedPath)
            archive.readWith.append("\(name) (\(lister.path))")
            archive.compressedRest = nil
        }
        return .read(path: image, archive: archive)
    }

    /// The path of one `ls -l` line of dracut's `lsinitrd` (`-rw-r--r--   1 root root 58305
    /// Jul  2 13:50 usr/lib/modules/…/virtio_blk.ko`: the ninth field on, a link's ` -> target`
    /// dropped), or nil for its header lines.
    static func listedPath(_ line: Substring) -> String? {
        let fields = line.split(separator: " ")
        guard fields.count >= 9, let mode = fields.first, mode.count == 10,
            let type = mode.first, "-dlcbps".contains(type)
        else { return nil }
        let path = fields[8...].joined(separator: " ")
        guard type == "l", let arrow = path.firstRange(of: " -> ") else { return path }
        return String(path[..<arrow.lowerBound])
    }

    /// What the initramfs generator's configuration says about drivers it takes.
    private func initramfsHint() -> String {
        for (_, line) in TreeText.read("/etc/initramfs-tools/initramfs.conf", in: tree).meaningfulLines
        where line.hasPrefix("MODULES=") {
            return "initramfs-tools has \(line)" + (line == "MODULES=most" ? " (takes most disk drivers)" : "")
        }
        if tree.exists("/etc/dracut.conf") || tree.exists("/usr/bin/dracut") {
            return "dracut builds it (hostonly images hold only the build host's drivers)"
        }
        return "the generator is unknown"
    }

    private func nvme(_ version: String) -> [CheckObservation] {
        switch kernels.support(version, module: "nvme", option: "CONFIG_BLK_DEV_NVME") {
        case .builtIn: return []
        case .module: return initramfs(version, item: .nvmeDriver, modules: ["nvme"])
        case .absent:
            return [
                CheckObservation(
                    item: .nvmeDriver,
                    message: "kernel \(version) has no NVMe driver: NVMe instance types cannot boot it",
                    file: kernels.moduleDirectory(version) ?? "/boot/config-\(version)",
                    fix: "install a kernel with CONFIG_BLK_DEV_NVME and set the image's NVMe attribute")
            ]
        case .unknown:
            return [
                CheckObservation(
                    item: .nvmeDriver, status: .unknown, message: "kernel \(version): its drivers cannot be listed",
                    file: "/boot", fix: "keep the kernel's modules directory and config in the image")
            ]
        }
    }

    private func fwCfg(_ version: String) -> [CheckObservation] {
        switch kernels.support(version, module: "qemu_fw_cfg", option: "CONFIG_FW_CFG_SYSFS") {
        case .builtIn, .module: return []
        case .absent, .unknown:
            return [
                CheckObservation(
                    item: .kernelFwCfg,
                    message: "kernel \(version) has no CONFIG_FW_CFG_SYSFS: cloud-init cannot change the password",
                    file: "/boot/config-\(version)", fix: "use a newer kernel (4.6 or later, EL7 3.10.0-826 or later)")
            ]
        }
    }

    /// Kernels older than 2.6.32 (CentOS 5's 2.6.18) do not run on newer instance families [S1].
    private func age(_ version: String) -> [CheckObservation] {
        let numbers = version.split(whereSeparator: { !$0.isNumber }).prefix(3).compactMap { Int($0) }
        guard numbers.count == 3, numbers.lexicographicallyPrecedes([2, 6, 32]) else { return [] }
        return [
            CheckObservation(
                item: .kernelAge,
                message: "kernel \(version) is older than 2.6.32: newer instance families do not run it",
                file: "/boot/vmlinuz-\(version)", fix: "move to a newer OS release")
        ]
    }
}
