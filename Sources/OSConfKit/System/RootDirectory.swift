import CShim

/// An open directory that paths are resolved inside of, as if it were `/`: the confinement
/// under `--root`.
///
/// The rule is that of openat2(2)'s `RESOLVE_IN_ROOT`: `..` at the top stays at the top, and
/// an absolute or relative symbolic link in any component is resolved inside the directory,
/// so nothing outside it is ever reached. The kernel does the resolution where it has
/// openat2 (Linux 5.6 and later); elsewhere ``Resolver/walk`` does the same component by
/// component, each step relative to the descriptor of the one before and without following a
/// link it has not read itself, so a link swapped in meanwhile makes a step fail, never leave.
///
/// Every operation first opens the directory that holds its last component this way and then
/// works on that name relative to the descriptor (`openat`, `unlinkat`, `renameat`, ...).
public final class RootDirectory: Sendable {
    /// How a path is resolved inside the root.
    public enum Resolver: Sendable, Hashable {
        /// openat2 with `RESOLVE_IN_ROOT`, falling back to ``walk`` when the kernel lacks it.
        case kernel
        /// The component-by-component walk, always (the fallback; tests run both).
        case walk
    }

    /// The host path of the root, without a trailing slash.
    public let path: String
    let descriptor: Int32
    let resolver: Resolver

    /// Symbolic links followed in one lookup before it fails with `ELOOP`, as the kernel's limit.
    static let linkLimit = 40

    /// Opens `path`, which must be a directory; fails with its errno otherwise.
    public init(path: String, resolver: Resolver = .kernel) throws(SystemError) {
        var trimmed = path
        while trimmed.count > 1 && trimmed.hasSuffix("/") { trimmed.removeLast() }
        let fd = SystemCall.retrying { systemOpen(trimmed, SystemCall.pathOnly | O_DIRECTORY | O_CLOEXEC) }
        guard fd >= 0 else { throw SystemError(.open, path, .current) }
        self.path = trimmed
        self.descriptor = fd
        self.resolver = resolver
    }

    deinit { _ = close(descriptor) }

    /// `hostPath` relative to the root (`""` for the root itself), or `EXDEV` when it does not
    /// start with the root's path: every caller builds its paths by joining onto the root.
    func relative(_ hostPath: String) throws(SystemError) -> String {
        if hostPath == path { return "" }
        let prefix = path == "/" ? "/" : path + "/"
        guard hostPath.hasPrefix(prefix) else { throw SystemError(.open, hostPath, Errno(rawValue: EXDEV)) }
        return String(hostPath.dropFirst(prefix.count))
    }

    /// Opens `relative` (resolved inside the root, its last component followed too) with
    /// `flags`; the descriptor is the caller's to close.
    func open(_ relative: String, flags: Int32, mode: UInt32 = 0, hostPath: String) throws(SystemError) -> Int32 {
        if resolver == .kernel {
            let fd = osconf_open_in_root(descriptor, relative.isEmpty ? "." : relative, flags | O_CLOEXEC, mode)
            if fd >= 0 { return fd }
            // ENOSYS: a kernel before 5.6; EPERM: a seccomp filter that does not know openat2.
            guard errno == ENOSYS || errno == EPERM else { throw SystemError(.open, hostPath, .current) }
        }
        return try walk(relative, flags: flags, hostPath: hostPath)
    }

