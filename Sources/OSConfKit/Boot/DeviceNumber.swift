/// A block device's `major:minor`, the key that ties a mountinfo line to a sysfs entry.
public struct DeviceNumber: Sendable, Hashable, CustomStringConvertible {
    public var major: Int
    public var minor: Int

    public init(major: Int, minor: Int) {
        self.major = major
        self.minor = minor
    }

    /// Parses `8:1` (sysfs `dev` files end with a newline, which is ignored).
    public init?<S: StringProtocol>(_ text: S) {
        let parts = text.split(whereSeparator: { $0 == ":" || $0 == "\n" || $0 == " " })
        guard parts.count == 2, let major = Int(parts[0]), let minor = Int(parts[1]) else { return nil }
        self.init(major: major, minor: minor)
    }

    public var description: String { "\(major):\(minor)" }
}
