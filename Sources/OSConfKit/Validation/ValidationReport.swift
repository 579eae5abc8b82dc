/// What `validate` found in one os.conf: every error and warning, or why it could not be read.
///
/// Nothing here holds a value of the file beyond what the parser's messages quote, and those
/// never quote the password (see ``OSConfError``).
public struct ValidationReport: Sendable {
    /// The path as given or found (`<stdin>` for `-`).
    public let file: String
    /// Every error the parser found (see ``OSConfParser/check(_:)``), in line order; empty when
    /// valid.
    public let errors: [OSConfError]
    public let warnings: [Diagnostic]
    /// Why the file could not be read at all, as the text after `file: ` (`cannot read: not a
    /// regular file`; a directory that holds no os.conf); then `errors` and `warnings` are empty.
    public let readFailure: String?

    /// Errors and warnings are kept in line order (stable; those about the whole file last), so
    /// a reader can walk the file top to bottom.
    public init(file: String, errors: [OSConfError], warnings: [Diagnostic], readFailure: String? = nil) {
        self.file = file
        self.errors = Self.inLineOrder(errors, line: { $0.line })
        self.warnings = Self.inLineOrder(warnings, line: { $0.line })
        self.readFailure = readFailure
    }

    private static func inLineOrder<Finding>(_ findings: [Finding], line: (Finding) -> Int?) -> [Finding] {
        findings.enumerated()
            .sorted { ((line($0.element) ?? Int.max), $0.offset) < ((line($1.element) ?? Int.max), $1.offset) }
            .map({ $0.element })
    }

    /// Read, and free of errors.
    public var isValid: Bool { readFailure == nil && errors.isEmpty }

    /// The report of a file that could not be read because of `error`.
    public static func unreadable(_ file: String, _ error: SystemError) -> ValidationReport {
        ValidationReport(file: file, errors: [], warnings: [], readFailure: "cannot read: \(error.reason)")
    }

    /// One line per finding, `file:line: key: message` (warnings: `... key: warning: message`),
    /// errors first, each group in the order found. Empty for a valid file without warnings.
    public var lines: [String] {
        var lines: [String] = []
        if let message = readFailure { lines.append("\(file): \(message)") }
        lines += errors.map({ $0.description })
        lines += warnings.map({ $0.description })
        return lines
    }

    /// `{"file", "valid", "errors", "warnings"}`; each finding `{"line", "key", "message"}`
    /// (see ``JSONValue/finding(line:key:message:)``). A read failure is an error with null
    /// line and key.
    public var json: JSONValue {
        var errorValues = readFailure.map { [JSONValue.finding(line: nil, key: nil, message: $0)] } ?? []
        errorValues += errors.map(JSONValue.finding)
        return .object([
            ("file", .string(file)),
            ("valid", .boolean(isValid)),
            ("errors", .array(errorValues)),
            ("warnings", .array(warnings.map(JSONValue.finding))),
        ])
    }

    /// The status of a run over `reports`: 0 when every file is valid; 65 (EX_DATAERR) when
    /// any file that was read is invalid; else 66 (EX_NOINPUT) when one could not be read. A
    /// data error wins: it is what a linter is asked to find, and the unreadable file is
    /// listed all the same.
    public static func exitCode(for reports: [ValidationReport]) -> ExitCode {
        if reports.contains(where: { !$0.errors.isEmpty }) { return .dataError }
        if reports.contains(where: { $0.readFailure != nil }) { return .noInput }
        return .success
    }
}
