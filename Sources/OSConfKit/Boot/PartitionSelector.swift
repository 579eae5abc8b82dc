/// `UUID=…`, `LABEL=…`, `PARTUUID=…` or `PARTLABEL=…`: how /etc/osconf2seed.conf names the
/// partition that holds os.conf when it is not the first partition of the root disk.
public struct PartitionSelector: Sendable, Hashable, CustomStringConvertible {
    public enum Kind: String, Sendable, Hashable, CaseIterable {
        case uuid = "UUID"
        case label = "LABEL"
        case partitionUUID = "PARTUUID"
        case partitionLabel = "PARTLABEL"

        /// udev's directory of links for this kind.
        var linkDirectory: String {
            switch self {
            case .uuid: return "/dev/disk/by-uuid"
            case .label: return "/dev/disk/by-label"
            case .partitionUUID: return "/dev/disk/by-partuuid"
            case .partitionLabel: return "/dev/disk/by-partlabel"
            }
        }
    }

    public var kind: Kind
    public var value: String

    /// A selector built from constants (the config drive's label), not from a file.
    init(kind: Kind, value: String) {
        self.kind = kind
        self.value = value
    }

    public init?(_ text: String) {
        guard let equals = text.firstIndex(of: "="), let kind = Kind(rawValue: String(text[..<equals])) else {
            return nil
        }
        let value = String(text[text.index(after: equals)...])
        // A value with a slash could climb out of /dev/disk/by-*.
        guard !value.isEmpty, !value.contains("/"), value != ".", value != ".." else { return nil }
        self.kind = kind
        self.value = value
    }

    public var description: String { "\(kind.rawValue)=\(value)" }

    /// The device the udev link points at, or nil when there is no such link.
    public func resolve(in devices: BlockDeviceTree) -> BlockDevice? {
        guard let target = devices.tree.readLink(kind.linkDirectory + "/" + value) else { return nil }
        return devices.device(named: FilePath.baseName(of: target))
    }
}
