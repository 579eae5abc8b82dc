/// Process exit statuses, from sysexits.h, so scripts and init systems can tell causes apart.
public struct ExitCode: Sendable, Hashable, CustomStringConvertible {
    public let rawValue: Int32

    public init(_ rawValue: Int32) {
        self.rawValue = rawValue
    }

    public static let success = ExitCode(0)
    /// EX_USAGE: the command line is wrong.
    public static let usage = ExitCode(64)
    /// EX_DATAERR: os.conf is malformed or invalid.
    public static let dataError = ExitCode(65)
    /// EX_NOINPUT: the input file does not exist or cannot be read.
    public static let noInput = ExitCode(66)
    /// EX_UNAVAILABLE: something the job needs is not in the system (a package, a renderer).
    public static let unavailable = ExitCode(69)
    /// EX_SOFTWARE: an internal error.
    public static let software = ExitCode(70)
    /// EX_OSERR: a system call other than file I/O failed (mount, exec).
    public static let osError = ExitCode(71)
    /// EX_OSFILE: a system file (/etc/shadow, /proc/self/mountinfo) is missing or malformed.
    public static let osFile = ExitCode(72)
    /// EX_CANTCREAT: an output file or directory cannot be created.
    public static let cannotCreate = ExitCode(73)
    /// EX_IOERR: writing, flushing or renaming output failed.
    public static let ioError = ExitCode(74)

    /// EX_TEMPFAIL: try again later (another program holds the password file lock).
    public static let temporaryFailure = ExitCode(75)
    /// EX_NOPERM: os.conf is not trusted (someone besides root could have written it).
    public static let noPermission = ExitCode(77)
    /// EX_CONFIG: /etc/osconf2seed.conf is wrong.
    public static let configuration = ExitCode(78)

    public var description: String { String(rawValue) }

    /// The status for a failed file-system step on the output side.
    public static func forOutput(_ error: SystemError) -> ExitCode {
        switch error.operation {
        case .create, .mkdir: return .cannotCreate
        default: return error.errno == .accessDenied ? .cannotCreate : .ioError
        }
    }
}
