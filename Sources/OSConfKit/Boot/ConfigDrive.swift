/// Finds the file system labelled `config-2`: the OpenStack-style config drive on which
/// Tencent Cloud's forced imports get `qcloud_action/os.conf` (an ISO 9660 CD-ROM, `sr0`).
///
/// udev's `/dev/disk/by-label/config-2` is asked first. The job may run before udev has
/// made that link (or in an image without udev), so then every block device's own
/// superblock is read: the ISO 9660 primary volume descriptor (ECMA-119 8.4: sector 16, at
/// byte 32768; type 1, `CD001`, version 1; the volume identifier at byte 40 of it, 32 bytes,
/// padded with spaces). No `blkid` is needed, and device names are never assumed.
public struct ConfigDrive: Sendable {
    /// The label cloud-init's ConfigDrive source and Tencent's own script (`blkid -L config-2`)
    /// look for.
    public static let label = "config-2"
    /// Where the primary volume descriptor starts: system area of 16 sectors of 2048 bytes.
    static let descriptorOffset = 16 * 2048
    /// The part of the descriptor that is read: type, `CD001`, version, system and volume ids.
    static let descriptorLength = 72

    public let devices: BlockDeviceTree

    public init(devices: BlockDeviceTree) {
        self.devices = devices
    }

    /// The device, by udev's link, else by its superblock; nil when there is none.
    public func find() -> BlockDevice? {
        let selector = PartitionSelector(kind: .label, value: Self.label)
        if let linked = selector.resolve(in: devices) { return linked }
        for name in devices.tree.list("/sys/class/block") where Self.mayHoldFileSystem(name) {
            guard let device = devices.device(named: name), devices.size(of: name) != 0 else { continue }
            // An empty drive, a device gone away, an unreadable one: not the drive.
            guard
                let bytes = try? devices.tree.fileSystem.readBlocks(
                    at: devices.tree.path(device.nodePath), offset: Self.descriptorOffset,
                    count: Self.descriptorLength)
            else { continue }
            if Self.iso9660VolumeID(bytes) == Self.label { return device }
        }
        return nil
    }

    /// The volume identifier of an ISO 9660 primary volume descriptor, spaces at its end
    /// dropped; nil when `descriptor` is not one.
    public static func iso9660VolumeID(_ descriptor: [UInt8]) -> String? {
        guard descriptor.count >= descriptorLength, descriptor[0] == 1, Array(descriptor[1..<6]) == Array("CD001".utf8),
            descriptor[6] == 1
        else { return nil }
        var id = descriptor[40..<72]
        while let last = id.last, last == UInt8(ascii: " ") || last == 0 { id = id.dropLast() }
        return String(decoding: id, as: UTF8.self)
    }

    /// RAM disks and floppy drives never hold the drive, and reading an empty floppy drive
    /// waits for its motor.
    private static func mayHoldFileSystem(_ name: String) -> Bool {
        !["ram", "zram", "fd"].contains { name.hasPrefix($0) && name.dropFirst($0.count).allSatisfy({ $0.isNumber }) }
    }
}
