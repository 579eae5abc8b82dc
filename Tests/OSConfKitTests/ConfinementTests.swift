import OSConfKit
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// Confinement under `--root`: every path resolves inside the tree as if it were `/`, with the
/// kernel's openat2 and with the component-by-component walk, for every file-system call and
/// every command. Each case has a victim outside the tree and a decoy inside it where the path
/// would land if the tree were `/`; a case passes when the victim is untouched.
@Suite("confinement under --root")
struct ConfinementTests {
    static let resolvers: [RootDirectory.Resolver] = [.kernel, .walk]

    /// An outer directory holding `victim/` (what an escape would reach) and `tree/`.
    final class Layout {
        let outer: TemporaryRoot
        var tree: String { outer.real("tree") }
        var victimListing: [String] { outer.listing().filter { $0.hasPrefix("/victim") } }

        init() throws {
            outer = try TemporaryRoot()
            outer.write("victim/os.conf", "hostname=victim\n")
            outer.write("victim/secret", "outside\n")
            outer.mkdir("tree/etc")
        }

        func write(_ path: String, _ text: String) { outer.write("tree/" + path, text) }
        func link(_ path: String, to target: String) { outer.link("tree/" + path, to: target) }
        func text(_ path: String) -> String? { outer.text("tree/" + path) }
    }

    /// Ways a path can point at `victim/os.conf` from inside the tree; each must land on the
    /// decoy `tree/victim/os.conf` (or on nothing) instead.
    static let escapes: [(name: String, setUp: @Sendable (Layout) -> Void, path: String)] = [
        ("dot-dot at the top", { _ in }, "/../victim/os.conf"),
        ("dot-dot in the middle", { $0.outer.mkdir("tree/a/b") }, "/a/b/../../../../victim/os.conf"),
        ("absolute link, first component", { $0.link("up", to: "/") }, "/up/victim/os.conf"),
        ("absolute link, middle component", { $0.link("etc/up", to: "/victim") }, "/etc/up/os.conf"),
        ("relative link climbing out", { $0.link("etc/up", to: "../../../victim") }, "/etc/up/os.conf"),
        (
            "relative link chain",
            {
                $0.link("a", to: "etc/b")
                $0.link("etc/b", to: "../../victim")
            }, "/a/os.conf"
        ),
        (
            "absolute link through dot-dot",
            {
                $0.outer.mkdir("tree/tmp")
                $0.link("etc/host", to: "/tmp/../../victim")
            },
            "/etc/host/os.conf"
        ),
    ]

