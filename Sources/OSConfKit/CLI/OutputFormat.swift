/// The `--format` values of `osconf2seed convert`, in the order the help and errors list them.
enum OutputFormat: String, CaseIterable {
    case nocloud
    case ignition
    case ifupdown
    case netplan
    case networkd
    case sysconfig
    case networkmanager
}
