/// A POSIX error number with its C library message.
public struct Errno: Error, Sendable, Hashable, CustomStringConvertible {
    public let rawValue: Int32

    public init(rawValue: Int32) {
        self.rawValue = rawValue
    }

    /// The calling thread's current `errno`.
    public static var current: Errno { Errno(rawValue: errno) }

    public var description: String {
        guard let message = strerror(rawValue) else { return "error \(rawValue)" }
        return String(cString: message)
    }

    public static let noSuchFile = Errno(rawValue: ENOENT)
    public static let exists = Errno(rawValue: EEXIST)
    public static let interrupted = Errno(rawValue: EINTR)
    public static let ioError = Errno(rawValue: EIO)
    public static let noSpace = Errno(rawValue: ENOSPC)
    public static let accessDenied = Errno(rawValue: EACCES)
    public static let notDirectory = Errno(rawValue: ENOTDIR)
    public static let isDirectory = Errno(rawValue: EISDIR)
    public static let tooManyLinks = Errno(rawValue: ELOOP)
    public static let fileTooLarge = Errno(rawValue: EFBIG)
    public static let notEmpty = Errno(rawValue: ENOTEMPTY)
    public static let busy = Errno(rawValue: EBUSY)
    public static let notPermitted = Errno(rawValue: EPERM)
    /// A read that found a FIFO, socket or device where a regular file must be. No errno says
    /// exactly that; `EFTYPE` is BSD's. ``SystemError`` words it itself.
    public static let notRegularFile = Errno(rawValue: EINVAL)
}
