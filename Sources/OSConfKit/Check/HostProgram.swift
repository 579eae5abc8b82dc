#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#endif

/// A program of the host that runs `check` (a build host, never the image): `xz`, `zstd`,
/// `lz4`, `lsinitramfs`, `mount`, `unshare`. `check` leaves decompression and mounting to these
/// well-kept tools rather than re-implementing them.
struct HostProgram: Sendable, Hashable {
    /// The absolute path it was found at.
    let path: String

    /// What a run gave back.
    struct Run: Sendable, Hashable {
        /// The exit status, or 128 plus the signal that ended it.
        var status: Int32
        /// Standard output, at most the limit asked for.
        var output: [UInt8]
        /// True when the program wrote more than the limit (it is then killed).
        var overflowed: Bool
        /// The first line of standard error, for a failure's reason.
        var errorLine: String
    }

    /// The first executable `name` in the colon-separated `searchPath` (the host's `PATH`), or
    /// nil when none is there.
    static func find(_ name: String, searchPath: String?) -> HostProgram? {
        for directory in (searchPath ?? "").split(separator: ":") where directory.hasPrefix("/") {
            let candidate = String(directory.hasSuffix("/") ? directory + name : directory + "/" + name)
            if access(candidate, X_OK) == 0 { return HostProgram(path: candidate) }
        }
        return nil
    }

    /// The host's `PATH`, as `check` was started with it.
    static var environmentPath: String? { getenv("PATH").map { String(cString: $0) } }

    /// Runs the program with `arguments` (posix_spawn(3), no shell, this process's environment)
    /// and waits for it. `input` is its standard input (a socket written with `MSG_NOSIGNAL`,
    /// so a program that stops reading early cannot end `check` with SIGPIPE); nil gives it
    /// /dev/null. Standard output and error are sockets too. Standard output is collected up to `limit` bytes: past that, the program is
    /// killed and ``Run/overflowed`` set. Throws when it cannot be started.
    func run(_ arguments: [String], input: ArraySlice<UInt8>? = nil, limit: Int) throws(SystemError) -> Run {
        var feed: [Int32] = [-1, -1]
        var output: [Int32] = [-1, -1]
        var errors: [Int32] = [-1, -1]
        defer { for fd in feed + output + errors where fd >= 0 { _ = close(fd) } }
        // Socket pairs rather than pipes: pipe2(2) (for O_CLOEXEC) is not in Swift's Glibc.
        let kind = Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue)
        guard socketpair(AF_UNIX, kind, 0, &output) == 0, socketpair(AF_UNIX, kind, 0, &errors) == 0 else {
            throw SystemError(.execute, path, .current)
        }
        if input != nil {
            guard socketpair(AF_UNIX, kind, 0, &feed) == 0 else { throw SystemError(.execute, path, .current) }
        } else {
            feed[1] = open("/dev/null", O_RDONLY | O_CLOEXEC)
            guard feed[1] >= 0 else { throw SystemError(.execute, path, .current) }
        }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_adddup2(&actions, feed[1], 0)
        posix_spawn_file_actions_adddup2(&actions, output[1], 1)
        posix_spawn_file_actions_adddup2(&actions, errors[1], 2)
        var argv: [UnsafeMutablePointer<CChar>?] = ([path] + arguments).map { strdup($0) } + [nil]
        defer { for pointer in argv { free(pointer) } }
        var pid = pid_t()
        let started = posix_spawn(&pid, path, &actions, nil, &argv, environ)
        guard started == 0 else { throw SystemError(.execute, path, Errno(rawValue: started)) }
        // The child's ends belong to it now: closed here, so end of file reaches each side.
        for fd in [feed[1], output[1], errors[1]] { _ = close(fd) }
        (feed[1], output[1], errors[1]) = (-1, -1, -1)
        var run = Run(status: 0, output: [], overflowed: false, errorLine: "")
        var errorText: [UInt8] = []
        Self.exchange(
            feed: &feed[0], input: input ?? [], output: &output[0], errors: &errors[0], limit: limit, run: &run,
            errorText: &errorText)
        if run.overflowed { _ = kill(pid, SIGKILL) }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 {
            guard errno == EINTR else { throw SystemError(.execute, path, .current) }
        }
        // WIFEXITED / WEXITSTATUS / WTERMSIG are macros Swift does not import.
        let signal = status & 0x7f
        run.status = signal == 0 ? (status >> 8) & 0xff : 128 + signal
        let firstLine = errorText.split(separator: 10).first.map { Array($0) } ?? []
        run.errorLine = String(decoding: firstLine.prefix(300), as: UTF8.self)
        return run
    }

    /// Writes `input` and reads both outputs together (poll(2)), so neither side blocks the
    /// other on a full pipe; closes each descriptor it is done with.
    private static func exchange(
        feed: inout Int32, input: ArraySlice<UInt8>, output: inout Int32, errors: inout Int32, limit: Int,
        run: inout Run, errorText: inout [UInt8]
    ) {
        var written = input.startIndex
        var buffer = [UInt8](repeating: 0, count: 1 << 16)
        if feed >= 0, input.isEmpty {
            _ = close(feed)
            feed = -1
        }
        while output >= 0 || errors >= 0 {
            var fds: [pollfd] = []
            if feed >= 0 { fds.append(pollfd(fd: feed, events: Int16(POLLOUT), revents: 0)) }
            if output >= 0 { fds.append(pollfd(fd: output, events: Int16(POLLIN), revents: 0)) }
            if errors >= 0 { fds.append(pollfd(fd: errors, events: Int16(POLLIN), revents: 0)) }
            guard poll(&fds, nfds_t(fds.count), -1) >= 0 || errno == EINTR else { return }
            for entry in fds where entry.revents != 0 {
                if entry.fd == feed {
                    let count = input[written...].withUnsafeBytes { raw in
                        send(feed, raw.baseAddress, min(raw.count, 1 << 16), Int32(MSG_NOSIGNAL) | Int32(MSG_DONTWAIT))
                    }
                    if count > 0 { written += count }
                    // Done, or the program stopped reading (EPIPE): either way its input ends.
                    if written == input.endIndex || (count < 0 && errno != EAGAIN && errno != EINTR) {
                        _ = close(feed)
                        feed = -1
                    }
                    continue
                }
                let count = buffer.withUnsafeMutableBytes { read(entry.fd, $0.baseAddress, $0.count) }
                if count < 0, errno == EINTR || errno == EAGAIN { continue }
                if count <= 0 {
                    _ = close(entry.fd)
                    if entry.fd == output { output = -1 } else { errors = -1 }
                    continue
                }
                if entry.fd == output {
                    run.output += buffer[0..<count]
                    if run.output.count > limit {
                        run.output.removeLast(run.output.count - limit)
                        run.overflowed = true
                        return
                    }
                } else if errorText.count < 4096 {
                    errorText += buffer[0..<count]
                }
            }
        }
    }
}
