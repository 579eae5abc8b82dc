/// The inode flags that chattr(1) sets and lsattr(1) shows, as FS_IOC_GETFLAGS reports them
/// (the `FS_*_FL` bits of <linux/fs.h>). Only the two that stop a file from being rewritten
/// are named; the others are kept as read.
public struct InodeFlags: OptionSet, Sendable, Hashable {
    public let rawValue: UInt32

    public init(rawValue: UInt32) {
        self.rawValue = rawValue
    }

    /// `FS_IMMUTABLE_FL` (chattr `+i`): no write, rename, unlink or link, even by root.
    public static let immutable = InodeFlags(rawValue: 0x10)
    /// `FS_APPEND_FL` (chattr `+a`): opened for appending only, never truncated or replaced.
    public static let appendOnly = InodeFlags(rawValue: 0x20)
}
