/// Makes crypt(3) salts from a ``RandomSource``.
public struct SaltGenerator: Sendable {
    public let source: any RandomSource

    public init(source: any RandomSource) {
        self.source = source
    }

    /// 16 characters of crypt's alphabet: 96 bits of randomness, the most SHA-512 crypt keeps.
    public func makeSalt() -> String {
        let bytes = source.randomBytes(count: 16)
        return String(decoding: bytes.map { SHA512Crypt.alphabet[Int($0 & 0x3f)] }, as: UTF8.self)
    }
}
