import OSConfKit
import Testing

@Suite("osconf2seed boot")
struct BootCommandTests {
    struct Run {
        let status: ExitCode
        let console: CapturedConsole
        let kernel: FakeKernel
    }

    static func run(
        _ root: TemporaryRoot, _ extra: [String] = [], renderers: NetworkRenderers = FakeImage.renderers
    ) -> Run {
        let console = CapturedConsole()
        let kernel = FakeKernel()
        let tool = OSConf2SeedTool(
            environment: ToolEnvironment(
                fileSystem: SystemFileSystem(), console: console.console, random: FixedRandom()),
            boot: BootEnvironment(kernel: kernel, renderers: renderers))
        return Run(status: tool.run(["boot", "--root", root.path] + extra), console: console, kernel: kernel)
    }

    private func debianWithCloudInit() throws -> TemporaryRoot {
        let root = try TemporaryRoot()
        FakeImage.disk(root)
        FakeImage.base(root)
        FakeImage.family(root, .ifupdown)
        FakeImage.cloudInit(root)
        return root
    }

    private func vpc() throws -> String { String(decoding: try TestPaths.fixture("vpc.conf"), as: UTF8.self) }

    @Test("cloud-init present: mounts partition 1, writes the seed and the state, removes os.conf")
    func seedFirstRun() throws {
        let root = try debianWithCloudInit()
        root.write(FakeImage.mountedOSConf, try vpc())
        let result = Self.run(root)
        #expect(result.status == .success, "\(result.console.standardError)")
        let mnt = root.real("run/osconf2seed/mnt")
        #expect(result.kernel.calls.mounts == ["\(root.path)/dev/vda1 \(mnt) ext4"])
        #expect(result.kernel.calls.unmounts == [mnt])
        #expect(result.kernel.calls.kernelLog.isEmpty, "no kernel log under --root")
        #expect(!root.exists(FakeImage.mountedOSConf))
        let userData = try #require(root.text("var/lib/cloud/seed/nocloud/user-data"))
        #expect(userData.contains("type: \"hash\"") && !userData.contains("  list:"), "22.4 gets chpasswd.users only")
        #expect(!userData.contains("ssh_deletekeys"), "first boot: new host keys")
        #expect(!userData.contains("qwer1234"))
        // Stock Debian 12: ifupdown without net-tools. cloud-init's eni routes would never come
        // up, so the job writes the ifupdown files itself and disables cloud-init's network.
        #expect(root.text("var/lib/cloud/seed/nocloud/network-config") == "config: \"disabled\"\n")
        #expect(root.text("etc/test-network/ifupdown") == "eth0 10.171.254.123/24\n")
        // No resolvconf: dns-nameservers would do nothing, so resolv.conf is written.
        #expect(root.text("etc/resolv.conf")?.contains("nameserver 7.7.7.7\nnameserver 8.8.8.8\n") == true)
        #expect(root.mode("var/lib/osconf2seed/state") == 0o600)
        let state = try #require(root.text("var/lib/osconf2seed/state"))
        #expect(state.contains("mac=00:8c:fa:5e:14:23") && !state.contains("cXdl"))
        #expect(result.console.standardError.contains("wrote the cloud-init 22.4.2 seed"))
    }

    @Test("ifupdown with net-tools: cloud-init renders the network, with the eni-safe gateway form")
    func ifupdownWithNetTools() throws {
        let root = try debianWithCloudInit()
        root.write("sbin/route", "", mode: 0o755)
        root.write("etc/network/interfaces.d/50-cloud-init", "auto eth0\n")
        root.write(FakeImage.mountedOSConf, try vpc())
        #expect(Self.run(root).status == .success)
        let network = try #require(root.text("var/lib/cloud/seed/nocloud/network-config"))
        #expect(network.hasPrefix("version: 2\n") && network.contains("gateway4"))
        #expect(!root.exists("etc/test-network/ifupdown"))
        #expect(root.exists("etc/network/interfaces.d/50-cloud-init"), "cloud-init's own file is left to it")
    }

