import OSConfKit
import Testing

/// `osconf2seed --version`: the version and the commit, from one constant and the C shim.
@Suite("--version")
struct ToolVersionTests {
    private func run(_ arguments: [String]) -> (ExitCode, CapturedConsole) {
        let console = CapturedConsole()
        let tool = OSConf2SeedTool(
            environment: ToolEnvironment(
                fileSystem: MemoryFileSystem(), console: console.console, random: FixedRandom()),
            boot: BootEnvironment(kernel: FakeKernel(), renderers: FakeImage.renderers))
        return (tool.run(arguments), console)
    }

    @Test("prints `osconf2seed VERSION (commit HASH)` on standard output", arguments: [["--version"], ["version"]])
    func versionLine(arguments: [String]) {
        let (status, console) = run(arguments)
        #expect(status == .success)
        #expect(console.standardOutput == "osconf2seed \(ToolVersion.number) (commit \(ToolVersion.commit))\n")
        #expect(console.standardError == "")
    }

    @Test("the version is MAJOR.MINOR.PATCH, as the package file names need it")
    func versionShape() {
        let parts = ToolVersion.number.split(separator: ".", omittingEmptySubsequences: false)
        #expect(parts.count == 3)
        #expect(parts.allSatisfy { !$0.isEmpty && $0.allSatisfy(\.isASCII) && $0.allSatisfy(\.isNumber) })
    }

    @Test("a build without OSCONF2SEED_COMMIT (swift build, the tests) says `unknown`")
    func commitDefault() {
        #expect(ToolVersion.commit == "unknown")
    }

    @Test("the help lists --version")
    func helpListsVersion() {
        let (status, console) = run(["--help"])
        #expect(status == .success)
        #expect(console.standardOutput.contains("  --version "))
    }
}
