import OSConfKit
import Testing

@Suite("the command line kept at process start")
struct ProcessArgumentsTests {
    @Test("the constructor in CShim kept argc and argv: the same list the runtime reads from /proc")
    func matchesCommandLine() throws {
        // With /proc mounted (the test run) CommandLine.arguments works and is the reference;
        // nil would mean that the constructor did not run or was passed nothing.
        let captured = try #require(ProcessArguments.captured)
        #expect(captured == CommandLine.arguments)
        #expect(ProcessArguments.all == captured)
    }
}