    /// The component-by-component resolution: a stack of directory names below the root, a
    /// queue of components still to go, and a link budget.
    private func walk(_ relative: String, flags: Int32, hostPath: String) throws(SystemError) -> Int32 {
        var stack: [String] = []
        var queue = relative.split(separator: "/", omittingEmptySubsequences: true).map(String.init)
        var links = 0
        var current = try reopen(stack, hostPath: hostPath)
        defer { _ = close(current) }
        while !queue.isEmpty {
            let name = queue.removeFirst()
            if name == "." { continue }
            if name == ".." {
                // Re-walk from the root: the kernel's `..` could climb out of it.
                if !stack.isEmpty {
                    stack.removeLast()
                    let parent = try reopen(stack, hostPath: hostPath)
                    _ = close(current)
                    current = parent
                }
                continue
            }
            var info = stat()
            guard fstatat(current, name, &info, AT_SYMLINK_NOFOLLOW) == 0 else {
                throw SystemError(.open, hostPath, .current)
            }
            if info.st_mode & S_IFMT == S_IFLNK {
                links += 1
                guard links <= Self.linkLimit else { throw SystemError(.open, hostPath, .tooManyLinks) }
                let target = try SystemCall.readLink(current, name, hostPath: hostPath)
                if target.hasPrefix("/") {
                    stack = []
                    let top = try reopen(stack, hostPath: hostPath)
                    _ = close(current)
                    current = top
                }
                queue.insert(contentsOf: target.split(separator: "/").map(String.init), at: 0)
                continue
            }
            if queue.isEmpty {
                let fd = SystemCall.retrying { openat(current, name, flags | O_NOFOLLOW | O_CLOEXEC) }
                guard fd >= 0 else { throw SystemError(.open, hostPath, .current) }
                return fd
            }
            guard info.st_mode & S_IFMT == S_IFDIR else { throw SystemError(.open, hostPath, .notDirectory) }
            let next = SystemCall.retrying {
                openat(current, name, SystemCall.pathOnly | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)
            }
            guard next >= 0 else { throw SystemError(.open, hostPath, .current) }
            _ = close(current)
            current = next
            stack.append(name)
        }
        // The path named a directory (the root, or one reached through `..` or a link).
        let fd = SystemCall.retrying { openat(current, ".", flags | O_CLOEXEC) }
        guard fd >= 0 else { throw SystemError(.open, hostPath, .current) }
        return fd
    }

    /// A directory below the root by its resolved names, each step refusing a link.
    private func reopen(_ names: [String], hostPath: String) throws(SystemError) -> Int32 {
        var current = SystemCall.retrying { openat(descriptor, ".", SystemCall.pathOnly | O_DIRECTORY | O_CLOEXEC) }
        guard current >= 0 else { throw SystemError(.open, hostPath, .current) }
        for name in names {
            let next = SystemCall.retrying {
                openat(current, name, SystemCall.pathOnly | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)
            }
            let error = Errno.current
            _ = close(current)
            guard next >= 0 else { throw SystemError(.open, hostPath, error) }
            current = next
        }
        return current
    }

    /// The path the kernel should be given for `relative` where a call takes a path and no
    /// descriptor (mount(2)): every link resolved inside the root, the result joined onto it.
    func realPath(_ relative: String, hostPath: String) throws(SystemError) -> String {
        var stack: [String] = []
        var queue = relative.split(separator: "/", omittingEmptySubsequences: true).map(String.init)
        var links = 0
        while !queue.isEmpty {
            let name = queue.removeFirst()
            if name == "." { continue }
            if name == ".." {
                if !stack.isEmpty { stack.removeLast() }
                continue
            }
            let candidate = (stack + [name]).joined(separator: "/")
            var info = stat()
            guard fstatat(descriptor, candidate, &info, AT_SYMLINK_NOFOLLOW) == 0 else {
                // A missing tail is kept as written, for the caller's own error.
                stack.append(name)
                stack += queue.filter { $0 != "." && $0 != ".." }
                break
            }
            if info.st_mode & S_IFMT == S_IFLNK {
                links += 1
                guard links <= Self.linkLimit else { throw SystemError(.open, hostPath, .tooManyLinks) }
                let target = try SystemCall.readLink(descriptor, candidate, hostPath: hostPath)
                if target.hasPrefix("/") { stack = [] }
                queue.insert(contentsOf: target.split(separator: "/").map(String.init), at: 0)
                continue
            }
            stack.append(name)
        }
        return FilePath.join(path, stack.joined(separator: "/"))
    }
}
