/// systemd unit names derived from paths, as `systemd-escape --path --suffix=mount` makes them
/// (systemd.unit(5), "String Escaping for Inclusion in Unit Names"): slashes at either end
/// dropped, inner `/` become `-`, every byte outside `[A-Za-z0-9:_.]` (and a leading `.`)
/// becomes `\xNN` in lower-case hex; `/` alone is `-`.
public enum SystemdUnitName {
    /// The mount unit for an absolute mount point: `/boot/efi` → `boot-efi.mount`,
    /// `/srv/my-data` → `srv-my\x2ddata.mount`. `path` is a plain absolute path (fstab's `\040`
    /// escapes already decoded); repeated slashes are collapsed as systemd does.
    public static func mount(_ path: String) -> String {
        let components = path.split(separator: "/", omittingEmptySubsequences: true)
        guard !components.isEmpty else { return "-.mount" }
        var escaped = ""
        for (index, component) in components.enumerated() {
            if index > 0 { escaped += "-" }
            for (offset, byte) in component.utf8.enumerated() {
                let keep =
                    (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A)
                    || byte == 0x3A || byte == 0x5F || (byte == 0x2E && !(index == 0 && offset == 0))
                if keep {
                    escaped.unicodeScalars.append(Unicode.Scalar(byte))
                } else {
                    escaped += "\\x" + hex(byte)
                }
            }
        }
        return escaped + ".mount"
    }

    private static func hex(_ byte: UInt8) -> String {
        let digits = Array("0123456789abcdef")
        return String([digits[Int(byte >> 4)], digits[Int(byte & 0x0F)]])
    }
}
