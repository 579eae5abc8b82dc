import OSConfKit
import Testing

@Suite("osconf2seed boot without cloud-init")
struct DirectApplyTests {
    private func image(_ family: NetworkFamily) throws -> TemporaryRoot {
        let root = try TemporaryRoot()
        FakeImage.disk(root, name: "nvme0n1", separator: "p", major: 259)
        FakeImage.base(root)
        FakeImage.family(root, family)
        root.write(FakeImage.mountedOSConf, String(decoding: try TestPaths.fixture("classic.conf"), as: UTF8.self))
        return root
    }

    @Test(
        "each family: network via its renderer, host name, hosts, DNS, root's hash", arguments: NetworkFamily.allCases)
    func applies(family: NetworkFamily) throws {
        let root = try image(family)
        let result = BootCommandTests.run(root)
        #expect(result.status == .success, "\(result.console.standardError)")
        #expect(result.kernel.calls.mounts.first?.hasPrefix("\(root.path)/dev/nvme0n1p1 ") == true)
        #expect(root.text("etc/test-network/\(family)") == "eth0 10.171.254.123/24\neth1 42.120.74.105/24\n")
        #expect(root.text("etc/hostname") == "iZ23r29djmjZ\n")
        #expect(
            root.text("etc/hosts")
                == "127.0.0.1\tlocalhost\n127.0.1.1\tiZ23r29djmjZ\n::1\tlocalhost ip6-localhost\n")
        #expect(root.text("etc/resolv.conf")?.hasSuffix("nameserver 7.7.7.7\nnameserver 8.8.8.8\n") == true)
        let shadow = try #require(root.text("etc/shadow"))
        let lines = shadow.split(separator: "\n", omittingEmptySubsequences: false)
        let expected = FakeImage.shadow.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines.count == expected.count && Array(lines.dropFirst()) == Array(expected.dropFirst()))
        #expect(lines[0].hasPrefix("root:$6$") && lines[0].hasSuffix(":19000:0:99999:7:::"))
        #expect(root.mode("etc/shadow") == 0o640)
        #expect(root.exists("etc/.pwd.lock"))
        #expect(!root.exists(FakeImage.mountedOSConf))
        #expect(result.kernel.calls.hostnames.isEmpty, "no sethostname under --root")
        #expect(!shadow.contains("qwer1234") && !result.console.standardError.contains("qwer1234"))
    }

    @Test("resolv.conf linked to systemd-resolved: a resolved drop-in instead")
    func resolved() throws {
        let root = try image(.networkd)
        _ = root.fileSystem
        root.write("etc/resolv.conf", "")
        try root.fileSystem.removeFile(at: root.real("etc/resolv.conf"))
        root.link("etc/resolv.conf", to: "../run/systemd/resolve/stub-resolv.conf")
        #expect(BootCommandTests.run(root).status == .success)
        #expect(root.text("etc/systemd/resolved.conf.d/osconf2seed.conf")?.contains("DNS=7.7.7.7 8.8.8.8\n") == true)
        #expect(try root.fileSystem.fileType(at: root.real("etc/resolv.conf")) == .symbolicLink)
    }

    @Test("ifupdown without iproute2: exit 69 naming the package, os.conf kept")
    func ifupdownWithoutIP() throws {
        let root = try image(.ifupdown)
        try root.fileSystem.removeFile(at: root.real("sbin/ip"))
        let before = root.listing()
        let result = BootCommandTests.run(root)
        #expect(result.status == .unavailable)
        #expect(result.console.standardError.contains("iproute2"))
        #expect(root.listing() == before)
    }

    @Test("a failing write leaves every file as it was and os.conf in place")
    func shadowWithoutRoot() throws {
        let root = try image(.netplan)
        root.write("etc/shadow", "daemon:*:1:0:99999:7:::\n", mode: 0o600)
        let before = root.listing()
        let result = BootCommandTests.run(root)
        #expect(result.status == .osFile)
        #expect(root.listing().filter { !$0.hasPrefix("/etc/.pwd.lock") } == before)
    }
}

@Suite("boot helpers")
struct BootHelperTests {
    @Test("mountinfo: root device, escapes, read-only")
    func mountTable() {
        let table = MountTable(
            text: "22 1 8:2 / / rw - ext4 /dev/sda2 rw\n30 22 8:1 / /mnt/my\\040disk ro - vfat /dev/sda1 ro\nbad\n")
        #expect(table.root?.device == DeviceNumber(major: 8, minor: 2))
        #expect(table.mount(of: DeviceNumber(major: 8, minor: 1))?.mountPoint == "/mnt/my disk")
        #expect(table.mount(of: DeviceNumber(major: 8, minor: 1))?.isReadOnly == true)
    }

    @Test(
        "first partition of the root disk, whatever the names",
        arguments: [("vda", ""), ("xvda", ""), ("sda", ""), ("nvme0n1", "p")])
    func firstPartition(disk: String, separator: String) throws {
        let root = try TemporaryRoot()
        FakeImage.disk(root, name: disk, separator: separator, major: 8)
        let locator = OSConfLocator(tree: try root.tree(), kernel: FakeKernel(), settings: BootSettings())
        #expect(try locator.findPartition().name == "\(disk)\(separator)1")
    }

    @Test("hosts: replaces 127.0.1.1, else adds it after 127.0.0.1")
    func hosts() throws {
        let name = try #require(Hostname("web.example.com"))
        #expect(
            HostsFile.updating("127.0.0.1 localhost\n# x\n", hostname: name)
                == "127.0.0.1 localhost\n127.0.1.1\tweb.example.com web\n# x\n")
        #expect(HostsFile.updating("127.0.1.1 old\n", hostname: name) == "127.0.1.1\tweb.example.com web\n")
    }

    @Test("shadow: only root's hash changes; a hash with ':' is refused")
    func shadow() throws {
        let input = Array("a:x:1::\nroot::2:3\n\n".utf8)
        #expect(try ShadowFile.settingRootHash("$6$s$h", in: input) == Array("a:x:1::\nroot:$6$s$h:2:3\n\n".utf8))
        #expect(throws: ShadowFile.Problem.unusableHash) { try ShadowFile.settingRootHash("a:b", in: input) }
        #expect(throws: ShadowFile.Problem.noRootEntry) {
            try ShadowFile.settingRootHash("x", in: Array("rootx:1\n".utf8))
        }
    }
}
