import OSConfKit
import Testing

@Suite("osconf2seed check: the items on fixture trees")
struct ImageCheckTests {
    private func report(_ root: TemporaryRoot, _ profile: CheckProfile) throws -> CheckReport {
        ImageCheck(tree: try root.tree(), profile: profile).run()
    }

    /// The findings as comparable keys: id, severity, status.
    private func keys(_ report: CheckReport) -> [String] {
        report.findings.map { "\($0.item) \($0.severity) \($0.status.rawValue)" }
    }

    @Test("the passing image has no finding for ali-custom but the undecidable disk.free")
    func goodImage() throws {
        let root = try TemporaryRoot()
        CheckImage.good(root)
        let result = try report(root, .aliCustom)
        #expect(keys(result) == ["disk.free info unknown"])
        #expect(!result.hasErrors)
        #expect(result.facts.operatingSystem == "Debian GNU/Linux 12 (bookworm)")
        #expect(result.facts.bootMode == "bios")
        #expect(result.facts.initSystem == "systemd")
        #expect(result.facts.cloudInit == "23.4")
    }

    @Test(
        "each breakage gives its item, with the profile's severity, and no other new finding",
        arguments: CheckImage.breakages)
    func breakage(_ breakage: CheckImage.Breakage) throws {
        let good = try TemporaryRoot()
        CheckImage.good(good)
        let before = try report(good, breakage.profile)
        #expect(!before.findings.contains { $0.item == breakage.item }, "the passing image fails \(breakage.item)")

        let broken = try TemporaryRoot()
        CheckImage.good(broken)
        breakage.apply(broken)
        let after = try report(broken, breakage.profile)
        let added = after.findings.filter { !before.findings.contains($0) }
        #expect(added.map(\.item) == [breakage.item], "\(added)")
        #expect(added.first?.severity == breakage.severity)
        #expect(added.first?.status == breakage.status)
        #expect(added.allSatisfy { !$0.message.isEmpty && !$0.fix.isEmpty })
        #expect(after.hasErrors == (after.findings.contains { $0.severity == .error }))
    }

    @Test("every item of section 7 that a root tree can show has a failing fixture")
    func coverage() {
        let covered = Set(CheckImage.breakages.map(\.item))
        let missing = CheckItem.allCases.filter { !covered.contains($0) && $0 != .diskFree && !$0.isDiskItem }
        #expect(missing.isEmpty, "no breakage for \(missing)")
    }

    @Test("an unreadable sshd_config makes ssh.root unknown, not a pass")
    func unreadableSSHConfig() throws {
        let root = try TemporaryRoot()
        CheckImage.good(root)
        CheckImage.remove(root, "etc/ssh/sshd_config.d/50-cloud.conf")
        root.mkdir("etc/ssh/sshd_config.d/50-cloud.conf")
        let finding = try report(root, .aliCustom).findings.first { $0.item == .sshRoot }
        #expect(finding?.status == .unknown)
        #expect(finding?.file == "/etc/ssh/sshd_config.d/50-cloud.conf")
        // Not a permission problem: the fix is the image's file, not running as root.
        #expect(finding?.fix.hasPrefix("make /etc/ssh/sshd_config.d/50-cloud.conf a regular text file") == true)
    }

    @Test("findings name the file and line")
    func location() throws {
        let root = try TemporaryRoot()
        CheckImage.good(root)
        root.write("etc/fstab", "# comment\n\n/dev/sda2 / ext4 defaults 0 1\n")
        let finding = try report(root, .aliCustom).findings.first { $0.item == .fstabByName }
        #expect(finding?.location == "/etc/fstab:3")
    }

    @Test("a swap line by device name is named as swap space, not by its mount point none")
    func swapByName() throws {
        let root = try TemporaryRoot()
        CheckImage.good(root)
        root.write(
            "etc/fstab", "UUID=0b5c4c42-3f4e-4a1e-8d3b-3c1c2a4e5f60 / ext4 defaults 0 1\n/dev/sda2 none swap sw 0 0\n")
        let byName = try report(root, .aliCustom).findings.filter { $0.item == .fstabByName }
        #expect(
            byName.map(\.message) == ["swap space is found by device name /dev/sda2, which changes with the disk bus"])
        #expect(byName.first?.location == "/etc/fstab:2")
    }

    @Test("check reads only: the tree is byte for byte the same afterwards", arguments: CheckProfile.allCases)
    func readOnly(_ profile: CheckProfile) throws {
        let root = try TemporaryRoot()
        CheckImage.good(root)
        for breakage in CheckImage.breakages.prefix(5) { breakage.apply(root) }
        let before = root.exactListing()
        _ = try report(root, profile)
        #expect(root.exactListing() == before)
    }

    /// The check on the good image with the inode flags of some files made up.
    private func flagged(_ answers: [String: FlaggedFileSystem.Answer]) throws -> [CheckFinding] {
        let root = try TemporaryRoot()
        CheckImage.good(root)
        let tree = try RootTree(root: root.path, fileSystem: FlaggedFileSystem(answers: answers))
        return ImageCheck(tree: tree, profile: .aliCustom).run().findings.filter { $0.item == .shadowWritable }
    }

    @Test(
        "an immutable or append-only account file fails shadow.writable with the profile's severity",
        arguments: ["/etc/shadow", "/etc/passwd", "/etc/group", "/etc/gshadow"], [InodeFlags.immutable, .appendOnly])
    func lockedAccountFile(_ path: String, _ flag: InodeFlags) throws {
        let findings = try flagged([path: .flags([flag, InodeFlags(rawValue: 0x80000)])])
        #expect(findings.count == 1, "\(findings)")
        #expect(findings.first?.status == .fail)
        #expect(findings.first?.severity == CheckItem.shadowWritable.severity(in: .aliCustom))
        #expect(findings.first?.file == path)
        #expect(findings.first?.message.contains(flag == .immutable ? "chattr +i" : "chattr +a") == true)
    }

    @Test("account files with other flags only (extents) or none pass shadow.writable")
    func unlockedAccountFiles() throws {
        let other = FlaggedFileSystem.Answer.flags(InodeFlags(rawValue: 0x80000))
        #expect(try flagged(["/etc/shadow": other, "/etc/passwd": .flags([])]).isEmpty)
    }

    @Test("flags that cannot be read make shadow.writable unknown, with the reason")
    func unreadableFlags() throws {
        let findings = try flagged(["/etc/group": .failure(.ioError)])
        #expect(findings.count == 1, "\(findings)")
        #expect(findings.first?.status == .unknown)
        #expect(findings.first?.severity == .warning)
        #expect(findings.first?.file == "/etc/group")
        #expect(findings.first?.message.contains(Errno.ioError.description.lowercased()) == true)
    }
}
