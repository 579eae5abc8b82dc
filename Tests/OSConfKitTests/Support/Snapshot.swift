import OSConfKit
import Testing

/// Golden-file comparison for rendered output.
///
/// Each rendered file is compared with `Snapshots/NAME/PATH`. Run the tests with
/// `OSCONF2SEED_RECORD=1` to write the current output as the new golden files, then review
/// the diff with git.
enum Snapshot {
    static var isRecording: Bool {
        guard let value = getenv("OSCONF2SEED_RECORD") else { return false }
        return String(cString: value) == "1"
    }

    static func assertMatches(
        _ files: [RenderedFile], named name: String, sourceLocation: SourceLocation = #_sourceLocation
    ) throws {
        let directory = FilePath.join(TestPaths.snapshots, name)
        if isRecording {
            try AtomicFileWriter(fileSystem: SystemFileSystem())
                .write(files.map { RenderedFile(path: $0.path, contents: $0.text) }, under: directory)
            return
        }
        for file in files {
            let path = FilePath.join(directory, file.path)
            let expected: [UInt8]
            do {
                expected = try SystemFileSystem().readFile(at: path, limit: 1 << 20)
            } catch {
                Issue.record(
                    "missing golden file \(path); run with OSCONF2SEED_RECORD=1 to create it",
                    sourceLocation: sourceLocation)
                continue
            }
            #expect(
                file.text == String(decoding: expected, as: UTF8.self),
                "\(name)/\(file.path) differs from its golden file",
                sourceLocation: sourceLocation)
        }
    }
}

#if canImport(Glibc)
    import Glibc
#endif
