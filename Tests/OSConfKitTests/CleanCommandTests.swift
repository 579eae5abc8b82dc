import OSConfKit
import Testing

/// `clean` after test boots gives back the image as it was, byte for byte (contents, modes,
/// owners, links, directories), on every path of the boot job; and a clean that fails at any
/// file-system step can be run again to the same end.
@Suite("osconf2seed clean undoes test boots")
struct CleanCommandTests {
    /// The images a builder test-boots: the seed path (stock ifupdown without net-tools, with
    /// net-tools, netplan) and the direct path for every network family.
    enum Image: String, CaseIterable {
        case seedIfupdown, seedNetTools, seedNetplan
        case directIfupdown, directNetplan, directNetworkd, directNetworkManager, directNetworkScripts
        /// networkd with resolv.conf linked to systemd-resolved: DNS goes into a new drop-in.
        case directResolved

        var family: NetworkFamily {
            switch self {
            case .seedIfupdown, .seedNetTools, .directIfupdown: return .ifupdown
            case .seedNetplan, .directNetplan: return .netplan
            case .directNetworkd, .directResolved: return .networkd
            case .directNetworkManager: return .networkManager
            case .directNetworkScripts: return .networkScripts
            }
        }

        var cloudInit: Bool { rawValue.hasPrefix("seed") }
    }

    static let noNIC = "hostname=web1\npassword=b3RoZXItcGFzcwo=\n"

    static func fixture(_ name: String) throws -> String {
        String(decoding: try TestPaths.fixture(name), as: UTF8.self)
    }

    /// An image as a builder has it: files with their own modes and owners, bytes that are not
    /// UTF-8, a link, the shadow suite's lock file, and an image file of its own at the path of
    /// the network renderer's first file.
    static func makeImage(_ image: Image) throws -> TemporaryRoot {
        let root = try TemporaryRoot()
        FakeImage.disk(root)
        FakeImage.base(root)
        FakeImage.family(root, image.family)
        if image.cloudInit { FakeImage.cloudInit(root) }
        // Where the first partition is mounted: /run, not part of the captured image.
        root.mkdir("run/osconf2seed/mnt/aliyun_custom_image")
        if image == .seedNetTools { root.write("sbin/route", "", mode: 0o755) }
        root.write("etc/hosts", bytes: Array("127.0.0.1\tlocalhost\n127.0.1.1\tdebian\n# caf".utf8) + [0xe9, 0x0a])
        root.chown("etc/shadow", user: 0, group: 42)
        root.write("etc/resolv.conf", "nameserver 192.0.2.1\n", mode: 0o604)
        root.chown("etc/resolv.conf", user: 0, group: 4)
        root.write("etc/.pwd.lock", "", mode: 0o600)
        if image == .directResolved {
            try root.fileSystem.removeFile(at: root.real("etc/resolv.conf"))
            root.link("etc/resolv.conf", to: "../run/systemd/resolve/stub-resolv.conf")
        }
        if image == .directNetplan {
            try root.fileSystem.removeFile(at: root.real("etc/hostname"))
            root.write("etc/hostname.image", "debian\n")
            root.link("etc/hostname", to: "hostname.image")
        }
        if image.family == .ifupdown {
            root.write("etc/network/interfaces.d/50-cloud-init", "auto eth0\niface eth0 inet dhcp\n")
        }
        let renderer = try #require(NetworkRenderers.standard[image.family])
        let first = try #require(renderer(try TestPaths.configuration("vpc.conf")).first)
        root.write(first.path, "# the image's own file\n", mode: 0o600)
        root.chown(first.path, user: 0, group: 4)
        return root
    }

    static func tool(_ fileSystem: any FileSystem) -> (OSConf2SeedTool, CapturedConsole) {
        let console = CapturedConsole()
        let tool = OSConf2SeedTool(
            environment: ToolEnvironment(fileSystem: fileSystem, console: console.console, random: FixedRandom()),
            boot: BootEnvironment(kernel: FakeKernel(), renderers: .standard))
        return (tool, console)
    }

    static func boot(_ root: TemporaryRoot, _ osConf: String) {
        root.write(FakeImage.mountedOSConf, osConf)
        let (tool, console) = tool(SystemFileSystem())
        #expect(tool.run(["boot", "--root", root.path]) == .success, "\(console.standardError)")
        #expect(!root.exists(FakeImage.mountedOSConf))
    }

