/// A command line that cannot be run; the tool prints the message and exits 64.
public struct UsageError: Error, Sendable, Hashable, CustomStringConvertible {
    public let message: String

    public init(_ message: String) {
        self.message = message
    }

    public var description: String { message }
}
