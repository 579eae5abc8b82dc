/// One `KEY=value` line of os.conf after shell-style unquoting.
public struct Assignment: Sendable, Hashable {
    public let key: String
    public let value: String
    /// 1-based.
    public let line: Int

    public init(key: String, value: String, line: Int) {
        self.key = key
        self.value = value
        self.line = line
    }
}
