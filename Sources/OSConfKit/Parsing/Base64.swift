/// Standard base64 (RFC 4648 alphabet, `=` padding), without pulling in Foundation: decoding
/// for os.conf's `password`, encoding for MIME parts of the seed's user-data (RFC 2045 6.8).
public enum Base64 {
    private static let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8)

    /// `bytes` encoded with `=` padding; with `lineLength`, cut into lines of that many
    /// characters, each ending in LF (MIME's base64 transfer encoding wants 76 at most).
    public static func encode(_ bytes: [UInt8], lineLength: Int? = nil) -> String {
        var output: [UInt8] = []
        var index = 0
        while index < bytes.count {
            let chunk = bytes[index..<min(index + 3, bytes.count)]
            var group: UInt32 = 0
            for byte in chunk { group = group << 8 | UInt32(byte) }
            group <<= 8 * UInt32(3 - chunk.count)
            for position in 0..<4 {
                output.append(
                    position <= chunk.count
                        ? alphabet[Int(group >> UInt32(18 - 6 * position) & 0x3f)] : UInt8(ascii: "="))
            }
            index += 3
        }
        guard let lineLength, lineLength > 0 else { return String(decoding: output, as: UTF8.self) }
        var lines = ""
        var start = 0
        while start < output.count {
            lines += String(decoding: output[start..<min(start + lineLength, output.count)], as: UTF8.self) + "\n"
            start += lineLength
        }
        return lines
    }

    /// Decodes `text`; whitespace is ignored as `base64 -d` ignores it. Nil on any other
    /// character, bad padding or a length that is not a multiple of four.
    static func decode(_ text: String) -> [UInt8]? {
        var symbols: [UInt8] = []
        for byte in text.utf8 where byte != UInt8(ascii: " ") && byte != UInt8(ascii: "\t") {
            symbols.append(byte)
        }
        guard symbols.count % 4 == 0 else { return nil }
        var output: [UInt8] = []
        output.reserveCapacity(symbols.count / 4 * 3)
        var index = 0
        while index < symbols.count {
            let isLast = index + 4 == symbols.count
            var quad: UInt32 = 0
            var padding = 0
            for offset in 0..<4 {
                let symbol = symbols[index + offset]
                if symbol == UInt8(ascii: "=") {
                    // Padding only at the very end, at most two, and nothing after it.
                    guard isLast, offset >= 2 else { return nil }
                    padding += 1
                    quad <<= 6
                    continue
                }
                guard padding == 0, let sextet = value(of: symbol) else { return nil }
                quad = quad << 6 | UInt32(sextet)
            }
            output.append(UInt8(truncatingIfNeeded: quad >> 16))
            if padding < 2 { output.append(UInt8(truncatingIfNeeded: quad >> 8)) }
            if padding < 1 { output.append(UInt8(truncatingIfNeeded: quad)) }
            index += 4
        }
        return output
    }

    private static func value(of symbol: UInt8) -> UInt8? {
        switch symbol {
        case UInt8(ascii: "A")...UInt8(ascii: "Z"): return symbol - UInt8(ascii: "A")
        case UInt8(ascii: "a")...UInt8(ascii: "z"): return symbol - UInt8(ascii: "a") + 26
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return symbol - UInt8(ascii: "0") + 52
        case UInt8(ascii: "+"): return 62
        case UInt8(ascii: "/"): return 63
        default: return nil
        }
    }
}
