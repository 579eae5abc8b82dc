import OSConfKit
import Testing

/// `osconf2seed boot` on Tencent Cloud: os.conf on the ISO 9660 CD-ROM labelled `config-2`,
/// found by udev's link or by its superblock, mounted read-only and left in place.
@Suite("osconf2seed boot: the config-2 drive")
struct ConfigDriveTests {
    static let driveOSConf = "run/osconf2seed/config-2/qcloud_action/os.conf"
    static let hash =
        "$6$Tc9sQx2LmPq7$6ekGw5y0hqEBNu9vgJH0FbmXNVAsXI00MhzdeMOS3xJikSxGux1eNFOQdUtwjsO2LzUlZKm4unMG8.1XLLwOu/"
    /// A Tencent os.conf as the disc may hold it: the hash bare, `$` and all.
    static let osConf =
        "hostname=VM_0_5_centos\npassword=\(hash)\ninstance_id=ins-0a1b2c3d\neth0_ip_addr=172.17.0.5\n"
        + "eth0_mac_addr=00:8c:fa:5e:14:23\neth0_netmask=255.255.240.0\neth0_gateway=172.17.0.1\n"
        + "dns_nameserver=\"183.60.83.19 183.60.82.98\"\n"

    /// The first 32768 + 2048 bytes of an ISO 9660 image whose primary volume descriptor
    /// carries `volumeID`.
    static func iso9660(volumeID: String, type: UInt8 = 1, magic: String = "CD001") -> [UInt8] {
        var descriptor = [type] + Array(magic.utf8) + [1, 0] + [UInt8](repeating: 0x20, count: 32)
        descriptor += Array(volumeID.utf8) + [UInt8](repeating: 0x20, count: 32 - volumeID.utf8.count)
        descriptor += [UInt8](repeating: 0, count: 2048 - descriptor.count)
        return [UInt8](repeating: 0, count: 32768) + descriptor
    }

    /// A Debian image with cloud-init; partition 1 holds no os.conf, and `sr0` is the drive.
    private func image(link: Bool, cloudInit: Bool = true) throws -> TemporaryRoot {
        let root = try TemporaryRoot()
        FakeImage.disk(root)
        FakeImage.base(root)
        FakeImage.family(root, .ifupdown)
        if cloudInit { FakeImage.cloudInit(root) }
        root.write("sys/class/block/sr0/dev", "11:0\n")
        root.write("sys/class/block/sr0/size", "2048\n")
        root.write("dev/sr0", bytes: Self.iso9660(volumeID: "config-2"))
        if link { root.link("dev/disk/by-label/config-2", to: "../../sr0") }
        root.write(Self.driveOSConf, Self.osConf)
        return root
    }

