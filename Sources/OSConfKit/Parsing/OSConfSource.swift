/// Which cloud wrote an os.conf. The keys are the same; the source decides how `password` is
/// read, and where the boot job found the file decides the source.
///
/// - Alibaba Cloud ("Customized Linux", `aliyun_custom_image/os.conf` on the image's first
///   partition): `password` is the base64 of the plaintext.
/// - Tencent Cloud ("Forcibly importing images", `qcloud_action/os.conf` on the ISO 9660
///   config drive labelled `config-2`): `password` is a crypt(3) string meant for
///   `chpasswd -e`, taken literally (its `$` is no shell syntax there).
public enum OSConfSource: String, Sendable, Hashable, CaseIterable, CustomStringConvertible {
    case aliyun
    case tencent

    /// The directory the cloud puts os.conf in, relative to the file system's root.
    public var directory: String {
        switch self {
        case .aliyun: return "aliyun_custom_image"
        case .tencent: return "qcloud_action"
        }
    }

    /// os.conf's path relative to the file system's root.
    public var relativePath: String { directory + "/os.conf" }

    /// The source a path names: Tencent Cloud's when a component of it is `qcloud_action`,
    /// Alibaba Cloud's otherwise (the format osconf2seed started from).
    public static func inferred(fromPath path: String) -> OSConfSource {
        path.split(separator: "/").dropLast().contains { $0 == Substring(tencent.directory) } ? .tencent : .aliyun
    }

    /// For the log: `Tencent Cloud's qcloud_action/os.conf`.
    public var description: String {
        switch self {
        case .aliyun: return "Alibaba Cloud's \(relativePath)"
        case .tencent: return "Tencent Cloud's \(relativePath)"
        }
    }
}
