/// What a disk image file is, read from its bytes alone: the container format (a raw disk, or
/// qcow2, VMDK, VHD, VHDX, ISO 9660 which `check` does not read), the partition table (MBR,
/// GPT behind its protective MBR, or none), each partition with its superblock, and whether
/// the MBR holds boot code (IMAGE-CHECKS.md section 8). Pure over a read function, so tests
/// give it synthetic bytes.
struct DiskLayout: Sendable, Hashable {
    /// The container format, by its magic number.
    enum Format: String, Sendable, Hashable {
        case raw, qcow2, vmdk, vhd, vhdx, iso

        /// What `qemu-img` calls it (`-f`), nil for raw and ISO.
        var qemuName: String? {
            switch self {
            case .qcow2: return "qcow2"
            case .vmdk: return "vmdk"
            case .vhd: return "vpc"
            case .vhdx: return "vhdx"
            case .raw, .iso: return nil
            }
        }
    }

    /// The partition table.
    enum Table: String, Sendable, Hashable {
        case mbr, gpt, none
    }

    /// What the MBR's boot code area (bytes 0–439) holds.
    enum BootCode: String, Sendable, Hashable {
        /// All zero: nothing boots from the MBR (BIOS).
        case none
        /// GRUB's boot.img (the string `GRUB`, as Google's import precheck looks for [O2]).
        case grub
        /// Some other loader (syslinux, a vendor's).
        case other
    }

    /// The logical sector sizes a GPT is laid out for: the UEFI specification puts its header
    /// at LBA 1, so at byte 512, or at byte 4096 on a disk of 4 KiB logical sectors ("4Kn").
    static let sectorSizes = [512, 4096]

    var format: Format
    /// The image file's size in bytes: the virtual disk size for a raw image.
    var size: Int
    var table: Table = .none
    /// The logical sector size every LBA counts in: 4096 for a GPT whose header is at byte
    /// 4096, else 512 (an MBR alone does not say; its LBAs are read as 512-byte sectors).
    var sectorSize = 512
    var bootCode: BootCode = .none
    var partitions: [DiskPartition] = []
    /// A whole-disk file system (no partition table), if one is there.
    var wholeDisk: FileSystemSuperblock?
    /// What did not parse (a damaged GPT header, entries past the end), one line each.
    var problems: [String] = []

    /// Reads the layout of an image of `size` bytes through `read(offset, count)`, which
    /// returns up to `count` bytes (fewer at the end of the file).
    init(size: Int, read: (Int, Int) -> [UInt8]) {
        self.size = size
        let head = DiskBytes(bytes: read(0, 0x8800))
        let tail = size >= 512 ? DiskBytes(bytes: read(size - 512, 512), base: size - 512) : DiskBytes(bytes: [])
        format = Self.format(head: head, tail: tail)
        guard format == .raw else { return }
        guard head.little(510, 2) == 0xAA55, Self.hasPartitionEntries(head) else {
            wholeDisk = FileSystemSuperblock.detect(DiskBytes(bytes: read(0, FileSystemSuperblock.span)))
            return
        }
        let code = head.slice(0, 440) ?? []
        bootCode =
            code.allSatisfy { $0 == 0 }
            ? .none : Self.contains(code, Array("GRUB".utf8)) ? .grub : .other
        let types = (0..<4).map { UInt8(head.little(446 + $0 * 16 + 4, 1) ?? 0) }
        if types.contains(0xee) {
            table = .gpt
            readGPT(head, read: read)
        } else {
            table = .mbr
            readMBR(head, read: read)
        }
        for index in partitions.indices {
            let partition = partitions[index]
            guard partition.kind != .extended, partition.size > 0 else { continue }
            let bytes = read(partition.start, min(FileSystemSuperblock.span, partition.size))
            partitions[index].fileSystem = FileSystemSuperblock.detect(DiskBytes(bytes: bytes))
        }
    }

    /// The container format: qcow2 `QFI\xfb`, VMDK `KDMV` or a descriptor file, VHDX
    /// `vhdxfile`, VHD `conectix` (at the start of a dynamic one, in the footer of a fixed
    /// one), ISO 9660 `CD001` at 0x8001; anything else is taken as a raw disk.
    static func format(head: DiskBytes, tail: DiskBytes) -> Format {
        if head.has([0x51, 0x46, 0x49, 0xfb], at: 0) { return .qcow2 }
        if head.has("KDMV", at: 0) || head.has("# Disk DescriptorFile", at: 0) { return .vmdk }
        if head.has("vhdxfile", at: 0) { return .vhdx }
        if head.has("conectix", at: 0) || tail.has("conectix", at: tail.base) { return .vhd }
        if head.has("CD001", at: 0x8001) { return .iso }
        return .raw
    }

