/// Where the boot job found (or looked for) os.conf, and the mount to undo afterwards.
public struct OSConfLocation: Sendable, Hashable {
    /// The real path of os.conf, or nil when the place has none.
    public var file: String?
    /// What was searched, for the log: `/dev/vda1`, or a configured path.
    public var place: String
    /// The real path where ``OSConfTrust`` starts: the partition's root (its mount point), or
    /// the tree's `/` for a configured path.
    public var topDirectory: String
    /// The real mount point of the read-only file system that holds os.conf, if it is on one:
    /// ``OSConfTrust`` does not judge owners and modes there.
    public var readOnlyMount: String?
    /// The working mount the locator made, which the job unmounts when it is done.
    public var temporaryMount: String?

    public init(
        file: String?, place: String, topDirectory: String, readOnlyMount: String? = nil, temporaryMount: String? = nil
    ) {
        self.file = file
        self.place = place
        self.topDirectory = topDirectory
        self.readOnlyMount = readOnlyMount
        self.temporaryMount = temporaryMount
    }
}
