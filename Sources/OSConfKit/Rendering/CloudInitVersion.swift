/// A cloud-init release (`22.4`, `17.1`, `0.7.5`), compared numerically.
public struct CloudInitVersion: Sendable, Hashable, Comparable, CustomStringConvertible {
    public let components: [Int]

    public init(_ components: Int...) {
        self.components = components
    }

    /// Parses `X.Y` or `X.Y.Z` (further parts such as `-1ubuntu1` or `+git` are ignored).
    public init?(_ text: String) {
        let core = text.prefix { $0.isNumber || $0 == "." }
        let parts = core.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count >= 2, parts.count <= 4 else { return nil }
        var numbers: [Int] = []
        for part in parts {
            guard !part.isEmpty, part.count <= 5, let number = Int(part) else { return nil }
            numbers.append(number)
        }
        components = numbers
    }

    public static func < (lhs: CloudInitVersion, rhs: CloudInitVersion) -> Bool {
        for index in 0..<max(lhs.components.count, rhs.components.count) {
            let left = index < lhs.components.count ? lhs.components[index] : 0
            let right = index < rhs.components.count ? rhs.components[index] : 0
            if left != right { return left < right }
        }
        return false
    }

    public var description: String { components.map(String.init).joined(separator: ".") }

    /// First release whose NoCloud reads a `network-config` file; before it, the network comes
    /// only from meta-data `network-interfaces` (cloudinit/sources/DataSourceNoCloud.py, 0.7.5).
    public static let networkConfigFileSupport = CloudInitVersion(0, 7, 7)
    /// First release that reads network-config v2 from NoCloud and hashes in `chpasswd.list`.
    public static let networkV2Support = CloudInitVersion(17, 1)
    /// The release that cloud-init 25.1 names for the removal of v2 `gateway4`.
    public static let gateway4Removal = CloudInitVersion(27, 4)
    /// First release with `chpasswd.users` (and `type: hash`).
    public static let chpasswdUsersSupport = CloudInitVersion(22, 3)
}
