/// One thing `check` found about an image: which item, how bad under the profile, what and
/// where, and the one-line fix. Findings never hold a secret: they name files and settings,
/// never a password hash or key material.
public struct CheckFinding: Sendable, Hashable {
    /// `fail`: the item is not met; `unknown`: the check could not decide, and says why.
    public enum Status: String, Sendable, Hashable {
        case fail
        case unknown
    }

    /// The item of IMAGE-CHECKS.md section 7.
    public var item: CheckItem
    /// The item's severity under the profile (an `unknown` at most a warning).
    public var severity: CheckSeverity
    /// Failed, or could not be decided.
    public var status: Status
    /// What was found (or, for `unknown`, why it could not be decided): one line.
    public var message: String
    /// The image's own path (`/etc/fstab`), nil when the finding is about the image as a whole.
    public var file: String?
    /// 1-based line in ``file``, nil when not about one line.
    public var line: Int?
    /// What to do about it: one line.
    public var fix: String

    /// A finding as given.
    public init(
        item: CheckItem, severity: CheckSeverity, status: Status, message: String, file: String?, line: Int?,
        fix: String
    ) {
        self.item = item
        self.severity = severity
        self.status = status
        self.message = message
        self.file = file
        self.line = line
        self.fix = fix
    }

    /// `file:line`, `file`, or `-`.
    public var location: String {
        guard let file else { return "-" }
        return line.map { "\(file):\($0)" } ?? file
    }
}
