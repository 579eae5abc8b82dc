/// The `--format` values of `osconf2seed convert`, in the order the help and errors list them.
enum OutputFormat: String, CaseIterable {
    case nocloud
    case ignition
    case ifupdown
    case netplan
    case networkd
    case sysconfig
    case networkmanager
    /// The validated model as JSON (``JSONModel``), not a configuration to apply.
    case json

    /// Formats whose single document may go to standard output (`--output -`).
    var canWriteToStandardOutput: Bool { self == .ignition || self == .json }
}
