import OSConfKit

/// A ``RandomSource`` that always gives the same bytes, for reproducible salts in golden files.
struct FixedRandom: RandomSource {
    var byte: UInt8 = 7

    func randomBytes(count: Int) -> [UInt8] {
        (0..<count).map { UInt8(truncatingIfNeeded: Int(byte) &+ $0 &* 13) }
    }
}
