/// SHA-512 (FIPS 180-4) in plain Swift: the digest behind SHA-512 crypt and behind the
/// instance id, so the binary needs neither libcrypt nor a crypto library at boot.
///
/// The state and block buffer are inline (no heap allocation per hash): SHA-512 crypt runs
/// 5000 of these per password, on the boot path.
public struct SHA512: Sendable {
    private var state: InlineArray<8, UInt64> = [
        0x6a09_e667_f3bc_c908, 0xbb67_ae85_84ca_a73b, 0x3c6e_f372_fe94_f82b, 0xa54f_f53a_5f1d_36f1,
        0x510e_527f_ade6_82d1, 0x9b05_688c_2b3e_6c1f, 0x1f83_d9ab_fb41_bd6b, 0x5be0_cd19_137e_2179,
    ]
    private var buffer: InlineArray<128, UInt8> = .init(repeating: 0)
    private var buffered = 0
    private var length: UInt64 = 0

    public init() {}

    /// Feeds `bytes` into the hash.
    public mutating func update<C: Collection>(_ bytes: C) where C.Element == UInt8 {
        // Arrays and slices (everything on the hot path) are copied into the block a run at a
        // time; any other collection is gathered into an array first.
        let copied: Void? = bytes.withContiguousStorageIfAvailable { absorb(UnsafeRawBufferPointer($0)) }
        if copied == nil {
            Array(bytes).withUnsafeBytes { absorb($0) }
        }
    }

    private mutating func absorb(_ source: UnsafeRawBufferPointer) {
        length &+= UInt64(source.count)
        var offset = 0
        while offset < source.count {
            let start = buffered
            let count = min(128 - start, source.count - offset)
            var block = buffer.mutableSpan
            block.withUnsafeMutableBytes { destination in
                UnsafeMutableRawBufferPointer(rebasing: destination[start..<start + count])
                    .copyMemory(from: UnsafeRawBufferPointer(rebasing: source[offset..<offset + count]))
            }
            buffered = start + count
            offset += count
            if buffered == 128 {
                compress()
                buffered = 0
            }
        }
    }

    /// Pads the message, runs the last block and returns the 64-byte digest.
    public consuming func finalize() -> [UInt8] {
        let bitLength = length &* 8
        buffer[buffered] = 0x80
        let padded = buffered + 1
        if padded > 112 {
            zeroBuffer(from: padded)
            compress()
            zeroBuffer(from: 0)
        } else {
            zeroBuffer(from: padded)
        }
        var block = buffer.mutableSpan
        block.withUnsafeMutableBytes { bytes in
            bytes.storeBytes(of: bitLength.bigEndian, toByteOffset: 120, as: UInt64.self)
        }
        compress()
        let words = state
        return [UInt8](unsafeUninitializedCapacity: 64) { digest, initialized in
            let raw = UnsafeMutableRawBufferPointer(digest)
            for index in 0..<8 {
                raw.storeBytes(of: words[index].bigEndian, toByteOffset: index * 8, as: UInt64.self)
            }
            initialized = 64
        }
    }

    private mutating func zeroBuffer(from start: Int) {
        var block = buffer.mutableSpan
        block.withUnsafeMutableBytes { bytes in
            _ = UnsafeMutableRawBufferPointer(rebasing: bytes[start...]).initializeMemory(as: UInt8.self, repeating: 0)
        }
    }

    /// The digest of `bytes`.
    public static func hash<C: Collection>(_ bytes: C) -> [UInt8] where C.Element == UInt8 {
        var hasher = SHA512()
        hasher.update(bytes)
        return hasher.finalize()
    }

    /// The digest of `bytes` as lowercase hex.
    public static func hexDigest<C: Collection>(_ bytes: C) -> String where C.Element == UInt8 {
        let digits = Array("0123456789abcdef".utf8)
        var text: [UInt8] = []
        for byte in hash(bytes) {
            text.append(digits[Int(byte >> 4)])
            text.append(digits[Int(byte & 0xf)])
        }
        return String(decoding: text, as: UTF8.self)
    }

