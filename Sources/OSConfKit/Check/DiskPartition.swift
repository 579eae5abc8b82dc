/// One partition of a disk image: where it is, its type in the table, and what its
/// superblock says it holds.
struct DiskPartition: Sendable, Hashable {
    /// What the partition type says the partition is for.
    enum Kind: String, Sendable, Hashable {
        case linux, swap, lvm, efi, biosBoot, extended, fat, bsd, other
    }

    /// The partition's number as the kernel gives it (`vda1` is 1; MBR logical ones from 5).
    var number: Int
    /// Byte offset of its first sector in the image.
    var start: Int
    /// Its length in bytes.
    var size: Int
    /// The type as stored: `0x83` (MBR) or the type GUID (GPT, upper case as sgdisk prints it).
    var type: String
    var kind: Kind
    /// The GPT partition's unique GUID, or the MBR form `disk-signature-NN`: `PARTUUID=`.
    var partitionUUID: String?
    /// What its superblock says, nil when no known one is there.
    var fileSystem: FileSystemSuperblock?

    /// MBR partition types by kind.
    static func kind(mbr type: UInt8) -> Kind {
        switch type {
        case 0x83: return .linux
        case 0x82: return .swap
        case 0x8e: return .lvm
        case 0xef: return .efi
        case 0x05, 0x0f, 0x85: return .extended
        case 0x01, 0x04, 0x06, 0x0b, 0x0c, 0x0e: return .fat
        case 0xa5, 0xa6, 0xa9: return .bsd
        default: return .other
        }
    }

    /// GPT partition type GUIDs by kind (the UAPI Discoverable Partitions list and UEFI's).
    static func kind(gpt type: String) -> Kind {
        switch type {
        case "0FC63DAF-8483-4772-8E79-3D69D8477DE4", "4F68BCE3-E8CD-4DB1-96E7-FBCAF984B709",
            "B921B045-1DF0-41C3-AF44-4C6F280D3FAE", "44479540-F297-41B2-9AF7-D131D5F0458A",
            "BC13C2FF-59E6-4262-A352-B275FD6F7172", "933AC7E1-2EB4-4F13-B844-0E14E2AEF915":
            return .linux
        case "0657FD6D-A4AB-43C4-84E5-0933C84B4F4F": return .swap
        case "E6D6D379-F507-44C2-A23C-238F2A3DF928": return .lvm
        case "C12A7328-F81F-11D2-BA4B-00A0C93EC93B": return .efi
        case "21686148-6449-6E6F-744E-656564454649": return .biosBoot
        case "EBD0A0A2-B9E5-4433-87C0-68B6B72699C7": return .fat
        case "516E7CB4-6ECF-11D6-8FF8-00022D09712B", "516E7CB6-6ECF-11D6-8FF8-00022D09712B": return .bsd
        default: return .other
        }
    }

    /// `p1 ext4 1 MiB at 1 MiB UUID=…` for the report.
    var summary: String {
        var out = "partition \(number) (\(type) \(kind.rawValue)) at \(Self.size(start)), \(Self.size(size))"
        if let fileSystem {
            out += ", \(fileSystem.type)"
            if let uuid = fileSystem.uuid { out += " UUID=\(uuid)" }
        } else {
            out += ", no file system found"
        }
        return out
    }

    /// Bytes as KiB, MiB or GiB (binary units, one decimal where not whole).
    static func size(_ bytes: Int) -> String {
        for (unit, shift) in [("GiB", 30), ("MiB", 20), ("KiB", 10)] where bytes >= 1 << shift {
            let tenths = (bytes * 10) >> shift
            return tenths % 10 == 0 ? "\(tenths / 10) \(unit)" : "\(tenths / 10).\(tenths % 10) \(unit)"
        }
        return "\(bytes) bytes"
    }
}
