/// Little-endian fields, GUIDs and strings read from a disk image's bytes, for the pure
/// parsers of `check --image` (``DiskLayout``, ``FileSystemSuperblock``). Out-of-range reads
/// give nil, never a trap: the bytes are untrusted.
struct DiskBytes: Sendable, Hashable {
    /// The bytes read, starting at the image's byte ``base``.
    var bytes: [UInt8]
    /// Where ``bytes`` start in the image.
    var base: Int = 0

    /// The unsigned little-endian integer of `width` bytes at image offset `offset`.
    func little(_ offset: Int, _ width: Int) -> UInt64? {
        let start = offset - base
        guard start >= 0, width <= 8, start + width <= bytes.count else { return nil }
        var value: UInt64 = 0
        for index in (0..<width).reversed() { value = value << 8 | UInt64(bytes[start + index]) }
        return value
    }

    /// `count` bytes at image offset `offset`.
    func slice(_ offset: Int, _ count: Int) -> [UInt8]? {
        let start = offset - base
        guard start >= 0, count >= 0, start + count <= bytes.count else { return nil }
        return Array(bytes[start..<start + count])
    }

    /// True when the bytes at `offset` are `magic`.
    func has(_ magic: [UInt8], at offset: Int) -> Bool { slice(offset, magic.count) == magic }

    /// True when the bytes at `offset` are the ASCII `text`.
    func has(_ text: String, at offset: Int) -> Bool { has(Array(text.utf8), at: offset) }

    /// 16 bytes as a UUID in the byte order blkid prints for file systems (big-endian, as stored).
    func uuid(_ offset: Int) -> String? {
        guard let raw = slice(offset, 16), raw.contains(where: { $0 != 0 }) else { return nil }
        return Self.uuidText(raw)
    }

    /// 16 bytes as a GPT GUID: the first three groups little-endian (UEFI's mixed-endian form).
    func guid(_ offset: Int) -> String? {
        guard let raw = slice(offset, 16) else { return nil }
        let reordered = [raw[3], raw[2], raw[1], raw[0], raw[5], raw[4], raw[7], raw[6]] + raw[8..<16]
        return Self.uuidText(reordered)
    }

    /// A NUL-padded ASCII label; nil when empty.
    func label(_ offset: Int, _ count: Int) -> String? {
        guard let raw = slice(offset, count) else { return nil }
        let text = String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
        let trimmed = String(Substring(text).trimmingBlanks)
        return trimmed.isEmpty ? nil : trimmed
    }

    /// `8-4-4-4-12` lower-case hexadecimal.
    static func uuidText(_ raw: [UInt8]) -> String {
        var out = ""
        for (index, byte) in raw.enumerated() {
            if [4, 6, 8, 10].contains(index) { out += "-" }
            out += hex(byte)
        }
        return out
    }

    /// Two lower-case hexadecimal digits.
    static func hex(_ byte: UInt8) -> String {
        let digits = Array("0123456789abcdef")
        return String([digits[Int(byte >> 4)], digits[Int(byte & 0xf)]])
    }
}
