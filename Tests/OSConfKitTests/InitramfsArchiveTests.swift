import Testing

@testable import OSConfKit

@Suite("check: the initramfs's uncompressed cpio archives")
struct InitramfsArchiveTests {
    private static let virtio = "usr/lib/modules/6.1.0-50-amd64/kernel/drivers/block/virtio_blk.ko.zst"

    @Test("names are read from one archive, and from an early one before the main one")
    func names() {
        let one = InitramfsArchive(bytes: CpioArchive.newc(["init", Self.virtio]))
        #expect(one.names == ["init", Self.virtio])
        #expect(one.compressedRest == nil && one.unreadable == nil)
        #expect(one.contains(module: "virtio_blk"))
        #expect(!one.contains(module: "nvme"))

        let two = InitramfsArchive(
            bytes: CpioArchive.newc(["kernel/x86/microcode/GenuineIntel.bin"]) + CpioArchive.newc(["./" + Self.virtio]))
        #expect(two.names.count == 2)
        #expect(two.contains(module: "virtio_blk"))
    }

    @Test(
        "a compression not decompressed (all but gzip) is named by its magic",
        arguments: [
            (Array("BZh9".utf8), "bzip2"), ([0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00], "xz"),
            ([0x28, 0xb5, 0x2f, 0xfd], "zstd"), ([0x02, 0x21, 0x4c, 0x18], "lz4"),
        ] as [([UInt8], String)])
    func compression(magic: [UInt8], name: String) {
        let archive = InitramfsArchive(bytes: CpioArchive.newc(["early"]) + magic + [1, 2, 3, 4])
        #expect(archive.compressedRest == name)
        #expect(archive.names == ["early"])
        #expect(InitramfsArchive(bytes: magic + [1, 2]).compressedRest == name)
    }

    @Test(
        "a damaged header or unknown bytes are unreadable, never an empty archive",
        arguments: [
            Array("070701zzzzzzzz".utf8) + [UInt8](repeating: 0x30, count: 120), Array("not an initramfs".utf8),
            Array(CpioArchive.newc(["init", "bin/sh"]).prefix(150)),
        ])
    func damaged(bytes: [UInt8]) {
        #expect(InitramfsArchive(bytes: bytes).unreadable != nil)
    }
}

@Suite("check: gzip decompression of an initramfs")
struct GzipInflaterTests {
    private static func fixture(_ name: String) throws -> [UInt8] {
        try SystemFileSystem().readFile(at: FilePath.join(TestPaths.fixtures, "check/" + name), limit: 1 << 20)
    }

    @Test(
        "Python's zlib output decompresses to the archive: stored, fixed and dynamic blocks",
        arguments: ["stored", "fixed", "dynamic"])
    func blocks(kind: String) throws {
        let expected = try Self.fixture("sample.cpio")
        let compressed = try Self.fixture("sample-\(kind).cpio.gz")
        let result = try GzipInflater.gunzip(compressed, at: 0, limit: 1 << 20)
        #expect(result.output == expected)
        #expect(result.end == compressed.count)
        let archive = InitramfsArchive(bytes: compressed)
        #expect(archive.compressedRest == nil && archive.unreadable == nil)
        #expect(archive.contains(module: "virtio_blk"))
        #expect(archive.names.count == 3)
    }

    @Test("an early archive, then the gzip main one: both are read")
    func earlyThenGzip() throws {
        let bytes =
            CpioArchive.newc(["kernel/x86/microcode/AuthenticAMD.bin"]) + (try Self.fixture("sample-dynamic.cpio.gz"))
        let archive = InitramfsArchive(bytes: bytes)
        #expect(archive.names.first == "kernel/x86/microcode/AuthenticAMD.bin")
        #expect(archive.contains(module: "virtio_blk"))
    }

