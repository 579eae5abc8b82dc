/// Where the boot job found (or looked for) os.conf, and the mount to undo afterwards.
public struct OSConfLocation: Sendable, Hashable {
    /// The real path of os.conf, or nil when the place has none.
    public var file: String?
    /// What was searched, for the log: `/dev/vda1`, or a configured path.
    public var place: String
    /// The working mount the locator made, which the job unmounts when it is done.
    public var temporaryMount: String?

    public init(file: String?, place: String, temporaryMount: String? = nil) {
        self.file = file
        self.place = place
        self.temporaryMount = temporaryMount
    }
}
