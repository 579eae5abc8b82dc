/// ``Kernel`` on the real system calls.
public final class SystemKernel: Kernel {
    public init() {}

    // From <sys/mount.h>; spelled out because the C enum does not import as constants.
    private static let readOnly: UInt = 1
    private static let noSUID: UInt = 2
    private static let noDevices: UInt = 4
    private static let noExec: UInt = 8
    private static let privatePropagation: UInt = 1 << 18
    private static let detach: Int32 = 2

    public func mount(device: String, at target: String, type: String, data: String, readOnly: Bool)
        throws(SystemError)
    {
        let flags = Self.noSUID | Self.noDevices | Self.noExec | (readOnly ? Self.readOnly : 0)
        // No options is a null pointer, as mount(8) passes it, not an empty string.
        let result: Int32
        if data.isEmpty {
            result = systemMount(device, target, type, flags, nil)
        } else {
            result = systemMount(device, target, type, flags, data)
        }
        guard result == 0 else {
            throw SystemError(.mount, device, .current)
        }
        // A shared parent (systemd makes / shared) would propagate the mount; it is a private
        // working mount, so stop that. Failure here is harmless: the mount is removed soon.
        _ = systemMount(nil, target, nil, Self.privatePropagation, nil)
    }

    public func unmount(_ target: String) throws(SystemError) {
        if umount2(target, 0) == 0 { return }
        guard errno == EBUSY, umount2(target, Self.detach) == 0 else {
            throw SystemError(.unmount, target, .current)
        }
    }

    public func pause(milliseconds: Int) {
        var request = timespec(tv_sec: milliseconds / 1000, tv_nsec: (milliseconds % 1000) * 1_000_000)
        var remaining = timespec()
        // Interrupted: sleep what is left, so the wait is as long as asked.
        while nanosleep(&request, &remaining) != 0 && errno == EINTR { request = remaining }
    }

    public func setHostname(_ name: String) throws(SystemError) {
        let bytes = Array(name.utf8)
        let result = bytes.withUnsafeBufferPointer { buffer in
            buffer.withMemoryRebound(to: CChar.self) { chars in
                guard let base = chars.baseAddress else { return Int32(-1) }
                return sethostname(base, chars.count)
            }
        }
        guard result == 0 else { throw SystemError(.execute, "sethostname", .current) }
    }

    public func run(_ program: String, _ arguments: [String]) throws(SystemError) -> Int32 {
        var argv: [UnsafeMutablePointer<CChar>?] = ([program] + arguments).map { strdup($0) } + [nil]
        defer { for pointer in argv { free(pointer) } }
        var pid = pid_t()
        let started = posix_spawn(&pid, program, nil, nil, &argv, environ)
        guard started == 0 else { throw SystemError(.execute, program, Errno(rawValue: started)) }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 {
            guard errno == EINTR else { throw SystemError(.execute, program, .current) }
        }
        // WIFEXITED / WEXITSTATUS / WTERMSIG, which Swift does not import (macros).
        let signal = status & 0x7f
        return signal == 0 ? (status >> 8) & 0xff : 128 + signal
    }

    public func logToKernel(_ line: String) {
        let fd = open("/dev/kmsg", O_WRONLY | O_CLOEXEC | O_NOCTTY)
        guard fd >= 0 else { return }
        defer { _ = close(fd) }
        // One write(2) is one record; a record longer than the kernel's limit is refused, so
        // lines are cut well below it.
        let bytes = Array(("osconf2seed: " + line).utf8.prefix(900)) + [10]
        _ = bytes.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
    }
}
