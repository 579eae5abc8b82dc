import OSConfKit

/// A ``RandomSource`` that always gives the same bytes, for reproducible salts in golden files.
final class FixedRandom: RandomSource {
    let byte: UInt8

    init(byte: UInt8 = 7) {
        self.byte = byte
    }

    func randomBytes(count: Int) -> [UInt8] {
        (0..<count).map { UInt8(truncatingIfNeeded: Int(byte) &+ $0 &* 13) }
    }
}
