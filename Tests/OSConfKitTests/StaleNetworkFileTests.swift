import OSConfKit
import Testing

/// A NIC or a route that leaves os.conf leaves the system too: the files the job rendered for
/// the earlier os.conf and not for the new one are removed, and `clean` still undoes the lot.
@Suite("a later os.conf removes the network files it no longer renders")
struct StaleNetworkFileTests {
    /// The classic fixture (eth0 with routes, eth1 with the default route) on a direct-path
    /// image of `family`, booted with the real renderers.
    private func bootClassic(_ family: NetworkFamily) throws -> TemporaryRoot {
        let root = try TemporaryRoot()
        FakeImage.disk(root)
        FakeImage.base(root)
        FakeImage.family(root, family)
        root.write(FakeImage.mountedOSConf, String(decoding: try TestPaths.fixture("classic.conf"), as: UTF8.self))
        let first = BootCommandTests.run(root, renderers: .standard)
        #expect(first.status == .success, "\(first.console.standardError)")
        return root
    }

    /// The same os.conf without eth1 and without eth0's routes.
    static let eth0Only = """
        hostname=iZ23r29djmjZ
        eth0_ip_addr=10.171.254.123
        eth0_mac_addr=00:8c:fa:5e:14:23
        eth0_netmask=255.255.255.0
        eth0_gateway=10.171.254.1

        """

    @Test(
        "eth1 and eth0's routes removed from os.conf: their files go, eth0's stay",
        arguments: [NetworkFamily.networkd, .networkScripts, .networkManager])
    func removedNICAndRoutes(family: NetworkFamily) throws {
        let root = try bootClassic(family)
        let before = Set(root.listing().map { String($0.split(separator: " ")[0]) })
        let eth1Files = before.filter { $0.hasPrefix("/etc/") && $0.contains("eth1") }
        #expect(!eth1Files.isEmpty, "the renderer names a file after eth1")
        root.write(FakeImage.mountedOSConf, Self.eth0Only)
        let second = BootCommandTests.run(root, renderers: .standard)
        #expect(second.status == .success, "\(second.console.standardError)")
        let after = Set(root.listing().map { String($0.split(separator: " ")[0]) })
        #expect(after.filter { $0.hasPrefix("/etc/") && $0.contains("eth1") }.isEmpty)
        #expect(!after.contains("/etc/sysconfig/network-scripts/route-eth0"))
        #expect(after.contains { $0.hasPrefix("/etc/") && $0.contains("eth0") })
        let state = try #require(root.text("var/lib/osconf2seed/state"))
        let listed = state.split(separator: "\n").filter { $0.hasPrefix("netfile=") }
        #expect(!listed.isEmpty && !listed.contains { $0.contains("eth1") })

        // clean takes out everything the two boots wrote.
        #expect(try runClean(root) == .success)
        let left = Set(root.listing().map { String($0.split(separator: " ")[0]) })
        #expect(left.filter { $0.hasPrefix("/etc/") && ($0.contains("eth0") || $0.contains("eth1")) }.isEmpty)
    }

    @Test("an os.conf without NIC keys keeps the network files of the one before")
    func noNICKeysKeepsNetwork() throws {
        let root = try bootClassic(.networkd)
        let before = root.listing()
        root.write(FakeImage.mountedOSConf, "hostname=other\n")
        #expect(BootCommandTests.run(root, renderers: .standard).status == .success)
        let networkFiles = { (listing: [String]) in listing.filter { $0.hasPrefix("/etc/systemd/network/") } }
        #expect(networkFiles(root.listing()) == networkFiles(before))
    }

    private func runClean(_ root: TemporaryRoot) throws -> ExitCode {
        let console = CapturedConsole()
        let tool = OSConf2SeedTool(
            environment: ToolEnvironment(
                fileSystem: SystemFileSystem(), console: console.console, random: FixedRandom()),
            boot: BootEnvironment(kernel: FakeKernel(), renderers: .standard))
        return tool.run(["clean", "--root", root.path])
    }
}
