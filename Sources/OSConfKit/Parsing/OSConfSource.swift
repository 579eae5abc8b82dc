/// Which cloud wrote an os.conf: `--source aliyun|tencent` of `validate`.
///
/// Accepted and carried to the checks today without changing them; the Tencent reading of
/// `password` and host names (issue 17, items 1 and 2) is built separately and gives it meaning.
public enum OSConfSource: String, Sendable, Hashable, CaseIterable {
    /// Alibaba Cloud, `aliyun_custom_image/os.conf`.
    case aliyun
    /// Tencent Cloud's config drive, `qcloud_action/os.conf`.
    case tencent
}
