import OSConfKit
import Testing

@Suite("The YAML writer")
struct YAMLValueTests {
    @Test(
        "every string is double-quoted, including those YAML 1.1 would misread",
        arguments: [
            ("00:11:22:33:44:55", "\"00:11:22:33:44:55\""), ("yes", "\"yes\""), ("off", "\"off\""),
            ("null", "\"null\""), ("~", "\"~\""), ("1e3", "\"1e3\""), ("", "\"\""),
            ("a\"b\\c", "\"a\\\"b\\\\c\""), ("line\nbreak", "\"line\\nbreak\""), ("tab\there", "\"tab\\there\""),
            ("\u{0}", "\"\\u0000\""), ("é", "\"\\u00e9\""), ("😀", "\"\\U0001f600\""),
            ("# not a comment", "\"# not a comment\""),
        ])
    func quoting(input: String, expected: String) {
        #expect(YAMLValue.quote(input) == expected)
    }

    @Test("block layout of nested mappings and sequences")
    func layout() {
        let value: YAMLValue = .mapping([
            ("version", .integer(2)),
            ("flag", .boolean(false)),
            ("empty", .sequence([])),
            ("list", .sequence([.string("a"), .mapping([("k", .string("v")), ("n", .sequence([.string("x")]))])])),
            ("map", .mapping([("inner", .string("y"))])),
        ])
        #expect(
            value.rendered == """
                version: 2
                flag: false
                empty: []
                list:
                  - "a"
                  - k: "v"
                    n:
                      - "x"
                map:
                  inner: "y"

                """)
    }
}
