import OSConfKit
import Synchronization

/// A console whose output and error are kept for assertions, with fixed standard input.
final class CapturedConsole: Sendable {
    private let output = Mutex<[UInt8]>([])
    private let error = Mutex<String>("")
    let input: [UInt8]

    init(input: [UInt8] = []) {
        self.input = input
    }

    var standardOutput: String { String(decoding: output.withLock { $0 }, as: UTF8.self) }
    var standardError: String { error.withLock { $0 } }

    var console: Console {
        Console(
            writeOutput: { bytes in self.output.withLock { $0 += bytes } },
            writeError: { text in self.error.withLock { $0 += text } },
            readInput: { limit throws(SystemError) in
                if self.input.count > limit { throw SystemError(.read, "-", .fileTooLarge) }
                return self.input
            })
    }
}
