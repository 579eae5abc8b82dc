/// /etc/shadow read under the shadow suite's lock, for an edit of root's password field that
/// the boot job (setting os.conf's password) and `clean` (putting the image's field back) make
/// the same way.
///
/// lckpwdf(3) semantics: every shadow-suite tool takes `/etc/.pwd.lock` before rewriting the
/// password files, so holding it from the read until the edited file is renamed into place
/// loses no concurrent change. Call ``release()`` only after the writer has written the file.
struct LockedShadow {
    static let path = "/etc/shadow"
    static let lockPath = "/etc/.pwd.lock"

    /// The file as it is now.
    let contents: [UInt8]
    /// Its mode and owner, which the edited file keeps; nil when it vanished since the read.
    let status: FileStatus?
    private let tree: RootTree
    private let lock: FileDescriptor

    /// Takes the lock (waiting a bounded time: exit 75 while another tool holds it), then reads.
    init(tree: RootTree) throws(CommandFailure) {
        self.tree = tree
        do {
            lock = try tree.fileSystem.lock(at: tree.path(Self.lockPath))
        } catch {
            let busy = error.errno == .accessDenied || error.errno == Errno(rawValue: 11)
            throw CommandFailure(error.description, exitCode: busy ? .temporaryFailure : .forOutput(error))
        }
        do {
            contents = try tree.fileSystem.readFile(at: tree.path(Self.path), limit: 16 << 20)
            status = try tree.fileSystem.status(at: tree.path(Self.path))
        } catch {
            tree.fileSystem.close(lock)
            throw CommandFailure(error.description, exitCode: .osFile)
        }
    }

    func release() {
        tree.fileSystem.close(lock)
    }

    /// The owner the edited file must be given, keyed for the writer's `owners`.
    var owners: [String: FileOwner] {
        guard let owner = status?.owner else { return [:] }
        return [String(Self.path.dropFirst()): owner]
    }

    /// root's password field as it is now.
    func rootField() throws(CommandFailure) -> [UInt8] {
        do {
            return try ShadowFile.rootField(in: contents)
        } catch {
            throw CommandFailure(error.description, exitCode: .osFile)
        }
    }

    /// The file with root's hash set to `hash`, root-relative, in the file's own mode.
    func settingRootHash(_ hash: String) throws(CommandFailure) -> RenderedFile {
        do {
            return file(try ShadowFile.settingRootHash(hash, in: contents))
        } catch {
            throw CommandFailure(error.description, exitCode: .osFile)
        }
    }

    /// The file with root's password field set back to `field`, as ``rootField()`` read it.
    func settingRootField(_ field: [UInt8]) throws(CommandFailure) -> RenderedFile {
        do {
            return file(try ShadowFile.settingRootField(field, in: contents))
        } catch {
            throw CommandFailure(error.description, exitCode: .osFile)
        }
    }

    private func file(_ bytes: [UInt8]) -> RenderedFile {
        RenderedFile(path: String(Self.path.dropFirst()), bytes: bytes, mode: status?.mode ?? 0o640)
    }
}
