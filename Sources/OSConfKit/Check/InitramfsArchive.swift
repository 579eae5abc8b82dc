/// What an initramfs image holds: the file names of its cpio archives (the "newc" format the
/// kernel unpacks, often an early uncompressed microcode archive first), and the compression
/// of what could not be opened.
///
/// The kernel reads an initramfs as archives one after another, each ending with the entry
/// `TRAILER!!!`, zero padding between them; the main archive is usually compressed. gzip is
/// decompressed here; xz, zstd, lz4, bzip2, lzma and lzop through the host's tools
/// (``InitramfsDecompressor``), or named in ``compressedRest`` when the host has none.
struct InitramfsArchive: Sendable, Hashable {
    /// Every path in the uncompressed archives, as stored (`usr/lib/modules/…`, `./init`).
    var names: [String] = []
    /// The compression of the rest (`zstd`), nil when the whole image was read.
    var compressedRest: String?
    /// Set when the bytes are neither newc cpio nor a known compression (a damaged image), or
    /// a decompressor failed on them: why.
    var unreadable: String?
    /// How each part was read, in order: `cpio`, `gzip (built in)`, `zstd -dc (/usr/bin/zstd)`.
    var readWith: [String] = []

    /// The most a gzip main archive may expand to (initramfs images are tens of MiB).
    static let decompressedLimit = 1 << 30

    /// The archive of `bytes`; a gzip main archive is decompressed (``GzipInflater``), the
    /// others by `decompressor`, or named in ``compressedRest`` when it has no tool for them.
    init(bytes: [UInt8], decompressor: InitramfsDecompressor = .none) {
        var offset = 0
        while offset < bytes.count {
            while offset < bytes.count, bytes[offset] == 0 { offset += 1 }
            guard offset < bytes.count else { return }
            if Self.hasMagic(bytes, offset) {
                guard let end = readArchive(bytes, from: offset) else {
                    unreadable = "a cpio header at byte \(offset) is damaged"
                    return
                }
                offset = end
                if readWith.last != "cpio" { readWith.append("cpio") }
                continue
            }
            if let format = Self.compression(bytes, offset) {
                if format == "gzip" {
                    do {
                        let member = try GzipInflater.gunzip(bytes, at: offset, limit: Self.decompressedLimit)
                        let inner = InitramfsArchive(bytes: member.output, decompressor: decompressor)
                        readWith.append("gzip (built in)")
                        names += inner.names
                        compressedRest = inner.compressedRest
                        unreadable = inner.unreadable.map { "in the gzip archive: \($0)" }
                        if inner.compressedRest != nil || inner.unreadable != nil { return }
                        offset = member.end
                        continue
                    } catch {
                        unreadable = "the gzip archive at byte \(offset) is damaged: \(error)"
                        return
                    }
                }
                switch decompressor.decompress(format, bytes[offset...]) {
                case .noTool:
                    compressedRest = format
                case .failed(let reason):
                    unreadable = "the \(format) archive at byte \(offset) cannot be read: \(reason)"
                case .output(let output, let way):
                    // The tool read to the end of the file: whatever followed is in its output.
                    let inner = InitramfsArchive(bytes: output, decompressor: decompressor)
                    readWith.append(way)
                    names += inner.names
                    compressedRest = inner.compressedRest
                    unreadable = inner.unreadable.map { "in the \(format) archive: \($0)" }
                }
            } else {
                unreadable = "byte \(offset) starts neither a cpio archive nor a known compression"
            }
            return
        }
    }

    /// True when some name is `…/module.ko` (compressed or not: `.ko.xz`, `.ko.zst`).
    func contains(module: String) -> Bool {
        let dashed = String(module.map { $0 == "_" ? "-" : $0 })
        return names.contains { name in
            let base = name.split(separator: "/").last.map(String.init) ?? name
            return base.hasPrefix(module + ".ko") || base.hasPrefix(dashed + ".ko")
        }
    }

    /// `070701` (newc) or `070702` (newc with checksums).
    private static func hasMagic(_ bytes: [UInt8], _ offset: Int) -> Bool {
        guard offset + 6 <= bytes.count else { return false }
        return Array(bytes[offset..<offset + 5]) == Array("07070".utf8)
            && (bytes[offset + 5] == 0x31 || bytes[offset + 5] == 0x32)
    }

    /// Reads one archive's entries from `start`; returns the offset after its trailer, or nil
    /// when a header is malformed or runs past the end.
    private mutating func readArchive(_ bytes: [UInt8], from start: Int) -> Int? {
        var offset = start
        while true {
            guard Self.hasMagic(bytes, offset), offset + 110 <= bytes.count,
                let size = Self.hex(bytes, offset + 54), let nameSize = Self.hex(bytes, offset + 94), nameSize > 0
            else { return nil }
            let nameStart = offset + 110
            guard nameStart + nameSize <= bytes.count else { return nil }
            let name = String(decoding: bytes[nameStart..<nameStart + nameSize - 1], as: UTF8.self)
            let dataStart = Self.aligned(nameStart + nameSize)
            offset = Self.aligned(dataStart + size)
            if name == "TRAILER!!!" { return min(offset, bytes.count) }
            guard offset <= bytes.count else { return nil }
            names.append(name)
        }
    }

    /// An 8-digit hexadecimal header field.
    private static func hex(_ bytes: [UInt8], _ offset: Int) -> Int? {
        Int(String(decoding: bytes[offset..<offset + 8], as: UTF8.self), radix: 16)
    }

    private static func aligned(_ offset: Int) -> Int { (offset + 3) & ~3 }

    /// The compressions the kernel can unpack, by their magic numbers.
    private static func compression(_ bytes: [UInt8], _ offset: Int) -> String? {
        let magics: [(String, [UInt8])] = [
            ("gzip", [0x1f, 0x8b]), ("xz", [0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00]), ("zstd", [0x28, 0xb5, 0x2f, 0xfd]),
            ("lz4", [0x02, 0x21, 0x4c, 0x18]), ("bzip2", Array("BZh".utf8)), ("lzma", [0x5d, 0x00, 0x00]),
            ("lzop", [0x89, 0x4c, 0x5a, 0x4f]),
        ]
        for (name, magic) in magics where offset + magic.count <= bytes.count {
            if Array(bytes[offset..<offset + magic.count]) == magic { return name }
        }
        return nil
    }
}
