import Testing

@testable import OSConfKit

/// A sparse disk image in memory: unwritten bytes read as zero.
private struct SyntheticDisk {
    var size: Int
    var bytes: [Int: UInt8] = [:]

    mutating func put(_ data: [UInt8], at offset: Int) {
        for (index, byte) in data.enumerated() { bytes[offset + index] = byte }
    }

    mutating func put(_ text: String, at offset: Int) { put(Array(text.utf8), at: offset) }

    mutating func little(_ value: UInt64, _ width: Int, at offset: Int) {
        put((0..<width).map { UInt8(truncatingIfNeeded: value >> (8 * UInt64($0))) }, at: offset)
    }

    func read(_ offset: Int, _ count: Int) -> [UInt8] {
        guard offset < size else { return [] }
        return (offset..<min(offset + count, size)).map { bytes[$0] ?? 0 }
    }

    var layout: DiskLayout { DiskLayout(size: size, read: read) }

    static let gib = 1 << 30
    static let rootUUID: [UInt8] = [
        0x0b, 0x5c, 0x4c, 0x42, 0x3f, 0x4e, 0x4a, 0x1e, 0x8d, 0x3b, 0x3c, 0x1c, 0x2a, 0x4e, 0x5f, 0x60,
    ]

    /// An MBR disk with GRUB's boot code and `partitions` (type, first sector, sectors).
    static func mbr(size: Int = 20 * gib, _ partitions: [(UInt8, Int, Int)]) -> SyntheticDisk {
        var disk = SyntheticDisk(size: size)
        disk.put([0xeb, 0x63, 0x90] + Array("GRUB ".utf8), at: 0x17d)
        disk.little(0x1234_5678, 4, at: 440)
        for (index, partition) in partitions.enumerated() {
            let entry = 446 + index * 16
            disk.put([partition.0], at: entry + 4)
            disk.little(UInt64(partition.1), 4, at: entry + 8)
            disk.little(UInt64(partition.2), 4, at: entry + 12)
        }
        disk.put([0x55, 0xaa], at: 510)
        return disk
    }

    /// A GPT disk (protective MBR, header at LBA 1, entries at LBA 2) with `partitions`
    /// (type GUID bytes as stored, first LBA, last LBA), in logical sectors of `sector` bytes.
    static func gpt(size: Int = 20 * gib, sector: Int = 512, _ partitions: [([UInt8], Int, Int)]) -> SyntheticDisk {
        var disk = SyntheticDisk(size: size)
        disk.put([0xee], at: 446 + 4)
        disk.little(1, 4, at: 446 + 8)
        disk.little(UInt64(size / sector - 1), 4, at: 446 + 12)
        disk.put([0x55, 0xaa], at: 510)
        disk.put("EFI PART", at: sector)
        disk.little(2, 8, at: sector + 72)
        disk.little(128, 4, at: sector + 80)
        disk.little(128, 4, at: sector + 84)
        for (index, partition) in partitions.enumerated() {
            let entry = 2 * sector + index * 128
            disk.put(partition.0, at: entry)
            disk.put([UInt8](repeating: UInt8(index + 1), count: 16), at: entry + 16)
            disk.little(UInt64(partition.1), 8, at: entry + 32)
            disk.little(UInt64(partition.2), 8, at: entry + 40)
        }
        return disk
    }

    /// An ext4 superblock at `start` with the given incompat and ro_compat features.
    mutating func ext4(at start: Int, incompatible: UInt64 = 0x2c2, readOnly: UInt64 = 0x46b) {
        little(0xEF53, 2, at: start + 1024 + 0x38)
        little(0x3c, 4, at: start + 1024 + 0x5C)
        little(incompatible, 4, at: start + 1024 + 0x60)
        little(readOnly, 4, at: start + 1024 + 0x64)
        put(Self.rootUUID, at: start + 1024 + 0x68)
        put("rootfs", at: start + 1024 + 0x78)
    }
}

/// The GPT type GUIDs as stored (first three groups little-endian).
private enum GPTType {
    static let linux: [UInt8] = [
        0xaf, 0x3d, 0xc6, 0x0f, 0x83, 0x84, 0x72, 0x47, 0x8e, 0x79, 0x3d, 0x69, 0xd8, 0x47, 0x7d, 0xe4,
    ]
    static let biosBoot: [UInt8] = [
        0x48, 0x61, 0x68, 0x21, 0x49, 0x64, 0x6f, 0x6e, 0x74, 0x4e, 0x65, 0x65, 0x64, 0x45, 0x46, 0x49,
    ]
    static let swap: [UInt8] = [
        0x6d, 0xfd, 0x57, 0x06, 0xab, 0xa4, 0xc4, 0x43, 0x84, 0xe5, 0x09, 0x33, 0xc8, 0x4b, 0x4f, 0x4f,
    ]
}

