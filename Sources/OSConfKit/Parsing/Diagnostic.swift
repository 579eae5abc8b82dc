/// A warning about input that was accepted but not used as written (an unknown key, a
/// repeated key, a dropped second default route).
public struct Diagnostic: Sendable, Hashable, CustomStringConvertible {
    public var file: String
    public var line: Int?
    public var key: String?
    public var message: String

    public init(file: String, line: Int?, key: String?, message: String) {
        self.file = file
        self.line = line
        self.key = key
        self.message = message
    }

    public var description: String {
        SourceLocation.describe(file: file, line: line, key: key) + ": warning: \(message)"
    }
}