    @Test("without net-tools an earlier instance's 50-cloud-init is removed with the new files in place")
    func staleCloudInitFile() throws {
        let root = try debianWithCloudInit()
        root.write("etc/network/interfaces.d/50-cloud-init", "auto eth0\niface eth0 inet dhcp\n")
        root.write(FakeImage.mountedOSConf, try vpc())
        #expect(Self.run(root).status == .success)
        #expect(!root.exists("etc/network/interfaces.d/50-cloud-init"))
        #expect(root.exists("etc/test-network/ifupdown"))
    }

    @Test("netplan image with cloud-init: the route form of the default route")
    func netplanImage() throws {
        let root = try TemporaryRoot()
        FakeImage.disk(root)
        FakeImage.base(root)
        FakeImage.family(root, .netplan)
        FakeImage.cloudInit(root)
        root.write(FakeImage.mountedOSConf, try vpc())
        #expect(Self.run(root).status == .success)
        let network = try #require(root.text("var/lib/cloud/seed/nocloud/network-config"))
        #expect(network.contains("to: \"0.0.0.0/0\"") && !network.contains("gateway4"))
    }

    @Test("the same os.conf again is a no-op; a changed one on the same NIC keeps the host keys")
    func changedAndRepeated() throws {
        let root = try debianWithCloudInit()
        root.write(FakeImage.mountedOSConf, try vpc())
        #expect(Self.run(root).status == .success)
        let firstMeta = try #require(root.text("var/lib/cloud/seed/nocloud/meta-data"))

        // The cloud could not delete it (read-only partition): same os.conf, nothing changes.
        root.write(FakeImage.mountedOSConf, try vpc())
        root.write("var/lib/cloud/seed/nocloud/meta-data", "sentinel\n")
        let repeated = Self.run(root)
        #expect(repeated.status == .success)
        #expect(root.text("var/lib/cloud/seed/nocloud/meta-data") == "sentinel\n")
        #expect(repeated.console.standardError.contains("applied before"))
        root.write("var/lib/cloud/seed/nocloud/meta-data", firstMeta)

        // The console changed the host name: new instance id, same machine.
        root.write(FakeImage.mountedOSConf, try vpc().replacingHostname("web1"))
        #expect(Self.run(root).status == .success)
        let meta = try #require(root.text("var/lib/cloud/seed/nocloud/meta-data"))
        #expect(meta != firstMeta && meta.contains("web1"))
        #expect(root.text("var/lib/cloud/seed/nocloud/user-data")?.contains("ssh_deletekeys: false") == true)
    }

    @Test("a clone (os.conf for another MAC) gets new host keys")
    func clone() throws {
        let root = try debianWithCloudInit()
        root.write("var/lib/osconf2seed/state", "digest=00\nmac=00:8c:fa:5e:14:23\n", mode: 0o600)
        root.write(FakeImage.mountedOSConf, try vpc().replacingOccurrences("00:8c:fa:5e:14:23", "00:16:3e:00:00:01"))
        #expect(Self.run(root).status == .success)
        #expect(root.text("var/lib/cloud/seed/nocloud/user-data")?.contains("ssh_deletekeys") == false)
        #expect(root.text("var/lib/osconf2seed/state")?.contains("mac=00:16:3e:00:00:01") == true)
    }

    @Test("a bad os.conf: exit 65, os.conf kept, nothing written")
    func badOSConf() throws {
        let root = try debianWithCloudInit()
        root.write(FakeImage.mountedOSConf, "hostname=$(reboot)\n")
        let before = root.listing()
        let result = Self.run(root)
        #expect(result.status == .dataError)
        #expect(root.listing() == before)
        #expect(result.kernel.calls.unmounts.count == 1, "the working mount is undone on failure too")
    }

    @Test("no os.conf: exit 0 and one line")
    func noOSConf() throws {
        let root = try debianWithCloudInit()
        let result = Self.run(root)
        #expect(result.status == .success)
        #expect(result.console.standardError == "osconf2seed: no os.conf on /dev/vda1; nothing to do\n")
        #expect(!root.exists("var/lib/osconf2seed/state"))
    }

