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

        // A collection without contiguous storage takes the byte-by-byte path; mixed with the
        // contiguous one it must give the same digest.
        var mixed = SHA512()
        mixed.update(data[0..<100].lazy.map { $0 })
        mixed.update(data[100..<500])
        mixed.update(AnyCollection(data[500...]))
        #expect(mixed.finalize() == SHA512.hash(data))
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

    // Expected values from glibc's crypt(3) (Debian 12), for passwords of 15 to 200 bytes:
    // the lengths where a round's input crosses SHA-512's 112-byte padding limit and 128-byte
    // block, and where the password outgrows one 64-byte digest. The last salt is longer than
    // 16 characters and is cut, as crypt(3) does.
    @Test(
        "SHA-512 crypt agrees with glibc for long passwords and salts",
        arguments: [
            (
                15, "abcdefghijklmnop",
                "$6$abcdefghijklmnop$IokTpNa4KGfAvZ8H7uiwKBT7urqiLsi6puhnUzm.UjzOz7YK3pJKNG0rHX74s8sQR/OXsTEJdphcRYEukcn58."
            ),
            (
                16, "abcdefghijklmnop",
                "$6$abcdefghijklmnop$nMWpIebjNDVXJfyTbDZdYqr0.IoUaLbg6XEySx2dWoDcCUdO7PTQHsZeE4OGEOUv/lxLacOEYmGp0hjiYHkTn0"
            ),
            (
                64, "0123456789abcdef",
                "$6$0123456789abcdef$I.aK2NQ28s01lO6T7OjdWWh6a7N3QHE3LmsLxiGA0fbOOpncFgNCl1Pnrm.XflavUPX4Omw6/6yvVC36HK0Gj."
            ),
            (
                65, "ABCDEFGHIJKLMNOP",
                "$6$ABCDEFGHIJKLMNOP$0sRXx.qEmGQJYuFnQGdhCrH9PkOPU0eEC.yhxqiyOMGb4soyZLRaaEf07klqLOYKpU7iaQ3y9FT2rzy.b29PC/"
            ),
            (
                128, "./salt",
                "$6$./salt$Bjf5J3CAZthzfpKEvIfD5hadKYIxulhLrVbi1fWtHU8Oqpc9yyp6D6JdLbMMbvOqjtKoKZkQugtkC4wUvWU/d."
            ),
            (
                200, "abcdefghijklmnopqrstu",
                "$6$abcdefghijklmnop$58VQtNqHs3.BT6Th3H1DM7l6rAKO8rtanRdDz0AJPJMS0RvLOp8oDjwu5id.lJRh7vJN9TO4.pJpC7tpXJykD/"
            ),
        ])
    func longInputs(length: Int, salt: String, expected: String) {
        // Printable ASCII in a fixed pattern, the same formula the expected values were made with.
        let password = (0..<length).map { UInt8(33 + ($0 * 7) % 90) }
        #expect(SHA512Crypt.hash(password: password, salt: salt) == expected)
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
            ("$7$CU..../....salt$hash", true), ("$2b$10$abcdefghijklmnopqrstuv", true),
            ("$gy$j9T$salt$hash", true), ("$9$a$b", false), ("$6$a$b\"c", false),
        ])
    func cryptRecognition(text: String, expected: Bool) {
        #expect(CryptHash.isWellFormed(text) == expected)
    }

    /// The expectations are what Python's `re.match(r"\$(1|2a|2y|5|6)(\$.+){2}", value)`
    /// answers (cloud-init 17.1 to 25.1, cc_set_passwords.py).
    @Test(
        "chpasswd.list takes only the schemes of cloud-init's pattern",
        arguments: [
            ("$6$salt$abc", true), ("$6$rounds=5000$salt$abc", true), ("$1$a$b", true), ("$5$a$b", true),
            ("$2a$10$abcdefghijklmnopqrstuv", true), ("$2y$10$abcdefghijklmnopqrstuv", true),
            ("$2b$10$abcdefghijklmnopqrstuv", false), ("$y$j9T$salt$hash", false), ("$gy$j9T$salt$hash", false),
            ("$7$CU..../....salt$hash", false), ("$6$salt", false), ("$6$$abc", false), ("$6$a$", false),
            ("qwer1234", false),
        ])
    func chpasswdListSchemes(text: String, expected: Bool) {
        #expect(CryptHash.isReadByChpasswdList(text) == expected)
    }
}
