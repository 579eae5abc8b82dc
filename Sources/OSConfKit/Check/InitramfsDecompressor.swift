/// How `check` opens an initramfs main archive compressed with something other than gzip
/// (which ``GzipInflater`` reads): the host's own `xz`, `zstd` or `lz4` (`-dc`), found on the
/// `PATH` of the host running `check` (a build host, not the image).
struct InitramfsDecompressor: Sendable {
    /// What one attempt gave.
    enum Outcome: Sendable, Hashable {
        /// The decompressed bytes, and the way they were read (`xz -dc (/usr/bin/xz)`).
        case output([UInt8], way: String)
        /// The tool ran and failed: why.
        case failed(String)
        /// No tool for the format on this host.
        case noTool
    }

    /// The tool for each compression the kernel unpacks, by the name ``InitramfsArchive`` gives it.
    static let tools = ["xz": "xz", "lzma": "xz", "zstd": "zstd", "lz4": "lz4", "bzip2": "bzip2", "lzop": "lzop"]

    /// Decompresses the `format` stream that starts `bytes` and runs to its end.
    let decompress: @Sendable (_ format: String, _ bytes: ArraySlice<UInt8>) -> Outcome

    /// Opens nothing: every compression but gzip is left named (``InitramfsArchive/compressedRest``).
    static let none = InitramfsDecompressor { _, _ in .noTool }

    /// The host's tools on `searchPath` (colon-separated, as `PATH`), output capped at `limit`.
    static func host(searchPath: String?, limit: Int = InitramfsArchive.decompressedLimit) -> InitramfsDecompressor {
        InitramfsDecompressor { format, bytes in
            guard let name = tools[format], let program = HostProgram.find(name, searchPath: searchPath) else {
                return .noTool
            }
            let way = "\(name) -dc (\(program.path))"
            do throws(SystemError) {
                let run = try program.run(["-dc"], input: bytes, limit: limit)
                if run.overflowed { return .failed("\(way) expands it past \(limit >> 20) MiB") }
                guard run.status == 0 else {
                    return .failed("\(way) failed with status \(run.status): \(run.errorLine)")
                }
                return .output(run.output, way: way)
            } catch {
                return .failed("\(way) cannot be started: \(error.reason)")
            }
        }
    }
}
