/// The trust rule for os.conf, after sshd's `StrictModes`: os.conf sets root's password, so the
/// job applies it only when nobody but root can have written it or put another file in its place.
///
/// Judged from what lstat(2) reports, links not followed. On writable media every directory
/// from the top (the partition's root, which is its mount point, or the tree's `/` for a
/// configured path) down to os.conf must be a directory owned by root that neither its group
/// nor others may write, and os.conf must be a regular file owned by root. A symbolic link on
/// the way is refused rather than followed, so what is judged is what is read.
///
/// The sticky bit does not make a world-writable directory safe: anyone may still create the
/// names below it before the cloud does (a hard link to some other root-owned file passes the
/// owner test), and sshd refuses such directories too.
///
/// A root-owned os.conf that its group or others may write is applied with a warning: the cloud
/// writes the file while the instance is stopped, and its mode is not documented.
///
/// Entries on a read-only file system are exempt from the owner and mode tests: nothing can
/// change them while it is mounted (Tencent's config drive is a read-only iso9660 disc).
public enum OSConfTrust {
    /// One entry on the way to os.conf, as lstat(2) reported it.
    public struct Step: Sendable, Hashable {
        public var path: String
        public var status: FileStatus
        /// On a read-only file system, where owner and mode are not judged.
        public var isOnReadOnlyMedia: Bool

        public init(path: String, status: FileStatus, isOnReadOnlyMedia: Bool = false) {
            self.path = path
            self.status = status
            self.isOnReadOnlyMedia = isOnReadOnlyMedia
        }
    }

    /// What the rule says about one os.conf.
    public enum Verdict: Sendable, Hashable {
        case trusted
        /// Applied, with this warning in the log.
        case trustedWithWarning(String)
        /// Not applied; the reason names the path at fault.
        case untrusted(String)
    }

    /// The rule itself: `steps` are the directories from the top down, then os.conf.
    public static func judge(_ steps: [Step]) -> Verdict {
        guard let file = steps.last else { return .untrusted("no path to judge") }
        for directory in steps.dropLast() {
            if let problem = problem(withDirectory: directory) { return .untrusted(problem) }
        }
        switch file.status.type {
        case .regular: break
        case .symbolicLink: return .untrusted("\(file.path) is a symbolic link")
        case .directory, .other: return .untrusted("\(file.path) is not a regular file")
        }
        if file.isOnReadOnlyMedia { return .trusted }
        if file.status.owner.user != 0 {
            return .untrusted("\(file.path) is owned by uid \(file.status.owner.user), not root")
        }
        if let writers = writers(file.status.mode) {
            return .trustedWithWarning(
                "\(file.path) is writable by \(writers) (mode \(octal(file.status.mode))); "
                    + "applied because root owns it and every directory above it")
        }
        return .trusted
    }

    /// Applies the rule to os.conf at `file`, a real path below `top`. Entries at or below
    /// `readOnlyMount` (the mount point of the read-only file system that holds os.conf) are on
    /// read-only media. Returns the warning to log, if any; an untrusted os.conf is EX_NOPERM.
    public static func check(
        _ file: String, from top: String, readOnlyMount: String?, fileSystem: any FileSystem
    ) throws(CommandFailure) -> String? {
        guard let paths = paths(to: file, from: top) else {
            throw CommandFailure("not trusting \(file): it is not below \(top)", exitCode: .noPermission)
        }
        var steps: [Step] = []
        for path in paths {
            let status: FileStatus?
            do {
                status = try fileSystem.status(at: path)
            } catch {
                throw CommandFailure(error.description, exitCode: .noInput)
            }
            guard let status else {
                throw CommandFailure(SystemError(.stat, path, .noSuchFile).description, exitCode: .noInput)
            }
            let readOnly = readOnlyMount.map { isAtOrBelow(path, $0) } ?? false
            steps.append(Step(path: path, status: status, isOnReadOnlyMedia: readOnly))
        }
        // What can never be read as os.conf (a FIFO, a socket, a device, a directory) is an
        // input error, whoever owns it: refused before anything opens it.
        if let last = steps.last, last.status.type == .directory || last.status.type == .other {
            let errno: Errno = last.status.type == .directory ? .isDirectory : .notRegularFile
            throw CommandFailure(SystemError(.read, file, errno).description, exitCode: .noInput)
        }
        switch judge(steps) {
        case .trusted: return nil
        case .trustedWithWarning(let warning): return warning
        case .untrusted(let reason): throw CommandFailure("not trusting \(file): \(reason)", exitCode: .noPermission)
        }
    }

    /// `top`, every directory below it on the way to `file`, and `file`; nil when `file` is not
    /// below `top`. Compared byte by byte: paths are bytes to the kernel, not text.
    public static func paths(to file: String, from top: String) -> [String]? {
        guard isBelow(file, top) else { return nil }
        let base = withoutTrailingSlashes(top)
        var paths = [top]
        var current = base
        let rest = String(decoding: file.utf8.dropFirst(base.utf8.count), as: UTF8.self)
        for component in rest.split(separator: "/") {
            current += "/" + component
            paths.append(current)
        }
        return paths
    }

    /// True when `path` names an entry under `directory`.
    private static func isBelow(_ path: String, _ directory: String) -> Bool {
        let prefix = withoutTrailingSlashes(directory) + "/"
        return path.utf8.count > prefix.utf8.count && path.utf8.starts(with: prefix.utf8)
    }

    private static func isAtOrBelow(_ path: String, _ directory: String) -> Bool {
        withoutTrailingSlashes(path).utf8.elementsEqual(withoutTrailingSlashes(directory).utf8)
            || isBelow(path, directory)
    }

    /// `/` becomes the empty string, so that appending `/name` gives an absolute path.
    private static func withoutTrailingSlashes(_ path: String) -> String {
        var trimmed = Substring(path)
        while trimmed.hasSuffix("/") { trimmed = trimmed.dropLast() }
        return String(trimmed)
    }

    private static func problem(withDirectory step: Step) -> String? {
        switch step.status.type {
        case .directory: break
        case .symbolicLink: return "\(step.path) is a symbolic link"
        case .regular, .other: return "\(step.path) is not a directory"
        }
        if step.isOnReadOnlyMedia { return nil }
        if step.status.owner.user != 0 { return "\(step.path) is owned by uid \(step.status.owner.user), not root" }
        if let writers = writers(step.status.mode) {
            return "\(step.path) is writable by \(writers) (mode \(octal(step.status.mode)))"
        }
        return nil
    }

    /// Who besides the owner may write: others first, as the wider grant.
    private static func writers(_ mode: UInt32) -> String? {
        if mode & 0o002 != 0 { return "others" }
        if mode & 0o020 != 0 { return "its group" }
        return nil
    }

    private static func octal(_ mode: UInt32) -> String {
        let digits = String(mode, radix: 8)
        return String(repeating: "0", count: max(0, 4 - digits.count)) + digits
    }
}
