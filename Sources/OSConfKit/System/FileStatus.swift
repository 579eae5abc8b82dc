/// What lstat(2) tells about one entry: enough to replace a file with the same mode and owner.
public struct FileStatus: Sendable, Hashable {
    public var type: FileType
    /// Permission bits only (`st_mode & 07777`).
    public var mode: UInt32
    public var owner: FileOwner

    public init(type: FileType, mode: UInt32, owner: FileOwner) {
        self.type = type
        self.mode = mode
        self.owner = owner
    }
}
