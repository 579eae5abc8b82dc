/// SHA-512 crypt (`$6$`), the password hash glibc's crypt(3), chpasswd -e, usermod -p and
/// /etc/shadow understand on every distribution of the last fifteen years.
///
/// Follows Ulrich Drepper's "Unix crypt using SHA-256 and SHA-512" specification with the
/// default 5000 rounds, so the result carries no `rounds=` field.
public enum SHA512Crypt {
    /// The characters crypt(3) uses for salts and for its base64 variant.
    public static let alphabet = Array("./0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz".utf8)
    public static let rounds = 5000

    /// `$6$salt$hash` for `password`. `salt` is cut to 16 characters as crypt(3) does.
    public static func hash(password: [UInt8], salt: String) -> String {
        let p = password
        let s = Array(salt.utf8.prefix(16))

        let b = SHA512.hash(p + s + p)
        var a = SHA512()
        a.update(p)
        a.update(s)
        var count = p.count
        while count > 64 {
            a.update(b)
            count -= 64
        }
        a.update(b[0..<count])
        count = p.count
        while count > 0 {
            if count & 1 == 1 { a.update(b) } else { a.update(p) }
            count >>= 1
        }
        var c = a.finalize()

        var dp = SHA512()
        for _ in 0..<p.count { dp.update(p) }
        let pBytes = repeated(dp.finalize(), to: p.count)

        var ds = SHA512()
        for _ in 0..<(16 + Int(c[0])) { ds.update(s) }
        let sBytes = repeated(ds.finalize(), to: s.count)

        for round in 0..<rounds {
            var ctx = SHA512()
            if round & 1 == 1 { ctx.update(pBytes) } else { ctx.update(c) }
            if round % 3 != 0 { ctx.update(sBytes) }
            if round % 7 != 0 { ctx.update(pBytes) }
            if round & 1 == 1 { ctx.update(c) } else { ctx.update(pBytes) }
            c = ctx.finalize()
        }

        var out = Array("$6$".utf8) + s + [UInt8(ascii: "$")]
        func encode(_ b2: UInt8, _ b1: UInt8, _ b0: UInt8, _ n: Int) {
            var w = UInt32(b2) << 16 | UInt32(b1) << 8 | UInt32(b0)
            for _ in 0..<n {
                out.append(alphabet[Int(w & 0x3f)])
                w >>= 6
            }
        }
        for (i, j, k) in order { encode(c[i], c[j], c[k], 4) }
        encode(0, 0, c[63], 2)
        return String(decoding: out, as: UTF8.self)
    }

    private static let order: [(Int, Int, Int)] = [
        (0, 21, 42), (22, 43, 1), (44, 2, 23), (3, 24, 45), (25, 46, 4), (47, 5, 26), (6, 27, 48),
        (28, 49, 7), (50, 8, 29), (9, 30, 51), (31, 52, 10), (53, 11, 32), (12, 33, 54), (34, 55, 13),
        (56, 14, 35), (15, 36, 57), (37, 58, 16), (59, 17, 38), (18, 39, 60), (40, 61, 19), (62, 20, 41),
    ]

    private static func repeated(_ digest: [UInt8], to length: Int) -> [UInt8] {
        var result: [UInt8] = []
        result.reserveCapacity(length)
        while result.count < length { result += digest.prefix(length - result.count) }
        return result
    }
}
