import OSConfKit
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// The trust rule on its own: owners, modes and types at every position of the way to os.conf.
@Suite("The os.conf trust rule")
struct OSConfTrustTests {
    /// Where on the way to os.conf the fault is.
    enum Position: String, CaseIterable {
        case partitionRoot, directory, file
    }

    /// What is wrong there.
    enum Fault: String, CaseIterable {
        case groupWritable, otherWritable, sticky, notRoot, symbolicLink, wrongType
    }

    static let root = FileOwner(user: 0, group: 0)
    static let paths = ["/mnt", "/mnt/aliyun_custom_image", "/mnt/aliyun_custom_image/os.conf"]

    /// The partition as the cloud leaves it: root's, 0755 directories, a 0644 file.
    static func healthy(readOnly: Bool = false) -> [OSConfTrust.Step] {
        paths.enumerated().map { index, path in
            let isFile = index == paths.count - 1
            return OSConfTrust.Step(
                path: path,
                status: FileStatus(type: isFile ? .regular : .directory, mode: isFile ? 0o644 : 0o755, owner: root),
                isOnReadOnlyMedia: readOnly)
        }
    }

    static func index(_ position: Position) -> Int {
        switch position {
        case .partitionRoot: 0
        case .directory: 1
        case .file: 2
        }
    }

    static func apply(_ fault: Fault, to status: inout FileStatus) {
        let isFile = status.type == .regular
        switch fault {
        case .groupWritable: status.mode = isFile ? 0o664 : 0o775
        case .otherWritable: status.mode = isFile ? 0o646 : 0o757
        case .sticky: status.mode = 0o1777
        case .notRoot: status.owner = FileOwner(user: 1000, group: 1000)
        case .symbolicLink: status = FileStatus(type: .symbolicLink, mode: 0o777, owner: root)
        case .wrongType: status.type = isFile ? .directory : .regular
        }
    }

    /// The reason the rule gives, after the path.
    static func reason(_ fault: Fault, isFile: Bool) -> String {
        switch fault {
        case .groupWritable: "is writable by its group (mode \(isFile ? "0664" : "0775"))"
        case .otherWritable: "is writable by others (mode \(isFile ? "0646" : "0757"))"
        case .sticky: "is writable by others (mode 1777)"
        case .notRoot: "is owned by uid 1000, not root"
        case .symbolicLink: "is a symbolic link"
        case .wrongType: isFile ? "is not a regular file" : "is not a directory"
        }
    }

    @Test("the cloud's layout, and owners and modes that give nobody else a way in, are trusted")
    func trusted() {
        #expect(OSConfTrust.judge(Self.healthy()) == .trusted)
        var steps = Self.healthy()
        steps[0].status.mode = 0o700
        steps[1].status = FileStatus(type: .directory, mode: 0o2755, owner: FileOwner(user: 0, group: 1000))
        steps[2].status = FileStatus(type: .regular, mode: 0o600, owner: FileOwner(user: 0, group: 1000))
        #expect(OSConfTrust.judge(steps) == .trusted, "the group owner does not matter without its write bit")
        steps[1].status.mode = 0o1755
        #expect(OSConfTrust.judge(steps) == .trusted, "a sticky directory nobody else may write")
    }

