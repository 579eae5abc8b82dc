import Foundation
import OSConfKit
import Testing

/// The real mount path: an ext4 image on a loop device, mounted and unmounted by
/// ``SystemKernel``. Needs root and a loop device, as the test command has them; where the
/// machine lacks either the test fails and says which, rather than passing unexercised.
@Suite("boot on a real loop device")
struct LoopDeviceTests {
    private func shell(_ command: String) -> (Int32, String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = ["-c", command]
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        do { try process.run() } catch { return (127, "\(error)") }
        process.waitUntilExit()
        let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        return (process.terminationStatus, output.trimmingCharacters(in: .whitespacesAndNewlines))
    }

    /// Attaches `image` to a free loop device and binds the host's /sys, /proc and the one
    /// device node into `root`, as an image builder's chroot has them (the tree is confined:
    /// links out of it resolve inside it), then runs `boot` on the tree with the real kernel.
    /// `prepare` gets the device's name first.
    private func bootOnLoopDevice(
        _ image: String, in root: TemporaryRoot, options: String = "", prepare: (String) -> Void = { _ in }
    ) throws -> (status: ExitCode, console: CapturedConsole, name: String) {
        let (attached, device) = shell("losetup -f --show \(options) '\(image)'")
        try #require(attached == 0 && device.hasPrefix("/dev/loop"), "no loop device available: \(device)")
        defer { _ = shell("losetup -d '\(device)'") }
        let name = FilePath.baseName(of: device)
        root.mkdir("sys")
        root.mkdir("proc")
        root.write("dev/\(name)", "")
        prepare(name)
        let binds = [("/sys", "sys"), ("/proc", "proc"), (device, "dev/\(name)")]
        for (source, target) in binds {
            let (bound, output) = shell("mount --bind '\(source)' '\(root.real(target))'")
            #expect(bound == 0, "mount --bind \(source): \(output)")
        }
        defer { for (_, target) in binds.reversed() { _ = shell("umount -l '\(root.real(target))'") } }
        FakeImage.cloudInit(root)
        let console = CapturedConsole()
        let tool = OSConf2SeedTool(
            environment: ToolEnvironment(
                fileSystem: SystemFileSystem(), console: console.console, random: FixedRandom()),
            boot: BootEnvironment(kernel: SystemKernel(), renderers: FakeImage.renderers))
        return (tool.run(["boot", "--root", root.path]), console, name)
    }

    @Test(
        "mounts partition, writes the seed, removes os.conf, unmounts; uid 1000's os.conf is refused (exit 77)",
        arguments: [0, 1000] as [UInt32])
    func loopDevice(owner: UInt32) throws {
        try #require(getuid() == 0, "the loop-device test mounts a file system: run the tests as root")
        let root = try TemporaryRoot()
        root.write("partition/aliyun_custom_image/os.conf", bytes: try TestPaths.fixture("vpc.conf"))
        // mkfs.ext4 -d copies owners: the kernel then reports this one on the real mount.
        #expect(lchown(root.real("partition/aliyun_custom_image/os.conf"), owner, owner) == 0)
        let image = root.real("partition.img")
        let (made, mkfsOutput) = shell(
            "truncate -s 16M '\(image)' && mkfs.ext4 -q -F -d '\(root.real("partition"))' '\(image)'")
        try #require(made == 0, "cannot make an ext4 image: \(mkfsOutput)")
        // Linked the way udev links a label (relative).
        let (status, console, _) = try bootOnLoopDevice(image, in: root) { name in
            root.link("dev/disk/by-label/osconf-test", to: "../../\(name)")
            root.write("etc/osconf2seed.conf", "partition=LABEL=osconf-test\n")
        }
        #expect(status == (owner == 0 ? .success : .noPermission), "\(console.standardError)")
        #expect(root.exists("var/lib/cloud/seed/nocloud/meta-data") == (owner == 0))
        let mountPoint = root.real("run/osconf2seed/mnt")
        #expect(!((try? String(contentsOfFile: "/proc/self/mountinfo", encoding: .utf8)) ?? "").contains(mountPoint))
        let (_, listing) = shell("debugfs -R 'ls -l /aliyun_custom_image' '\(image)' 2>/dev/null")
        #expect(listing.contains("os.conf") == (owner != 0), "os.conf is removed from the partition only when applied")
        if owner != 0 {
            #expect(console.standardError.contains("os.conf is owned by uid 1000, not root"))
        }
    }

    @Test("a real ISO 9660 disc labelled config-2 is found by its superblock alone, mounted read-only, and applied")
    func configDrive() throws {
        try #require(getuid() == 0, "the loop-device test mounts a file system: run the tests as root")
        let root = try TemporaryRoot()
        root.write("disc/qcloud_action/os.conf", ConfigDriveTests.osConf)
        let image = root.real("config-2.iso")
        let (made, output) = shell(
            "genisoimage -quiet -r -J -V config-2 -o '\(image)' '\(root.real("disc"))'")
        try #require(made == 0, "cannot make an ISO 9660 image (genisoimage, Debian package genisoimage): \(output)")
        // No /dev/disk/by-label link: as at early boot before udev, only the superblock says it.
        let (status, console, name) = try bootOnLoopDevice(image, in: root, options: "-r")
        let mountPoint = root.real("run/osconf2seed/config-2")
        #expect(!((try? String(contentsOfFile: "/proc/self/mountinfo", encoding: .utf8)) ?? "").contains(mountPoint))
        let filesystems = (try? String(contentsOfFile: "/proc/filesystems", encoding: .utf8)) ?? ""
        guard filesystems.contains("\tiso9660\n") else {
            // A kernel without ISO 9660 (a container host's): the drive was still found by its
            // superblock alone, which the failed mount names.
            #expect(status == .osError)
            #expect(console.standardError.contains("cannot mount /dev/\(name) (iso9660: "), "\(console.standardError)")
            return
        }
        #expect(status == .success, "\(console.standardError)")
        #expect(
            console.standardError.contains("/dev/\(name) labelled config-2 (Tencent Cloud's qcloud_action/os.conf)"))
        let userData = root.text("var/lib/cloud/seed/nocloud/user-data") ?? ""
        #expect(userData.contains("password: \"\(ConfigDriveTests.hash)\""))
    }
}
