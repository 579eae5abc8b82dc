/// What the boot-time commands need beyond ``ToolEnvironment``: the system calls and the
/// network renderers of the direct path. The executable passes the real ones; tests pass fakes.
public struct BootEnvironment: Sendable {
    public var kernel: any Kernel
    public var renderers: NetworkRenderers
    /// The running executable, which `install` copies into the image.
    public var executablePath: String
    /// How the program was started (argv[0]) and the `PATH` it was found in: where `install`
    /// finds the running binary when /proc is not mounted (a chroot) and ``executablePath``
    /// cannot be read.
    public var programName: String?
    public var searchPath: String?

    public init(
        kernel: any Kernel, renderers: NetworkRenderers, executablePath: String = "/proc/self/exe",
        programName: String? = nil, searchPath: String? = nil
    ) {
        self.kernel = kernel
        self.renderers = renderers
        self.executablePath = executablePath
        self.programName = programName
        self.searchPath = searchPath
    }

    public static let system = BootEnvironment(
        kernel: SystemKernel(), renderers: .standard, programName: ProcessArguments.all.first,
        searchPath: getenv("PATH").map { String(cString: $0) })
}
