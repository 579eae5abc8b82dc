/// What the boot-time commands need beyond ``ToolEnvironment``: the system calls and the
/// network renderers of the direct path. The executable passes the real ones; tests pass fakes.
public struct BootEnvironment: Sendable {
    public var kernel: any Kernel
    public var renderers: NetworkRenderers
    /// The running executable, which `install` copies into the image.
    public var executablePath: String

    public init(kernel: any Kernel, renderers: NetworkRenderers, executablePath: String = "/proc/self/exe") {
        self.kernel = kernel
        self.renderers = renderers
        self.executablePath = executablePath
    }

    public static let system = BootEnvironment(kernel: SystemKernel(), renderers: .standard)
}
