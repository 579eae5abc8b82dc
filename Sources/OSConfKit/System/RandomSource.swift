/// Where salts come from; tests inject a fixed source for golden files.
///
/// Class-bound: Embedded Swift (contrib/build-embedded.sh) has existentials of class-bound
/// protocols only.
public protocol RandomSource: AnyObject, Sendable {
    func randomBytes(count: Int) -> [UInt8]
}

/// The kernel's random bytes, taken so that early boot never waits for entropy.
///
/// `getrandom(GRND_INSECURE)` (Linux 5.6+) never blocks; older kernels reject the flag with
/// `EINVAL`, and there `GRND_NONBLOCK` answers at once either way. If the pool is not yet
/// initialised (`EAGAIN`) or the call is missing (`ENOSYS`), /dev/urandom, which never blocks,
/// serves. A salt only needs to be unique, not secret, so this is sound even before the pool
/// is seeded.
public final class SystemRandomSource: RandomSource {
    public init() {}

    private static let insecure: UInt32 = 0x4
    private static let nonBlocking: UInt32 = 0x1

    public func randomBytes(count: Int) -> [UInt8] {
        var bytes = [UInt8](repeating: 0, count: count)
        for flags in [Self.insecure, Self.nonBlocking] {
            let got = bytes.withUnsafeMutableBytes { systemGetRandom($0.baseAddress, $0.count, flags) }
            if got == count { return bytes }
        }
        let fd = open("/dev/urandom", O_RDONLY | O_CLOEXEC)
        if fd >= 0 {
            defer { _ = close(fd) }
            let got = bytes.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if got == count { return bytes }
        }
        // No kernel source at all (no /dev in a broken chroot): a salt only has to differ
        // between runs, so the clock and the process id, hashed, are enough; the standard
        // library's generator is avoided because it may wait for entropy.
        var now = timespec()
        clock_gettime(CLOCK_MONOTONIC, &now)
        var seed: [UInt8] = []
        for value in [
            UInt64(truncatingIfNeeded: now.tv_sec), UInt64(truncatingIfNeeded: now.tv_nsec),
            UInt64(truncatingIfNeeded: getpid()),
        ] {
            for shift in stride(from: 0, to: 64, by: 8) {
                seed.append(UInt8(truncatingIfNeeded: value >> UInt64(shift)))
            }
        }
        return Array(SHA512.hash(seed).prefix(count))
    }
}

/// glibc's getrandom(2) wrapper (glibc 2.25+), which the Glibc module does not export.
@_silgen_name("getrandom")
private func systemGetRandom(_ buffer: UnsafeMutableRawPointer?, _ length: Int, _ flags: UInt32) -> Int
