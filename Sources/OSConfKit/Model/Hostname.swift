/// A host name that passes RFC 1123: dot-separated labels of letters, digits and hyphens,
/// 1 to 63 characters each, no label starting or ending with a hyphen, 253 characters in all.
///
/// This is deliberately the only shape a host name may have: it is what `hostname(1)`,
/// /etc/hosts and every output format accept, and it can never carry a quote, a newline or
/// any other character that could escape from a YAML, INI, shell or JSON value.
public struct Hostname: Sendable, Hashable, CustomStringConvertible {
    public let value: String

    public init?(_ text: String) {
        guard !text.isEmpty, text.utf8.count <= 253 else { return nil }
        let labels = text.split(separator: ".", omittingEmptySubsequences: false)
        for label in labels {
            let bytes = Array(label.utf8)
            guard (1...63).contains(bytes.count), bytes.first != UInt8(ascii: "-"), bytes.last != UInt8(ascii: "-"),
                bytes.allSatisfy({ Self.isLabelByte($0) })
            else { return nil }
        }
        // An all-numeric last label would make the name look like an address.
        if let last = labels.last, last.allSatisfy({ $0.isASCII && $0.isNumber }) { return nil }
        value = text
    }

    /// The name with every `_` made a `-`, when that is an RFC 1123 host name: Tencent Cloud's
    /// own sample os.conf has `hostname=VM_10_20_xxxx`, which `hostname(1)` and cloud-init's
    /// NoCloud would take but no DNS name may be. Nil when `text` has no `_` or is still no
    /// host name.
    public init?(replacingUnderscoresIn text: String) {
        guard text.contains("_") else { return nil }
        self.init(String(text.map { $0 == "_" ? "-" : $0 }))
    }

    /// The first label, which is what `/etc/hostname` holds on most distributions.
    public var shortName: String { String(value.split(separator: ".").first ?? Substring(value)) }

    public var description: String { value }

    private static func isLabelByte(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
            UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"):
            return true
        default:
            return false
        }
    }
}
