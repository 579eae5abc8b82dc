import CShim

/// The process's command line, program name first.
///
/// Taken from the argc and argv that glibc handed to the ELF initialisers (kept by
/// `Sources/CShim/ProcessStart.c`), not from `CommandLine.arguments`: the Swift runtime finds
/// those through /proc/self/maps and sees none in a chroot without /proc, where image builders
/// run `osconf2seed install --root /`.
public enum ProcessArguments {
    /// Every argument, the program name first; `CommandLine.arguments` when the C library
    /// passed nothing to the initialisers (musl does not).
    public static var all: [String] {
        #if hasFeature(Embedded)
            // Embedded Swift has no CommandLine; its build links glibc, which always passes them.
            captured ?? []
        #else
            captured ?? CommandLine.arguments
        #endif
    }

    /// The arguments kept at process start; nil when the C library passed none.
    public static var captured: [String]? {
        let count = Int(osconf_start_argc())
        guard count > 0, let vector = osconf_start_argv() else { return nil }
        var result: [String] = []
        result.reserveCapacity(count)
        for index in 0..<count {
            // No entry before argv[argc] is NULL; stop rather than trap should one be.
            guard let argument = vector[index] else { break }
            result.append(String(cString: argument))
        }
        return result
    }
}
