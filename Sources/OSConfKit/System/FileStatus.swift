/// What lstat(2) tells about one entry: enough to replace a file with the same mode and owner,
/// and its size.
public struct FileStatus: Sendable, Hashable {
    public var type: FileType
    /// Permission bits only (`st_mode & 07777`).
    public var mode: UInt32
    public var owner: FileOwner
    /// `st_size` in bytes: a regular file's length, a link's target length (0 where a fake
    /// does not say).
    public var size: Int

    public init(type: FileType, mode: UInt32, owner: FileOwner, size: Int = 0) {
        self.type = type
        self.mode = mode
        self.owner = owner
        self.size = size
    }
}
