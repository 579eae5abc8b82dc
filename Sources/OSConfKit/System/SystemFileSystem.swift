import CShim

/// ``FileSystem`` on the real kernel, with every call retried on `EINTR`.
///
/// Unconfined (``init()``), paths go to the kernel as they are. Confined to a tree
/// (``confined(to:)``), each call first opens the directory that holds the path's last
/// component inside the tree (``RootDirectory``) and then works on that one name relative to
/// it, so no path, `..` or symbolic link can reach outside the tree, and the last component
/// is never followed where the protocol says so.
public final class SystemFileSystem: FileSystem {
    /// The tree every path is resolved in; nil for the whole system.
    let root: RootDirectory?
    let resolver: RootDirectory.Resolver

    /// The whole system, paths as given.
    public init() {
        root = nil
        resolver = .kernel
    }

    /// The whole system, remembering how a later ``confined(to:)`` resolves (tests run both).
    public init(resolver: RootDirectory.Resolver) {
        root = nil
        self.resolver = resolver
    }

    init(root: RootDirectory) {
        self.root = root
        self.resolver = root.resolver
    }

    public func confined(to path: String) throws(SystemError) -> Confinement {
        let directory = try RootDirectory(path: path, resolver: resolver)
        // The live system is recognised by what the directory is, not by how it is spelled:
        // `//`, `/.` or a link to `/` are `/` too.
        var tree = stat()
        var top = stat()
        guard fstat(directory.descriptor, &tree) == 0 else { throw SystemError(.stat, path, .current) }
        guard stat("/", &top) == 0 else { throw SystemError(.stat, "/", .current) }
        if tree.st_dev == top.st_dev && tree.st_ino == top.st_ino {
            return Confinement(fileSystem: SystemFileSystem(resolver: resolver), root: "/", isWholeSystem: true)
        }
        return Confinement(fileSystem: SystemFileSystem(root: directory), root: directory.path, isWholeSystem: false)
    }

    /// `path` with every symbolic link in it resolved, inside the tree when confined. The whole
    /// system resolves the same way with `/` as its tree (an absolute `path`): a caller reading
    /// the live system (`check --root /`, in a build chroot) must find /etc/os-release's
    /// target as it would in a mounted image, since reads never follow the last link.
    public func realPath(_ path: String) throws(SystemError) -> String {
        guard let root else {
            guard path.hasPrefix("/") else { return path }
            let top = try RootDirectory(path: "/", resolver: resolver)
            return try top.realPath(try top.relative(path), hostPath: path)
        }
        return try root.realPath(try root.relative(path), hostPath: path)
    }

    /// Where a call acts: a directory descriptor and one name in it.
    private struct Location {
        let directory: Int32
        let name: String
        let owned: Bool

        func release() { if owned { _ = systemClose(directory) } }
    }

    /// The directory holding `path`'s last component, resolved inside the tree when confined.
    /// A failure to get there is reported as a failure of `operation` on `path`.
    private func locate(_ path: String, for operation: SystemError.Operation) throws(SystemError) -> Location {
        guard let root else { return Location(directory: AT_FDCWD, name: path, owned: false) }
        do {
            return try locate(path, in: root)
        } catch {
            throw SystemError(operation, path, error.errno)
        }
    }

    private func locate(_ path: String, in root: RootDirectory) throws(SystemError) -> Location {
        let relative = try root.relative(path)
        let name = FilePath.baseName(of: relative)
        if name.isEmpty || name == "." || name == ".." {
            // The path names a directory by resolution (the root itself, `..`): act on it as `.`.
            let fd = try root.open(relative, flags: SystemCall.pathOnly | O_DIRECTORY, hostPath: path)
            return Location(directory: fd, name: ".", owned: true)
        }
        let parent = relative.contains("/") ? FilePath.directory(of: relative) : ""
        let fd = try root.open(parent, flags: SystemCall.pathOnly | O_DIRECTORY, hostPath: path)
        return Location(directory: fd, name: name, owned: true)
    }

    /// Opens `path` itself, following a final link (inside the tree when confined).
    private func openFollowing(_ path: String, flags: Int32) throws(SystemError) -> Int32 {
        guard let root else {
            let fd = SystemCall.retrying { open(path, flags | O_CLOEXEC) }
            guard fd >= 0 else { throw SystemError(.open, path, .current) }
            return fd
        }
        return try root.open(try root.relative(path), flags: flags, hostPath: path)
    }

