/// Findings about an os.conf (errors and warnings) in the one JSON shape that `validate --json`
/// and the model of `convert --format json` share.
extension JSONValue {
    /// `{"line": Int|null, "key": String|null, "message": String}`: `line` is 1-based and null
    /// for the file as a whole; `key` is cut like in every message (``SourceLocation``). The
    /// message is the same text as after `file:line: key: ` on standard error, which never
    /// holds the password.
    public static func finding(line: Int?, key: String?, message: String) -> JSONValue {
        .object([
            ("line", .optional(line, JSONValue.integer)),
            ("key", .optional(key) { .string(SourceLocation.shown(key: $0)) }),
            ("message", .string(message)),
        ])
    }

    /// A warning as a finding (its message without the `warning: ` mark).
    public static func finding(_ warning: Diagnostic) -> JSONValue {
        finding(line: warning.line, key: warning.key, message: warning.message)
    }

    /// An error as a finding.
    public static func finding(_ error: OSConfError) -> JSONValue {
        finding(line: error.line, key: error.key, message: error.message)
    }
}
