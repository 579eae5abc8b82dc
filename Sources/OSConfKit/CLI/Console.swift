/// Standard input, output and error, behind closures so tests can capture them (and make
/// writes fail).
///
/// A failed write cannot be ignored. The write closures throw; the console's write methods
/// keep the first failure of each stream in a record shared by every copy of the console, and
/// `OSConf2SeedTool.run` turns a recorded failure into exit 74 (EX_IOERR) instead of success.
/// The methods record rather than throw because output is written from everywhere, including
/// places where throwing would do harm: a boot log line that cannot be written must not stop
/// the boot job half-way through its work, and the error message of a failed command is written
/// from the last catch, with nothing left to throw to. The record sees every write, so no
/// caller can forget to check one.
public struct Console: Sendable {
    /// Reads standard input; more than `limit` bytes is an error.
    public var readInput: @Sendable (_ limit: Int) throws(SystemError) -> [UInt8]
    private let output: @Sendable ([UInt8]) throws(SystemError) -> Void
    private let errorOutput: @Sendable (String) throws(SystemError) -> Void
    private let failures: ConsoleWriteFailures

    /// `writeOutput` and `writeError` throw when not every byte could be written.
    public init(
        writeOutput: @escaping @Sendable ([UInt8]) throws(SystemError) -> Void,
        writeError: @escaping @Sendable (String) throws(SystemError) -> Void,
        readInput: @escaping @Sendable (_ limit: Int) throws(SystemError) -> [UInt8]
    ) {
        self.output = writeOutput
        self.errorOutput = writeError
        self.readInput = readInput
        self.failures = ConsoleWriteFailures()
    }

    private init(_ console: Console, failures: ConsoleWriteFailures) {
        self.output = console.output
        self.errorOutput = console.errorOutput
        self.readInput = console.readInput
        self.failures = failures
    }

    /// The process's own file descriptors 0, 1 and 2.
    public static let standard = Console(
        writeOutput: { bytes throws(SystemError) in try writeAll(1, bytes, name: "standard output") },
        writeError: { text throws(SystemError) in try writeAll(2, Array(text.utf8), name: "standard error") },
        readInput: { limit throws(SystemError) in
            var result: [UInt8] = []
            var chunk = [UInt8](repeating: 0, count: 16384)
            while true {
                let count = chunk.withUnsafeMutableBytes { read(0, $0.baseAddress, $0.count) }
                if count < 0 {
                    if errno == EINTR { continue }
                    throw SystemError(.read, "-", .current)
                }
                if count == 0 { return result }
                result += chunk[0..<count]
                if result.count > limit { throw SystemError(.read, "-", .fileTooLarge) }
            }
        }
    )

    private static func writeAll(_ fd: Int32, _ bytes: [UInt8], name: String) throws(SystemError) {
        var offset = 0
        while offset < bytes.count {
            let written = bytes[offset...].withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
            if written < 0 {
                if errno == EINTR { continue }
                throw SystemError(.write, name, .current)
            }
            // write(2) returns 0 for a non-empty buffer only on a device that takes no more.
            if written == 0 { throw SystemError(.write, name, .ioError) }
            offset += written
        }
    }

    /// Writes `bytes` on standard output; a failure is recorded (see the type's comment).
    public func writeOutput(_ bytes: [UInt8]) {
        do {
            try output(bytes)
        } catch {
            failures.recordOutput(error)
        }
    }

    /// Writes `text` on standard error; a failure is recorded (see the type's comment).
    public func writeError(_ text: String) {
        do {
            try errorOutput(text)
        } catch {
            failures.recordError(error)
        }
    }

    /// Prints one line on standard error.
    public func error(_ line: String) {
        writeError(line + "\n")
    }

    /// The first write on standard output that failed since this console was made.
    public var outputFailure: SystemError? { failures.output }

    /// The first write on standard error that failed since this console was made.
    public var errorFailure: SystemError? { failures.error }

    /// The same streams with a record of its own, empty: each run of the tool answers for
    /// its own writes, not for those of an earlier run on the same console.
    public func withNewFailureRecord() -> Console {
        Console(self, failures: ConsoleWriteFailures())
    }
}
