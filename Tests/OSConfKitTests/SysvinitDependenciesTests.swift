import OSConfKit
import Testing

@Suite("sysv-rc makefile ordering (.depend.boot)")
struct SysvinitDependenciesTests {
    /// Debian 12's file as insserv wrote it in a sysvinit-core image.
    private func debian() throws -> String {
        String(decoding: try TestPaths.fixture("sysvinit/depend.boot"), as: UTF8.self)
    }

    @Test("osconf2seed becomes a target after the local mounts and before networking")
    func adding() throws {
        let added = SysvinitDependencies.adding(to: try debian())
        let lines = added.split(separator: "\n").map(String.init)
        #expect(lines.first { $0.hasPrefix("TARGETS =") }?.hasSuffix(" osconf2seed") == true)
        #expect(lines.contains("osconf2seed: mountall.sh mountall-bootclean.sh"))
        #expect(lines.first { $0.hasPrefix("networking:") }?.hasSuffix(" osconf2seed") == true)
        #expect(SysvinitDependencies.adding(to: added) == added, "adding twice changes nothing")
    }

    @Test("removing restores the file byte for byte")
    func roundTrip() throws {
        let original = try debian()
        #expect(SysvinitDependencies.removing(from: SysvinitDependencies.adding(to: original)) == original)
    }

    @Test("install and uninstall on a sysvinit image with .depend.boot")
    func installUninstall() throws {
        let root = try TemporaryRoot()
        FakeImage.base(root)
        FakeImage.family(root, .ifupdown)
        root.write("etc/init.d/.depend.boot", try debian())
        root.write("etc/rcS.d/S10networking", "")
        root.write("etc/inittab", "si::sysinit:/etc/init.d/rcS\n")
        root.link("sbin/init", to: "/lib/sysvinit/init")
        let before = root.listing()
        let console = CapturedConsole()
        let tool = OSConf2SeedTool(
            environment: ToolEnvironment(
                fileSystem: SystemFileSystem(), console: console.console, random: FixedRandom()),
            boot: BootEnvironment(kernel: FakeKernel(), renderers: .standard))
        let status = tool.run(["install", "--root", root.path, "--init", "sysvinit", "--binary", "/proc/self/exe"])
        #expect(status == .success, "\(console.standardError)")
        #expect(root.text("etc/init.d/.depend.boot")?.contains("\nosconf2seed: mountall.sh") == true)
        #expect(tool.run(["uninstall", "--root", root.path]) == .success)
        #expect(root.listing() == before)
    }
}
