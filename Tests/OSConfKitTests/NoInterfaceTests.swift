import OSConfKit
import Testing

/// An os.conf without NIC keys (host name and password only) leaves the network as it is, on
/// every path of `boot`: the seed has no network-config on a first boot (cloud-init's DHCP
/// fallback applies) and `config: disabled` once a network has been applied; without
/// cloud-init no network file is written or removed.
@Suite("boot: os.conf without NIC keys")
struct NoInterfaceTests {
    static let noNIC = "hostname=web1\npassword=b3RoZXItcGFzcwo=\n"
    static let seed = "var/lib/cloud/seed/nocloud"

    /// The seed-path images: every family, and ifupdown both without and with net-tools.
    enum SeedImage: String, CaseIterable {
        case ifupdown, ifupdownNetTools, netplan, networkManager, networkd, networkScripts

        var family: NetworkFamily {
            switch self {
            case .ifupdown, .ifupdownNetTools: return .ifupdown
            case .netplan: return .netplan
            case .networkManager: return .networkManager
            case .networkd: return .networkd
            case .networkScripts: return .networkScripts
            }
        }
    }

    private static func image(_ family: NetworkFamily, cloudInit: Bool, netTools: Bool = false) throws
        -> TemporaryRoot
    {
        let root = try TemporaryRoot()
        FakeImage.disk(root)
        FakeImage.base(root)
        FakeImage.family(root, family)
        if cloudInit { FakeImage.cloudInit(root) }
        if netTools { root.write("sbin/route", "", mode: 0o755) }
        return root
    }

    private static func seedImage(_ image: SeedImage) throws -> TemporaryRoot {
        try Self.image(image.family, cloudInit: true, netTools: image == .ifupdownNetTools)
    }

    private static func boot(_ root: TemporaryRoot, _ osConf: String) {
        root.write(FakeImage.mountedOSConf, osConf)
        let result = BootCommandTests.run(root)
        #expect(result.status == .success, "\(result.console.standardError)")
        #expect(!root.exists(FakeImage.mountedOSConf))
    }

    private static func fixture(_ name: String) throws -> String {
        String(decoding: try TestPaths.fixture(name), as: UTF8.self)
    }

    /// The network part of the tree: everything but what the job keeps for itself (seed,
    /// state, under /var), os.conf's partition (under /run), and the host name and password.
    private static func system(_ root: TemporaryRoot) -> [String] {
        let others = [
            "/var ", "/var/", "/run ", "/run/", "/etc/hostname ", "/etc/hosts ", "/etc/shadow ", "/etc/.pwd.lock ",
        ]
        return root.listing().filter { line in !others.contains { line.hasPrefix($0) } }
    }

    @Test("seed, first boot: no network-config, no network file written or removed", arguments: SeedImage.allCases)
    func seedFirstBoot(image: SeedImage) throws {
        let root = try Self.seedImage(image)
        root.write("etc/network/interfaces.d/50-cloud-init", "auto eth0\niface eth0 inet dhcp\n")
        let before = Self.system(root)
        Self.boot(root, Self.noNIC)
        #expect(!root.exists("\(Self.seed)/network-config"))
        #expect(root.text("\(Self.seed)/meta-data")?.contains("local-hostname: \"web1\"") == true)
        #expect(root.text("\(Self.seed)/user-data")?.contains("password: \"$6$") == true)
        #expect(Self.system(root) == before, "no network or resolver file written or removed")
        #expect(root.text("var/lib/osconf2seed/state")?.contains("network=none\n") == true)
    }

    @Test("seed, after a network was applied: `config: disabled`, the network kept", arguments: SeedImage.allCases)
    func seedAfterNetwork(image: SeedImage) throws {
        let root = try Self.seedImage(image)
        Self.boot(root, try Self.fixture("vpc.conf"))
        #expect(root.text("\(Self.seed)/network-config")?.hasPrefix("config") == (image == .ifupdown))
        let configured = Self.system(root)
        Self.boot(root, Self.noNIC)
        #expect(root.text("\(Self.seed)/network-config") == "config: \"disabled\"\n")
        #expect(Self.system(root) == configured, "the first boot's network files are left as they are")
        #expect(root.text("var/lib/osconf2seed/state")?.contains("network=applied\n") == true)
        // And it stays so: a third boot without NIC keys still leaves that network alone.
        Self.boot(root, Self.noNIC + "hostname=web2\n")
        #expect(root.text("\(Self.seed)/network-config") == "config: \"disabled\"\n")
        #expect(Self.system(root) == configured)
    }

    @Test("seed: cloud-init 0.7.9 (network-config v1) gets the same two answers")
    func seedOldCloudInit() throws {
        let root = try Self.image(.networkScripts, cloudInit: false)
        FakeImage.cloudInit(root, version: "0.7.9")
        Self.boot(root, Self.noNIC)
        #expect(!root.exists("\(Self.seed)/network-config"))
        Self.boot(root, try Self.fixture("vpc.conf"))
        #expect(root.text("\(Self.seed)/network-config")?.hasPrefix("version: 1\n") == true)
        Self.boot(root, Self.noNIC)
        #expect(root.text("\(Self.seed)/network-config") == "config: \"disabled\"\n")
    }

