/// How much a finding matters (IMAGE-CHECKS.md section 7): an error means the instance will not
/// boot, not be reachable, or the import fails; a warning, that a cloud check flags it or a
/// function is degraded; info is for the report only.
public enum CheckSeverity: Int, Sendable, Hashable, Comparable, CaseIterable, CustomStringConvertible {
    case info
    case warning
    case error

    /// `error`, `warning`, `info`.
    public var description: String {
        switch self {
        case .info: return "info"
        case .warning: return "warning"
        case .error: return "error"
        }
    }

    /// Info before warning before error.
    public static func < (lhs: CheckSeverity, rhs: CheckSeverity) -> Bool { lhs.rawValue < rhs.rawValue }

    /// One step lower (an error's lesser case is a warning); info stays info.
    var lesser: CheckSeverity { CheckSeverity(rawValue: max(0, rawValue - 1)) ?? .info }
}
