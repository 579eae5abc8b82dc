/// The result of one `check`: the profile, the image's facts and the findings.
public struct CheckReport: Sendable, Hashable {
    /// The `schema` of the `--json` document; raised when a member changes meaning or goes away.
    public static let schema = 1

    /// The profile the severities come from.
    public var profile: CheckProfile
    /// The tree as given on the command line.
    public var root: String
    /// What the image is.
    public var facts: CheckFacts
    /// Worst first.
    public var findings: [CheckFinding]

    /// A report as given.
    public init(profile: CheckProfile, root: String, facts: CheckFacts, findings: [CheckFinding]) {
        self.profile = profile
        self.root = root
        self.facts = facts
        self.findings = findings
    }

    /// How many findings have `severity`.
    public func count(_ severity: CheckSeverity) -> Int { findings.filter { $0.severity == severity }.count }

    /// How many findings could not be decided.
    public var unknownCount: Int { findings.filter { $0.status == .unknown }.count }

    /// True when some finding is an error: the image will not boot, be reachable, or import.
    public var hasErrors: Bool { count(.error) > 0 }

    /// True when the root-tree items were skipped because the image's file systems could not
    /// be mounted (`disk.mount`): a run that read the partition table but not the system on it
    /// has not checked the image.
    public var skippedRootTree: Bool { findings.contains { $0.item == .diskMount } }

    /// `2 errors, 1 warning, 0 info (1 unknown)`.
    public var summary: String {
        let errors = count(.error)
        let warnings = count(.warning)
        return "\(errors) \(errors == 1 ? "error" : "errors"), \(warnings) \(warnings == 1 ? "warning" : "warnings"), "
            + "\(count(.info)) info (\(unknownCount) unknown)"
    }
}