    /// 0.7.5 has no fallback network: without `network-interfaces` it leaves the network as
    /// it is, so a seed without NIC keys needs nothing to say so.
    @Test("seed: cloud-init 0.7.5 (meta-data network-interfaces) gets the same two answers")
    func seedCloudInit075() throws {
        let root = try Self.image(.networkScripts, cloudInit: false)
        FakeImage.cloudInit(root, version: "0.7.5", layout: .rpmPython27, form: .strictVersion)
        Self.boot(root, Self.noNIC)
        #expect(root.text("\(Self.seed)/meta-data")?.contains("network-interfaces") == false)
        Self.boot(root, try Self.fixture("vpc.conf"))
        #expect(root.text("\(Self.seed)/meta-data")?.contains("network-interfaces: \"auto lo") == true)
        Self.boot(root, Self.noNIC)
        #expect(root.text("\(Self.seed)/meta-data")?.contains("network-interfaces") == false)
        #expect(!root.exists("\(Self.seed)/network-config"))
    }

    @Test("seed: an earlier instance's network-config is removed when there is none to write")
    func staleNetworkConfig() throws {
        let root = try Self.seedImage(.netplan)
        root.write("\(Self.seed)/network-config", "version: 2\nethernets: {}\n")
        Self.boot(root, Self.noNIC)
        #expect(!root.exists("\(Self.seed)/network-config"))
        #expect(root.exists("\(Self.seed)/meta-data"))
    }

    @Test("seed: a state written before the network line existed counts as a network applied")
    func stateWithoutNetworkLine() throws {
        let root = try Self.seedImage(.netplan)
        root.write("var/lib/osconf2seed/state", "digest=00\nmac=00:8c:fa:5e:14:23\n", mode: 0o600)
        Self.boot(root, Self.noNIC)
        #expect(root.text("\(Self.seed)/network-config") == "config: \"disabled\"\n")
    }

    @Test("DNS keys without NIC keys: resolv.conf is written as before", arguments: [true, false])
    func dnsOnly(cloudInit: Bool) throws {
        let root = try Self.image(.ifupdown, cloudInit: cloudInit)
        Self.boot(root, Self.noNIC + "dns_nameserver=\"7.7.7.7 8.8.8.8\"\n")
        #expect(root.text("etc/resolv.conf")?.hasSuffix("nameserver 7.7.7.7\nnameserver 8.8.8.8\n") == true)
        #expect(!root.exists("etc/test-network"))
        #expect(!root.exists("\(Self.seed)/network-config"))
    }

    @Test("direct, first boot: host name and password only", arguments: NetworkFamily.allCases)
    func directFirstBoot(family: NetworkFamily) throws {
        let root = try Self.image(family, cloudInit: false)
        let before = Self.system(root)
        Self.boot(root, Self.noNIC)
        #expect(Self.system(root) == before, "no network file written or removed")
        #expect(root.text("etc/hostname") == "web1\n")
        #expect(root.text("etc/hosts")?.contains("127.0.1.1\tweb1\n") == true)
        #expect(root.text("etc/shadow")?.hasPrefix("root:$6$") == true)
    }

    @Test("direct, after a network was applied: its files stay as they are", arguments: NetworkFamily.allCases)
    func directAfterNetwork(family: NetworkFamily) throws {
        let root = try Self.image(family, cloudInit: false)
        Self.boot(root, try Self.fixture("classic.conf"))
        let configured = Self.system(root)
        #expect(root.text("etc/test-network/\(family)") == "eth0 10.171.254.123/24\neth1 42.120.74.105/24\n")
        let firstShadow = root.text("etc/shadow")
        Self.boot(root, Self.noNIC)
        #expect(Self.system(root) == configured)
        #expect(root.text("etc/hostname") == "web1\n")
        #expect(root.text("etc/shadow") != firstShadow && root.text("etc/shadow")?.hasPrefix("root:$6$") == true)
        #expect(root.text("var/lib/osconf2seed/state")?.contains("network=applied\n") == true)
    }

    @Test("direct: no network family, or ifupdown without iproute2, is no obstacle without NIC keys")
    func directWithoutNetworkStack() throws {
        let bare = try TemporaryRoot()
        FakeImage.disk(bare)
        FakeImage.base(bare)
        Self.boot(bare, Self.noNIC)
        #expect(bare.text("etc/hostname") == "web1\n")

        let noIP = try Self.image(.ifupdown, cloudInit: false)
        try noIP.fileSystem.removeFile(at: noIP.real("sbin/ip"))
        Self.boot(noIP, Self.noNIC)
        #expect(noIP.text("etc/hostname") == "web1\n")
    }
}

@Suite("boot state")
struct BootStateTests {
    @Test("the state file round-trips; a missing network line means a network was applied")
    func roundTrip() throws {
        let mac = try #require(MACAddress("00:8c:fa:5e:14:23"))
        for applied in [true, false] {
            let state = BootState(contentDigest: "ab12", macAddress: mac, networkApplied: applied)
            #expect(BootState(text: state.file.text) == state)
            #expect(state.file.mode == 0o600)
        }
        #expect(BootState(text: "digest=ab12\n")?.networkApplied == true)
        #expect(BootState(text: "digest=ab12\nnetwork=none\n")?.networkApplied == false)
        #expect(BootState(text: "network=none\n") == nil)
    }
}
