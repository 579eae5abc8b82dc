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
        let (attached, device) = shell("losetup -f --show '\(image)'")
        try #require(attached == 0 && device.hasPrefix("/dev/loop"), "no loop device available: \(device)")
        defer { _ = shell("losetup -d '\(device)'") }
        let name = FilePath.baseName(of: device)
        // The tree is confined: links out of it resolve inside it. Bind the host's /sys, /proc
        // and the one device node in, as an image builder's chroot does, and link the label the
        // way udev does (relative).
        root.mkdir("sys")
        root.mkdir("proc")
        root.write("dev/\(name)", "")
        root.link("dev/disk/by-label/osconf-test", to: "../../\(name)")
        let binds = [("/sys", "sys"), ("/proc", "proc"), (device, "dev/\(name)")]
        for (source, target) in binds {
            let (bound, output) = shell("mount --bind '\(source)' '\(root.real(target))'")
            #expect(bound == 0, "mount --bind \(source): \(output)")
        }
        defer { for (_, target) in binds.reversed() { _ = shell("umount -l '\(root.real(target))'") } }
        root.write("etc/osconf2seed.conf", "partition=LABEL=osconf-test\n")
        FakeImage.cloudInit(root)
        let console = CapturedConsole()
        let tool = OSConf2SeedTool(
            environment: ToolEnvironment(
                fileSystem: SystemFileSystem(), console: console.console, random: FixedRandom()),
            boot: BootEnvironment(kernel: SystemKernel(), renderers: FakeImage.renderers))
        let status = tool.run(["boot", "--root", root.path])
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
}
