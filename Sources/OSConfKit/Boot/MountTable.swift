/// /proc/self/mountinfo, parsed: which device is mounted where.
public struct MountTable: Sendable, Hashable {
    /// One mount.
    public struct Entry: Sendable, Hashable {
        public var device: DeviceNumber
        public var mountPoint: String
        public var fileSystemType: String
        public var source: String
        public var isReadOnly: Bool
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
            entries.append(
                Entry(
                    device: device, mountPoint: Self.unescape(fields[4]), fileSystemType: String(fields[separator + 1]),
                    source: Self.unescape(fields[separator + 2]), isReadOnly: options.contains("ro")))
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

    /// mountinfo writes space, tab, newline and backslash as `\ooo` octal escapes.
    static func unescape(_ field: Substring) -> String {
        var bytes: [UInt8] = []
        let raw = Array(field.utf8)
        var index = 0
        while index < raw.count {
            if raw[index] == UInt8(ascii: "\\"), index + 3 < raw.count,
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
