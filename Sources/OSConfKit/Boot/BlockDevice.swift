/// A block device as sysfs names it: `vda1`, `xvda1`, `nvme0n1p1`, `sda1`.
public struct BlockDevice: Sendable, Hashable {
    public var name: String
    public var number: DeviceNumber

    public init(name: String, number: DeviceNumber) {
        self.name = name
        self.number = number
    }

    /// The device node, which devtmpfs creates under /dev with the sysfs name.
    public var nodePath: String { "/dev/" + name }
}
