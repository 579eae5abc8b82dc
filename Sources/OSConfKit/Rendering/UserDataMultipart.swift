/// The seed's `user-data` when the customer gave user data of their own (Tencent Cloud's
/// config drive, `openstack/latest/user_data`): one MIME `multipart/mixed` message, RFC 2046,
/// which cloud-init's user-data processing (`cloudinit/user_data.py`, 0.7.x to 25.1) splits
/// into its parts and handles each by type.
///
/// The customer's part comes first and osconf2seed's cloud-config last: cloud-init merges the
/// cloud-config parts in order with its default merger (`dict(replace)+list()+str()`), under
/// which a later part's value replaces an earlier one's, so where both set the same key (root's
/// password, the host name) ours wins. The customer's data is carried as cloud-init would read
/// it alone: a MIME message (one that starts with a `Content-Type:` or `MIME-Version:` header)
/// is nested as it is, so that cloud-init walks into its parts; anything else (`#cloud-config`,
/// a `#!` script, `#include`, any other text cloud-init types by its first line) goes in base64
/// as `text/x-not-multipart`, the type cloud-init gives a part to be typed by its first line.
///
/// Pure: bytes in, bytes out.
public struct UserDataMultipart: Sendable {
    /// osconf2seed's cloud-config, `#cloud-config` line included.
    public let cloudConfig: String
    /// The customer's user data as the disc holds it.
    public let customerData: [UInt8]

    public init(cloudConfig: String, customerData: [UInt8]) {
        self.cloudConfig = cloudConfig
        self.customerData = customerData
    }

    /// The message, with LF line ends (Python's email parser takes them).
    public var bytes: [UInt8] {
        let boundary = self.boundary
        var out = Array(
            "Content-Type: multipart/mixed; boundary=\"\(boundary)\"\nMIME-Version: 1.0\n\n--\(boundary)\n".utf8)
        if isMIME {
            out += customerData
            if customerData.last != UInt8(ascii: "\n") { out.append(UInt8(ascii: "\n")) }
        } else {
            out += Array(
                ("Content-Type: text/x-not-multipart; charset=\"utf-8\"\nMIME-Version: 1.0\n"
                    + "Content-Transfer-Encoding: base64\nContent-Disposition: attachment; filename=\"user_data\"\n\n")
                    .utf8)
            out += Array(Base64.encode(customerData, lineLength: 76).utf8)
        }
        out += Array(
            ("--\(boundary)\nContent-Type: text/cloud-config; charset=\"utf-8\"\nMIME-Version: 1.0\n"
                + "Content-Disposition: attachment; filename=\"osconf2seed.cfg\"\n\n" + cloudConfig
                + (cloudConfig.hasSuffix("\n") ? "" : "\n") + "--\(boundary)--\n").utf8)
        return out
    }

    /// True when the customer's data is a MIME message itself.
    public var isMIME: Bool {
        let head = String(decoding: customerData.prefix(32), as: UTF8.self).lowercased()
        return head.hasPrefix("content-type:") || head.hasPrefix("mime-version:")
    }

    /// A boundary found in neither part: derived from their digest, so the same input gives the
    /// same seed, with a counter in the unlikely case that the data holds it.
    var boundary: String {
        let digest = SHA512.hexDigest(customerData + Array(cloudConfig.utf8))
        var candidate = "osconf2seed-" + digest.prefix(32)
        var attempt = 0
        while contains(candidate) {
            attempt += 1
            candidate = "osconf2seed-\(attempt)-" + digest.prefix(32)
        }
        return candidate
    }

    private func contains(_ boundary: String) -> Bool {
        let needle = Array(boundary.utf8)
        let haystacks = [customerData, Array(cloudConfig.utf8)]
        return haystacks.contains { haystack in
            haystack.count >= needle.count
                && (0...(haystack.count - needle.count)).contains { Array(haystack[$0..<$0 + needle.count]) == needle }
        }
    }
}