    @Test("an already mounted first partition is read where it is, without a mount")
    func alreadyMounted() throws {
        let root = try debianWithCloudInit()
        FakeImage.disk(root, extraMounts: "30 22 253:1 / /boot rw,relatime - ext4 /dev/vda1 rw\n")
        root.write("boot/aliyun_custom_image/os.conf", try vpc())
        let result = Self.run(root)
        #expect(result.status == .success)
        #expect(result.kernel.calls.mounts.isEmpty && result.kernel.calls.unmounts.isEmpty)
        #expect(!root.exists("boot/aliyun_custom_image/os.conf"))
        #expect(root.exists("var/lib/cloud/seed/nocloud/meta-data"))
    }

    @Test("partition=LABEL= in /etc/osconf2seed.conf, and --os-conf")
    func configuredLocations() throws {
        let root = try debianWithCloudInit()
        root.write("sys/class/block/vdb/dev", "253:16\n")
        root.link("dev/disk/by-label/osconf", to: "../../vdb")
        root.write("etc/osconf2seed.conf", "# local\npartition=LABEL=osconf\n")
        root.write(FakeImage.mountedOSConf, try vpc())
        let result = Self.run(root)
        #expect(result.status == .success)
        #expect(result.kernel.calls.mounts.first?.hasPrefix("\(root.path)/dev/vdb ") == true)

        root.write("etc/osconf2seed.conf", "partition=UUID=nope\n")
        #expect(Self.run(root).status == .configuration)

        root.write("etc/osconf2seed.conf", "reboot=now\n")
        #expect(Self.run(root).status == .configuration)

        root.write("etc/osconf2seed.conf", "")
        root.write("srv/os.conf", try vpc().replacingHostname("other"))
        let direct = Self.run(root, ["--os-conf", "/srv/os.conf"])
        #expect(direct.status == .success)
        #expect(direct.kernel.calls.mounts.isEmpty)
        #expect(!root.exists("srv/os.conf"))
    }

    @Test(
        "cloud-init 0.7.5 (dpkg status or version.py): network-interfaces in meta-data, no network-config, usermod",
        arguments: ["version.py", "dpkg"])
    func oldCloudInit(source: String) throws {
        let root = try TemporaryRoot()
        FakeImage.disk(root)
        FakeImage.family(root, .networkScripts)
        if source == "dpkg" {
            root.write("usr/bin/cloud-init", "", mode: 0o755)
            root.write(
                "var/lib/dpkg/status",
                "Package: bash\nStatus: install ok installed\nVersion: 5.2\n\n"
                    + "Package: cloud-init\nStatus: install ok installed\nVersion: 0.7.5-1\n")
        } else {
            FakeImage.cloudInit(root, version: "0.7.5", layout: .rpmPython27, form: .strictVersion)
        }
        root.write("var/lib/cloud/seed/nocloud/network-config", "version: 1\n")
        root.write(FakeImage.mountedOSConf, try vpc())
        let result = Self.run(root)
        #expect(result.status == .success, "\(result.console.standardError)")
        #expect(!root.exists("var/lib/cloud/seed/nocloud/network-config"), "an earlier seed's file is removed")
        let metaData = try #require(root.text("var/lib/cloud/seed/nocloud/meta-data"))
        #expect(metaData.contains("network-interfaces: \"auto lo\\niface lo inet loopback\\n\\nauto eth0\\n"))
        let userData = try #require(root.text("var/lib/cloud/seed/nocloud/user-data"))
        #expect(!userData.contains("chpasswd") && userData.contains("- - \"usermod\"\n    - \"-p\"\n    - \"$6$"))
        #expect(!root.exists("etc/sysconfig/network-scripts/route-eth0"), "vpc.conf has no extra route")
    }

