/// What a partition's first bytes say it holds, from the superblock's magic number and fields
/// (the offsets blkid and the kernel use): ext2/3/4, xfs, btrfs, vfat, swap, an LVM physical
/// volume. Pure: it reads only the bytes it is given.
struct FileSystemSuperblock: Sendable, Hashable {
    /// `ext2`, `ext3`, `ext4`, `xfs`, `btrfs`, `vfat`, `swap`, `LVM2_member` (blkid's names).
    var type: String
    /// The UUID blkid prints (`UUID=` in fstab); `ABCD-1234` for vfat; nil when none.
    var uuid: String?
    var label: String?
    /// ext2/3/4 `s_feature_incompat` and `s_feature_ro_compat` (0 for the others).
    var incompatible: UInt64 = 0
    var readOnlyCompatible: UInt64 = 0

    /// ext4 `INCOMPAT_64BIT`: old Alibaba import checks refuse it [S5, S6].
    static let ext64Bit: UInt64 = 0x80
    /// ext4 `RO_COMPAT_QUOTA` and `RO_COMPAT_PROJECT`: not supported together [S6].
    static let extQuota: UInt64 = 0x100
    static let extProject: UInt64 = 0x2000

    /// How many bytes from the partition's start ``detect(_:)`` needs (btrfs's superblock is at 64 KiB).
    static let span = 0x10000 + 4096

    /// The file system whose superblock `bytes` (the partition's first ``span`` bytes, base 0)
    /// hold, or nil when none of the known magics is there.
    static func detect(_ bytes: DiskBytes) -> FileSystemSuperblock? {
        if bytes.little(1024 + 0x38, 2) == 0xEF53 { return ext(bytes) }
        if bytes.has("XFSB", at: 0) {
            return FileSystemSuperblock(type: "xfs", uuid: bytes.uuid(32), label: bytes.label(108, 12))
        }
        if bytes.has("_BHRfS_M", at: 0x10040) {
            return FileSystemSuperblock(type: "btrfs", uuid: bytes.uuid(0x10020), label: bytes.label(0x1012B, 256))
        }
        if bytes.has("SWAPSPACE2", at: 4096 - 10) || bytes.has("SWAP-SPACE", at: 4096 - 10) {
            return FileSystemSuperblock(type: "swap", uuid: bytes.uuid(1024 + 12), label: bytes.label(1024 + 28, 16))
        }
        for sector in 0..<4
        where bytes.has("LABELONE", at: sector * 512) && bytes.has("LVM2 001", at: sector * 512 + 24) {
            return FileSystemSuperblock(type: "LVM2_member", uuid: nil, label: nil)
        }
        if bytes.little(510, 2) == 0xAA55 {
            // FAT32 names itself at 82 (volume id at 67); FAT12/16 at 54 (volume id at 39).
            for (name, id, label) in [(82, 67, 71), (54, 39, 43)] where bytes.has("FAT", at: name) {
                let volume = bytes.little(id, 4).map { Self.fatSerial(UInt32(truncatingIfNeeded: $0)) }
                return FileSystemSuperblock(type: "vfat", uuid: volume, label: bytes.label(label, 11))
            }
        }
        return nil
    }

    /// ext4 when a feature only ext4 has is on (extents, 64bit, flex_bg, huge files, group
    /// descriptor or metadata checksums), else ext3 with a journal, else ext2: blkid's rule.
    private static func ext(_ bytes: DiskBytes) -> FileSystemSuperblock {
        let superblock = 1024
        let compatible = bytes.little(superblock + 0x5C, 4) ?? 0
        let incompatible = bytes.little(superblock + 0x60, 4) ?? 0
        let readOnly = bytes.little(superblock + 0x64, 4) ?? 0
        let ext4Incompatible: UInt64 = 0x40 | 0x80 | 0x200 | 0x100 | 0x8000
        let ext4ReadOnly: UInt64 = 0x8 | 0x10 | 0x20 | 0x40 | 0x400
        let type =
            incompatible & ext4Incompatible != 0 || readOnly & ext4ReadOnly != 0
            ? "ext4" : compatible & 0x4 != 0 ? "ext3" : "ext2"
        return FileSystemSuperblock(
            type: type, uuid: bytes.uuid(superblock + 0x68), label: bytes.label(superblock + 0x78, 16),
            incompatible: incompatible, readOnlyCompatible: readOnly)
    }

    /// A FAT volume id as blkid prints it: `ABCD-1234`.
    private static func fatSerial(_ value: UInt32) -> String {
        let bytes = [UInt8(value >> 24), UInt8(value >> 16 & 0xff), UInt8(value >> 8 & 0xff), UInt8(value & 0xff)]
        let digits = bytes.map(DiskBytes.hex).joined().uppercased()
        return String(digits.prefix(4)) + "-" + String(digits.suffix(4))
    }

    /// True for the file systems a Linux root can be on.
    var isLinuxRoot: Bool { ["ext2", "ext3", "ext4", "xfs", "btrfs"].contains(type) }
}