    /// The one way a file is opened for reading: never blocking in open (a FIFO or a device
    /// on a partition anyone could write must not stall a boot), never following the last
    /// component, and its type checked before the open and on the open descriptor, so what is
    /// read is what was checked (``openRegularFile(_:_:)``).
    public func readFile(at path: String, limit: Int) throws(SystemError) -> [UInt8] {
        let location = try locate(path, for: .open)
        defer { location.release() }
        let fd = try Self.openRegularFile(location, path)
        defer { _ = systemClose(fd) }
        var result: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 16384)
        while true {
            let count = chunk.withUnsafeMutableBytes { buffer in
                SystemCall.retrying { systemRead(fd, buffer.baseAddress, buffer.count) }
            }
            if count < 0 { throw SystemError(.read, path, .current) }
            if count == 0 { return result }
            result += chunk[0..<count]
            if result.count > limit { throw SystemError(.read, path, .fileTooLarge) }
        }
    }

    /// FS_IOC_GETFLAGS on the file opened as ``readFile(at:limit:)`` opens it: a device is
    /// never opened (its driver would run), a link never followed.
    public func inodeFlags(at path: String) throws(SystemError) -> InodeFlags {
        let location = try locate(path, for: .open)
        defer { location.release() }
        let fd = try Self.openRegularFile(location, path)
        defer { _ = systemClose(fd) }
        var flags: UInt32 = 0
        guard osconf_inode_flags(fd, &flags) == 0 else { throw SystemError(.stat, path, .current) }
        return InodeFlags(rawValue: flags)
    }

    /// Opens the regular file at the last name of `location` for reading; the descriptor is
    /// the caller's to close.
    ///
    /// The type is checked first without opening (lstat): opening a device runs its driver (a
    /// tape rewinds, a modem hangs up) and opening a FIFO can wake a writer waiting on it, so
    /// what is not a regular file is refused before any open. The check on the descriptor
    /// stays for a file swapped in between the two.
    private static func openRegularFile(_ location: Location, _ path: String) throws(SystemError) -> Int32 {
        var before = stat()
        if fstatat(location.directory, location.name, &before, AT_SYMLINK_NOFOLLOW) == 0,
            before.st_mode & S_IFMT != S_IFLNK
        {
            // A link is left to the open, whose O_NOFOLLOW refuses it with its own error.
            try requireRegularFile(before.st_mode, path)
        }
        let (fd, mode) = try openForReading(location, path)
        do {
            try requireRegularFile(mode, path)
        } catch {
            _ = systemClose(fd)
            throw error
        }
        return fd
    }

    /// Up to `count` bytes at `offset` of a block device or regular file: a superblock, for
    /// the config drive's label. Opened the same way as ``readFile(at:limit:)`` (no blocking,
    /// no link followed); anything but a block device or regular file is refused.
    public func readBlocks(at path: String, offset: Int, count: Int) throws(SystemError) -> [UInt8] {
        let location = try locate(path, for: .open)
        defer { location.release() }
        let (fd, mode) = try Self.openForReading(location, path)
        defer { _ = systemClose(fd) }
        let type = mode & S_IFMT
        guard type == S_IFBLK || type == S_IFREG else { throw SystemError(.read, path, .notRegularFile) }
        var result = [UInt8](repeating: 0, count: count)
        var filled = 0
        while filled < count {
            let read = result.withUnsafeMutableBytes { buffer in
                SystemCall.retrying {
                    pread(fd, buffer.baseAddress.map { $0 + filled }, count - filled, off_t(offset + filled))
                }
            }
            if read < 0 { throw SystemError(.read, path, .current) }
            if read == 0 { break }
            filled += read
        }
        return Array(result[0..<filled])
    }

    /// Opens the last name of `location` read-only without blocking (O_NONBLOCK), following
    /// no link (O_NOFOLLOW) and taking no controlling terminal; returns the descriptor, which
    /// the caller closes, and the mode fstat reports for it.
    private static func openForReading(_ location: Location, _ path: String) throws(SystemError) -> (Int32, mode_t) {
        let fd = SystemCall.retrying {
            openat(location.directory, location.name, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_NOCTTY | O_CLOEXEC)
        }
        guard fd >= 0 else { throw SystemError(.open, path, .current) }
        var info = stat()
        guard fstat(fd, &info) == 0 else {
            let error = SystemError(.stat, path, .current)
            _ = systemClose(fd)
            throw error
        }
        return (fd, info.st_mode)
    }

    /// Throws `EISDIR` for a directory and ``Errno/notRegularFile`` for anything else but a
    /// regular file, as a failed read of `path`.
    private static func requireRegularFile(_ mode: mode_t, _ path: String) throws(SystemError) {
        switch mode & S_IFMT {
        case S_IFREG: return
        case S_IFDIR: throw SystemError(.read, path, .isDirectory)
        default: throw SystemError(.read, path, .notRegularFile)
        }
    }

    public func createFile(at path: String, mode: UInt32) throws(SystemError) -> FileDescriptor {
        let location = try locate(path, for: .create)
        defer { location.release() }
        let fd = SystemCall.retrying {
            openat(
                location.directory, location.name, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, mode_t(mode))
        }
        guard fd >= 0 else { throw SystemError(.create, path, .current) }
        // open(2) applies the umask; the mode must be exactly what was asked for before any
        // byte is written.
        guard SystemCall.retrying({ fchmod(fd, mode_t(mode)) }) == 0 else {
            let error = Errno.current
            _ = systemClose(fd)
            _ = unlinkat(location.directory, location.name, 0)
            throw SystemError(.create, path, error)
        }
        return FileDescriptor(rawValue: fd)
    }

    public func write(_ bytes: [UInt8], to file: FileDescriptor, path: String) throws(SystemError) {
        var offset = 0
        while offset < bytes.count {
            let written = bytes[offset...].withUnsafeBytes { buffer in
                SystemCall.retrying { systemWrite(file.rawValue, buffer.baseAddress, buffer.count) }
            }
            guard written > 0 else { throw SystemError(.write, path, written < 0 ? .current : .ioError) }
            offset += written
        }
    }

    public func sync(_ file: FileDescriptor, path: String) throws(SystemError) {
        guard SystemCall.retrying({ fsync(file.rawValue) }) == 0 else { throw SystemError(.sync, path, .current) }
    }

    public func close(_ file: FileDescriptor) {
        _ = systemClose(file.rawValue)
    }

    public func rename(_ source: String, to destination: String) throws(SystemError) {
        let from = try locate(source, for: .rename)
        defer { from.release() }
        let to = try locate(destination, for: .rename)
        defer { to.release() }
        guard SystemCall.retrying({ renameat(from.directory, from.name, to.directory, to.name) }) == 0 else {
            throw SystemError(.rename, destination, .current)
        }
    }

    public func removeFile(at path: String) throws(SystemError) {
        let location = try locate(path, for: .unlink)
        defer { location.release() }
        guard SystemCall.retrying({ unlinkat(location.directory, location.name, 0) }) == 0 else {
            throw SystemError(.unlink, path, .current)
        }
    }

    public func makeDirectory(at path: String, mode: UInt32) throws(SystemError) {
        let location = try locate(path, for: .mkdir)
        defer { location.release() }
        guard SystemCall.retrying({ mkdirat(location.directory, location.name, mode_t(mode)) }) == 0 else {
            throw SystemError(.mkdir, path, .current)
        }
    }

    public func syncDirectory(at path: String) throws(SystemError) {
        let fd: Int32
        do {
            fd = try openFollowing(path, flags: O_RDONLY | O_DIRECTORY)
        } catch {
            throw SystemError(.sync, path, error.errno)
        }
        defer { _ = systemClose(fd) }
        guard SystemCall.retrying({ fsync(fd) }) == 0 else { throw SystemError(.sync, path, .current) }
    }

    public func fileType(at path: String) throws(SystemError) -> FileType? {
        try status(at: path)?.type
    }

    public func listDirectory(at path: String) throws(SystemError) -> [String] {
        let fd = try openFollowing(path, flags: O_RDONLY | O_DIRECTORY)
        guard let directory = fdopendir(fd) else {
            let error = Errno.current
            _ = systemClose(fd)
            throw SystemError(.open, path, error)
        }
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
        let location = try locate(path, for: .read)
        defer { location.release() }
        return try SystemCall.readLink(location.directory, location.name, hostPath: path)
    }

    public func makeSymbolicLink(at path: String, target: String) throws(SystemError) {
        let location = try locate(path, for: .create)
        defer { location.release() }
        guard SystemCall.retrying({ symlinkat(target, location.directory, location.name) }) == 0 else {
            throw SystemError(.create, path, .current)
        }
    }

    public func makeHardLink(at path: String, to existing: String) throws(SystemError) {
        let from = try locate(existing, for: .create)
        defer { from.release() }
        let to = try locate(path, for: .create)
        defer { to.release() }
        guard SystemCall.retrying({ linkat(from.directory, from.name, to.directory, to.name, 0) }) == 0 else {
            throw SystemError(.create, path, .current)
        }
    }

    public func removeDirectory(at path: String) throws(SystemError) {
        let location = try locate(path, for: .unlink)
        defer { location.release() }
        guard SystemCall.retrying({ unlinkat(location.directory, location.name, AT_REMOVEDIR) }) == 0 else {
            throw SystemError(.unlink, path, .current)
        }
    }

    public func status(at path: String) throws(SystemError) -> FileStatus? {
        let location: Location
        do {
            location = try locate(path, for: .stat)
        } catch  where error.errno == .noSuchFile || error.errno == .notDirectory {
            return nil
        }
        defer { location.release() }
        var info = stat()
        guard fstatat(location.directory, location.name, &info, AT_SYMLINK_NOFOLLOW) == 0 else {
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
            type: type, mode: UInt32(info.st_mode & 0o7777), owner: FileOwner(user: info.st_uid, group: info.st_gid),
            size: Int(info.st_size))
    }

    public func changeOwner(_ file: FileDescriptor, path: String, owner: FileOwner) throws(SystemError) {
        guard SystemCall.retrying({ fchown(file.rawValue, owner.user, owner.group) }) == 0 else {
            throw SystemError(.create, path, .current)
        }
    }

    /// lckpwdf(3) waits 15 seconds for the lock; so does this, polling so that a stuck holder
    /// cannot hang the boot.
    public func lock(at path: String) throws(SystemError) -> FileDescriptor {
        let location = try locate(path, for: .create)
        defer { location.release() }
        let fd = SystemCall.retrying {
            openat(location.directory, location.name, O_WRONLY | O_CREAT | O_CLOEXEC | O_NOFOLLOW, mode_t(0o600))
        }
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
        _ = systemClose(fd)
        throw SystemError(.lock, path, error)
    }
}
