#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#endif

/// ``FileSystem`` on the real kernel, with every call retried on `EINTR`.
public struct SystemFileSystem: FileSystem {
    public init() {}

    @inline(__always)
    private func retrying<T: BinaryInteger>(_ call: () -> T) -> T {
        while true {
            let result = call()
            if result >= 0 || errno != EINTR { return result }
        }
    }

    public func readFile(at path: String, limit: Int) throws(SystemError) -> [UInt8] {
        let fd = retrying { open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW) }
        guard fd >= 0 else { throw SystemError(.open, path, .current) }
        defer { _ = Glibc.close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0 else { throw SystemError(.stat, path, .current) }
        guard info.st_mode & S_IFMT == S_IFREG else { throw SystemError(.read, path, Errno(rawValue: EISDIR)) }
        var result: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 16384)
        while true {
            let count = chunk.withUnsafeMutableBytes { buffer in
                retrying { Glibc.read(fd, buffer.baseAddress, buffer.count) }
            }
            if count < 0 { throw SystemError(.read, path, .current) }
            if count == 0 { return result }
            result += chunk[0..<count]
            if result.count > limit { throw SystemError(.read, path, .fileTooLarge) }
        }
    }

    public func createFile(at path: String, mode: UInt32) throws(SystemError) -> FileDescriptor {
        let fd = retrying { open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, mode_t(mode)) }
        guard fd >= 0 else { throw SystemError(.create, path, .current) }
        // open(2) applies the umask; the mode must be exactly what was asked for before any
        // byte is written.
        guard retrying({ fchmod(fd, mode_t(mode)) }) == 0 else {
            let error = Errno.current
            _ = Glibc.close(fd)
            _ = unlink(path)
            throw SystemError(.create, path, error)
        }
        return FileDescriptor(rawValue: fd)
    }

    public func write(_ bytes: [UInt8], to file: FileDescriptor, path: String) throws(SystemError) {
        var offset = 0
        while offset < bytes.count {
            let written = bytes[offset...].withUnsafeBytes { buffer in
                retrying { Glibc.write(file.rawValue, buffer.baseAddress, buffer.count) }
            }
            guard written > 0 else { throw SystemError(.write, path, written < 0 ? .current : .ioError) }
            offset += written
        }
    }

    public func sync(_ file: FileDescriptor, path: String) throws(SystemError) {
        guard retrying({ fsync(file.rawValue) }) == 0 else { throw SystemError(.sync, path, .current) }
    }

    public func close(_ file: FileDescriptor) {
        _ = Glibc.close(file.rawValue)
    }

    public func rename(_ source: String, to destination: String) throws(SystemError) {
        guard retrying({ Glibc.rename(source, destination) }) == 0 else {
            throw SystemError(.rename, destination, .current)
        }
    }

    public func removeFile(at path: String) throws(SystemError) {
        guard retrying({ unlink(path) }) == 0 else { throw SystemError(.unlink, path, .current) }
    }

    public func makeDirectory(at path: String, mode: UInt32) throws(SystemError) {
        guard retrying({ mkdir(path, mode_t(mode)) }) == 0 else { throw SystemError(.mkdir, path, .current) }
    }

    public func syncDirectory(at path: String) throws(SystemError) {
        let fd = retrying { open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC) }
        guard fd >= 0 else { throw SystemError(.sync, path, .current) }
        defer { _ = Glibc.close(fd) }
        guard retrying({ fsync(fd) }) == 0 else { throw SystemError(.sync, path, .current) }
    }

    public func fileType(at path: String) throws(SystemError) -> FileType? {
        var info = stat()
        guard lstat(path, &info) == 0 else {
            if errno == ENOENT { return nil }
            throw SystemError(.stat, path, .current)
        }
        switch info.st_mode & S_IFMT {
        case S_IFREG: return .regular
        case S_IFDIR: return .directory
        case S_IFLNK: return .symbolicLink
        default: return .other
        }
    }

    public func listDirectory(at path: String) throws(SystemError) -> [String] {
        guard let directory = opendir(path) else { throw SystemError(.open, path, .current) }
        defer { closedir(directory) }
        var names: [String] = []
        while true {
            errno = 0
            guard let entry = readdir(directory) else {
                if errno != 0 { throw SystemError(.read, path, .current) }
                return names
            }
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
            }
            if name != "." && name != ".." { names.append(name) }
        }
    }

    public func readLink(at path: String) throws(SystemError) -> String {
        var buffer = [UInt8](repeating: 0, count: 4097)
        let count = buffer.withUnsafeMutableBufferPointer { raw in
            raw.withMemoryRebound(to: CChar.self) { chars in
                guard let base = chars.baseAddress else { return -1 }
                return readlink(path, base, chars.count - 1)
            }
        }
        guard count >= 0 else { throw SystemError(.read, path, .current) }
        return String(decoding: buffer[0..<count], as: UTF8.self)
    }

    public func makeSymbolicLink(at path: String, target: String) throws(SystemError) {
        guard retrying({ symlink(target, path) }) == 0 else { throw SystemError(.create, path, .current) }
    }

    public func makeHardLink(at path: String, to existing: String) throws(SystemError) {
        guard retrying({ link(existing, path) }) == 0 else { throw SystemError(.create, path, .current) }
    }

    public func removeDirectory(at path: String) throws(SystemError) {
        guard retrying({ rmdir(path) }) == 0 else { throw SystemError(.unlink, path, .current) }
    }

    public func status(at path: String) throws(SystemError) -> FileStatus? {
        var info = stat()
        guard lstat(path, &info) == 0 else {
            if errno == ENOENT || errno == ENOTDIR { return nil }
            throw SystemError(.stat, path, .current)
        }
        let type: FileType
        switch info.st_mode & S_IFMT {
        case S_IFREG: type = .regular
        case S_IFDIR: type = .directory
        case S_IFLNK: type = .symbolicLink
        default: type = .other
        }
        return FileStatus(
            type: type, mode: UInt32(info.st_mode & 0o7777), owner: FileOwner(user: info.st_uid, group: info.st_gid))
    }

    public func changeOwner(_ file: FileDescriptor, path: String, owner: FileOwner) throws(SystemError) {
        guard retrying({ fchown(file.rawValue, owner.user, owner.group) }) == 0 else {
            throw SystemError(.create, path, .current)
        }
    }

    /// lckpwdf(3) waits 15 seconds for the lock; so does this, polling so that a stuck holder
    /// cannot hang the boot.
    public func lock(at path: String) throws(SystemError) -> FileDescriptor {
        let fd = retrying { open(path, O_WRONLY | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0o600) }
        guard fd >= 0 else { throw SystemError(.create, path, .current) }
        var request = flock()
        request.l_type = Int16(F_WRLCK)
        request.l_whence = Int16(SEEK_SET)
        for _ in 0..<150 {
            if fcntl(fd, F_SETLK, &request) == 0 { return FileDescriptor(rawValue: fd) }
            guard errno == EACCES || errno == EAGAIN || errno == EINTR else { break }
            usleep(100_000)
        }
        let error = Errno.current
        _ = Glibc.close(fd)
        throw SystemError(.lock, path, error)
    }
}
