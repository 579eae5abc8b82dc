// What `import Glibc` gives the toolchain build, in one place for every file of OSConfKit:
// Embedded Swift has no Glibc module, so there the C library's declarations come through the
// project's C shim (its header includes them when OSCONF2SEED_EMBEDDED is defined, as
// contrib/build-embedded.sh does), and this file adds what the Glibc module writes in Swift:
// `errno`, `environ`, the variadic `open`, `openat` and `fcntl`, and the `S_IF*` constants as `mode_t`.
#if hasFeature(Embedded)
    @_exported import CShim

    /// The calling thread's errno, readable and settable as through the Glibc module.
    var errno: Int32 {
        get { osconf_errno() }
        set { osconf_set_errno(newValue) }
    }

    /// open(2); `mode` matters with `O_CREAT` only.
    func open(_ path: UnsafePointer<CChar>, _ flags: Int32, _ mode: mode_t = 0) -> Int32 {
        osconf_open(path, flags, mode)
    }

    /// openat(2); `mode` matters with `O_CREAT` only.
    func openat(_ directory: Int32, _ path: UnsafePointer<CChar>, _ flags: Int32, _ mode: mode_t = 0) -> Int32 {
        osconf_openat(directory, path, flags, mode)
    }

    /// fcntl(2) with a pointer argument (`struct flock *`).
    func fcntl(_ fd: Int32, _ command: Int32, _ argument: UnsafeMutableRawPointer) -> Int32 {
        osconf_fcntl_pointer(fd, command, argument)
    }

    /// The environment that posix_spawn(3) hands on (the C global, read through the shim).
    var environ: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? { osconf_environ() }

    // <sys/stat.h>'s file types as `mode_t`, as the Glibc module declares them (the C macros
    // import as Int32, which does not combine with `st_mode`).
    // swift-format-ignore: AlwaysUseLowerCamelCase
    let S_IFMT: mode_t = 0o170000
    // swift-format-ignore: AlwaysUseLowerCamelCase
    let S_IFDIR: mode_t = 0o040000
    // swift-format-ignore: AlwaysUseLowerCamelCase
    let S_IFBLK: mode_t = 0o060000
    // swift-format-ignore: AlwaysUseLowerCamelCase
    let S_IFREG: mode_t = 0o100000
    // swift-format-ignore: AlwaysUseLowerCamelCase
    let S_IFLNK: mode_t = 0o120000
#elseif canImport(Glibc)
    @_exported import Glibc
#elseif canImport(Musl)
    @_exported import Musl
#endif

// The C calls under names that types with a method of the same name (`close`, `read`,
// `write`, `open`, `mount`) can reach without naming the C module, which differs by build.

/// close(2).
@inline(__always)
func systemClose(_ fd: Int32) -> Int32 { close(fd) }

/// read(2).
@inline(__always)
func systemRead(_ fd: Int32, _ buffer: UnsafeMutableRawPointer?, _ count: Int) -> Int { read(fd, buffer, count) }

/// write(2).
@inline(__always)
func systemWrite(_ fd: Int32, _ buffer: UnsafeRawPointer?, _ count: Int) -> Int { write(fd, buffer, count) }

/// open(2) without `O_CREAT`.
@inline(__always)
func systemOpen(_ path: String, _ flags: Int32) -> Int32 { open(path, flags) }

/// mount(2); `data` nil for no options.
@inline(__always)
func systemMount(
    _ source: String?, _ target: String, _ type: String?, _ flags: UInt, _ data: String?
) -> Int32 {
    mount(source, target, type, flags, data)
}
