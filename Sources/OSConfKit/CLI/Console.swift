#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#endif

/// Standard input, output and error, behind closures so tests can capture them.
public struct Console: Sendable {
    public var writeOutput: @Sendable ([UInt8]) -> Void
    public var writeError: @Sendable (String) -> Void
    public var readInput: @Sendable (_ limit: Int) throws(SystemError) -> [UInt8]

    public init(
        writeOutput: @escaping @Sendable ([UInt8]) -> Void, writeError: @escaping @Sendable (String) -> Void,
        readInput: @escaping @Sendable (_ limit: Int) throws(SystemError) -> [UInt8]
    ) {
        self.writeOutput = writeOutput
        self.writeError = writeError
        self.readInput = readInput
    }

    /// The process's own file descriptors 0, 1 and 2.
    public static let standard = Console(
        writeOutput: { bytes in writeAll(1, bytes) },
        writeError: { text in writeAll(2, Array(text.utf8)) },
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

    private static func writeAll(_ fd: Int32, _ bytes: [UInt8]) {
        var offset = 0
        while offset < bytes.count {
            let written = bytes[offset...].withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
            if written < 0 && errno == EINTR { continue }
            if written <= 0 { return }
            offset += written
        }
    }

    /// Prints one line on standard error.
    public func error(_ line: String) {
        writeError(line + "\n")
    }
}
