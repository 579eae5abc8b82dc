#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#endif

/// A disk image file opened for reading only (`O_RDONLY`): `check --image` reads it with
/// pread(2) and never writes to it. The descriptor is closed by ``close()``.
final class DiskImageFile {
    /// The path as given.
    let path: String
    /// The file's size in bytes.
    let size: Int
    private var descriptor: Int32

    /// Opens `path`; throws the errno of open(2) or fstat(2), or `EISDIR`/`EINVAL` for what is
    /// not a regular file or block device.
    init(path: String) throws(SystemError) {
        self.path = path
        let fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY)
        guard fd >= 0 else { throw SystemError(.read, path, .current) }
        var status = stat()
        guard fstat(fd, &status) == 0 else {
            let error = SystemError(.read, path, .current)
            _ = systemClose(fd)
            throw error
        }
        let type = status.st_mode & S_IFMT
        guard type == S_IFREG else {
            _ = systemClose(fd)
            throw SystemError(.read, path, Errno(rawValue: type == S_IFDIR ? EISDIR : EINVAL))
        }
        descriptor = fd
        size = Int(status.st_size)
    }

    deinit { close() }

    /// Up to `count` bytes at `offset` (fewer at the end of the file, none on a read error).
    func read(_ offset: Int, _ count: Int) -> [UInt8] {
        guard descriptor >= 0, offset >= 0, count > 0, offset < size else { return [] }
        var buffer = [UInt8](repeating: 0, count: min(count, size - offset))
        var done = 0
        while done < buffer.count {
            let got = buffer.withUnsafeMutableBytes { raw in
                pread(descriptor, raw.baseAddress.map { $0 + done }, raw.count - done, off_t(offset + done))
            }
            if got < 0, errno == EINTR { continue }
            guard got > 0 else { break }
            done += got
        }
        return Array(buffer.prefix(done))
    }

    /// Closes the descriptor (again: nothing).
    func close() {
        if descriptor >= 0 { _ = systemClose(descriptor) }
        descriptor = -1
    }
}
