import OSConfKit
import Synchronization

/// A console whose output and error are kept for assertions, with fixed standard input.
/// Either stream can be made to fail, as a full disk or a closed descriptor would: a failing
/// stream keeps nothing and throws.
final class CapturedConsole: Sendable {
    private let output = Mutex<[UInt8]>([])
    private let error = Mutex<String>("")
    private let outputFault = Mutex<Errno?>(nil)
    private let errorFault = Mutex<Errno?>(nil)
    let input: [UInt8]

    init(input: [UInt8] = [], outputFault: Errno? = nil, errorFault: Errno? = nil) {
        self.input = input
        self.outputFault.withLock { $0 = outputFault }
        self.errorFault.withLock { $0 = errorFault }
    }

    var standardOutput: String { String(decoding: output.withLock { $0 }, as: UTF8.self) }
    var standardError: String { error.withLock { $0 } }

    /// Makes standard output fail with `fault` from now on (nil: work again).
    func failOutput(_ fault: Errno?) { outputFault.withLock { $0 = fault } }

    var console: Console {
        Console(
            writeOutput: { bytes throws(SystemError) in
                if let fault = self.outputFault.withLock({ $0 }) { throw SystemError(.write, "standard output", fault) }
                self.output.withLock { $0 += bytes }
            },
            writeError: { text throws(SystemError) in
                if let fault = self.errorFault.withLock({ $0 }) { throw SystemError(.write, "standard error", fault) }
                self.error.withLock { $0 += text }
            },
            readInput: { limit throws(SystemError) in
                if self.input.count > limit { throw SystemError(.read, "-", .fileTooLarge) }
                return self.input
            })
    }
}
