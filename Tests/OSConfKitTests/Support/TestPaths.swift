import OSConfKit

/// Locations of the package's test inputs, found from this source file.
enum TestPaths {
    /// The package root: three levels above this file.
    static let packageRoot: String = {
        var path = #filePath
        for _ in 0..<4 { path = FilePath.directory(of: path) }
        return path
    }()

    static let fixtures = FilePath.join(packageRoot, "Tests/Fixtures")
    static let snapshots = FilePath.join(packageRoot, "Tests/OSConfKitTests/Snapshots")

    /// The bytes of `Tests/Fixtures/NAME`.
    static func fixture(_ name: String) throws -> [UInt8] {
        try SystemFileSystem().readFile(at: FilePath.join(fixtures, name), limit: 1 << 20)
    }

    /// The fixture parsed, failing the test on a parse error.
    static func configuration(_ name: String) throws -> OSConfiguration {
        try OSConfParser(fileName: name).parse(fixture(name)).configuration
    }

    /// The fixtures every renderer is checked against.
    static let renderFixtures = ["classic", "vpc", "three-nics", "many-routes", "quoting", "tencent", "ipv6-dns"]
}
