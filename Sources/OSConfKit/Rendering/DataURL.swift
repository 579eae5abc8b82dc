/// RFC 2397 `data:` URLs, the way Ignition embeds file contents in its config.
public enum DataURL {
    /// `data:,` followed by the bytes percent-encoded (RFC 3986): only the unreserved
    /// characters `A-Z a-z 0-9 - . _ ~` stay as they are, every other byte becomes `%XX`.
    /// Encoding more than strictly needed costs a few bytes and removes any doubt about how a
    /// URL parser treats `#`, `?`, `%`, `,`, `;` or spaces in the contents.
    public static func encode(_ bytes: [UInt8]) -> String {
        var out = "data:,"
        let hex = Array("0123456789ABCDEF".utf8)
        var encoded: [UInt8] = []
        encoded.reserveCapacity(bytes.count * 3)
        for byte in bytes {
            if isUnreserved(byte) {
                encoded.append(byte)
            } else {
                encoded += [UInt8(ascii: "%"), hex[Int(byte >> 4)], hex[Int(byte & 0x0f)]]
            }
        }
        out += String(decoding: encoded, as: UTF8.self)
        return out
    }

    private static func isUnreserved(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
            UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"),
            UInt8(ascii: "~"):
            return true
        default:
            return false
        }
    }
}