    @Test(
        "each fault at each position: refused naming the path, except a writable os.conf (a warning)",
        arguments: Position.allCases, Fault.allCases)
    func fault(position: Position, fault: Fault) {
        var steps = Self.healthy()
        let index = Self.index(position)
        apply(fault, at: index, in: &steps)
        let path = Self.paths[index]
        let reason = Self.reason(fault, isFile: position == .file)
        let verdict = OSConfTrust.judge(steps)
        if position == .file, [.groupWritable, .otherWritable, .sticky].contains(fault) {
            #expect(
                verdict
                    == .trustedWithWarning(
                        "\(path) \(reason); applied because root owns it and every directory above it"))
        } else {
            #expect(verdict == .untrusted("\(path) \(reason)"))
        }
    }

    private func apply(_ fault: Fault, at index: Int, in steps: inout [OSConfTrust.Step]) {
        Self.apply(fault, to: &steps[index].status)
    }

    @Test("a FIFO or device in os.conf's place is not a regular file")
    func notRegular() {
        var steps = Self.healthy()
        steps[2].status.type = .other
        #expect(OSConfTrust.judge(steps) == .untrusted("/mnt/aliyun_custom_image/os.conf is not a regular file"))
    }

    @Test("the first fault from the top is the one reported")
    func firstFault() {
        var steps = Self.healthy()
        steps[0].status.mode = 0o777
        steps[2].status.owner = FileOwner(user: 1000, group: 1000)
        #expect(OSConfTrust.judge(steps) == .untrusted("/mnt is writable by others (mode 0777)"))
    }

    @Test(
        "read-only media: owners and modes are not judged, types still are",
        arguments: Position.allCases, Fault.allCases)
    func readOnly(position: Position, fault: Fault) {
        var steps = Self.healthy(readOnly: true)
        let index = Self.index(position)
        apply(fault, at: index, in: &steps)
        let verdict = OSConfTrust.judge(steps)
        if [.symbolicLink, .wrongType].contains(fault) {
            #expect(verdict == .untrusted("\(Self.paths[index]) \(Self.reason(fault, isFile: position == .file))"))
        } else {
            #expect(verdict == .trusted)
        }
    }

    @Test("only the entries on the read-only file system are exempt")
    func readOnlyBelowWritable() {
        var steps = Self.healthy()
        steps[1].isOnReadOnlyMedia = true
        steps[2].isOnReadOnlyMedia = true
        steps[2].status = FileStatus(type: .regular, mode: 0o666, owner: FileOwner(user: 1000, group: 1000))
        #expect(OSConfTrust.judge(steps) == .trusted)
        steps[0].status.owner = FileOwner(user: 1000, group: 1000)
        #expect(OSConfTrust.judge(steps) == .untrusted("/mnt is owned by uid 1000, not root"))
    }

    @Test("the way from the top down to os.conf")
    func wayDown() {
        #expect(OSConfTrust.paths(to: "/etc/os.conf", from: "/") == ["/", "/etc", "/etc/os.conf"])
        #expect(OSConfTrust.paths(to: "/t/a//b/os.conf", from: "/t/") == ["/t/", "/t/a", "/t/a/b", "/t/a/b/os.conf"])
        #expect(OSConfTrust.paths(to: "/mntx/os.conf", from: "/mnt") == nil)
        #expect(OSConfTrust.paths(to: "/mnt", from: "/mnt") == nil)
    }

    @Test("mountinfo: the super options say whether the file system itself is read-only")
    func mountTable() {
        let table = MountTable(
            text: "22 1 8:2 / / rw - ext4 /dev/sda2 rw\n"
                + "30 22 8:1 / /boot ro - ext4 /dev/sda1 rw\n"
                + "31 22 11:0 / /media/cdrom ro - iso9660 /dev/sr0 ro,nojoliet\n"
                + "32 22 8:3 / /media/cd rw - ext4 /dev/sda3 rw\n")
        #expect(table.mount(of: DeviceNumber(major: 8, minor: 1))?.isReadOnlySuperblock == false, "a read-only bind")
        #expect(table.mount(containing: "/media/cdrom/qcloud_action/os.conf")?.isReadOnlySuperblock == true)
        #expect(table.mount(containing: "/media/cdrom")?.source == "/dev/sr0")
        #expect(table.mount(containing: "/media/cdromx/os.conf")?.source == "/dev/sda2")
        #expect(table.mount(containing: "/media/cd/os.conf")?.source == "/dev/sda3")
    }
}

/// The rule in `boot`, on real trees with real owners: these tests chown, so they run as root.
@Suite("osconf2seed boot: the trust rule")
struct BootTrustTests {
    static let partition = "run/osconf2seed/mnt"
    static let directory = "run/osconf2seed/mnt/aliyun_custom_image"

    static func run(_ root: TemporaryRoot, _ extra: [String] = [], fileSystemType: String = "ext4")
        -> BootCommandTests.Run
    {
        let console = CapturedConsole()
        let kernel = FakeKernel(acceptedType: fileSystemType)
        let tool = OSConf2SeedTool(
            environment: ToolEnvironment(
                fileSystem: SystemFileSystem(), console: console.console, random: FixedRandom()),
            boot: BootEnvironment(kernel: kernel, renderers: FakeImage.renderers))
        return BootCommandTests.Run(
            status: tool.run(["boot", "--root", root.path] + extra), console: console, kernel: kernel)
    }

    /// An image without cloud-init, where os.conf would set root's password directly.
    static func image() throws -> TemporaryRoot {
        try #require(getuid() == 0, "the trust-rule tests give files other owners with chown: run them as root")
        let root = try TemporaryRoot()
        FakeImage.disk(root)
        FakeImage.base(root)
        FakeImage.family(root, .ifupdown)
        return root
    }

    static func vpc() throws -> String { String(decoding: try TestPaths.fixture("vpc.conf"), as: UTF8.self) }

    static func chown(_ root: TemporaryRoot, _ relative: String, _ user: UInt32) throws {
        try #require(lchown(root.real(relative), user, user) == 0, "chown \(relative)")
    }

    static func chmod(_ root: TemporaryRoot, _ relative: String, _ mode: UInt32) throws {
        try #require(Glibc.chmod(root.real(relative), mode_t(mode)) == 0, "chmod \(relative)")
    }

