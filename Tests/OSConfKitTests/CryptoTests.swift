import OSConfKit
import Testing

@Suite("SHA-512 and SHA-512 crypt")
struct CryptoTests {
    @Test(
        "SHA-512 test vectors (FIPS 180-4)",
        arguments: [
            (
                "",
                "cf83e1357eefb8bdf1542850d66d8007d620e4050b5715dc83f4a921d36ce9ce47d0d13c5d85f2b0ff8318d2877eec2f63b931bd47417a81a538327af927da3e"
            ),
            (
                "abc",
                "ddaf35a193617abacc417349ae20413112e6fa4e89a97ea20a9eeee64b55d39a2192992a274fc1a836ba3c23a3feebbd454d4423643ce80e2a9ac94fa54ca49f"
            ),
            (
                "abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmnoijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu",
                "8e959b75dae313da8cf4f72814fc143f8f7779c6eb9f7fa17299aeadb6889018501d289e4900f7e4331b99dec4b5433ac7d329eeb6dd26545e96e55b874be909"
            ),
        ])
    func sha512(input: String, expected: String) {
        #expect(SHA512.hexDigest(Array(input.utf8)) == expected)
    }

    @Test("SHA-512 across block boundaries matches one-shot hashing")
    func streaming() {
        let data = (0..<1000).map { UInt8(truncatingIfNeeded: $0 * 7) }
        var hasher = SHA512()
        hasher.update(data[0..<111])
        hasher.update(data[111..<240])
        hasher.update(data[240...])
        #expect(hasher.finalize() == SHA512.hash(data))
    }

    // The first vector is from Drepper's specification; the second is what glibc's crypt(3) gives.
    @Test(
        "SHA-512 crypt specification vectors",
        arguments: [
            (
                "Hello world!", "saltstring",
                "$6$saltstring$svn8UoSVapNtMuq1ukKS4tPQd8iKwSMHWjl/O817G3uBnIFNjnQJuesI68u4OTLiBFdcbYEdFCoEOfaS35inz1"
            ),
            (
                "", "saltstring",
                "$6$saltstring$kyGrqt6gmjAdtFLPrflEFifSYLCWWq1pyx95SvqinLDy2UHmj0sTF0MSLMwxPFZc3tu5kQckI8fks0zOPda3n1"
            ),
        ])
    func sha512Crypt(password: String, salt: String, expected: String) {
        #expect(SHA512Crypt.hash(password: Array(password.utf8), salt: salt) == expected)
    }

    @Test("long passwords and salts longer than 16 characters")
    func longInputs() {
        // The salt is cut to 16 characters, as crypt(3) does.
        let long = SHA512Crypt.hash(
            password: Array(repeating: UInt8(ascii: "x"), count: 200), salt: "abcdefghijklmnopqrstu")
        #expect(long.hasPrefix("$6$abcdefghijklmnop$"))
        #expect(long.count == "$6$abcdefghijklmnop$".count + 86)
    }

    @Test("salts are 16 characters of crypt's alphabet")
    func salts() {
        let salt = SaltGenerator(source: SystemRandomSource()).makeSalt()
        #expect(salt.count == 16)
        #expect(salt.utf8.allSatisfy { SHA512Crypt.alphabet.contains($0) })
        #expect(SaltGenerator(source: SystemRandomSource()).makeSalt() != salt)
    }

    @Test(
        "crypt hash recognition",
        arguments: [
            ("$6$salt$abc", true), ("$6$rounds=5000$salt$abc", true), ("$y$j9T$salt$hash", true),
            ("$1$a$b", true), ("cXdlcjEyMzQK", false), ("$6$salt", false), ("$6$sa lt$abc", false),
            ("$7$a$b", false), ("$6$a$b\"c", false),
        ])
    func cryptRecognition(text: String, expected: Bool) {
        #expect(CryptHash.isWellFormed(text) == expected)
    }
}
