/// What kind of import an image is checked for: the profile sets each item's severity
/// (IMAGE-CHECKS.md section 7). `ali-custom` is the os.conf import the project exists for.
public enum CheckProfile: String, Sendable, Hashable, CaseIterable, CustomStringConvertible {
    /// Alibaba Cloud "Customized Linux": os.conf on the first partition, no cloud check [S9].
    case aliCustom = "ali-custom"
    /// Alibaba Cloud standard import: cloud-init with the AliYun datasource [S1, S7].
    case ali
    /// Tencent Cloud import: cloud-init required [T1].
    case tc
    /// Tencent Cloud forced import: no cloud-init, `qcloud_action/os.conf` on a config-2 disc [T2].
    case tcForce = "tc-force"

    /// The `--profile` value.
    public var description: String { rawValue }

    /// True for the two Alibaba Cloud profiles.
    var isAlibaba: Bool { self == .ali || self == .aliCustom }

    /// True where the image reads os.conf itself (osconf2seed's boot job) rather than cloud-init.
    var readsOSConf: Bool { self == .aliCustom || self == .tcForce }
}
