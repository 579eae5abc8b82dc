/// The /etc/hosts edit for a new host name: Debian's convention of a `127.0.1.1` line naming the
/// host, so that it resolves without DNS. Every other line is kept as it was.
public enum HostsFile {
    /// `text` with its first `127.0.1.1` line replaced, or one added after `127.0.0.1`.
    public static func updating(_ text: String, hostname: Hostname) -> String {
        let names = hostname.value == hostname.shortName ? hostname.value : "\(hostname.value) \(hostname.shortName)"
        let entry = "127.0.1.1\t\(names)"
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        if lines.last == "" { lines.removeLast() }
        if let index = lines.firstIndex(where: { isAddressLine($0, "127.0.1.1") }) {
            lines[index] = entry
        } else if let index = lines.firstIndex(where: { isAddressLine($0, "127.0.0.1") }) {
            lines.insert(entry, at: index + 1)
        } else {
            lines.insert(entry, at: 0)
        }
        return lines.joined(separator: "\n") + "\n"
    }

    private static func isAddressLine(_ line: String, _ address: String) -> Bool {
        let fields = line.split(whereSeparator: { $0 == " " || $0 == "\t" })
        return fields.first.map(String.init) == address
    }
}
