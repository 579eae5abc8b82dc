/// A symbolic link to create under a root: how init systems are told to start a service
/// (systemd `.wants/`, sysvinit `rcS.d/`, OpenRC `runlevels/`).
public struct SymbolicLink: Sendable, Hashable {
    /// Where the link goes, relative to the root.
    public var path: String
    /// What it points to, stored as is (absolute paths mean the target system's root).
    public var target: String

    public init(path: String, target: String) {
        self.path = path
        self.target = target
    }
}
