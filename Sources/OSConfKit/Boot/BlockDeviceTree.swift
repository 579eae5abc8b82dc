/// Finds block devices through sysfs (/sys/class/block), which the kernel fills before any
/// user space runs: no udev, no blkid, no fixed device names.
public struct BlockDeviceTree: Sendable {
    public let tree: RootTree

    public init(tree: RootTree) {
        self.tree = tree
    }

    private static let classDirectory = "/sys/class/block"

    /// The device called `name`, with its number from `/sys/class/block/NAME/dev`.
    public func device(named name: String) -> BlockDevice? {
        guard !name.contains("/"), let text = tree.text("\(Self.classDirectory)/\(name)/dev"),
            let number = DeviceNumber(text)
        else { return nil }
        return BlockDevice(name: name, number: number)
    }

    /// The device with `number`, by scanning every `dev` file.
    public func device(numbered number: DeviceNumber) -> BlockDevice? {
        for name in tree.list(Self.classDirectory) {
            if let device = device(named: name), device.number == number { return device }
        }
        return nil
    }

    /// The size in 512-byte sectors from `/sys/class/block/NAME/size` (0 for a CD-ROM drive
    /// without a disc); nil when sysfs does not say.
    public func size(of name: String) -> Int? {
        guard let text = tree.text("\(Self.classDirectory)/\(name)/size") else { return nil }
        return Int(text.filter { !$0.isWhitespace })
    }

    /// True for a partition: sysfs gives partitions a `partition` file with their index.
    public func partitionIndex(of name: String) -> Int? {
        guard let text = tree.text("\(Self.classDirectory)/\(name)/partition") else { return nil }
        return Int(text.filter { !$0.isWhitespace })
    }

    /// The whole disk `name` belongs to: itself when it is not a partition, else the disk whose
    /// sysfs directory holds it as a subdirectory (sysfs nests partitions under their disk).
    public func disk(holding name: String) -> String? {
        guard partitionIndex(of: name) != nil else { return name }
        return tree.list(Self.classDirectory).first { disk in
            disk != name && tree.type("\(Self.classDirectory)/\(disk)/\(name)") == .directory
        }
    }

    /// The partition numbered 1 on the disk that holds `name`.
    public func firstPartition(onDiskHolding name: String) -> BlockDevice? {
        guard let disk = disk(holding: name) else { return nil }
        for child in tree.list("\(Self.classDirectory)/\(disk)") where partitionIndex(of: child) == 1 {
            if let device = device(named: child) { return device }
        }
        return nil
    }
}
