/// A command that stopped: the message for standard error and the exit status.
public struct CommandFailure: Error, Sendable, CustomStringConvertible {
    public let message: String
    public let exitCode: ExitCode

    public init(_ message: String, exitCode: ExitCode) {
        self.message = message
        self.exitCode = exitCode
    }

    public init(_ error: UsageError) {
        self.init(error.message, exitCode: .usage)
    }

    public init(_ error: OSConfError) {
        self.init(error.description, exitCode: .dataError)
    }

    public var description: String { message }
}
