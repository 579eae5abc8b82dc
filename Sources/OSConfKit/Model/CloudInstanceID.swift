/// The cloud's own id of the instance (os.conf `instance_id`; Tencent Cloud writes `ins-`
/// followed by 8 letters and digits): 1 to 64 of ASCII letters, digits, `-`, `_` and `.`.
///
/// It is not cloud-init's `instance-id` (that stays the digest of os.conf, so that any changed
/// file is a new instance); it is written beside it, as meta-data `cloud-instance-id`, and the
/// boot job takes a new one for a clone (new SSH host keys). The shape keeps it safe to write
/// into YAML, the state file and messages as is.
public struct CloudInstanceID: Sendable, Hashable, CustomStringConvertible {
    public static let maximumLength = 64

    public let value: String

    public init?<S: StringProtocol>(_ text: S) {
        guard (1...Self.maximumLength).contains(text.utf8.count),
            text.utf8.allSatisfy({ byte in
                switch byte {
                case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
                    UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "_"), UInt8(ascii: "."):
                    return true
                default:
                    return false
                }
            })
        else { return nil }
        value = String(text)
    }

    public var description: String { value }
}
