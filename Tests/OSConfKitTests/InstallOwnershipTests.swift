import OSConfKit
import Testing

/// `install` never overwrites, and `uninstall` never removes, a file of the image's own; a
/// manifest found in the image is trusted only with paths some install writes.
@Suite("install and uninstall own only what install created")
struct InstallOwnershipTests {
    private func run(_ arguments: [String]) -> (ExitCode, String, String) {
        let console = CapturedConsole()
        let tool = OSConf2SeedTool(
            environment: ToolEnvironment(
                fileSystem: SystemFileSystem(), console: console.console, random: FixedRandom()),
            boot: BootEnvironment(kernel: FakeKernel(), renderers: FakeImage.renderers))
        return (tool.run(arguments), console.standardOutput, console.standardError)
    }

    /// A systemd image with cloud-init and ifupdown, and the binary to install.
    private func image(shell: Bool = true) throws -> TemporaryRoot {
        let root = try TemporaryRoot()
        FakeImage.family(root, .ifupdown)
        FakeImage.cloudInit(root)
        root.link("sbin/init", to: "/lib/systemd/systemd")
        root.write("etc/fstab", "UUID=1 / ext4 defaults 0 1\n")
        root.write("binary", ELFStub.text("osconf2seed"), mode: 0o755)
        if shell { ELFStub.shell(root) }
        return root
    }

    static let foreignPaths: [(path: String, isLink: Bool)] = [
        ("etc/systemd/system/osconf2seed.service", false),
        ("usr/sbin/osconf2seed", false),
        ("etc/cloud/cloud.cfg.d/99_osconf2seed.cfg", false),
        ("etc/systemd/system/sysinit.target.wants/osconf2seed.service", true),
    ]

    @Test(
        "a different file or link of the image at a path of the plan stops install (73), nothing written",
        arguments: foreignPaths)
    func foreignFileRefused(path: String, isLink: Bool) throws {
        let root = try image()
        if isLink {
            root.link(path, to: "/etc/systemd/system/other.service")
        } else {
            root.write(path, "the administrator's own\n")
        }
        let before = root.exactListing()
        let (status, _, error) = run(["install", "--root", root.path, "--binary", root.real("binary")])
        #expect(status == .cannotCreate)
        #expect(error.contains("/\(path) is already in \(root.path) and not from `osconf2seed install`"), "\(error)")
        #expect(root.exactListing() == before)
    }

    @Test("the same bytes already in place (a package's binary) are kept, not recorded, and survive uninstall")
    func identicalFileLeftToItsOwner() throws {
        let root = try image()
        root.write("usr/sbin/osconf2seed", ELFStub.text("osconf2seed"), mode: 0o755)
        let (status, output, error) = run(["install", "--root", root.path, "--binary", root.real("binary")])
        #expect(status == .success, "\(error)")
        #expect(output.contains("already in place, left to their owner: /usr/sbin/osconf2seed"))
        let manifest = try #require(root.text("var/lib/osconf2seed/installed"))
        #expect(!manifest.contains("usr/sbin/osconf2seed") && manifest.contains("file " + InstallPlan.systemdUnitPath))
        #expect(run(["uninstall", "--root", root.path]).0 == .success)
        #expect(root.text("usr/sbin/osconf2seed") == ELFStub.text("osconf2seed"))
        #expect(!root.exists(InstallPlan.systemdUnitPath) && !root.exists(InstallPlan.systemdLinkPath))
    }

    @Test("a second install over its own files rewrites them and keeps them recorded")
    func reinstallOwnFiles() throws {
        let root = try image()
        #expect(run(["install", "--root", root.path, "--binary", root.real("binary")]).0 == .success)
        root.write("binary", ELFStub.text("osconf2seed-2"), mode: 0o755)
        let (status, _, error) = run(["install", "--root", root.path, "--binary", root.real("binary")])
        #expect(status == .success, "\(error)")
        #expect(root.text("usr/sbin/osconf2seed") == ELFStub.text("osconf2seed-2"))
        #expect(root.text("var/lib/osconf2seed/installed")?.contains("file usr/sbin/osconf2seed\n") == true)
        #expect(run(["uninstall", "--root", root.path]).0 == .success)
        #expect(!root.exists("usr/sbin/osconf2seed"))
    }

