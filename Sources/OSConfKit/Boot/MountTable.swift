/// /proc/self/mountinfo, parsed: which device is mounted where.
public struct MountTable: Sendable, Hashable {
    /// One mount.
    public struct Entry: Sendable, Hashable {
        public var device: DeviceNumber
        public var mountPoint: String
        public var fileSystemType: String
        public var source: String
        /// Read-only at this mount point (`ro` in the mount options); a bind mount may be.
        public var isReadOnly: Bool
        /// The file system itself is read-only (`ro` in the super options), so no mount of it,
        /// here or elsewhere, can change it: read-only media.
        public var isReadOnlySuperblock: Bool = false
    }

    /// In file order, which is mount order: a later entry on the same point hides an earlier one.
    public var entries: [Entry]

    /// Parses mountinfo(5) lines; a malformed line is skipped rather than failing the boot.
    public init(text: String) {
        var entries: [Entry] = []
        for line in text.split(separator: "\n") {
            let fields = line.split(separator: " ", omittingEmptySubsequences: true)
            guard fields.count >= 10, let device = DeviceNumber(fields[2]),
                let separator = fields[6...].firstIndex(of: "-"), separator + 2 < fields.count
            else { continue }
            let options = fields[5].split(separator: ",")
            let superOptions = separator + 3 < fields.count ? fields[separator + 3].split(separator: ",") : []
            entries.append(
                Entry(
                    device: device, mountPoint: Self.unescape(fields[4]), fileSystemType: String(fields[separator + 1]),
                    source: Self.unescape(fields[separator + 2]), isReadOnly: options.contains("ro"),
                    isReadOnlySuperblock: superOptions.contains("ro")))
        }
        self.entries = entries
    }

    /// The mount that `/` resolves to.
    public var root: Entry? { entries.last { $0.mountPoint == "/" } }

    /// Where `device` is mounted, preferring a read-write mount (os.conf must be removed there).
    public func mount(of device: DeviceNumber) -> Entry? {
        let mounts = entries.filter { $0.device == device }
        return mounts.first { !$0.isReadOnly } ?? mounts.first
    }

    /// The mount that holds `path`: the one with the longest mount point above it (the later
    /// one of equals). Textual: `path` is taken as it is, without resolving links.
    public func mount(containing path: String) -> Entry? {
        var best: Entry?
        for entry in entries {
            let point = entry.mountPoint.hasSuffix("/") ? entry.mountPoint : entry.mountPoint + "/"
            guard path.utf8.elementsEqual(entry.mountPoint.utf8) || path.utf8.starts(with: point.utf8) else { continue }
            if let current = best, current.mountPoint.utf8.count > entry.mountPoint.utf8.count { continue }
            best = entry
        }
        return best
    }

    /// mountinfo and fstab(5) write space, tab, newline and backslash as `\ooo` octal escapes
    /// (three octal digits, as libmount reads them); other bytes stay as they are.
    static func unescape(_ field: Substring) -> String {
        var bytes: [UInt8] = []
        let raw = Array(field.utf8)
        var index = 0
        while index < raw.count {
            if raw[index] == UInt8(ascii: "\\"), index + 3 < raw.count,
                raw[(index + 1)...(index + 3)].allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "7") }),
                let value = UInt8(String(decoding: raw[(index + 1)...(index + 3)], as: UTF8.self), radix: 8)
            {
                bytes.append(value)
                index += 4
            } else {
                bytes.append(raw[index])
                index += 1
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}