    @Test("a cut, damaged or oversized stream fails, never yields a partial archive as complete")
    func damaged() throws {
        let compressed = try Self.fixture("sample-dynamic.cpio.gz")
        #expect(throws: GzipInflater.Failure.self) {
            try GzipInflater.gunzip(Array(compressed.prefix(5000)), at: 0, limit: 1 << 20)
        }
        var flipped = compressed
        flipped[compressed.count - 3] ^= 0xff  // the size in the trailer
        #expect(throws: GzipInflater.Failure.self) { try GzipInflater.gunzip(flipped, at: 0, limit: 1 << 20) }
        #expect(throws: GzipInflater.Failure.self) { try GzipInflater.gunzip(compressed, at: 0, limit: 1000) }
        #expect(InitramfsArchive(bytes: Array(compressed.prefix(5000))).unreadable != nil)
    }
}

@Suite("check: an initramfs main archive opened by a decompressor")
struct InitramfsDecompressorTests {
    private static let early = CpioArchive.newc(["kernel/x86/microcode/GenuineIntel.bin"])
    private static let zstdMagic: [UInt8] = [0x28, 0xb5, 0x2f, 0xfd, 9, 9]

    @Test("the decompressor's output is read as cpio and its way recorded")
    func opened() {
        let main = CpioArchive.newc(["usr/lib/modules/6.1.0/kernel/drivers/block/virtio_blk.ko"])
        let decompressor = InitramfsDecompressor { format, bytes in
            #expect(format == "zstd" && Array(bytes) == Self.zstdMagic)
            return .output(main, way: "zstd -dc (/usr/bin/zstd)")
        }
        let archive = InitramfsArchive(bytes: Self.early + Self.zstdMagic, decompressor: decompressor)
        #expect(archive.compressedRest == nil && archive.unreadable == nil)
        #expect(archive.contains(module: "virtio_blk"))
        #expect(archive.readWith == ["cpio", "zstd -dc (/usr/bin/zstd)"])
    }

    @Test("a failing decompressor makes the archive unreadable, with its reason; none leaves it named")
    func failedOrAbsent() {
        let failing = InitramfsDecompressor { _, _ in .failed("zstd -dc failed with status 1: truncated") }
        let failed = InitramfsArchive(bytes: Self.early + Self.zstdMagic, decompressor: failing)
        #expect(failed.unreadable?.contains("truncated") == true)
        let absent = InitramfsArchive(bytes: Self.early + Self.zstdMagic, decompressor: .none)
        #expect(absent.compressedRest == "zstd" && absent.unreadable == nil)
    }

    @Test("the host's tools: found on PATH only, and run with input and output through sockets")
    func hostProgram() throws {
        #expect(HostProgram.find("cat", searchPath: "/nonexistent:relative") == nil)
        let cat = try #require(HostProgram.find("cat", searchPath: "/nonexistent:/usr/bin:/bin"))
        let input = (0..<300_000).map { UInt8(truncatingIfNeeded: $0 &* 7) }
        let run = try cat.run([], input: input[...], limit: 1 << 20)
        #expect(run.status == 0 && run.output == input && !run.overflowed)
        let cut = try cat.run([], input: input[...], limit: 1000)
        #expect(cut.overflowed && cut.output.count == 1000)
        let failed = try cat.run(["/nonexistent/file"], limit: 1000)
        #expect(failed.status == 1 && failed.errorLine.contains("/nonexistent/file"))
    }
}

@Suite("check: dracut's lsinitrd listing read for paths")
struct LsinitrdListingTests {
    @Test(
        "an ls -l line gives its path, a link's without its target; header lines give none",
        arguments: [
            (
                "-rw-r--r--   1 root     root        58305 Jul  2 13:50 usr/lib/modules/6.1.0/virtio_blk.ko",
                "usr/lib/modules/6.1.0/virtio_blk.ko"
            ),
            ("drwxr-xr-x   7 root     root            0 Mar  2  2025 .", "."),
            ("lrwxrwxrwx   1 root     root            7 Nov 30 19:19 bin -> usr/bin", "bin"),
            ("-rw-r--r--   1 root     root            9 Nov 30 19:19 etc/a name", "etc/a name"),
            ("Image: /boot/initrd.img-6.1.0-50-amd64: 35M", nil),
            ("========================================================================", nil),
            ("dracut modules:", nil),
            ("Version: dracut-059-4", nil),
        ] as [(String, String?)])
    func listedPath(line: String, path: String?) {
        #expect(ImageCheck.listedPath(Substring(line)) == path)
    }
}
