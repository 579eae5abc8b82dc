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
    /// True when this process is the osconf2seed executable itself (Sources/osconf2seed sets
    /// it), so a command may start it again: `check --image` runs itself in a private mount
    /// namespace. False (the default) in a test runner that links the library, which must never
    /// be started with the tool's arguments. Told this way rather than by the executable's name,
    /// which a user may choose (`osconf2seed-aarch64`, a versioned name).
    public var isToolExecutable: Bool

    public init(
        kernel: any Kernel, renderers: NetworkRenderers, executablePath: String = "/proc/self/exe",
        programName: String? = nil, searchPath: String? = nil, isToolExecutable: Bool = false
    ) {
        self.kernel = kernel
        self.renderers = renderers
        self.executablePath = executablePath
        self.programName = programName
        self.searchPath = searchPath
        self.isToolExecutable = isToolExecutable
    }

    public static let system = BootEnvironment(
        kernel: SystemKernel(), renderers: .standard, programName: ProcessArguments.all.first,
        searchPath: getenv("PATH").map { String(cString: $0) })

    /// ``system`` for the osconf2seed executable's own process (``isToolExecutable``).
    public static var toolExecutable: BootEnvironment {
        var environment = system
        environment.isToolExecutable = true
        return environment
    }
}