    /// True when some MBR entry is used: a FAT boot sector has the 0xAA55 signature too.
    private static func hasPartitionEntries(_ head: DiskBytes) -> Bool {
        (0..<4).contains { index in
            let entry = 446 + index * 16
            let status = head.little(entry, 1) ?? 1
            return (status == 0 || status == 0x80) && (head.little(entry + 4, 1) ?? 0) != 0
                && (head.little(entry + 12, 4) ?? 0) != 0
        }
    }

    private static func contains(_ bytes: [UInt8], _ needle: [UInt8]) -> Bool {
        guard bytes.count >= needle.count else { return false }
        return (0...(bytes.count - needle.count)).contains { Array(bytes[$0..<$0 + needle.count]) == needle }
    }

    /// The four primary entries, and the logical ones in the chain of extended boot records.
    private mutating func readMBR(_ head: DiskBytes, read: (Int, Int) -> [UInt8]) {
        let signature = head.little(440, 4).map { String(UInt32($0), radix: 16).leftPadded(to: 8) }
        for index in 0..<4 {
            let entry = 446 + index * 16
            guard let type = head.little(entry + 4, 1), type != 0,
                let first = head.little(entry + 8, 4), let count = head.little(entry + 12, 4), count != 0
            else { continue }
            let partition = mbrPartition(
                number: index + 1, type: UInt8(type), start: Int(first) * sectorSize, sectors: Int(count),
                signature: signature)
            partitions.append(partition)
            if partition.kind == .extended { readLogical(extended: partition.start, signature: signature, read: read) }
        }
    }

    private func mbrPartition(number: Int, type: UInt8, start: Int, sectors: Int, signature: String?)
        -> DiskPartition
    {
        let hex = DiskBytes.hex(type)
        return DiskPartition(
            number: number, start: start, size: sectors * sectorSize, type: "0x" + hex,
            kind: DiskPartition.kind(mbr: type),
            partitionUUID: signature.map { "\($0)-\(String(number).leftPadded(to: 2))" })
    }

    /// Logical partitions: each EBR's first entry is the partition (relative to the EBR), its
    /// second links to the next EBR (relative to the extended partition); at most 128.
    private mutating func readLogical(extended: Int, signature: String?, read: (Int, Int) -> [UInt8]) {
        var ebr = extended
        var number = 5
        while number < 5 + 128 {
            let bytes = DiskBytes(bytes: read(ebr, sectorSize), base: ebr)
            guard bytes.little(ebr + 510, 2) == 0xAA55 else {
                problems.append("the extended boot record at byte \(ebr) has no signature")
                return
            }
            if let type = bytes.little(ebr + 446 + 4, 1), type != 0, let first = bytes.little(ebr + 446 + 8, 4),
                let count = bytes.little(ebr + 446 + 12, 4), count != 0
            {
                partitions.append(
                    mbrPartition(
                        number: number, type: UInt8(type), start: ebr + Int(first) * sectorSize, sectors: Int(count),
                        signature: signature))
                number += 1
            }
            guard let next = bytes.little(ebr + 462 + 8, 4), next != 0 else { return }
            let following = extended + Int(next) * sectorSize
            guard following > ebr else { return }
            ebr = following
        }
    }

    /// The GPT header at LBA 1 (`EFI PART`, at byte 512 or 4096: that is the sector size)
    /// and its partition entries.
    private mutating func readGPT(_ head: DiskBytes, read: (Int, Int) -> [UInt8]) {
        guard let size = Self.sectorSizes.first(where: { head.has("EFI PART", at: $0) }) else {
            problems.append("the protective MBR announces a GPT, but LBA 1 (byte 512 or 4096) holds no GPT header")
            return
        }
        sectorSize = size
        guard let entriesLBA = head.little(size + 72, 8), let count = head.little(size + 80, 4),
            let entrySize = head.little(size + 84, 4), entrySize >= 128, count <= 1024,
            entriesLBA < UInt64(Int.max / size)
        else {
            problems.append("the protective MBR announces a GPT, but LBA 1 holds no valid GPT header")
            return
        }
        let start = Int(entriesLBA) * size
        let bytes = DiskBytes(bytes: read(start, Int(count * entrySize)), base: start)
        for index in 0..<Int(count) {
            let entry = start + index * Int(entrySize)
            guard let type = bytes.guid(entry) else {
                problems.append("the GPT partition entries run past the end of the image")
                return
            }
            guard type != "00000000-0000-0000-0000-000000000000", let first = bytes.little(entry + 32, 8),
                let last = bytes.little(entry + 40, 8), last >= first, last < UInt64(Int.max / size)
            else { continue }
            partitions.append(
                DiskPartition(
                    number: index + 1, start: Int(first) * size, size: Int(last - first + 1) * size,
                    type: type.uppercased(), kind: DiskPartition.kind(gpt: type.uppercased()),
                    partitionUUID: bytes.guid(entry + 16)))
        }
    }
}

extension String {
    /// Zero-padded on the left to `width` characters.
    fileprivate func leftPadded(to width: Int) -> String {
        count >= width ? self : String(repeating: "0", count: width - count) + self
    }
}
