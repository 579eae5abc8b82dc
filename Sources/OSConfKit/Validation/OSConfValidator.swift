/// Checks os.conf files for `validate`: each path is a file, `-` (standard input), or a
/// directory whose `*.conf` and `os.conf` files are found below it.
///
/// A directory is walked without following any symbolic link (to a file or a directory), so
/// the walk stays inside it and cannot loop; each directory's files are checked in byte order
/// of their paths. An entry that is not a regular file but has a matching name (a FIFO named
/// `os.conf`) is listed, and its read fails at once (``FileSystem/readFile(at:limit:)`` never
/// blocks on one). A directory without any matching file is a read failure of that directory,
/// so a mistyped path does not pass as "nothing wrong".
public struct OSConfValidator: Sendable {
    public let fileSystem: any FileSystem
    /// Reads standard input for `-`.
    public let readInput: @Sendable (_ limit: Int) throws(SystemError) -> [UInt8]
    /// Which cloud wrote the files (see ``OSConfSource``); nil: each file's own, from its path
    /// (`qcloud_action/` is Tencent's), as `convert` decides.
    public let source: OSConfSource?

    public init(
        fileSystem: any FileSystem, readInput: @escaping @Sendable (_ limit: Int) throws(SystemError) -> [UInt8],
        source: OSConfSource? = nil
    ) {
        self.fileSystem = fileSystem
        self.readInput = readInput
        self.source = source
    }

    /// One report per file, in argument order, each directory's files sorted.
    public func validate(_ arguments: [String]) -> [ValidationReport] {
        arguments.flatMap { argument in
            guard argument != "-", (try? fileSystem.fileType(at: argument)) == .directory else {
                return [check(argument)]
            }
            var files: [String] = []
            var failures: [ValidationReport] = []
            collect(under: argument, into: &files, failures: &failures)
            if files.isEmpty && failures.isEmpty {
                failures.append(
                    ValidationReport(
                        file: argument, errors: [], warnings: [],
                        readFailure: "no *.conf or os.conf below this directory"))
            }
            let sorted = files.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
            return failures + sorted.map(check)
        }
    }

    /// True for the names `validate` checks below a directory.
    public static func isOSConfName(_ name: String) -> Bool {
        name == "os.conf" || (name.hasSuffix(".conf") && name != ".conf")
    }

    private func collect(under directory: String, into files: inout [String], failures: inout [ValidationReport]) {
        let names: [String]
        do {
            names = try fileSystem.listDirectory(at: directory)
        } catch {
            failures.append(.unreadable(directory, error))
            return
        }
        for name in names {
            let path = FilePath.join(directory, name)
            switch try? fileSystem.fileType(at: path) {
            case .directory: collect(under: path, into: &files, failures: &failures)
            case .regular, .other: if Self.isOSConfName(name) { files.append(path) }
            case .symbolicLink, nil: continue
            }
        }
    }

    /// Reads and checks one file. Too large is a data error, as for `convert`.
    public func check(_ path: String) -> ValidationReport {
        let name = path == "-" ? "<stdin>" : path
        let limit = AssignmentParser.sizeLimit
        let bytes: [UInt8]
        do {
            bytes = path == "-" ? try readInput(limit) : try fileSystem.readFile(at: path, limit: limit)
        } catch  where error.errno == .fileTooLarge {
            let tooLarge = OSConfError(file: name, line: nil, key: nil, reason: .tooLarge(limit: limit))
            return ValidationReport(file: name, errors: [tooLarge], warnings: [])
        } catch {
            return .unreadable(name, error)
        }
        let report = OSConfParser(fileName: name, source: source ?? .inferred(fromPath: name)).check(bytes)
        return ValidationReport(file: name, errors: report.errors, warnings: report.warnings)
    }
}
