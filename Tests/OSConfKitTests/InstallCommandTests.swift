import OSConfKit
import Testing

@Suite("osconf2seed install, uninstall, clean")
struct InstallCommandTests {
    private func run(_ arguments: [String], renderers: NetworkRenderers = FakeImage.renderers) -> (ExitCode, String) {
        let console = CapturedConsole()
        let tool = OSConf2SeedTool(
            environment: ToolEnvironment(
                fileSystem: SystemFileSystem(), console: console.console, random: FixedRandom()),
            boot: BootEnvironment(kernel: FakeKernel(), renderers: renderers))
        return (tool.run(arguments), console.standardError)
    }

    private func image(_ initSystem: InitSystem, cloudInit: Bool) throws -> (TemporaryRoot, String) {
        let root = try TemporaryRoot()
        FakeImage.family(root, .ifupdown)
        if cloudInit { FakeImage.cloudInit(root) }
        root.mkdir("etc/systemd/system")
        switch initSystem {
        case .systemd:
            root.link("sbin/init", to: "/lib/systemd/systemd")
            root.write(
                "etc/fstab",
                "UUID=1 / ext4 defaults 0 1\nUUID=2 /boot ext4 defaults 0 2\nproc /proc proc defaults 0 0\n")
        case .sysvinit:
            root.write("sbin/init", "", mode: 0o755)
            root.write("etc/inittab", "id:2:initdefault:\n")
            root.link("etc/rcS.d/S05networking", to: "../init.d/networking")
        case .openrc:
            root.write("sbin/openrc", "", mode: 0o755)
            root.mkdir("etc/runlevels/boot")
        }
        root.write("binary", ELFStub.text("osconf2seed"), mode: 0o755)
        ELFStub.shell(root)
        return (root, root.real("binary"))
    }

