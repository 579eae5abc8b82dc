/// An IPv6 address: parsed from the text forms of RFC 4291 section 2.2, written in the
/// canonical form of RFC 5952.
///
/// os.conf has no IPv6 address keys; IPv6 appears only as a name server in `dns_nameserver`.
/// Zone identifiers (`fe80::1%eth0`, RFC 4007) are refused: no output format takes them the
/// same way, and os.conf has no interface names to scope them to.
public struct IPv6Address: Sendable, Hashable, CustomStringConvertible {
    /// The eight 16-bit groups, most significant first.
    public let groups: [UInt16]

    public init(groups: [UInt16]) {
        precondition(groups.count == 8)
        self.groups = groups
    }

    /// Parses `x:x:x:x:x:x:x:x` (one to four hex digits per group), with at most one `::`
    /// standing for one or more zero groups, and optionally a dotted-quad IPv4 address as the
    /// last 32 bits (`::ffff:192.0.2.1`). Nothing else: no zone, no brackets, no prefix.
    public init?<S: StringProtocol>(_ text: S) {
        let scalars = Array(text.unicodeScalars)
        guard scalars.count >= 2, scalars.count <= 45 else { return nil }
        let string = String(text)
        let halves = string.components(separatedByDoubleColon: ())
        guard halves.count <= 2 else { return nil }
        guard let head = Self.parseGroups(halves[0], allowIPv4Tail: halves.count == 1) else { return nil }
        if halves.count == 1 {
            guard head.count == 8 else { return nil }
            groups = head
            return
        }
        guard let tail = Self.parseGroups(halves[1], allowIPv4Tail: true) else { return nil }
        // `::` stands for at least one zero group (RFC 4291 2.2 item 2).
        guard head.count + tail.count <= 7 else { return nil }
        groups = head + Array(repeating: 0, count: 8 - head.count - tail.count) + tail
    }

    /// The groups of one side of `::` (or of the whole address); empty text is no groups.
    private static func parseGroups(_ text: Substring, allowIPv4Tail: Bool) -> [UInt16]? {
        if text.isEmpty { return [] }
        let parts = text.split(separator: ":", omittingEmptySubsequences: false)
        var result: [UInt16] = []
        for (position, part) in parts.enumerated() {
            if allowIPv4Tail, position == parts.count - 1, part.contains(".") {
                guard let v4 = IPv4Address(part) else { return nil }
                result += [UInt16(v4.rawValue >> 16), UInt16(v4.rawValue & 0xffff)]
            } else {
                guard (1...4).contains(part.count), part.allSatisfy({ $0.isASCII && $0.isHexDigit }),
                    let group = UInt16(part, radix: 16)
                else { return nil }
                result.append(group)
            }
        }
        return result
    }

    /// True for fe80::/10, which is reachable only with a zone (RFC 4291 2.5.6, RFC 4007).
    public var isLinkLocal: Bool { groups[0] & 0xffc0 == 0xfe80 }

    /// True for ff00::/8 (RFC 4291 2.7).
    public var isMulticast: Bool { groups[0] & 0xff00 == 0xff00 }

    /// True for `::` (RFC 4291 2.5.2).
    public var isUnspecified: Bool { groups.allSatisfy { $0 == 0 } }

    /// True for ::ffff:0:0/96, the IPv4-mapped addresses (RFC 4291 2.5.5.2), which RFC 5952
    /// section 5 writes with the IPv4 address in dotted-quad form.
    public var isIPv4Mapped: Bool { groups[0..<5].allSatisfy { $0 == 0 } && groups[5] == 0xffff }

    /// The RFC 5952 text: lowercase hex without leading zeros (4.2, 4.3), the longest run of
    /// two or more zero groups (the first of equal runs) as `::` and a lone zero group as `0`
    /// (4.2.2, 4.2.3), and IPv4-mapped addresses in mixed notation (5).
    public var description: String {
        let hexGroups = isIPv4Mapped ? Array(groups[0..<6]) : groups
        var bestStart = -1
        var bestLength = 1
        var index = 0
        while index < hexGroups.count {
            guard hexGroups[index] == 0 else {
                index += 1
                continue
            }
            var end = index
            while end < hexGroups.count && hexGroups[end] == 0 { end += 1 }
            if end - index > bestLength {
                bestStart = index
                bestLength = end - index
            }
            index = end
        }
        let texts = hexGroups.map { String($0, radix: 16) }
        var text: String
        if bestStart >= 0 {
            text =
                texts[..<bestStart].joined(separator: ":") + "::"
                + texts[(bestStart + bestLength)...].joined(separator: ":")
        } else {
            text = texts.joined(separator: ":")
        }
        if isIPv4Mapped {
            let v4 = IPv4Address(rawValue: UInt32(groups[6]) << 16 | UInt32(groups[7]))
            text += (text.hasSuffix(":") ? "" : ":") + v4.description
        }
        return text
    }
}

extension String {
    /// The text split at each `::`; `a::b::c` gives three parts, which the caller refuses.
    fileprivate func components(separatedByDoubleColon: Void) -> [Substring] {
        var parts: [Substring] = []
        var rest = self[...]
        while let range = rest.firstRange(of: "::") {
            parts.append(rest[..<range.lowerBound])
            rest = rest[range.upperBound...]
        }
        parts.append(rest)
        return parts
    }
}
