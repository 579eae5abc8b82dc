/// The small wrappers every system-call site shares.
enum SystemCall {
    /// `O_PATH` (a descriptor that only names a place), which Glibc's module leaves out because
    /// it needs `_GNU_SOURCE`; the same value on x86_64 and aarch64.
    static let pathOnly: Int32 = 0o10000000

    /// Repeats `call` while it fails with `EINTR`: a signal must not turn into a failed step.
    @inline(__always)
    static func retrying<T: BinaryInteger>(_ call: () -> T) -> T {
        while true {
            let result = call()
            if result >= 0 || errno != EINTR { return result }
        }
    }

    /// readlinkat(2) of `name` in `directory` (`""` with the link's own `O_PATH` descriptor).
    static func readLink(_ directory: Int32, _ name: String, hostPath: String) throws(SystemError) -> String {
        var buffer = [UInt8](repeating: 0, count: 4097)
        let count = buffer.withUnsafeMutableBufferPointer { raw in
            raw.withMemoryRebound(to: CChar.self) { chars -> Int in
                guard let base = chars.baseAddress else { return -1 }
                return readlinkat(directory, name, base, chars.count - 1)
            }
        }
        guard count >= 0 else { throw SystemError(.read, hostPath, .current) }
        return String(decoding: buffer[0..<count], as: UTF8.self)
    }
}
