import OSConfKit

/// Base64 for building os.conf passwords in tests: the library's encoder under the name the
/// tests use.
enum Base64Encoding {
    static func encode(_ bytes: [UInt8]) -> String { Base64.encode(bytes) }

    static func encode(_ text: String) -> String { encode(Array(text.utf8)) }
}
