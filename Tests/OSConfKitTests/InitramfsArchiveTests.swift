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
        "what follows the uncompressed part is named by its magic",
        arguments: [
            ([0x1f, 0x8b, 0x08, 0x00], "gzip"), ([0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00], "xz"),
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
