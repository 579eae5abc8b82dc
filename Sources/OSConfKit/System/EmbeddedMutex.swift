#if hasFeature(Embedded)
    import Synchronization

    /// `Mutex` for Embedded Swift, whose Synchronization module has none for Linux: the same
    /// `init(_:)` and `withLock(_:)` that ``ConsoleWriteFailures`` uses, on a spin lock over an
    /// `Atomic<Bool>`. The tool runs on one thread, so the lock is never contended; it keeps
    /// the type sound to share, as the toolchain build's `Mutex` does.
    final class Mutex<Value>: @unchecked Sendable {
        private let locked = Atomic<Bool>(false)
        private var value: Value

        init(_ value: Value) {
            self.value = value
        }

        /// Runs `body` on the value with the lock held.
        func withLock<Result>(_ body: (inout Value) -> Result) -> Result {
            while !locked.compareExchange(expected: false, desired: true, ordering: .acquiring).exchanged {}
            defer { locked.store(false, ordering: .releasing) }
            return body(&value)
        }
    }
#endif
