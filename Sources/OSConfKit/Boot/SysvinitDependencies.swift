/// Debian's sysv-rc boots in "makefile" mode when /etc/init.d/.depend.boot exists: startpar
/// runs exactly the scripts named there, in the order its make-style lines give, and ignores
/// rcS.d links that insserv did not record. `install` therefore records osconf2seed there
/// itself (what `insserv` would do, without running anything in the image), and `uninstall`
/// takes exactly those additions out again.
public enum SysvinitDependencies {
    public static let path = "etc/init.d/.depend.boot"
    static let script = "osconf2seed"
    /// Scripts that must run before it: the local file systems are mounted read-write.
    static let after = ["mountall.sh", "mountall-bootclean.sh"]
    /// Scripts that must run after it: the network, and cloud-init's first stage when present.
    static let before = ["networking", "cloud-init-local"]

    /// The file with osconf2seed added, or the text unchanged when it is already there.
    public static func adding(to text: String) -> String {
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        guard !lines.contains(where: { $0.hasPrefix(script + ":") }) else { return text }
        for index in lines.indices {
            let line = lines[index]
            if line.hasPrefix("TARGETS =") {
                lines[index] = line + " " + script
            } else if let name = line.split(separator: ":").first, before.contains(String(name)) {
                lines[index] = line + " " + script
            }
        }
        let targets = lines.first { $0.hasPrefix("TARGETS =") } ?? ""
        let present = after.filter { targets.split(separator: " ").contains(Substring($0)) }
        let rule = present.isEmpty ? script + ":" : script + ": " + present.joined(separator: " ")
        let insertAt = lines.last == "" ? lines.count - 1 : lines.count
        lines.insert(rule, at: insertAt)
        return lines.joined(separator: "\n")
    }

    /// The file with every addition of ``adding(to:)`` removed.
    public static func removing(from text: String) -> String {
        text.split(separator: "\n", omittingEmptySubsequences: false)
            .filter { !$0.hasPrefix(script + ":") }
            .map { line in
                let words = line.split(separator: " ", omittingEmptySubsequences: false)
                guard words.last == Substring(script), line.hasPrefix("TARGETS =") || line.contains(":") else {
                    return String(line)
                }
                return words.dropLast().joined(separator: " ")
            }
            .joined(separator: "\n")
    }
}
