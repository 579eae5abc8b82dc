import OSConfKit
import Testing

@Suite("osconf2seed check: command line, report and exit status")
struct CheckCommandTests {
    private struct Run {
        let status: ExitCode
        let console: CapturedConsole
    }

    private func run(_ arguments: [String]) -> Run {
        let console = CapturedConsole()
        let tool = OSConf2SeedTool(
            environment: ToolEnvironment(
                fileSystem: SystemFileSystem(), console: console.console, random: FixedRandom()))
        return Run(status: tool.run(["check"] + arguments), console: console)
    }

    /// The fixture report shown in the README: the passing image with three breakages.
    private func sampleReport(_ profile: CheckProfile) throws -> CheckReport {
        let root = try TemporaryRoot()
        CheckImage.good(root)
        for name in ["/ by /dev/sda2", "PermitRootLogin no first", "no aliyun_custom_image"] {
            CheckImage.breakages.first { $0.name == name }?.apply(root)
        }
        var report = ImageCheck(tree: try root.tree(), profile: profile).run()
        report.root = "/mnt/image"
        return report
    }

    static let statusCases: [([String], Int32)] = [
        (["--root", "GOOD"], 0), (["--root", "GOOD", "--json"], 0), (["--root", "BROKEN"], 1),
        (["--root", "BROKEN", "--profile", "tc", "--json"], 1), (["--root", "GOOD", "--profile", "aws"], 64),
        (["--image", "/nonexistent/disk.raw"], 66), (["--image", ""], 64),
        (["--root", "GOOD", "--image", "disk.raw"], 64), ([], 64),
        (["--root", ""], 64), (["--root", "GOOD", "extra"], 64), (["--root", "/nonexistent/image"], 66),
        (["--root", "FILE"], 66),
    ]

    @Test("the table and the JSON document match their golden files")
    func golden() throws {
        let report = try sampleReport(.aliCustom)
        try Snapshot.assertMatches(
            [
                RenderedFile(path: "report.txt", contents: CheckReportRenderer.table(report)),
                RenderedFile(path: "report.json", contents: CheckReportRenderer.json(report).rendered),
            ], named: "check")
    }

    @Test(
        "exit status: 0 without errors, 1 with errors, 64 usage, 66 no root directory",
        arguments: Self.statusCases)
    func status(arguments: [String], expected: Int32) throws {
        let good = try TemporaryRoot()
        CheckImage.good(good)
        let broken = try TemporaryRoot()
        CheckImage.good(broken)
        CheckImage.breakages.first { $0.item == .fstabByName }?.apply(broken)
        let names = ["GOOD": good.path, "BROKEN": broken.path, "FILE": good.real("etc/passwd")]
        let resolved = arguments.map { names[$0] ?? $0 }
        let result = run(resolved)
        #expect(result.status == ExitCode(expected), "\(result.console.standardError)")
        if expected >= 64 {
            #expect(result.console.standardOutput.isEmpty)
            #expect(result.console.standardError.hasPrefix("osconf2seed: "))
        } else {
            #expect(result.console.standardError.isEmpty)
            #expect(!result.console.standardOutput.isEmpty)
        }
    }

    @Test("--image on a directory or a missing file names it and exits 66")
    func image() {
        let result = run(["--image", "/nonexistent/disk.raw"])
        #expect(result.status == ExitCode(66))
        #expect(result.console.standardError.contains("--image /nonexistent/disk.raw"))
    }

    @Test("--image follows a link to the image file, and refuses a directory or a FIFO (66) without opening it")
    func imageTypes() throws {
        let root = try TemporaryRoot()
        root.write("disk.raw", bytes: [UInt8](repeating: 0, count: 1 << 20))
        root.link("link.raw", to: "disk.raw")
        root.mkdir("directory")
        #expect(mkfifo(root.real("fifo"), 0o644) == 0)
        // An all-zero 1 MiB disk: no partition, too small; errors, so status 1.
        let linked = run(["--image", root.real("link.raw"), "--json"])
        #expect(linked.status == ExitCode(1))
        #expect(linked.console.standardOutput.contains("disk.root"))
        #expect(linked.console.standardOutput.contains("raw, 1 MiB"))
        // No root file system was read: the table claims nothing about it.
        let table = run(["--image", root.real("link.raw")]).console.standardOutput
        #expect(table.contains("root file system not read"))
        #expect(!table.contains("cloud-init absent") && !table.contains("kernels none"))
        // Not a disk image at all: one finding, no advice on its size or boot code.
        #expect(table.contains("is not a disk image") && !table.contains("qemu-img resize"))
        #expect(table.contains("summary: 1 error,"))
        for name in ["directory", "fifo"] {
            let refused = run(["--image", root.real(name)])
            #expect(refused.status == ExitCode(66))
            #expect(refused.console.standardError.contains("--image \(root.real(name))"))
        }
    }

    @Test("--help lists the profiles and exit statuses")
    func help() {
        let result = run(["--help"])
        #expect(result.status == .success)
        for word in ["ali-custom", "tc-force", "--json", "Exit 0", "1 when"] {
            #expect(result.console.standardOutput.contains(word))
        }
    }
}