    private static let k: InlineArray<80, UInt64> = [
        0x428a_2f98_d728_ae22, 0x7137_4491_23ef_65cd, 0xb5c0_fbcf_ec4d_3b2f, 0xe9b5_dba5_8189_dbbc,
        0x3956_c25b_f348_b538, 0x59f1_11f1_b605_d019, 0x923f_82a4_af19_4f9b, 0xab1c_5ed5_da6d_8118,
        0xd807_aa98_a303_0242, 0x1283_5b01_4570_6fbe, 0x2431_85be_4ee4_b28c, 0x550c_7dc3_d5ff_b4e2,
        0x72be_5d74_f27b_896f, 0x80de_b1fe_3b16_96b1, 0x9bdc_06a7_25c7_1235, 0xc19b_f174_cf69_2694,
        0xe49b_69c1_9ef1_4ad2, 0xefbe_4786_384f_25e3, 0x0fc1_9dc6_8b8c_d5b5, 0x240c_a1cc_77ac_9c65,
        0x2de9_2c6f_592b_0275, 0x4a74_84aa_6ea6_e483, 0x5cb0_a9dc_bd41_fbd4, 0x76f9_88da_8311_53b5,
        0x983e_5152_ee66_dfab, 0xa831_c66d_2db4_3210, 0xb003_27c8_98fb_213f, 0xbf59_7fc7_beef_0ee4,
        0xc6e0_0bf3_3da8_8fc2, 0xd5a7_9147_930a_a725, 0x06ca_6351_e003_826f, 0x1429_2967_0a0e_6e70,
        0x27b7_0a85_46d2_2ffc, 0x2e1b_2138_5c26_c926, 0x4d2c_6dfc_5ac4_2aed, 0x5338_0d13_9d95_b3df,
        0x650a_7354_8baf_63de, 0x766a_0abb_3c77_b2a8, 0x81c2_c92e_47ed_aee6, 0x9272_2c85_1482_353b,
        0xa2bf_e8a1_4cf1_0364, 0xa81a_664b_bc42_3001, 0xc24b_8b70_d0f8_9791, 0xc76c_51a3_0654_be30,
        0xd192_e819_d6ef_5218, 0xd699_0624_5565_a910, 0xf40e_3585_5771_202a, 0x106a_a070_32bb_d1b8,
        0x19a4_c116_b8d2_d0c8, 0x1e37_6c08_5141_ab53, 0x2748_774c_df8e_eb99, 0x34b0_bcb5_e19b_48a8,
        0x391c_0cb3_c5c9_5a63, 0x4ed8_aa4a_e341_8acb, 0x5b9c_ca4f_7763_e373, 0x682e_6ff3_d6b2_b8a3,
        0x748f_82ee_5def_b2fc, 0x78a5_636f_4317_2f60, 0x84c8_7814_a1f0_ab72, 0x8cc7_0208_1a64_39ec,
        0x90be_fffa_2363_1e28, 0xa450_6ceb_de82_bde9, 0xbef9_a3f7_b2c6_7915, 0xc671_78f2_e372_532b,
        0xca27_3ece_ea26_619c, 0xd186_b8c7_21c0_c207, 0xeada_7dd6_cde0_eb1e, 0xf57d_4f7f_ee6e_d178,
        0x06f0_67aa_7217_6fba, 0x0a63_7dc5_a2c8_98a6, 0x113f_9804_bef9_0dae, 0x1b71_0b35_131c_471b,
        0x28db_77f5_2304_7d84, 0x32ca_ab7b_40c7_2493, 0x3c9e_be0a_15c9_bebc, 0x431d_67c4_9c10_0d4c,
        0x4cc5_d4be_cb3e_42b6, 0x597f_299c_fc65_7e2a, 0x5fcb_6fab_3ad6_faec, 0x6c44_198c_4a47_5817,
    ]

