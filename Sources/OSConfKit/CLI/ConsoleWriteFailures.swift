import Synchronization

/// The first failed write on each of standard output and standard error, shared by every copy
/// of one `Console` (the console is a value; its record must not be copied with it).
/// Only the first failure of a stream is kept: it is the cause, later ones its consequences.
final class ConsoleWriteFailures: Sendable {
    private let outputFailure = Mutex<SystemError?>(nil)
    private let errorFailure = Mutex<SystemError?>(nil)

    /// The first failed write on standard output, if any.
    var output: SystemError? { outputFailure.withLock { $0 } }
    /// The first failed write on standard error, if any.
    var error: SystemError? { errorFailure.withLock { $0 } }

    func recordOutput(_ failure: SystemError) {
        outputFailure.withLock { if $0 == nil { $0 = failure } }
    }

    func recordError(_ failure: SystemError) {
        errorFailure.withLock { if $0 == nil { $0 = failure } }
    }
}