@Suite("check --image: the disk layout from the image's bytes")
struct DiskLayoutTests {
    @Test("an MBR disk: entries, types, boot code, the ext4 superblock's UUID, label and features")
    func mbrDisk() throws {
        var disk = SyntheticDisk.mbr([(0x83, 2048, 2_097_152), (0x82, 2_099_200, 1_048_576)])
        disk.ext4(at: 2048 * 512)
        let layout = disk.layout
        #expect(layout.format == .raw && layout.table == .mbr && layout.bootCode == .grub)
        #expect(layout.partitions.map(\.number) == [1, 2])
        #expect(layout.partitions.map(\.kind) == [.linux, .swap])
        let root = try #require(layout.partitions.first?.fileSystem)
        #expect(root.type == "ext4" && root.uuid == "0b5c4c42-3f4e-4a1e-8d3b-3c1c2a4e5f60" && root.label == "rootfs")
        #expect(root.incompatible & FileSystemSuperblock.ext64Bit != 0)
        #expect(layout.partitions.first?.partitionUUID == "12345678-01")
        #expect(layout.partitions.first?.size == 1 << 30)
    }

    @Test("a GPT disk behind its protective MBR: type and unique GUIDs, first and last LBA")
    func gptDisk() throws {
        var disk = SyntheticDisk.gpt([(GPTType.biosBoot, 2048, 10239), (GPTType.linux, 10240, 2_107_391)])
        disk.ext4(at: 10240 * 512)
        let layout = disk.layout
        #expect(layout.table == .gpt && layout.problems.isEmpty)
        #expect(layout.partitions.map(\.kind) == [.biosBoot, .linux])
        let root = try #require(layout.partitions.last)
        #expect(root.type == "0FC63DAF-8483-4772-8E79-3D69D8477DE4")
        #expect(root.partitionUUID == "02020202-0202-0202-0202-020202020202")
        #expect(root.start == 10240 * 512 && root.size == (2_107_391 - 10240 + 1) * 512)
        #expect(root.fileSystem?.type == "ext4")
        #expect(layout.sectorSize == 512)
    }

    @Test("a GPT laid out for 4 KiB logical sectors (header at byte 4096): every LBA counts 4096 bytes")
    func gpt4KDisk() throws {
        var disk = SyntheticDisk.gpt(
            sector: 4096, [(GPTType.biosBoot, 256, 1279), (GPTType.linux, 1280, 263_423)])
        disk.ext4(at: 1280 * 4096)
        let layout = disk.layout
        #expect(layout.table == .gpt && layout.problems.isEmpty)
        #expect(layout.sectorSize == 4096)
        #expect(layout.partitions.map(\.kind) == [.biosBoot, .linux])
        let root = try #require(layout.partitions.last)
        #expect(root.start == 1280 * 4096 && root.size == (263_423 - 1280 + 1) * 4096)
        #expect(root.fileSystem?.type == "ext4" && root.fileSystem?.uuid == "0b5c4c42-3f4e-4a1e-8d3b-3c1c2a4e5f60")
        let facts = DiskCheck(path: "disk.raw", layout: layout, profile: .aliCustom).facts
        #expect(facts.first?.contains("gpt, 4096-byte sectors") == true, "\(facts)")
    }

    @Test("a protective MBR without a GPT header is a problem, never an empty disk that passes")
    func damagedGPT() {
        var disk = SyntheticDisk.gpt([])
        disk.put("NOT PART", at: 512)
        #expect(!disk.layout.problems.isEmpty)
    }

    @Test(
        "container formats by their magic",
        arguments: [
            ([0x51, 0x46, 0x49, 0xfb], 0, DiskLayout.Format.qcow2), (Array("KDMV".utf8), 0, .vmdk),
            (Array("vhdxfile".utf8), 0, .vhdx), (Array("conectix".utf8), 0, .vhd), (Array("CD001".utf8), 0x8001, .iso),
        ] as [([UInt8], Int, DiskLayout.Format)])
    func formats(magic: [UInt8], offset: Int, format: DiskLayout.Format) {
        var disk = SyntheticDisk(size: 1 << 20)
        disk.put(magic, at: offset)
        #expect(disk.layout.format == format)
        #expect(disk.layout.partitions.isEmpty)
    }