    @Test("a manifest planted in the image cannot make uninstall remove the image's files")
    func plantedManifest() throws {
        let root = try image()
        root.write("etc/passwd", "root:x:0:0::/root:/bin/sh\n")
        root.write("etc/systemd/system/ssh.service", "[Unit]\n")
        root.write(
            "var/lib/osconf2seed/installed",
            "file etc/passwd\nlink etc/systemd/system/ssh.service\ndir etc\nfile ../outside\n")
        let (status, _, error) = run(["install", "--root", root.path, "--binary", root.real("binary")])
        #expect(status == .success, "\(error)")
        #expect(error.contains("ignoring 'file etc/passwd': not a path install writes"), "\(error)")
        let manifest = try #require(root.text("var/lib/osconf2seed/installed"))
        // `dir etc` stays: a directory above the job's files, removed only when empty.
        #expect(!manifest.contains("etc/passwd") && !manifest.contains("ssh.service"))
        #expect(run(["uninstall", "--root", root.path]).0 == .success)
        #expect(
            root.text("etc/passwd") == "root:x:0:0::/root:/bin/sh\n" && root.exists("etc/systemd/system/ssh.service"))

        // The same lines given to uninstall directly (a manifest written by hand).
        root.write("var/lib/osconf2seed/installed", "file etc/passwd\nlink etc/systemd/system/ssh.service\n")
        let (again, _, warnings) = run(["uninstall", "--root", root.path])
        #expect(again == .success && warnings.contains("ignoring 'link etc/systemd/system/ssh.service'"))
        #expect(root.exists("etc/passwd") && root.exists("etc/systemd/system/ssh.service"))
    }

    @Test(
        "the paths a manifest may list are exactly those some install writes",
        arguments: [
            ("file", "usr/sbin/osconf2seed", true), ("file", "etc/init.d/osconf2seed", true),
            ("file", "etc/cloud/cloud.cfg.d/05-osconf2seed.cfg", true), ("file", "etc/passwd", false),
            ("file", "usr/sbin/../../etc/passwd", false), ("link", "etc/rcS.d/S04osconf2seed", true),
            ("link", "etc/rcS.d/S04networking", false), ("link", "etc/rcS.d/Sxxosconf2seed", false),
            ("link", "etc/runlevels/sysinit/osconf2seed", true), ("link", "etc/runlevels/../osconf2seed", false),
            ("dir", "etc/systemd/system/sysinit.target.wants", true), ("dir", "var/lib/osconf2seed", true),
            ("dir", "etc/runlevels/default", true), ("dir", "etc/ssh", false), ("dir", "home", false),
        ])
    func mayOwn(kind: String, path: String, owned: Bool) {
        let manifest = InstallManifest(text: "\(kind) \(path)\n")
        #expect((manifest.files + manifest.links + manifest.directories == [path]) == owned)
        #expect(manifest.ignored.isEmpty == owned)
    }

    @Test(
        "the binary's ELF machine must be the image's: an aarch64 image refuses the x86_64 binary (65)",
        arguments: [
            (ELFStub.amd64, ELFStub.amd64, ExitCode.success), (ELFStub.aarch64, ELFStub.aarch64, .success),
            (ELFStub.amd64, ELFStub.aarch64, .dataError), (ELFStub.aarch64, ELFStub.amd64, .dataError),
        ])
    func machine(binary: UInt16, imageMachine: UInt16, status: ExitCode) throws {
        let root = try image()
        ELFStub.shell(root, machine: imageMachine)
        root.write("binary", bytes: ELFStub.bytes("osconf2seed", machine: binary), mode: 0o755)
        let before = root.exactListing()
        let (result, _, error) = run(["install", "--root", root.path, "--binary", root.real("binary")])
        #expect(result == status, "\(error)")
        if status != .success {
            let names = [ELFStub.amd64: "x86_64", ELFStub.aarch64: "aarch64"]
            #expect(
                error.contains(
                    "is built for \(names[binary] ?? "") and \(root.path) is an \(names[imageMachine] ?? "") image")
            )
            #expect(root.exactListing() == before)
        }
    }

    @Test("a binary that is no ELF file is refused; an image without an ELF /bin/sh gets a warning")
    func notELF() throws {
        let root = try image()
        root.write("script", "#!/bin/sh\n", mode: 0o755)
        let (status, _, error) = run(["install", "--root", root.path, "--binary", root.real("script")])
        #expect(status == .dataError && error.contains("is not an ELF executable"), "\(error)")
        let bare = try image(shell: false)
        let (installed, _, warning) = run(["install", "--root", bare.path, "--binary", root.real("binary")])
        #expect(installed == .success && warning.contains("cannot tell the processor of"), "\(warning)")
    }
}