    static func clean(_ root: TemporaryRoot, _ fileSystem: any FileSystem = SystemFileSystem()) -> (ExitCode, String) {
        let (tool, console) = tool(fileSystem)
        let status = tool.run(["clean", "--root", root.path])
        return (status, console.standardOutput + console.standardError)
    }

    @Test("boot then clean: the tree as it was, byte for byte", arguments: Image.allCases)
    func roundTrip(image: Image) throws {
        let root = try Self.makeImage(image)
        let before = root.exactListing()
        Self.boot(root, try Self.fixture(image.cloudInit ? "vpc.conf" : "classic.conf"))
        #expect(root.exactListing() != before)
        if image == .directResolved { #expect(root.exists(ResolverFile.resolvedDropIn)) }
        let (status, output) = Self.clean(root)
        #expect(status == .success, "\(output)")
        #expect(root.exactListing() == before)
        #expect(output.contains("files the boot job wrote, the seed and the state"))
    }

    @Test(
        "seed path: root's password and the host name that cloud-init sets from the seed are put back too",
        arguments: Image.allCases.filter(\.cloudInit))
    func cloudInitChanges(image: Image) throws {
        let root = try Self.makeImage(image)
        let before = root.exactListing()
        Self.boot(root, try Self.fixture("vpc.conf"))
        // What cloud-init's cc_set_passwords and cc_set_hostname then do in the image.
        let shadow = try #require(root.text("etc/shadow"))
        root.write("etc/shadow", shadow.replacingOccurrences(of: "root:*:", with: "root:$6$salt$hash:"), mode: 0o640)
        root.chown("etc/shadow", user: 0, group: 42)
        root.write("etc/hostname", "iZbp1ab\n")
        let (status, output) = Self.clean(root)
        #expect(status == .success, "\(output)")
        #expect(root.exactListing() == before)
        #expect(output.contains("root's password hash"))
    }

    @Test("a second boot with a new os.conf keeps the first originals", arguments: Image.allCases)
    func twoBoots(image: Image) throws {
        let root = try Self.makeImage(image)
        let before = root.exactListing()
        let hosts = try #require(root.text("etc/hosts"))
        Self.boot(root, try Self.fixture("vpc.conf"))
        let record = try #require(BootState.load(from: try root.tree())).applied
        let kept = root.exactListing().filter { $0.hasPrefix("/var/lib/osconf2seed/original") }
        Self.boot(root, try Self.fixture("classic.conf").replacingHostname("second"))
        let second = try #require(BootState.load(from: try root.tree())).applied
        #expect(record.files.allSatisfy { second.files[$0.key] == $0.value }, "the first origins stay")
        if !image.cloudInit {
            #expect(root.text("etc/hostname") == "second\n")
            #expect(root.text(AppliedFiles.originalPath(of: "etc/hosts")) == hosts)
            #expect(root.text(AppliedFiles.rootHashPath) == "*")
        }
        // The first boot's copies are there as they were; the second only adds copies of
        // files it is the first to change.
        let keptNow = Set(root.exactListing().filter { $0.hasPrefix("/var/lib/osconf2seed/original") })
        #expect(Set(kept).isSubset(of: keptNow))
        #expect(Self.clean(root).0 == .success)
        #expect(root.exactListing() == before)
    }

    @Test(
        "a boot without NIC keys, then one with: the network files' originals are the image's",
        arguments: [Image.seedIfupdown, .directNetworkd, .directNetworkScripts])
    func noNICThenNetwork(image: Image) throws {
        let root = try Self.makeImage(image)
        let before = root.exactListing()
        Self.boot(root, Self.noNIC)
        Self.boot(root, try Self.fixture("vpc.conf"))
        Self.boot(root, Self.noNIC + "hostname=third\n")
        #expect(Self.clean(root).0 == .success)
        #expect(root.exactListing() == before)
    }

    @Test("the record: every changed file, 0600, the image's root field kept apart, no password")
    func record() throws {
        let root = try Self.makeImage(.directIfupdown)
        Self.boot(root, try Self.fixture("classic.conf"))
        let state = try #require(root.text("var/lib/osconf2seed/state"))
        #expect(root.mode("var/lib/osconf2seed/state") == 0o600)
        for line in [
            "original=etc/hostname", "original=etc/hosts", "original=etc/network/interfaces.d/osconf2seed",
            "original=etc/resolv.conf", "created=etc/udev/rules.d/70-osconf2seed-net.rules", "dir=etc/udev",
            "dir=etc/udev/rules.d", "dir=var/lib/osconf2seed/original/etc", "root-hash=kept",
        ] {
            #expect(state.contains(line + "\n"), "\(line)")
        }
        #expect(!state.contains("shadow") && !state.contains("$6$") && !state.contains("cXdl"))
        #expect(root.text(AppliedFiles.rootHashPath) == "*")
        #expect(root.mode(AppliedFiles.rootHashPath) == 0o600)
        let kept = AppliedFiles.originalPath(of: "etc/network/interfaces.d/osconf2seed")
        #expect(root.text(kept) == "# the image's own file\n" && root.mode(kept) == 0o600)
        #expect(!root.exists(AppliedFiles.originalPath(of: "etc/shadow")), "never the whole shadow file")
    }

    @Test("clean where the job never ran changes nothing", arguments: [Image.seedIfupdown, .directNetworkd])
    func neverBooted(image: Image) throws {
        let root = try Self.makeImage(image)
        let before = root.exactListing()
        let (status, output) = Self.clean(root)
        #expect(status == .success)
        #expect(output.contains("removed the seed and the state"))
        #expect(root.exactListing() == before)
    }

    @Test("a damaged record never reaches outside the tree")
    func damagedRecord() {
        let record = AppliedFiles(
            stateText: "created=../../etc/passwd\noriginal=/etc/hosts\ndir=a//b\ncreated=etc/./x\n"
                + "original=etc/hosts\ndir=etc/udev\nroot-hash=yes\nbogus\n")
        #expect(record.files == ["etc/hosts": .original])
        #expect(record.directories == ["etc/udev"])
        #expect(!record.rootHashKept)
        #expect(AppliedFiles(stateText: record.lines.joined(separator: "\n")) == record)
    }

    @Test("shadow: root's field as stored, put back exactly")
    func shadowField() throws {
        let input = Array("a:x:1::\nroot::2:3\n".utf8)
        #expect(try ShadowFile.rootField(in: input) == [])
        let set = try ShadowFile.settingRootHash("$6$s$h", in: input)
        #expect(try ShadowFile.rootField(in: set) == Array("$6$s$h".utf8))
        #expect(try ShadowFile.settingRootField([], in: set) == input)
        #expect(throws: ShadowFile.Problem.unusableHash) { try ShadowFile.settingRootField([0x3a], in: input) }
        #expect(throws: ShadowFile.Problem.noRootEntry) { try ShadowFile.rootField(in: Array("rootx:1\n".utf8)) }
    }

    /// Files and links only: a failed run may leave an empty directory, which is harmless (as
    /// in FaultTests), and a replaced file's backup when removing it failed.
    static func files(_ listing: [String]) -> [String] {
        listing.filter { !$0.hasSuffix(" dir") && !$0.contains(".old ") }
    }

    @Test(
        "a fault at any step of clean: rerun, and the image is as it was",
        arguments: [Image.seedIfupdown, .directIfupdown], FaultTests.operations)
    func faults(image: Image, operation: SystemError.Operation) throws {
        var occurrence = 0
        while occurrence < 200 {
            let root = try Self.makeImage(image)
            let before = Self.files(root.exactListing())
            Self.boot(root, try Self.fixture("classic.conf"))
            let fileSystem = FaultyFileSystem(failing: operation, at: occurrence)
            let (status, output) = Self.clean(root, fileSystem)
            guard fileSystem.fired else {
                #expect(status == .success, "\(output)")
                #expect(Self.files(root.exactListing()) == before)
                break
            }
            let after = Self.files(root.exactListing())
            if status == .success {
                #expect(after == before, "\(operation) #\(occurrence)")
            } else {
                // Until the state goes, it records what is left; once it is gone, all is done.
                #expect(root.exists("var/lib/osconf2seed/state") || after == before, "\(operation) #\(occurrence)")
                let (rerun, rerunOutput) = Self.clean(root)
                #expect(rerun == .success, "\(rerunOutput)")
                #expect(Self.files(root.exactListing()) == before, "rerun after \(operation) #\(occurrence)")
            }
            occurrence += 1
        }
    }
}
