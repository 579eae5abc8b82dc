import OSConfKit

#if canImport(Glibc)
    import Glibc
#endif

/// A fake system tree in a fresh temporary directory, removed when the value goes away.
final class TemporaryRoot: @unchecked Sendable {
    let path: String
    let fileSystem = SystemFileSystem()
    /// False for a view of a directory that another root owns and removes.
    private let owned: Bool

    init() throws {
        var template = Array("/tmp/osconf2seed-test-XXXXXX".utf8CString)
        guard let made = mkdtemp(&template) else { throw SystemError(.mkdir, "/tmp", .current) }
        path = String(cString: made)
        owned = true
    }

    /// The same helpers on an existing directory, left in place when the value goes away.
    init(existing path: String) {
        self.path = path
        owned = false
    }

    deinit { if owned { removeTree(path) } }

    /// The tree, confined to this root as the commands confine it.
    func tree() throws -> RootTree { try RootTree(root: path, fileSystem: fileSystem) }

    func real(_ relative: String) -> String { FilePath.join(path, relative) }

    /// Creates the missing directories 0755 whatever the umask: the boot job's trust rule
    /// refuses os.conf below a directory that its group or others may write.
    func mkdir(_ relative: String) {
        var current = ""
        for component in relative.split(separator: "/") {
            current += "/" + component
            if Glibc.mkdir(real(current), 0o755) == 0 { _ = chmod(real(current), 0o755) }
        }
    }

    func write(_ relative: String, _ text: String, mode: UInt32 = 0o644) {
        write(relative, bytes: Array(text.utf8), mode: mode)
    }

    func write(_ relative: String, bytes: [UInt8], mode: UInt32 = 0o644) {
        mkdir(FilePath.directory(of: relative))
        _ = unlink(real(relative))
        if let fd = try? fileSystem.createFile(at: real(relative), mode: mode) {
            try? fileSystem.write(bytes, to: fd, path: relative)
            fileSystem.close(fd)
        }
    }

    func link(_ relative: String, to target: String) {
        mkdir(FilePath.directory(of: relative))
        _ = symlink(target, real(relative))
    }

    func text(_ relative: String) -> String? {
        guard let bytes = try? fileSystem.readFile(at: real(relative), limit: 1 << 24) else { return nil }
        return String(decoding: bytes, as: UTF8.self)
    }

    func exists(_ relative: String) -> Bool { ((try? fileSystem.fileType(at: real(relative))) ?? nil) != nil }

    func mode(_ relative: String) -> UInt32? { ((try? fileSystem.status(at: real(relative))) ?? nil)?.mode }

    /// Every entry below the root: `path kind [link target | content digest]`, sorted.
    func listing() -> [String] {
        var result: [String] = []
        func walk(_ relative: String) {
            for name in (try? fileSystem.listDirectory(at: real(relative))) ?? [] {
                let child = relative + "/" + name
                switch (try? fileSystem.fileType(at: real(child))) ?? nil {
                case .directory:
                    result.append(child + " dir")
                    walk(child)
                case .symbolicLink: result.append(child + " -> " + ((try? fileSystem.readLink(at: real(child))) ?? ""))
                default: result.append(child + " file " + (text(child) ?? "").prefix(40))
                }
            }
        }
        walk("")
        return result.sorted()
    }

    /// Every entry below the root with its mode, owner and whole contents (or link target),
    /// sorted: two trees with equal exact listings are the same byte for byte.
    func exactListing() -> [String] {
        var result: [String] = []
        func walk(_ relative: String) {
            for name in (try? fileSystem.listDirectory(at: real(relative))) ?? [] {
                let child = relative + "/" + name
                guard let status = (try? fileSystem.status(at: real(child))) ?? nil else { continue }
                let head = "\(child) \(String(status.mode, radix: 8)) \(status.owner.user):\(status.owner.group)"
                switch status.type {
                case .directory:
                    result.append(head + " dir")
                    walk(child)
                case .symbolicLink:
                    result.append(head + " -> " + ((try? fileSystem.readLink(at: real(child))) ?? "?"))
                default:
                    let bytes = (try? fileSystem.readFile(at: real(child), limit: 1 << 24)) ?? []
                    let text = String(validating: bytes, as: UTF8.self).map { $0.debugDescription }
                    result.append(head + " " + (text ?? "\(bytes)"))
                }
            }
        }
        walk("")
        return result.sorted()
    }

    /// Gives an entry an owner (the tests run as root, as the boot job does).
    func chown(_ relative: String, user: UInt32, group: UInt32) {
        _ = Glibc.lchown(real(relative), user, group)
    }

    private func removeTree(_ directory: String) {
        for name in (try? fileSystem.listDirectory(at: directory)) ?? [] {
            let child = directory + "/" + name
            if (try? fileSystem.fileType(at: child)) == .directory {
                removeTree(child)
            } else {
                _ = unlink(child)
            }
        }
        _ = rmdir(directory)
    }
}
