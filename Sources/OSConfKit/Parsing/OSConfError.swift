/// Why an os.conf was rejected, with where: the file, the line and the key.
///
/// Messages are lowercase, one line, and never contain the password value: no message quotes
/// it, and every other value a message quotes goes through ``QuotedValue``, which cuts it
/// before anything that could be a second assignment on the same line.
public struct OSConfError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What went wrong.
    public enum Reason: Sendable, Hashable {
        case notUTF8
        case containsNUL
        case tooLarge(limit: Int)
        case notAnAssignment(String)
        case invalidValue(String)
        case missingKey(String)
        case noDefaultRoute
        /// No known key has a value: the file is empty, only comments, or only unknown keys.
        /// Such a file is not what the cloud writes, and acting on it would configure nothing.
        case setsNothing
    }

    public var file: String
    /// 1-based line number; nil when the problem is the file as a whole.
    public var line: Int?
    public var key: String?
    public var reason: Reason

    public init(file: String, line: Int?, key: String?, reason: Reason) {
        self.file = file
        self.line = line
        self.key = key
        self.reason = reason
    }

    public var description: String {
        SourceLocation.describe(file: file, line: line, key: key) + ": \(message)"
    }

    /// What is wrong, without the place: the text after `file:line: key: `.
    public var message: String {
        switch reason {
        case .notUTF8: return "not valid UTF-8"
        case .containsNUL: return "contains a NUL byte"
        case .tooLarge(let limit): return "file is larger than \(limit) bytes, which no os.conf is"
        case .notAnAssignment(let why): return "not a plain KEY=value assignment: \(why)"
        case .invalidValue(let why): return why
        case .missingKey(let missing): return "\(missing) is missing or empty"
        case .noDefaultRoute:
            return "no default route: no ethN_route holds 0.0.0.0/0 and no ethN_gateway is set"
        case .setsNothing:
            return "sets nothing osconf2seed knows: no hostname, password, dns_nameserver or ethN_ key has a value"
        }
    }
}