    private mutating func compress() {
        // Every index below is a loop counter within 0..<80 (or 0..<16 for the block), so
        // indexing goes unchecked: this loop is nearly the whole cost of SHA-512 crypt's 5000
        // rounds on the boot path.
        var w = InlineArray<80, UInt64>(repeating: 0)
        buffer.span.withUnsafeBytes { block in
            for t in 0..<16 {
                w[unchecked: t] = block.loadUnaligned(fromByteOffset: t &* 8, as: UInt64.self).bigEndian
            }
        }
        for t in 16..<80 {
            let w15 = w[unchecked: t &- 15]
            let w2 = w[unchecked: t &- 2]
            let sigma0 = w15.rotatedRight(1) ^ w15.rotatedRight(8) ^ (w15 &>> 7)
            let sigma1 = w2.rotatedRight(19) ^ w2.rotatedRight(61) ^ (w2 &>> 6)
            w[unchecked: t] = w[unchecked: t &- 16] &+ sigma0 &+ w[unchecked: t &- 7] &+ sigma1
        }
        var a = state[0]
        var b = state[1]
        var c = state[2]
        var d = state[3]
        var e = state[4]
        var f = state[5]
        var g = state[6]
        var h = state[7]
        // Eight rounds per pass with the working variables renamed instead of shifted, so no
        // register moves are spent on the rotation of a...h.
        for t in stride(from: 0, to: 80, by: 8) {
            Self.round(a, b, c, &d, e, f, g, &h, Self.k[unchecked: t] &+ w[unchecked: t])
            Self.round(h, a, b, &c, d, e, f, &g, Self.k[unchecked: t &+ 1] &+ w[unchecked: t &+ 1])
            Self.round(g, h, a, &b, c, d, e, &f, Self.k[unchecked: t &+ 2] &+ w[unchecked: t &+ 2])
            Self.round(f, g, h, &a, b, c, d, &e, Self.k[unchecked: t &+ 3] &+ w[unchecked: t &+ 3])
            Self.round(e, f, g, &h, a, b, c, &d, Self.k[unchecked: t &+ 4] &+ w[unchecked: t &+ 4])
            Self.round(d, e, f, &g, h, a, b, &c, Self.k[unchecked: t &+ 5] &+ w[unchecked: t &+ 5])
            Self.round(c, d, e, &f, g, h, a, &b, Self.k[unchecked: t &+ 6] &+ w[unchecked: t &+ 6])
            Self.round(b, c, d, &e, f, g, h, &a, Self.k[unchecked: t &+ 7] &+ w[unchecked: t &+ 7])
        }
        state[0] &+= a
        state[1] &+= b
        state[2] &+= c
        state[3] &+= d
        state[4] &+= e
        state[5] &+= f
        state[6] &+= g
        state[7] &+= h
    }

    /// One SHA-512 round: `d` and `h` are the two words that change; the caller passes the
    /// eight words in the order the round sees them.
    @inline(__always)
    private static func round(
        _ a: UInt64, _ b: UInt64, _ c: UInt64, _ d: inout UInt64,
        _ e: UInt64, _ f: UInt64, _ g: UInt64, _ h: inout UInt64, _ constantAndWord: UInt64
    ) {
        let s1 = e.rotatedRight(14) ^ e.rotatedRight(18) ^ e.rotatedRight(41)
        // Ch and Maj in their shorter equivalent forms (one operation fewer each).
        let ch = g ^ (e & (f ^ g))
        let temp1 = h &+ s1 &+ ch &+ constantAndWord
        let s0 = a.rotatedRight(28) ^ a.rotatedRight(34) ^ a.rotatedRight(39)
        let maj = (a & b) | (c & (a | b))
        d &+= temp1
        h = temp1 &+ s0 &+ maj
    }
}

extension UInt64 {
    /// Masking shifts, so the compiler emits one rotate instruction.
    @inline(__always)
    fileprivate func rotatedRight(_ count: UInt64) -> UInt64 {
        (self &>> count) | (self &<< (64 &- count))
    }
}