    @Test(
        "found by udev's link or by its superblock: mounted read-only, read as Tencent's, left in place",
        arguments: [true, false])
    func found(link: Bool) throws {
        let root = try image(link: link)
        let result = BootCommandTests.run(root)
        #expect(result.status == .success, "\(result.console.standardError)")
        let partition = root.real("run/osconf2seed/mnt")
        let drive = root.real("run/osconf2seed/config-2")
        #expect(
            result.kernel.calls.mounts == [
                "\(root.path)/dev/vda1 \(partition) ext4", "\(root.path)/dev/sr0 \(drive) iso9660 ro",
            ])
        #expect(Set(result.kernel.calls.unmounts) == [partition, drive])
        #expect(root.text(Self.driveOSConf) == Self.osConf, "the disc is read-only: os.conf stays")
        let userData = try #require(root.text("var/lib/cloud/seed/nocloud/user-data"))
        #expect(userData.contains("password: \"\(Self.hash)\"") && userData.contains("hostname: \"VM-0-5-centos\""))
        let meta = try #require(root.text("var/lib/cloud/seed/nocloud/meta-data"))
        #expect(meta.contains("cloud-instance-id: \"ins-0a1b2c3d\""))
        #expect(root.text("var/lib/osconf2seed/state")?.contains("instance=ins-0a1b2c3d\n") == true)
        #expect(
            result.console.standardError.contains(
                "from /dev/sr0 labelled config-2 (Tencent Cloud's qcloud_action/os.conf) into"))
        #expect(!result.console.standardError.contains("Tc9sQx2LmPq7"))

        // The next boot: the same file, nothing written, nothing removed.
        root.write("var/lib/cloud/seed/nocloud/meta-data", "sentinel\n")
        let again = BootCommandTests.run(root)
        #expect(again.status == .success)
        #expect(again.console.standardError.contains("was applied before; nothing to do"))
        #expect(!again.console.standardError.contains("cannot remove"), "no removal is tried on the disc")
        #expect(root.text("var/lib/cloud/seed/nocloud/meta-data") == "sentinel\n")
        #expect(root.text(Self.driveOSConf) == Self.osConf)
    }

    @Test("without cloud-init: root's shadow field is exactly the disc's string")
    func direct() throws {
        let root = try image(link: true, cloudInit: false)
        let result = BootCommandTests.run(root)
        #expect(result.status == .success, "\(result.console.standardError)")
        let shadow = try #require(root.text("etc/shadow"))
        #expect(shadow.hasPrefix("root:\(Self.hash):19000:"))
        #expect(root.text("etc/hostname") == "VM-0-5-centos\n")
        #expect(root.text("etc/test-network/ifupdown") == "eth0 172.17.0.5/20\n")
        #expect(root.text(Self.driveOSConf) == Self.osConf)
    }

    @Test("a drive that is mounted already is read where it is, without a mount")
    func mountedAlready() throws {
        let root = try image(link: false)
        try root.fileSystem.removeFile(at: root.real(Self.driveOSConf))
        FakeImage.disk(root, extraMounts: "31 22 11:0 / /media/cdrom ro - iso9660 /dev/sr0 ro\n")
        root.write("media/cdrom/qcloud_action/os.conf", Self.osConf)
        let result = BootCommandTests.run(root)
        #expect(result.status == .success, "\(result.console.standardError)")
        #expect(result.kernel.calls.mounts.count == 1, "partition 1 only")
        #expect(root.exists("media/cdrom/qcloud_action/os.conf"))
        #expect(root.exists("var/lib/cloud/seed/nocloud/user-data"))
    }

    @Test("os.conf on partition 1 comes first: the drive is never mounted")
    func partitionFirst() throws {
        let root = try image(link: true)
        root.write(FakeImage.mountedOSConf, Self.osConf.replacingOccurrences("VM_0_5_centos", "aliyun"))
        let result = BootCommandTests.run(root)
        // Alibaba Cloud's file: the bare `$` is shell syntax there.
        #expect(result.status == .dataError)
        #expect(result.kernel.calls.mounts.count == 1)
    }

    @Test("a drive without os.conf, another label, an empty drive: the partition's outcome stands")
    func noDriveFile() throws {
        let root = try image(link: false)
        try root.fileSystem.removeFile(at: root.real(Self.driveOSConf))
        let empty = BootCommandTests.run(root)
        #expect(empty.status == .success)
        #expect(empty.console.standardError == "osconf2seed: no os.conf on /dev/vda1; nothing to do\n")
        #expect(empty.kernel.calls.unmounts.count == 2, "both working mounts undone")

        root.write(Self.driveOSConf, Self.osConf)
        root.write("dev/sr0", bytes: Self.iso9660(volumeID: "CDROM"))
        #expect(BootCommandTests.run(root).kernel.calls.mounts.count == 1, "another label is not the drive")
        root.write("dev/sr0", bytes: Self.iso9660(volumeID: "config-2"))
        root.write("sys/class/block/sr0/size", "0\n")
        #expect(BootCommandTests.run(root).kernel.calls.mounts.count == 1, "an empty drive is not read")
    }

    @Test("a configured partition that is missing: the drive's os.conf is still applied; without it exit 78")
    func configuredPartitionMissing() throws {
        let root = try image(link: true)
        root.write("etc/osconf2seed.conf", "partition=LABEL=nope\n")
        #expect(BootCommandTests.run(root).status == .success)
        try root.fileSystem.removeFile(at: root.real(Self.driveOSConf))
        let result = BootCommandTests.run(root)
        #expect(result.status == .configuration)
        #expect(result.kernel.calls.unmounts.count == 1, "the drive's mount is undone")
    }

    @Test("the cloud's instance id tells a clone: a new id gets new host keys even on the same MAC")
    func clone() throws {
        let root = try image(link: true)
        root.write(
            "var/lib/osconf2seed/state", "digest=00\nmac=00:8c:fa:5e:14:23\ninstance=ins-0a1b2c3d\n", mode: 0o600)
        #expect(BootCommandTests.run(root).status == .success)
        #expect(root.text("var/lib/cloud/seed/nocloud/user-data")?.contains("ssh_deletekeys: false") == true)

        root.write(Self.driveOSConf, Self.osConf.replacingOccurrences("ins-0a1b2c3d", "ins-ffffffff"))
        #expect(BootCommandTests.run(root).status == .success)
        #expect(root.text("var/lib/cloud/seed/nocloud/user-data")?.contains("ssh_deletekeys") == false)
        #expect(root.text("var/lib/osconf2seed/state")?.contains("instance=ins-ffffffff\n") == true)
    }

    @Test("the superblock: an ISO 9660 primary volume descriptor's volume id, nothing else")
    func superblock() {
        let descriptor = { (bytes: [UInt8]) in Array(bytes.dropFirst(32768)) }
        #expect(ConfigDrive.iso9660VolumeID(descriptor(Self.iso9660(volumeID: "config-2"))) == "config-2")
        #expect(ConfigDrive.iso9660VolumeID(descriptor(Self.iso9660(volumeID: "config-2", type: 2))) == nil)
        #expect(ConfigDrive.iso9660VolumeID(descriptor(Self.iso9660(volumeID: "config-2", magic: "CD002"))) == nil)
        #expect(ConfigDrive.iso9660VolumeID(Array(descriptor(Self.iso9660(volumeID: "config-2")).prefix(71))) == nil)
    }

    static let userDataPath = "run/osconf2seed/config-2/openstack/latest/user_data"

    @Test("the drive's user data: one MIME multipart, the customer's part first (base64), ours last")
    func userData() throws {
        let root = try image(link: true)
        let script = "#!/bin/sh\necho customer > /run/customer\n"
        root.write(Self.userDataPath, script)
        let result = BootCommandTests.run(root)
        #expect(result.status == .success, "\(result.console.standardError)")
        let userData = try #require(root.text("var/lib/cloud/seed/nocloud/user-data"))
        #expect(userData.hasPrefix("Content-Type: multipart/mixed; boundary=\"osconf2seed-"))
        let customer = try #require(userData.range(of: Base64Encoding.encode(script)))
        let ours = try #require(userData.range(of: "Content-Type: text/cloud-config"))
        #expect(customer.upperBound < ours.lowerBound, "ours is the last part, so it wins a conflict")
        #expect(
            userData.hasSuffix(
                "password: \"\(Self.hash)\"\n      type: \"hash\"\nssh_pwauth: true\n--"
                    + (userData.split(separator: "\"")[1]) + "--\n"))
        #expect(root.mode("var/lib/cloud/seed/nocloud/user-data") == 0o600)
    }

    @Test("a MIME user data is nested as it is, so cloud-init walks into its parts")
    func mimeUserData() throws {
        let root = try image(link: true)
        let mime =
            "Content-Type: multipart/mixed; boundary=\"XYZ\"\nMIME-Version: 1.0\n\n--XYZ\n"
            + "Content-Type: text/cloud-config\n\n#cloud-config\nruncmd: [[touch, /run/x]]\n--XYZ--\n"
        root.write(Self.userDataPath, mime)
        #expect(BootCommandTests.run(root).status == .success)
        let userData = try #require(root.text("var/lib/cloud/seed/nocloud/user-data"))
        let boundary = "--" + userData.split(separator: "\"")[1]
        #expect(userData.contains(boundary + "\n" + mime + boundary + "\n"))
    }

    @Test("an oversized user data is a warning that drops it, never the network; the direct path leaves it alone")
    func oversizedUserData() throws {
        let root = try image(link: true)
        root.write(Self.userDataPath, String(repeating: "#", count: ConfigDrive.userDataLimit + 1))
        let result = BootCommandTests.run(root)
        #expect(result.status == .success)
        #expect(result.console.standardError.contains("warning: openstack/latest/user_data is larger than 65536 bytes"))
        #expect(root.text("var/lib/cloud/seed/nocloud/user-data")?.hasPrefix("#cloud-config\n") == true)
        #expect(root.exists("etc/test-network/ifupdown"))

        let direct = try image(link: true, cloudInit: false)
        direct.write(Self.userDataPath, "#cloud-config\nruncmd: [[reboot]]\n")
        let applied = BootCommandTests.run(direct)
        #expect(applied.status == .success)
        #expect(
            applied.console.standardError.contains("openstack/latest/user_data is left alone: there is no cloud-init"))
    }

    @Test("no drive while udev's queue is busy: a bounded wait, then the partition's outcome; none without a queue")
    func udevQueue() throws {
        let root = try image(link: false)
        try root.fileSystem.removeFile(at: root.real("dev/sr0"))
        let quiet = BootCommandTests.run(root)
        #expect(quiet.status == .success && quiet.kernel.calls.pauses.isEmpty)
        root.write("run/udev/queue", "")
        let busy = BootCommandTests.run(root)
        #expect(busy.status == .success)
        #expect(busy.kernel.calls.pauses.reduce(0, +) == OSConfLocator.udevWaitLimit)
        #expect(busy.console.standardError == "osconf2seed: no os.conf on /dev/vda1; nothing to do\n")
    }

    /// Every boot of an Alibaba Cloud image after its first has no os.conf (the job removed it)
    /// and no drive: that boot must not wait for udev; one whose last os.conf came from the
    /// drive still does.
    @Test("the udev wait only on a first boot or after a drive's os.conf", arguments: ["aliyun", "tencent"])
    func udevWaitByLastSource(source: String) throws {
        let root = try image(link: false)
        try root.fileSystem.removeFile(at: root.real("dev/sr0"))
        root.write("run/udev/queue", "")
        root.write("var/lib/osconf2seed/state", "digest=abc\nsource=\(source)\nnetwork=applied\n", mode: 0o600)
        let result = BootCommandTests.run(root)
        #expect(result.status == .success)
        let waited = result.kernel.calls.pauses.reduce(0, +)
        #expect(waited == (source == "tencent" ? OSConfLocator.udevWaitLimit : 0))
    }

    static let metaDataPath = "run/osconf2seed/config-2/openstack/latest/meta_data.json"
    static let authorizedKeys = "root/.ssh/authorized_keys"

    static func metaData(_ keys: [String]) -> String {
        let members = keys.enumerated().map { "\"k\($0.offset)\": \"\($0.element)\\n\"" }
        return "{\"uuid\": \"x\", \"public_keys\": {\(members.joined(separator: ", "))}}"
    }

    /// The image with root's home, and the drive's meta_data.json giving `keys`.
    private func imageWithKeys(_ keys: [String], cloudInit: Bool = true) throws -> TemporaryRoot {
        let root = try image(link: true, cloudInit: cloudInit)
        root.write("etc/passwd", "root:x:0:0:root:/root:/bin/bash\n")
        root.mkdir("root")
        root.write(Self.metaDataPath, Self.metaData(keys))
        return root
    }

    @Test("seed path: the keys go to meta-data public-keys, with disable_root false so root may use them")
    func keysInSeed() throws {
        let root = try imageWithKeys([PublicKeyTests.alice, PublicKeyTests.bob])
        let result = BootCommandTests.run(root)
        #expect(result.status == .success, "\(result.console.standardError)")
        let meta = try #require(root.text("var/lib/cloud/seed/nocloud/meta-data"))
        #expect(meta.hasSuffix("public-keys:\n  - \"\(PublicKeyTests.alice)\"\n  - \"\(PublicKeyTests.bob)\"\n"))
        #expect(root.text("var/lib/cloud/seed/nocloud/user-data")?.contains("\ndisable_root: false\n") == true)
        #expect(result.console.standardError.contains("seed (with 2 SSH keys for root)"))
        #expect(!root.exists(Self.authorizedKeys), "cloud-init writes it, not the job")
        let state = try #require(root.text("var/lib/osconf2seed/state"))
        #expect(state.contains("authorized-keys-created=root/.ssh/authorized_keys\n"))
        #expect(state.contains("authorized-key=\(PublicKeyTests.alice)\n"))
        #expect(state.contains("dir=root/.ssh\n"))
    }

    @Test("without keys on the drive, or with none root lacks, the seed is as before")
    func noKeysInSeed() throws {
        let root = try imageWithKeys([PublicKeyTests.alice])
        root.write(Self.authorizedKeys, "no-pty \(PublicKeyTests.alice.replacingOccurrences("alice@example", "old"))\n")
        let result = BootCommandTests.run(root)
        #expect(result.status == .success)
        #expect(result.console.standardError.contains("root's authorized_keys has ssh-ed25519 alice@example already"))
        #expect(root.text("var/lib/cloud/seed/nocloud/meta-data")?.contains("public-keys") == false)
        #expect(root.text("var/lib/cloud/seed/nocloud/user-data")?.contains("disable_root") == false)
        #expect(root.text("var/lib/osconf2seed/state")?.contains("authorized-key") == false)
    }

    @Test("without cloud-init: merged into root's authorized_keys, 0600 in a 0700 .ssh; clean takes them out")
    func keysDirect() throws {
        let root = try imageWithKeys([PublicKeyTests.alice, PublicKeyTests.bob], cloudInit: false)
        let before = root.exactListing()
        let result = BootCommandTests.run(root)
        #expect(result.status == .success, "\(result.console.standardError)")
        #expect(result.console.standardError.contains("root's SSH keys (2)"))
        #expect(root.text(Self.authorizedKeys) == PublicKeyTests.alice + "\n" + PublicKeyTests.bob + "\n")
        #expect(root.mode(Self.authorizedKeys) == 0o600 && root.mode("root/.ssh") == 0o700)
        #expect(root.exists("etc/test-network/ifupdown"), "the network with it")

        // The same os.conf again: nothing added twice.
        #expect(BootCommandTests.run(root).status == .success)
        #expect(root.text(Self.authorizedKeys)?.split(separator: "\n").count == 2)

        let (status, output) = CleanCommandTests.clean(root)
        #expect(status == .success, "\(output)")
        #expect(output.contains("root's authorized_keys without the 2 SSH keys the boot gave it"))
        #expect(!root.exists("root/.ssh"), "the file and directory the boot created are gone")
        #expect(root.exactListing().filter { $0.hasPrefix("/root") } == before.filter { $0.hasPrefix("/root") })
    }

    @Test("an image's own authorized_keys: its lines, options, mode and owner stay; clean takes out only ours")
    func keysMerged() throws {
        let root = try imageWithKeys([PublicKeyTests.alice, PublicKeyTests.bob], cloudInit: false)
        let own =
            "# the image's keys\nfrom=\"10.0.0.0/8\" \(PublicKeyTests.bob.replacingOccurrences(" bob", " image"))\n"
            + PublicKeyTests.carol
        root.write(Self.authorizedKeys, own, mode: 0o640)
        #expect(BootCommandTests.run(root).status == .success)
        #expect(root.text(Self.authorizedKeys) == own + "\n" + PublicKeyTests.alice + "\n", "bob's key was there")
        #expect(root.mode(Self.authorizedKeys) == 0o640)
        #expect(root.text("var/lib/osconf2seed/state")?.contains("authorized-keys=root/.ssh/authorized_keys\n") == true)

        // Someone adds a key of their own after the boot: clean leaves it.
        let later = root.text(Self.authorizedKeys).map { $0 + "ssh-ed25519 \(PublicKeyTests.aliceBase64) x\n" } ?? ""
        root.write(Self.authorizedKeys, later, mode: 0o640)
        #expect(CleanCommandTests.clean(root).0 == .success)
        #expect(root.text(Self.authorizedKeys) == own + "\nssh-ed25519 \(PublicKeyTests.aliceBase64) x\n")
        #expect(root.mode(Self.authorizedKeys) == 0o640)
        #expect(CleanCommandTests.clean(root).0 == .success, "clean again: nothing left to do")
    }

    @Test("seed path clean: the lines cloud-init wrote from the seed go, another one stays")
    func keysSeedClean() throws {
        let root = try imageWithKeys([PublicKeyTests.alice])
        root.write("etc/.pwd.lock", "", mode: 0o600)  // which clean's shadow edit leaves, as every tool does
        let before = root.exactListing()
        #expect(BootCommandTests.run(root).status == .success)
        // What cloud-init's cc_ssh then writes (see Tests/Oracle/test_config_drive.py).
        root.mkdir("root/.ssh")
        root.write(Self.authorizedKeys, PublicKeyTests.alice + "\n", mode: 0o600)
        #expect(CleanCommandTests.clean(root).0 == .success)
        // /run is not part of the image (the job's mount points).
        #expect(root.exactListing().filter { !$0.hasPrefix("/run") } == before.filter { !$0.hasPrefix("/run") })

        #expect(BootCommandTests.run(root).status == .success)
        root.mkdir("root/.ssh")
        root.write(Self.authorizedKeys, PublicKeyTests.alice + "\n" + PublicKeyTests.carol + "\n", mode: 0o600)
        #expect(CleanCommandTests.clean(root).0 == .success)
        #expect(root.text(Self.authorizedKeys) == PublicKeyTests.carol + "\n")
    }

    @Test(
        "a bad meta_data.json, or root's file not one to edit: a warning, the keys dropped, never the network",
        arguments: [
            ("oversized", "openstack/latest/meta_data.json is larger than 262144 bytes; not used"),
            ("malformed", "openstack/latest/meta_data.json: line 1, column"),
            ("injected", "starts with options (such as command=\"...\"), which are not taken from the drive"),
            ("linked", "/root/.ssh/authorized_keys is not a regular file; the drive's SSH keys are not given to root"),
            ("homeless", "root's home /root is not a directory"),
        ])
    func badKeys(kind: String, warning: String) throws {
        for cloudInit in [true, false] {
            let root = try imageWithKeys([PublicKeyTests.alice], cloudInit: cloudInit)
            switch kind {
            case "oversized":
                root.write(Self.metaDataPath, String(repeating: " ", count: ConfigDrive.metaDataLimit) + "{}")
            case "malformed": root.write(Self.metaDataPath, "{\"public_keys\": {\"a\": \"\(PublicKeyTests.alice)\"}")
            case "injected":
                root.write(Self.metaDataPath, Self.metaData(["command=\\\"sh\\\" " + PublicKeyTests.alice]))
            case "linked":
                root.mkdir("root/.ssh")
                root.link(Self.authorizedKeys, to: "/etc/shadow")
            default: try root.fileSystem.removeDirectory(at: root.real("root"))
            }
            let result = BootCommandTests.run(root)
            #expect(result.status == .success, "\(result.console.standardError)")
            #expect(result.console.standardError.contains("warning: "), "\(result.console.standardError)")
            #expect(result.console.standardError.contains(warning), "\(result.console.standardError)")
            #expect(!result.console.standardError.contains("AAAA"))
            if cloudInit {
                #expect(root.text("var/lib/cloud/seed/nocloud/meta-data")?.contains("public-keys") == false)
                #expect(root.text("var/lib/cloud/seed/nocloud/network-config") != nil)
            } else {
                #expect(root.exists("etc/test-network/ifupdown"))
                #expect(kind == "linked" || !root.exists(Self.authorizedKeys))
            }
            #expect(root.text("etc/shadow")?.contains("ssh-ed25519") == false)
        }
    }

    @Test("the keys are read from Tencent's drive only: an Alibaba Cloud partition has no meta_data.json")
    func aliyunHasNoKeys() throws {
        let root = try imageWithKeys([PublicKeyTests.alice], cloudInit: false)
        try root.fileSystem.removeFile(at: root.real(Self.driveOSConf))
        root.write(FakeImage.mountedOSConf, "hostname=web1\n")
        root.write("run/osconf2seed/mnt/openstack/latest/meta_data.json", Self.metaData([PublicKeyTests.alice]))
        #expect(BootCommandTests.run(root).status == .success)
        #expect(!root.exists(Self.authorizedKeys))
    }
}
