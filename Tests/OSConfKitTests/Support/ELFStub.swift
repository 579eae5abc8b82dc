/// Stand-ins for executables: a 64-bit little-endian ELF header (`e_machine` at bytes 18–19)
/// followed by a marker, enough for `install`'s machine check and byte comparisons.
enum ELFStub {
    static let amd64: UInt16 = 62
    static let aarch64: UInt16 = 183

    static func bytes(_ marker: String, machine: UInt16 = amd64) -> [UInt8] {
        var header = [UInt8](repeating: 0, count: 64)
        header[0...3] = [0x7F, 0x45, 0x4C, 0x46]
        header[4] = 2  // ELFCLASS64
        header[5] = 1  // ELFDATA2LSB
        header[6] = 1  // EV_CURRENT
        header[16] = 2  // ET_EXEC
        header[18] = UInt8(machine & 0xFF)
        header[19] = UInt8(machine >> 8)
        return header + Array(marker.utf8)
    }

    /// The x86_64 stub as text (each of its header bytes is ASCII; aarch64's 0xB7 is not), for
    /// `TemporaryRoot.write` and `text`.
    static func text(_ marker: String) -> String {
        String(decoding: bytes(marker), as: UTF8.self)
    }

    /// `bin/sh` of `machine` in `root`: what the machine check reads of an image.
    static func shell(_ root: TemporaryRoot, machine: UInt16 = amd64) {
        root.write("bin/sh", bytes: bytes("sh", machine: machine), mode: 0o755)
    }
}
