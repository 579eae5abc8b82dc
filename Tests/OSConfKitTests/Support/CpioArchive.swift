/// Builds newc cpio archives (the kernel's initramfs format) for the initramfs tests.
enum CpioArchive {
    /// One archive holding `names` as empty regular files, ended by its trailer and padded
    /// to 512 bytes, as cpio -H newc writes it.
    static func newc(_ names: [String]) -> [UInt8] {
        var out: [UInt8] = []
        for (index, name) in (names + ["TRAILER!!!"]).enumerated() {
            let fields = [index + 1, 0o100644, 0, 0, 1, 0, 0, 0, 0, 0, 0, name.utf8.count + 1, 0]
            out += Array("070701".utf8)
            for field in fields {
                let digits = String(field, radix: 16)
                out += Array((String(repeating: "0", count: 8 - digits.count) + digits).utf8)
            }
            out += Array(name.utf8) + [0]
            while out.count % 4 != 0 { out.append(0) }
        }
        while out.count % 512 != 0 { out.append(0) }
        return out
    }

    /// The start of a zstd frame: what follows the early archive on Debian and Fedora.
    static let zstdFrame: [UInt8] = [0x28, 0xb5, 0x2f, 0xfd, 0x24, 0x00]
}
