/// /etc/osconf2seed.conf: optional local settings, `KEY=value` lines read with the same
/// non-executing parser as os.conf.
///
/// - `os_conf=PATH`: read os.conf from this path (in the tree) instead of a partition.
/// - `partition=UUID=…` (or `LABEL=`, `PARTUUID=`, `PARTLABEL=`): the partition to look on.
public struct BootSettings: Sendable, Hashable {
    public static let path = "/etc/osconf2seed.conf"

    public var osConfPath: String?
    public var partition: PartitionSelector?

    public init(osConfPath: String? = nil, partition: PartitionSelector? = nil) {
        self.osConfPath = osConfPath
        self.partition = partition
    }

    /// Reads the settings; a missing file means defaults, a wrong one is an error (EX_CONFIG).
    public static func load(from tree: RootTree) throws(CommandFailure) -> BootSettings {
        let bytes: [UInt8]
        do {
            bytes = try tree.fileSystem.readFile(at: tree.path(path), limit: AssignmentParser.sizeLimit)
        } catch  where error.errno == .noSuchFile {
            return BootSettings()
        } catch {
            throw CommandFailure(error.description, exitCode: .configuration)
        }
        let assignments: [Assignment]
        do {
            assignments = try AssignmentParser(fileName: path).parse(bytes)
        } catch {
            throw CommandFailure(error.description, exitCode: .configuration)
        }
        var settings = BootSettings()
        for assignment in assignments {
            switch assignment.key {
            case "os_conf":
                guard assignment.value.hasPrefix("/") else {
                    throw CommandFailure(
                        "\(path):\(assignment.line): os_conf must be an absolute path", exitCode: .configuration)
                }
                settings.osConfPath = assignment.value
            case "partition":
                guard let selector = PartitionSelector(assignment.value) else {
                    throw CommandFailure(
                        "\(path):\(assignment.line): partition must be UUID=, LABEL=, PARTUUID= or PARTLABEL=",
                        exitCode: .configuration)
                }
                settings.partition = selector
            default:
                throw CommandFailure(
                    "\(path):\(assignment.line): unknown setting \(assignment.key)", exitCode: .configuration)
            }
        }
        return settings
    }
}