    /// The whole system (`--root /`, as `check` runs inside a build chroot) resolves links the
    /// way a tree does: reads never follow the last link, so /etc/os-release ->
    /// ../usr/lib/os-release is found only through ``FileSystem/realPath(_:)``.
    @Test("the whole system resolves links as a tree does", arguments: resolvers)
    func wholeSystemResolvesLinks(resolver: RootDirectory.Resolver) throws {
        let layout = try Layout()
        layout.write("usr/lib/os-release", "ID=debian\n")
        layout.link("etc/os-release", to: "../usr/lib/os-release")
        layout.link("etc/absolute", to: layout.tree + "/usr/lib/os-release")
        let whole = try SystemFileSystem(resolver: resolver).confined(to: "/")
        #expect(whole.isWholeSystem)
        let fs = whole.fileSystem
        #expect(try fs.realPath(layout.tree + "/etc/os-release") == layout.tree + "/usr/lib/os-release")
        #expect(try fs.realPath(layout.tree + "/etc/absolute") == layout.tree + "/usr/lib/os-release")
        #expect(
            try fs.readFile(at: fs.realPath(layout.tree + "/etc/os-release"), limit: 100) == Array("ID=debian\n".utf8))
        // A missing tail is kept as written, as in a tree.
        #expect(try fs.realPath(layout.tree + "/etc/none/x") == layout.tree + "/etc/none/x")
    }

    @Test("every escape lands inside the tree", arguments: resolvers, 0..<escapes.count)
    func escapesLandInside(resolver: RootDirectory.Resolver, index: Int) throws {
        let layout = try Layout()
        let escape = Self.escapes[index]
        escape.setUp(layout)
        layout.write("victim/os.conf", "hostname=decoy\n")
        let before = layout.victimListing
        let tree = try RootTree(root: layout.tree, fileSystem: SystemFileSystem(resolver: resolver))
        let path = tree.path(escape.path)
        let fs = tree.fileSystem
        #expect(try fs.readFile(at: path, limit: 100) == Array("hostname=decoy\n".utf8), "\(escape.name)")
        #expect(try fs.status(at: path)?.type == .regular)
        let directory = FilePath.directory(of: path)
        #expect(try fs.listDirectory(at: directory) == ["os.conf"])
        #expect(try fs.realPath(path) == layout.tree + "/victim/os.conf")
        // Writes, links, renames and removals through the same path.
        let created = try fs.createFile(at: directory + "/new", mode: 0o600)
        try fs.write(Array("x".utf8), to: created, path: "new")
        fs.close(created)
        try fs.makeHardLink(at: directory + "/hard", to: path)
        try fs.makeSymbolicLink(at: directory + "/soft", target: "/victim/secret")
        try fs.rename(directory + "/new", to: directory + "/renamed")
        try fs.makeDirectory(at: directory + "/sub", mode: 0o755)
        try fs.removeDirectory(at: directory + "/sub")
        fs.close(try fs.lock(at: directory + "/lock"))
        try fs.syncDirectory(at: directory)
        try fs.removeFile(at: path)
        #expect(layout.victimListing == before, "nothing outside the tree changed: \(escape.name)")
        #expect(layout.outer.listing().contains("/tree/victim/renamed file x"))
        #expect(layout.text("victim/hard") == "hostname=decoy\n")
        #expect(!layout.outer.exists("tree/victim/os.conf"))
    }

    @Test("a link in the last component is never followed", arguments: resolvers)
    func lastComponent(resolver: RootDirectory.Resolver) throws {
        let layout = try Layout()
        layout.link("etc/os.conf", to: "../../victim/os.conf")
        let tree = try RootTree(root: layout.tree, fileSystem: SystemFileSystem(resolver: resolver))
        #expect(throws: SystemError.self) { try tree.fileSystem.readFile(at: tree.path("/etc/os.conf"), limit: 100) }
        #expect(tree.type("/etc/os.conf") == .symbolicLink)
        try tree.fileSystem.removeFile(at: tree.path("/etc/os.conf"))
        #expect(layout.outer.text("victim/os.conf") == "hostname=victim\n")
    }

    @Test("a link loop fails instead of spinning", arguments: resolvers)
    func linkLoop(resolver: RootDirectory.Resolver) throws {
        let layout = try Layout()
        layout.link("etc/a", to: "b")
        layout.link("etc/b", to: "/etc/a")
        let tree = try RootTree(root: layout.tree, fileSystem: SystemFileSystem(resolver: resolver))
        #expect(throws: SystemError(.open, tree.path("/etc/a/x"), .tooManyLinks)) {
            try tree.fileSystem.readFile(at: tree.path("/etc/a/x"), limit: 100)
        }
    }

    @Test("a path not below the tree is refused, not resolved")
    func foreignPath() throws {
        let layout = try Layout()
        let tree = try RootTree(root: layout.tree, fileSystem: SystemFileSystem())
        #expect(throws: SystemError.self) {
            try tree.fileSystem.readFile(at: layout.outer.real("victim/os.conf"), limit: 100)
        }
        #expect(throws: SystemError.self) { try tree.fileSystem.readFile(at: layout.tree + "x/etc", limit: 100) }
    }

    @Test(
        "the live system is recognised by device and inode, however spelled", arguments: ["/", "//", "/.", "/etc/.."])
    func liveSystem(spelling: String) throws {
        let tree = try RootTree(root: spelling, fileSystem: SystemFileSystem())
        #expect(tree.isLiveSystem)
        #expect(tree.root == "/")
        let layout = try Layout()
        #expect(try !RootTree(root: layout.tree + "/", fileSystem: SystemFileSystem()).isLiveSystem)
    }

    // MARK: - Commands

    private func tool(_ console: CapturedConsole, resolver: RootDirectory.Resolver) -> OSConf2SeedTool {
        OSConf2SeedTool(
            environment: ToolEnvironment(
                fileSystem: SystemFileSystem(resolver: resolver), console: console.console, random: FixedRandom()),
            boot: BootEnvironment(kernel: FakeKernel(), renderers: FakeImage.renderers))
    }

    /// A Debian image with cloud-init inside `tree/`.
    private func image() throws -> (Layout, TemporaryRoot) {
        let layout = try Layout()
        let root = TemporaryRoot(existing: layout.tree)
        FakeImage.disk(root)
        FakeImage.base(root)
        FakeImage.family(root, .ifupdown)
        FakeImage.cloudInit(root)
        return (layout, root)
    }

    static let bootEscapes: [(name: String, setUp: @Sendable (Layout) -> Void, arguments: [String])] = [
        ("os_conf climbing with dot-dot", { $0.write("etc/osconf2seed.conf", "os_conf=/../../victim/os.conf\n") }, []),
        (
            "os_conf through an absolute link",
            {
                $0.link("boot", to: "/../victim")
                $0.write("etc/osconf2seed.conf", "os_conf=/boot/os.conf\n")
            }, []
        ),
        ("--os-conf climbing with dot-dot", { _ in }, ["--os-conf", "/../victim/os.conf"]),
        ("--os-conf through a relative link", { $0.link("srv", to: "../../victim") }, ["--os-conf", "/srv/os.conf"]),
        (
            "partition link to an outer device",
            {
                $0.write("etc/osconf2seed.conf", "partition=LABEL=cloud\n")
                $0.link("dev/disk/by-label/cloud", to: "/../../../dev/vda1")
            }, []
        ),
    ]

    @Test("boot reads, applies and removes nothing outside the tree", arguments: resolvers, 0..<bootEscapes.count)
    func bootEscape(resolver: RootDirectory.Resolver, index: Int) throws {
        let (layout, root) = try image()
        outerOSConf(layout)
        let escape = Self.bootEscapes[index]
        escape.setUp(layout)
        let before = layout.victimListing
        let console = CapturedConsole()
        let status = tool(console, resolver: resolver).run(["boot", "--root", root.path] + escape.arguments)
        #expect(layout.victimListing == before, "\(escape.name): \(console.standardError)")
        #expect(!root.exists("var/lib/osconf2seed/state"), "nothing applied: \(escape.name)")
        #expect(status == .success || status == .configuration, "\(escape.name): \(console.standardError)")
    }

    /// A valid os.conf outside the tree, where the escapes point.
    private func outerOSConf(_ layout: Layout) {
        layout.outer.write("victim/os.conf", "hostname=victim\neth0_ip_addr=10.0.0.5\neth0_netmask=255.255.255.0\n")
    }

    @Test("an in-tree relative /var/lib is written through, inside the tree", arguments: resolvers)
    func inTreeLink(resolver: RootDirectory.Resolver) throws {
        let (layout, root) = try image()
        let before = layout.victimListing
        root.mkdir("srv/lib")
        root.link("var/lib", to: "../srv/lib")
        root.link("var/run", to: "/run")
        root.write(FakeImage.mountedOSConf, String(decoding: try TestPaths.fixture("vpc.conf"), as: UTF8.self))
        let console = CapturedConsole()
        let status = tool(console, resolver: resolver).run(["boot", "--root", root.path])
        #expect(status == .success, "\(console.standardError)")
        #expect(root.exists("srv/lib/osconf2seed/state"))
        #expect(root.exists("srv/lib/cloud/seed/nocloud/meta-data"))
        #expect(layout.victimListing == before)
    }

    @Test("install, uninstall and clean stay inside the tree", arguments: resolvers)
    func otherCommands(resolver: RootDirectory.Resolver) throws {
        let (layout, root) = try image()
        root.link("sbin/init", to: "/lib/systemd/systemd")
        root.mkdir("etc/systemd/system")
        // Links that would take each command's files outside: the binary's directory, the
        // seed directory, and a manifest entry that climbs.
        root.mkdir("victim")
        root.link("usr/sbin", to: "/../../victim")
        root.link("var/lib/cloud/seed", to: "../../../../victim")
        layout.outer.write("victim/meta-data", "instance-id: outside\n")
        let before = layout.victimListing
        let binary = layout.outer.real("binary")
        layout.outer.write("binary", ELFStub.text("osconf2seed"), mode: 0o755)
        let console = CapturedConsole()
        let run = tool(console, resolver: resolver)
        #expect(run.run(["install", "--root", root.path, "--binary", binary]) == .success, "\(console.standardError)")
        #expect(root.exists("victim/osconf2seed"), "the binary went to the tree's resolution of /usr/sbin")
        #expect(run.run(["clean", "--root", root.path]) == .success, "\(console.standardError)")
        let manifest = try #require(root.text("var/lib/osconf2seed/installed"))
        root.link("etc/up", to: "/../../victim")
        root.write("var/lib/osconf2seed/installed", manifest + "file etc/up/secret\n")
        #expect(run.run(["uninstall", "--root", root.path]) == .success, "\(console.standardError)")
        #expect(layout.victimListing == before)
    }

    /// Links inside `convert --output DIR` that would take `etc/netplan/50-osconf2seed.yaml`
    /// outside: each is resolved inside DIR, so the file lands in the decoy (DIR's own path of
    /// the link's target), relative to DIR.
    static let outputEscapes: [(name: String, setUp: @Sendable (Layout) -> Void, decoy: @Sendable (Layout) -> String)] =
        [
            (
                "absolute link to the outer directory's host path",
                { $0.link("etc/netplan", to: $0.outer.real("victim")) }, { String($0.outer.real("victim").dropFirst()) }
            ),
            ("absolute link to /victim", { $0.link("etc/netplan", to: "/victim") }, { _ in "victim" }),
            ("relative link climbing out", { $0.link("etc/netplan", to: "../../../victim") }, { _ in "victim" }),
            (
                "dot-dot chain through a directory",
                {
                    $0.outer.mkdir("tree/a")
                    $0.link("etc/netplan", to: "../a/../../../../victim")
                }, { _ in "victim" }
            ),
            (
                "first component an absolute link climbing with dot-dot",
                {
                    _ = rmdir($0.outer.real("tree/etc"))
                    $0.link("etc", to: "/../../victim")
                }, { _ in "victim/netplan" }
            ),
        ]

    @Test("convert --output writes nothing outside DIR", arguments: resolvers, 0..<outputEscapes.count)
    func convertEscape(resolver: RootDirectory.Resolver, index: Int) throws {
        let layout = try Layout()
        let escape = Self.outputEscapes[index]
        let decoy = escape.decoy(layout)
        layout.outer.mkdir(FilePath.join("tree", decoy))
        escape.setUp(layout)
        layout.outer.write("input.conf", bytes: try TestPaths.fixture("vpc.conf"))
        let before = layout.victimListing
        let console = CapturedConsole()
        let status = tool(console, resolver: resolver).run([
            "convert", "--format", "netplan", "--output", layout.tree, layout.outer.real("input.conf"),
        ])
        #expect(status == .success, "\(escape.name): \(console.standardError)")
        #expect(layout.victimListing == before, "\(escape.name)")
        #expect(
            layout.text(FilePath.join(decoy, "50-osconf2seed.yaml"))?.contains("ethernets:") == true, "\(escape.name)")
    }

    @Test(
        "--root must name an existing directory",
        arguments: [("", ExitCode.usage), ("/nonexistent-osconf2seed", .noInput), ("/etc/hostname", .noInput)])
    func rootOption(root: String, expected: ExitCode) throws {
        for command in ["boot", "install", "uninstall", "clean"] {
            let console = CapturedConsole()
            let status = tool(console, resolver: .kernel).run([command, "--root", root])
            #expect(status == expected, "\(command) --root '\(root)': \(console.standardError)")
            #expect(console.standardOutput.isEmpty)
        }
    }
}

/// The one way a file is opened for reading: a FIFO, a device or a directory where a file
/// must be is refused at once, never waited on.
@Suite("reading refuses what is not a regular file")
struct NonRegularFileTests {
    // Every kind of non-regular input in every command: NonRegularInputTests.
    @Test("a directory or a character device is refused", arguments: ["/", "/dev/null"])
    func others(path: String) {
        #expect(throws: SystemError.self) { try SystemFileSystem().readFile(at: path, limit: 10) }
    }
}
