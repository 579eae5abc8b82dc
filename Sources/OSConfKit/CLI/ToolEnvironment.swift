/// Everything a command touches outside itself: the file system, the console and the random
/// source. The executable passes the real ones; tests pass fakes.
public struct ToolEnvironment: Sendable {
    public var fileSystem: any FileSystem
    public var console: Console
    public var random: any RandomSource

    public init(fileSystem: any FileSystem, console: Console, random: any RandomSource) {
        self.fileSystem = fileSystem
        self.console = console
        self.random = random
    }

    /// The real system.
    public static let system = ToolEnvironment(
        fileSystem: SystemFileSystem(), console: .standard, random: SystemRandomSource())
}
