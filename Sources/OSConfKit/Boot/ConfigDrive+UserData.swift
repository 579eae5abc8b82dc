/// The customer's user data on the config drive, beside `qcloud_action/`.
extension ConfigDrive {
    /// OpenStack's config drive layout (`openstack/latest/user_data`), relative to the drive's
    /// root; Tencent's page says the image may read the drive's other files.
    public static let userDataPath = "openstack/latest/user_data"
    /// Larger user data is dropped with a warning: Nova caps it at 65535 bytes of base64
    /// (under 48 KiB decoded), so a larger file is not what the cloud wrote.
    public static let userDataLimit = 64 * 1024

    /// The user data beside `osConf` (`…/qcloud_action/os.conf`), when the drive has one;
    /// nil without. A file that cannot be read or is too large is a warning (in `warnings`)
    /// and nil: it never costs the instance its network.
    public static func userData(besides osConf: String, in tree: RootTree, warnings: inout [String]) -> [UInt8]? {
        driveFile(userDataPath, besides: osConf, in: tree, limit: userDataLimit, warnings: &warnings)
    }

    /// The drive's file at `relative` (beside `qcloud_action/`, which holds `osConf`), at most
    /// `limit` bytes; nil when it is missing or empty. One that cannot be read or is larger is
    /// a warning naming it, and nil.
    static func driveFile(
        _ relative: String, besides osConf: String, in tree: RootTree, limit: Int, warnings: inout [String]
    ) -> [UInt8]? {
        let driveRoot = FilePath.directory(of: FilePath.directory(of: osConf))
        let path = FilePath.join(driveRoot, relative)
        guard (try? tree.fileSystem.fileType(at: path)) != nil else { return nil }
        do {
            let bytes = try tree.fileSystem.readFile(at: path, limit: limit)
            return bytes.isEmpty ? nil : bytes
        } catch  where error.errno == .fileTooLarge {
            warnings.append("\(relative) is larger than \(limit) bytes; not used")
        } catch {
            warnings.append("\(error.description); \(relative) is not used")
        }
        return nil
    }
}