    @Test("cloud-init 0.7.5 on network-scripts: the job writes route-ethN, which 0.7.5 cannot")
    func oldCloudInitRoutes() throws {
        let root = try TemporaryRoot()
        FakeImage.disk(root)
        FakeImage.family(root, .networkScripts)
        FakeImage.cloudInit(root, version: "0.7.5", layout: .rpmPython27, form: .strictVersion)
        root.write("etc/sysconfig/network-scripts/ifcfg-eth0", "DEVICE=eth0\nBOOTPROTO=dhcp\n")
        root.write(FakeImage.mountedOSConf, String(decoding: try TestPaths.fixture("many-routes.conf"), as: UTF8.self))
        var renderers = FakeImage.renderers
        renderers[.networkScripts] = { SysconfigConfig(configuration: $0).files }
        let result = Self.run(root, renderers: renderers)
        #expect(result.status == .success, "\(result.console.standardError)")
        let routes = try #require(root.text("etc/sysconfig/network-scripts/route-eth0"))
        #expect(routes.contains(" via ") && routes.contains(" dev eth0\n"))
        #expect(!root.exists("etc/sysconfig/network-scripts/ifcfg-eth1"), "ifcfg files are cloud-init's to write")
        #expect(root.text("etc/sysconfig/network-scripts/ifcfg-eth0") == "DEVICE=eth0\nBOOTPROTO=dhcp\n")
        #expect(!root.exists("var/lib/cloud/seed/nocloud/network-config"))
        let state = try #require(root.text("var/lib/osconf2seed/state"))
        #expect(state.contains("etc/sysconfig/network-scripts/ifcfg-eth0"), "kept for clean: 0.7.5 edits it")
    }

    @Test(
        "cloud-init 0.7.5 where neither ifupdown nor network scripts can carry routes: a warning names the NIC",
        arguments: [("many-routes.conf", true), ("vpc.conf", false)])
    func oldCloudInitLostRoutes(fixture: String, warns: Bool) throws {
        let root = try TemporaryRoot()
        FakeImage.disk(root)
        FakeImage.family(root, .networkd)
        FakeImage.cloudInit(root, version: "0.7.5", layout: .rpmPython27, form: .strictVersion)
        root.write(FakeImage.mountedOSConf, String(decoding: try TestPaths.fixture(fixture), as: UTF8.self))
        let result = Self.run(root)
        #expect(result.status == .success, "\(result.console.standardError)")
        let warning = "warning: cloud-init 0.7.5 applies network-interfaces without routes"
        #expect(result.console.standardError.contains(warning) == warns, "\(result.console.standardError)")
        if warns { #expect(result.console.standardError.contains("eth0's extra routes are not applied")) }
    }

    @Test("cloud-init 0.7.6 on Debian: the job writes the ifupdown files, the seed carries no network")
    func oldCloudInitDebian() throws {
        let root = try TemporaryRoot()
        FakeImage.disk(root)
        FakeImage.base(root)
        FakeImage.family(root, .ifupdown)
        FakeImage.cloudInit(root, version: "0.7.6", layout: .debianPython27, form: .strictVersion)
        root.write("sbin/route", "", mode: 0o755)
        root.write(FakeImage.mountedOSConf, try vpc())
        #expect(Self.run(root).status == .success)
        #expect(root.text("etc/test-network/ifupdown") == "eth0 10.171.254.123/24\n")
        #expect(!root.exists("var/lib/cloud/seed/nocloud/network-config"))
        #expect(root.text("var/lib/cloud/seed/nocloud/meta-data")?.contains("network-interfaces") == false)
    }
}

extension String {
    func replacingOccurrences(_ target: String, _ replacement: String) -> String {
        var result = ""
        var rest = Substring(self)
        while let index = rest.firstRange(of: target) {
            result += rest[..<index.lowerBound] + replacement
            rest = rest[index.upperBound...]
        }
        return result + rest
    }

    func replacingHostname(_ name: String) -> String {
        split(separator: "\n").map { $0.hasPrefix("hostname=") ? "hostname=\(name)" : String($0) }
            .joined(separator: "\n") + "\n"
    }
}
