/// Reads and parses an os.conf (or standard input for `-`), mapping every failure to the
/// right exit status: 66 when it cannot be read, 65 when it is not a valid os.conf.
struct OSConfInput {
    let environment: ToolEnvironment

    /// `source` decides how `password` is read; nil takes it from the path
    /// (``OSConfSource/inferred(fromPath:)``).
    func load(_ path: String, source: OSConfSource? = nil) throws(CommandFailure) -> OSConfParser.Result {
        let limit = AssignmentParser.sizeLimit
        let name = path == "-" ? "<stdin>" : path
        let bytes: [UInt8]
        do {
            bytes =
                path == "-"
                ? try environment.console.readInput(limit) : try environment.fileSystem.readFile(at: path, limit: limit)
        } catch {
            if error.errno == .fileTooLarge {
                throw CommandFailure(OSConfError(file: name, line: nil, key: nil, reason: .tooLarge(limit: limit)))
            }
            throw CommandFailure(error.description, exitCode: .noInput)
        }
        do {
            let result = try OSConfParser(fileName: name, source: source ?? .inferred(fromPath: path)).parse(bytes)
            for warning in result.warnings { environment.console.error(warning.description) }
            return result
        } catch {
            throw CommandFailure(error)
        }
    }
}