    /// Every entry with its owner and mode, besides what `listing` shows.
    static func snapshot(_ root: TemporaryRoot) -> [String] {
        root.listing().map { line in
            let path = String(line.prefix { $0 != " " })
            let status = (try? root.fileSystem.status(at: root.real(path))) ?? nil
            return "\(line) \(status.map { "\($0.owner.user):\($0.owner.group) \(String($0.mode, radix: 8))" } ?? "?")"
        }
    }

    /// Refused: exit 77, the message names the path and the reason, nothing changed.
    static func expectRefused(
        _ root: TemporaryRoot, _ extra: [String] = [], osConf: String, message: String, keptAt: String? = nil,
        sourceLocation: SourceLocation = #_sourceLocation
    ) {
        let before = snapshot(root)
        let result = run(root, extra)
        #expect(result.status == .noPermission, "\(result.console.standardError)", sourceLocation: sourceLocation)
        #expect(
            result.console.standardError == "osconf2seed: not trusting \(root.real(osConf)): \(message)\n",
            sourceLocation: sourceLocation)
        #expect(root.exists(keptAt ?? osConf), "os.conf kept", sourceLocation: sourceLocation)
        #expect(snapshot(root) == before, "nothing written", sourceLocation: sourceLocation)
        #expect(!root.exists("var/lib/osconf2seed/state"), "no state recorded", sourceLocation: sourceLocation)
        #expect(root.text("etc/shadow") == FakeImage.shadow, sourceLocation: sourceLocation)
    }

    @Test("the known fault: the VPC example owned by uid 1000, mode 0666, in a 0777 directory")
    func knownFault() throws {
        let root = try Self.image()
        root.write(FakeImage.mountedOSConf, try Self.vpc(), mode: 0o666)
        try Self.chown(root, FakeImage.mountedOSConf, 1000)
        try Self.chmod(root, Self.directory, 0o777)
        Self.expectRefused(
            root, osConf: FakeImage.mountedOSConf,
            message: "\(root.real(Self.directory)) is writable by others (mode 0777)")
        // The directory put right, os.conf is still someone else's file.
        try Self.chmod(root, Self.directory, 0o755)
        Self.expectRefused(
            root, osConf: FakeImage.mountedOSConf,
            message: "\(root.real(FakeImage.mountedOSConf)) is owned by uid 1000, not root")
    }

    @Test(
        "each fault at each position of a real tree is refused",
        arguments: [
            (Self.partition, "owner", "is owned by uid 1000, not root"),
            (Self.partition, "0775", "is writable by its group (mode 0775)"),
            (Self.partition, "1777", "is writable by others (mode 1777)"),
            (Self.directory, "owner", "is owned by uid 1000, not root"),
            (Self.directory, "0757", "is writable by others (mode 0757)"),
            (Self.directory, "1777", "is writable by others (mode 1777)"),
            (Self.directory, "link", "is a symbolic link"),
            (FakeImage.mountedOSConf, "owner", "is owned by uid 1000, not root"),
        ])
    func faultInTree(path: String, fault: String, reason: String) throws {
        let root = try Self.image()
        root.write(FakeImage.mountedOSConf, try Self.vpc())
        switch fault {
        case "owner": try Self.chown(root, path, 1000)
        case "link":
            // A root-owned link to a root-owned place: still refused, as the link is not followed.
            // (A link in os.conf's own place on a partition is no candidate: see configuredPath.)
            root.write("srv/elsewhere/os.conf", try Self.vpc())
            _ = rename(root.real(path), root.real("srv/moved"))
            // The tree is `/` under --root: the link names its target as the image sees it.
            root.link(path, to: "/srv/elsewhere")
        default: try Self.chmod(root, path, UInt32(fault, radix: 8) ?? 0)
        }
        let osConf = path == Self.directory ? Self.directory + "/os.conf" : FakeImage.mountedOSConf
        // The test's own checks look from the host, where the link's `/` is not the tree.
        Self.expectRefused(
            root, osConf: osConf, message: "\(root.real(path)) \(reason)",
            keptAt: fault == "link" ? "srv/elsewhere/os.conf" : nil)
    }

    @Test("a root-owned os.conf that others may write is applied, with a warning")
    func writableByOthers() throws {
        let root = try Self.image()
        root.write(FakeImage.mountedOSConf, try Self.vpc(), mode: 0o666)
        let result = Self.run(root)
        #expect(result.status == .success, "\(result.console.standardError)")
        #expect(
            result.console.standardError.hasPrefix(
                "osconf2seed: warning: \(root.real(FakeImage.mountedOSConf)) is writable by others (mode 0666); "
                    + "applied because root owns it and every directory above it\n"))
        #expect(root.text("etc/shadow")?.hasPrefix("root:$6$") == true)
        #expect(!root.exists(FakeImage.mountedOSConf))
    }

    @Test(
        "the job's own mount of FAT makes it root-only; ext4 and xfs get no options",
        arguments: ["ext4", "vfat", "xfs"])
    func mountOptions(type: String) throws {
        let root = try Self.image()
        root.write(FakeImage.mountedOSConf, try Self.vpc())
        let result = Self.run(root, fileSystemType: type)
        #expect(result.status == .success, "\(result.console.standardError)")
        let options = type == "vfat" ? " uid=0,gid=0,umask=077" : ""
        #expect(result.kernel.calls.mounts == ["\(root.path)/dev/vda1 \(root.real(Self.partition)) \(type)\(options)"])
    }

    @Test("a partition the system mounted read-only (the file system, not just the mount) is exempt")
    func readOnlyPartition() throws {
        let root = try Self.image()
        let osConf = "media/cdrom/qcloud_action/os.conf"
        root.write(osConf, try Self.vpc(), mode: 0o666)
        try Self.chown(root, osConf, 1000)
        try Self.chmod(root, "media/cdrom/qcloud_action", 0o777)
        FakeImage.disk(root, extraMounts: "30 22 253:1 / /media/cdrom ro - iso9660 /dev/vda1 ro,nojoliet\n")
        let result = Self.run(root)
        #expect(result.status == .success, "\(result.console.standardError)")
        #expect(result.kernel.calls.mounts.isEmpty)
        // Read as Tencent Cloud's (qcloud_action/): the password is stored as the disc gives it.
        #expect(root.text("etc/shadow")?.hasPrefix("root:cXdlcjEyMzQK:") == true)

        // Only the mount read-only, over a writable file system (a read-only bind mount):
        // whoever may write it elsewhere still may, so the rule applies.
        root.write(osConf, try Self.vpc().replacingHostname("again"), mode: 0o666)
        try Self.chown(root, osConf, 1000)
        root.write("etc/shadow", FakeImage.shadow, mode: 0o640)
        root.write("etc/hostname", "debian\n")
        _ = unlink(root.real("var/lib/osconf2seed/state"))
        FakeImage.disk(root, extraMounts: "30 22 253:1 / /media/cdrom ro - ext4 /dev/vda1 rw\n")
        Self.expectRefused(
            root, osConf: osConf, message: "\(root.real("media/cdrom/qcloud_action")) is writable by others (mode 0777)"
        )
    }

    @Test("--os-conf and os_conf=: every directory from the tree's / down is judged")
    func configuredPath() throws {
        let root = try Self.image()
        root.write("srv/os.conf", try Self.vpc())
        try Self.chmod(root, "srv", 0o777)
        Self.expectRefused(
            root, ["--os-conf", "/srv/os.conf"], osConf: "srv/os.conf",
            message: "\(root.real("srv")) is writable by others (mode 0777)")
        root.write("etc/osconf2seed.conf", "os_conf=/srv/os.conf\n")
        Self.expectRefused(
            root, osConf: "srv/os.conf", message: "\(root.real("srv")) is writable by others (mode 0777)")
        try Self.chmod(root, "", 0o770)
        Self.expectRefused(
            root, osConf: "srv/os.conf", message: "\(root.path) is writable by its group (mode 0770)")
        try Self.chmod(root, "", 0o700)
        try Self.chmod(root, "srv", 0o755)
        root.link("srv/link.conf", to: "/srv/os.conf")
        Self.expectRefused(
            root, ["--os-conf", "/srv/link.conf"], osConf: "srv/link.conf",
            message: "\(root.real("srv/link.conf")) is a symbolic link")
        let result = Self.run(root)
        #expect(result.status == .success, "\(result.console.standardError)")
        #expect(!root.exists("srv/os.conf"))
    }

    @Test("--os-conf on a read-only file system: exempt below its mount point, judged above it")
    func configuredReadOnly() throws {
        let root = try Self.image()
        let osConf = "media/cdrom/qcloud_action/os.conf"
        root.write(osConf, try Self.vpc(), mode: 0o666)
        try Self.chown(root, osConf, 1000)
        try Self.chmod(root, "media", 0o777)
        FakeImage.disk(root, extraMounts: "30 22 11:0 / /media/cdrom ro - iso9660 /dev/sr0 ro\n")
        Self.expectRefused(
            root, ["--os-conf", "/" + osConf], osConf: osConf,
            message: "\(root.real("media")) is writable by others (mode 0777)")
        try Self.chmod(root, "media", 0o755)
        let result = Self.run(root, ["--os-conf", "/" + osConf])
        #expect(result.status == .success, "\(result.console.standardError)")
    }
}