    @Test(
        "install puts in exactly the expected files; uninstall restores the tree",
        arguments: [InitSystem.systemd, .sysvinit, .openrc], [true, false])
    func roundTrip(initSystem: InitSystem, cloudInit: Bool) throws {
        let (root, binary) = try image(initSystem, cloudInit: cloudInit)
        let before = root.listing()
        let (status, error) = run(["install", "--root", root.path, "--binary", binary])
        #expect(status == .success, "\(error)")
        let added = Set(root.listing()).subtracting(before).map { String($0.split(separator: " ")[0]) }.sorted()
        var expected = [
            "/usr", "/usr/sbin", "/usr/sbin/osconf2seed", "/var", "/var/lib", "/var/lib/osconf2seed",
            "/var/lib/osconf2seed/installed",
        ]
        switch initSystem {
        case .systemd:
            expected += [
                "/etc/systemd/system/osconf2seed.service", "/etc/systemd/system/sysinit.target.wants",
                "/etc/systemd/system/sysinit.target.wants/osconf2seed.service",
            ]
            let unit = try #require(root.text("etc/systemd/system/osconf2seed.service"))
            #expect(unit.contains("DefaultDependencies=no\n") && unit.contains("Wants=boot.mount\nAfter=boot.mount\n"))
            #expect(unit.contains("Before=cloud-init-local.service network-pre.target"))
            #expect(unit.contains(" systemd-resolved.service "), "resolved reads our DNS drop-in only at its start")
            #expect(!unit.contains("@"))
        case .sysvinit:
            expected += ["/etc/init.d", "/etc/init.d/osconf2seed", "/etc/rcS.d/S04osconf2seed"]
            #expect(
                root.text("etc/init.d/osconf2seed")?.contains("X-Start-Before:    cloud-init-local networking") == true)
            #expect(root.mode("etc/init.d/osconf2seed") == 0o755)
        case .openrc:
            expected += ["/etc/init.d", "/etc/init.d/osconf2seed", "/etc/runlevels/boot/osconf2seed"]
        }
        if cloudInit {
            expected += ["/etc/cloud", "/etc/cloud/cloud.cfg.d", "/etc/cloud/cloud.cfg.d/99_osconf2seed.cfg"]
            #expect(
                root.text("etc/cloud/cloud.cfg.d/99_osconf2seed.cfg")?.contains("datasource_list: [ NoCloud, None ]\n")
                    == true)
        }
        let existing = Set(before.map { String($0.split(separator: " ")[0]) })
        #expect(added == expected.filter { !existing.contains($0) }.sorted())
        #expect(
            root.text("usr/sbin/osconf2seed") == ELFStub.text("osconf2seed")
                && root.mode("usr/sbin/osconf2seed") == 0o755)

        #expect(run(["uninstall", "--root", root.path]).0 == .success)
        #expect(root.listing() == before)
    }

    /// Where each OpenRC flavour mounts its local file systems: OpenRC's own `localmount` in
    /// `boot` (Alpine, Gentoo), Debian's LSB `mountall.sh` and `networking` in `sysinit`.
    static let openrcImages: [(services: [String], runlevel: String)] = [
        (["boot/localmount", "boot/net.eth0", "sysinit/devfs"], "boot"),
        (["sysinit/mountall.sh", "sysinit/networking", "sysinit/udev"], "sysinit"),
        ([], "boot"),
    ]

    @Test("OpenRC: the job goes into the runlevel of the image's local mounts", arguments: openrcImages)
    func openrcRunlevel(services: [String], runlevel: String) throws {
        let (root, binary) = try image(.openrc, cloudInit: false)
        for service in services { root.link("etc/runlevels/\(service)", to: "/etc/init.d/x") }
        #expect(run(["install", "--root", root.path, "--binary", binary]).0 == .success)
        #expect(root.exists("etc/runlevels/\(runlevel)/osconf2seed"))
        for other in ["boot", "sysinit"] where other != runlevel {
            #expect(!root.exists("etc/runlevels/\(other)/osconf2seed"))
        }
        let script = try #require(root.text("etc/init.d/osconf2seed"))
        #expect(
            script.contains("after localmount mountall") && script.contains("before cloud-init-local net networking"))
    }

    @Test("refusals: ifupdown without iproute2, no renderer, unknown init")
    func refusals() throws {
        let (root, binary) = try image(.systemd, cloudInit: false)
        try root.fileSystem.removeFile(at: root.real("sbin/ip"))
        let (status, error) = run(["install", "--root", root.path, "--binary", binary])
        #expect(status == .unavailable && error.contains("iproute2"))
        root.write("sbin/ip", "", mode: 0o755)
        #expect(
            run(["install", "--root", root.path, "--binary", binary], renderers: NetworkRenderers()).0 == .unavailable)
        let bare = try TemporaryRoot()
        FakeImage.cloudInit(bare)
        #expect(run(["install", "--root", bare.path, "--binary", binary]).0 == .unavailable)
        #expect(run(["install", "--root", bare.path, "--init", "upstart"]).0 == .usage)
    }

    /// What an earlier version's `install` left: the drop-in as 05-osconf2seed.cfg, listed in
    /// its manifest.
    private func oldInstall(_ root: TemporaryRoot) {
        root.write("etc/cloud/cloud.cfg.d/05-osconf2seed.cfg", "datasource_list: [ NoCloud, None ]\n")
        root.write(
            "var/lib/osconf2seed/installed",
            "file etc/cloud/cloud.cfg.d/05-osconf2seed.cfg\nfile usr/sbin/osconf2seed\n")
        root.write("usr/sbin/osconf2seed", ELFStub.text("old"), mode: 0o755)
    }

    @Test("a re-install over an earlier version removes its 05-osconf2seed.cfg")
    func reinstallRetiresOldDropIn() throws {
        let (root, binary) = try image(.systemd, cloudInit: true)
        oldInstall(root)
        let (status, error) = run(["install", "--root", root.path, "--binary", binary])
        #expect(status == .success, "\(error)")
        #expect(!root.exists("etc/cloud/cloud.cfg.d/05-osconf2seed.cfg"))
        #expect(root.exists("etc/cloud/cloud.cfg.d/99_osconf2seed.cfg"))
        let manifest = try #require(root.text("var/lib/osconf2seed/installed"))
        #expect(
            !manifest.contains("05-osconf2seed.cfg")
                && manifest.contains("file etc/cloud/cloud.cfg.d/99_osconf2seed.cfg\n"))
        #expect(run(["uninstall", "--root", root.path]).0 == .success)
        #expect(try root.tree().list("/etc/cloud/cloud.cfg.d").filter { $0.contains("osconf2seed") }.isEmpty)
    }

    @Test("uninstall of an earlier version removes its 05-osconf2seed.cfg")
    func uninstallOldVersion() throws {
        let (root, _) = try image(.systemd, cloudInit: true)
        oldInstall(root)
        #expect(run(["uninstall", "--root", root.path]).0 == .success)
        #expect(!root.exists("etc/cloud/cloud.cfg.d/05-osconf2seed.cfg") && !root.exists("usr/sbin/osconf2seed"))
    }

    @Test(
        "install warns when a later cloud.cfg.d file still sets datasource_list, not for an earlier one",
        arguments: [
            ("zz-override.cfg", "Ec2, None", true), ("90_dpkg.cfg", "Ec2, None", false),
            ("99-installer.cfg", "Ec2, None", false), ("99_raspberry-pi.cfg", "NoCloud, None", false),
        ])
    func overridingDatasourceList(name: String, list: String, warns: Bool) throws {
        let (root, binary) = try image(.systemd, cloudInit: true)
        root.write("etc/cloud/cloud.cfg.d/\(name)", "# comment\ndatasource_list: [ \(list) ]\n")
        let (status, error) = run(["install", "--root", root.path, "--binary", binary])
        #expect(status == .success, "\(error)")
        let warning =
            "osconf2seed: warning: /etc/cloud/cloud.cfg.d/\(name):2 sets datasource_list after "
            + "/etc/cloud/cloud.cfg.d/99_osconf2seed.cfg, so cloud-init will not read the NoCloud seed; remove it or "
            + "rename it to sort before 99_osconf2seed.cfg\n"
        #expect(error == (warns ? warning : ""))
    }

    @Test("clean removes the seed and the state, nothing else")
    func clean() throws {
        let root = try TemporaryRoot()
        root.write("var/lib/cloud/seed/nocloud/meta-data", "x")
        root.write("var/lib/cloud/seed/nocloud/user-data", "x")
        root.write("var/lib/osconf2seed/state", "digest=1\n")
        root.write("var/lib/osconf2seed/installed", "file usr/sbin/osconf2seed\n")
        #expect(run(["clean", "--root", root.path]).0 == .success)
        #expect(!root.exists("var/lib/cloud/seed/nocloud") && !root.exists("var/lib/osconf2seed/state"))
        #expect(root.exists("var/lib/osconf2seed/installed") && root.exists("var/lib/cloud/seed"))
    }
}