    @Test("a fixed VHD: the conectix footer in the last 512 bytes")
    func fixedVHD() {
        var disk = SyntheticDisk.mbr(size: 1 << 24, [(0x83, 2048, 4096)])
        disk.put("conectix", at: (1 << 24) - 512)
        #expect(disk.layout.format == .vhd)
    }

    @Test(
        "superblocks: xfs, btrfs, vfat, swap, LVM, ext2 and ext3",
        arguments: ["xfs", "btrfs", "vfat", "swap", "LVM2_member", "ext2", "ext3"])
    func superblocks(type: String) {
        var disk = SyntheticDisk(size: 1 << 20)
        switch type {
        case "xfs":
            disk.put("XFSB", at: 0)
            disk.put(SyntheticDisk.rootUUID, at: 32)
        case "btrfs":
            disk.put("_BHRfS_M", at: 0x10040)
            disk.put(SyntheticDisk.rootUUID, at: 0x10020)
        case "vfat":
            disk.put([0x55, 0xaa], at: 510)
            disk.put("FAT32   ", at: 82)
            disk.little(0x1234_abcd, 4, at: 67)
        case "swap":
            disk.put("SWAPSPACE2", at: 4086)
            disk.put(SyntheticDisk.rootUUID, at: 1036)
        case "LVM2_member":
            disk.put("LABELONE", at: 512)
            disk.put("LVM2 001", at: 512 + 24)
        case "ext2":
            disk.little(0xEF53, 2, at: 1024 + 0x38)
        default:
            disk.little(0xEF53, 2, at: 1024 + 0x38)
            disk.little(0x4, 4, at: 1024 + 0x5C)
        }
        let found = FileSystemSuperblock.detect(DiskBytes(bytes: disk.read(0, FileSystemSuperblock.span)))
        #expect(found?.type == type)
        if ["xfs", "btrfs", "swap"].contains(type) { #expect(found?.uuid == "0b5c4c42-3f4e-4a1e-8d3b-3c1c2a4e5f60") }
        if type == "vfat" { #expect(found?.uuid == "1234-ABCD") }
    }

    @Test("a whole-disk file system (no partition table) is found; zeros are not a file system")
    func wholeDisk() {
        var disk = SyntheticDisk(size: 1 << 24)
        #expect(disk.layout.wholeDisk == nil && disk.layout.table == .none)
        disk.ext4(at: 0)
        #expect(disk.layout.wholeDisk?.type == "ext4")
    }

    @Test("logical partitions in an extended one are numbered from 5")
    func logical() {
        var disk = SyntheticDisk.mbr([(0x83, 2048, 4096), (0x05, 8192, 8192)])
        disk.put([0x82], at: 8192 * 512 + 446 + 4)
        disk.little(2048, 4, at: 8192 * 512 + 446 + 8)
        disk.little(4096, 4, at: 8192 * 512 + 446 + 12)
        disk.put([0x55, 0xaa], at: 8192 * 512 + 510)
        let layout = disk.layout
        #expect(layout.partitions.map(\.number) == [1, 2, 5])
        #expect(layout.partitions.last?.kind == .swap && layout.partitions.last?.start == (8192 + 2048) * 512)
    }
}

@Suite("check --image: the raw-disk items under each profile")
struct DiskCheckTests {
    private func findings(_ disk: SyntheticDisk, _ profile: CheckProfile, path: String = "disk.raw") -> [CheckFinding] {
        DiskCheck(path: path, layout: disk.layout, profile: profile).observations().compactMap {
            $0.finding(in: profile)
        }
    }

    private static func goodMBR() -> SyntheticDisk {
        var disk = SyntheticDisk.mbr([(0x83, 2048, 41_940_992)])
        disk.ext4(at: 2048 * 512, incompatible: 0x242)
        return disk
    }

    @Test("a good MBR disk of 20 GiB has no finding under any profile", arguments: CheckProfile.allCases)
    func good(profile: CheckProfile) {
        #expect(findings(Self.goodMBR(), profile).isEmpty)
    }

    @Test("GPT: an error for tc and tc-force, info for Alibaba", arguments: CheckProfile.allCases)
    func gpt(profile: CheckProfile) {
        var disk = SyntheticDisk.gpt([(GPTType.biosBoot, 2048, 10239), (GPTType.linux, 10240, 41_940_000)])
        disk.put([0x47, 0x52, 0x55, 0x42], at: 0x180)
        disk.ext4(at: 10240 * 512, incompatible: 0x242)
        let table = findings(disk, profile).filter { $0.item == .diskTable }
        #expect(table.map(\.severity) == [profile.isAlibaba ? .info : .error])
    }

    @Test("the first partition xfs fails Customized Linux only")
    func firstXFS() {
        var disk = SyntheticDisk.mbr([(0x83, 2048, 41_940_992)])
        disk.put("XFSB", at: 2048 * 512)
        #expect(findings(disk, .aliCustom).map(\.item) == [.diskFirstPartition])
        #expect(findings(disk, .aliCustom).first?.severity == .error)
        #expect(findings(disk, .ali).isEmpty)
    }

    @Test("a qcow2 image is refused with the qemu-img command that makes it raw")
    func qcow2() {
        var disk = SyntheticDisk(size: 1 << 20)
        disk.put([0x51, 0x46, 0x49, 0xfb], at: 0)
        let found = findings(disk, .aliCustom, path: "/images/my disk.qcow2")
        #expect(found.map(\.item) == [.diskFormat] && found.first?.severity == .error)
        #expect(
            found.first?.fix.hasPrefix("qemu-img convert -O raw '/images/my disk.qcow2' '/images/my disk.raw'") == true)
    }

    @Test("swap and LVM partitions, the root not last, a small disk, no boot code")
    func breakages() {
        var disk = SyntheticDisk.mbr(
            size: 4 * SyntheticDisk.gib,
            [(0x83, 2048, 4_194_304), (0x8e, 4_196_352, 1_000_000), (0x82, 5_196_352, 100_000)])
        disk.ext4(at: 2048 * 512, incompatible: 0x242)
        disk.put([UInt8](repeating: 0, count: 440), at: 0)
        let found = findings(disk, .aliCustom)
        #expect(Set(found.map(\.item)) == [.diskLVM, .diskSwap, .diskRootLast, .diskSize, .diskBootCode])
        #expect(found.first { $0.item == .diskSize }?.severity == .error)
        #expect(findings(disk, .ali).first { $0.item == .diskSize }?.severity == .warning)
        #expect(findings(disk, .tc).first { $0.item == .diskSize } == nil)
    }

    @Test("ext4 64bit, and quota with project, are warnings for Alibaba")
    func ext4Features() {
        var disk = SyntheticDisk.mbr([(0x83, 2048, 41_940_992)])
        disk.ext4(at: 2048 * 512, incompatible: 0x2c2, readOnly: 0x2100)
        let found = findings(disk, .ali).filter { $0.item == .diskExt4Features }
        #expect(found.count == 2 && found.allSatisfy { $0.severity == .warning })
    }

    @Test("fstab and root= tags resolve against the superblocks and partition GUIDs")
    func uuids() {
        let disk = Self.goodMBR()
        let check = DiskCheck(path: "disk.raw", layout: disk.layout, profile: .aliCustom)
        let fstab = FstabEntry.parse(
            TreeText.text(
                "UUID=0B5C4C42-3F4E-4A1E-8D3B-3C1C2A4E5F60 / ext4 defaults 0 1\n"
                    + "PARTUUID=12345678-01 /boot ext4 defaults 0 2\nLABEL=rootfs /srv ext4 defaults 0 2\n"
                    + "UUID=6a1f0c3e-2b4d-4e5f-8a9b-0c1d2e3f4a5b /data ext4 nofail 0 2\nproc /proc proc defaults 0 0\n")
        )
        let root = [
            BootLoaderConfig.Reference(
                value: "UUID=0b5c4c42-3f4e-4a1e-8d3b-3c1c2a4e5f60", file: "/boot/grub/grub.cfg", line: 3),
            BootLoaderConfig.Reference(
                value: "UUID=deadbeef-0000-0000-0000-000000000000", file: "/boot/grub/grub.cfg", line: 9),
        ]
        let found = check.uuidObservations(fstab: fstab, rootParameters: root).compactMap { $0.finding(in: .aliCustom) }
        #expect(found.map(\.location) == ["/etc/fstab:4", "/boot/grub/grub.cfg:9"])
        #expect(found.map(\.severity) == [.warning, .error])
    }
}
