/// A numeric user and group, as the kernel stores them (names would need the image's
/// /etc/passwd, which under `--root` is not the running system's).
public struct FileOwner: Sendable, Hashable {
    public var user: UInt32
    public var group: UInt32

    public init(user: UInt32, group: UInt32) {
        self.user = user
        self.group = group
    }
}
