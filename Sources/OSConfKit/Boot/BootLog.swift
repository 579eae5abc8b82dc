/// The boot job's messages: standard error always, and the kernel log at boot, where the
/// console may not be watched but dmesg and the journal keep everything. Callers never pass
/// the password: only the model's redacted descriptions reach here.
public struct BootLog: Sendable {
    public let console: Console
    /// Set at boot (not under `--root`).
    public let kernel: (any Kernel)?

    public init(console: Console, kernel: (any Kernel)?) {
        self.console = console
        self.kernel = kernel
    }

    public func say(_ line: String) {
        console.error("osconf2seed: " + line)
        kernel?.logToKernel(line)
    }
}
