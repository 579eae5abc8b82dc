/// A failed file-system step: which operation, on which path, and why.
public struct SystemError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The step that failed, so callers can tell "cannot create" from "cannot write".
    public enum Operation: String, Sendable, Hashable {
        case open, read, create, write, sync, rename, unlink, mkdir, stat, mount, unmount, execute, lock
    }

    public let operation: Operation
    public let path: String
    public let errno: Errno

    public init(_ operation: Operation, _ path: String, _ errno: Errno) {
        self.operation = operation
        self.path = path
        self.errno = errno
    }

    public var description: String {
        let verb: String
        switch operation {
        case .open, .read: verb = "cannot read"
        case .create, .mkdir: verb = "cannot create"
        case .write: verb = "cannot write"
        case .sync: verb = "cannot flush"
        case .rename: verb = "cannot rename into"
        case .unlink: verb = "cannot remove"
        case .stat: verb = "cannot inspect"
        case .mount: verb = "cannot mount"
        case .unmount: verb = "cannot unmount"
        case .execute: verb = "cannot run"
        case .lock: verb = "cannot lock"
        }
        return "\(verb) \(path): \(reason)"
    }

    /// Why, without the operation and the path: `not a regular file`, `no such file or directory`.
    public var reason: String {
        if operation == .read && errno == .notRegularFile { return "not a regular file" }
        return errno.description.lowercased()
    }
}
