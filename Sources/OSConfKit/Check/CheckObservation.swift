/// A finding before the profile has given it a severity: what a check function returns.
struct CheckObservation: Sendable, Hashable {
    /// Which of an item's cases this is: the table's severity, one step lower (the `W` of an
    /// `E/W` item), or info whatever the profile.
    enum Grade: Sendable, Hashable {
        case full, lesser, info
    }

    var item: CheckItem
    var grade: Grade = .full
    var status: CheckFinding.Status = .fail
    var message: String
    var file: String?
    var line: Int?
    var fix: String

    /// The finding under `profile`, or nil when the profile does not check the item. An
    /// `unknown` is at most a warning: the table marks undecidable cases `W "unknown"`, and a
    /// guess must not fail a pipeline.
    func finding(in profile: CheckProfile) -> CheckFinding? {
        guard let base = item.severity(in: profile) else { return nil }
        var severity: CheckSeverity
        switch grade {
        case .full: severity = base
        case .lesser: severity = base.lesser
        case .info: severity = .info
        }
        if status == .unknown { severity = min(severity, .warning) }
        return CheckFinding(
            item: item, severity: severity, status: status, message: message, file: file, line: line, fix: fix)
    }
}
