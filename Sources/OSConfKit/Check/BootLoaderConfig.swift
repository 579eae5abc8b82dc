/// The boot loader configuration of a tree: which files exist, the kernels and initramfs
/// images they load, and the kernel command line parameters they pass, each with file and line.
struct BootLoaderConfig: Sendable {
    /// A path or parameter and where it was written.
    struct Reference: Sendable, Hashable {
        var value: String
        var file: String
        var line: Int
    }

    /// GRUB 2, BLS and extlinux files found, in the order they are listed in ``candidates``.
    var files: [String] = []
    /// `menu.lst` of GRUB legacy, if present.
    var legacyMenu: String?
    /// Kernel and initramfs paths the entries load, as written.
    var images: [Reference] = []
    /// Every `name` or `name=value` word of every command line found, including
    /// `/etc/default/grub`'s `GRUB_CMDLINE_LINUX*` and `/etc/kernel/cmdline`.
    var parameters: [Reference] = []
    /// `GRUB_DISABLE_LINUX_UUID=true` in `/etc/default/grub`.
    var disablesUUID: Reference?
    /// `/boot/grub*/i386-pc` (BIOS GRUB modules) present.
    var hasBIOSLoader = false
    /// An EFI binary under `/boot/efi/EFI`.
    var hasEFILoader = false

    /// Where GRUB 2 and extlinux keep their configuration ([S1] names the GRUB ones).
    static let candidates = [
        "/boot/grub/grub.cfg", "/boot/grub2/grub.cfg", "/boot/extlinux/extlinux.conf", "/boot/syslinux/syslinux.cfg",
        "/boot/extlinux.conf",
    ]

    init(tree: RootTree) {
        var configs = Self.candidates.filter { tree.type($0) == .regular }
        for vendor in tree.list("/boot/efi/EFI") {
            let directory = "/boot/efi/EFI/\(vendor)"
            if tree.exists(directory + "/grub.cfg") { configs.append(directory + "/grub.cfg") }
            if tree.list(directory).contains(where: { $0.lowercased().hasSuffix(".efi") }) { hasEFILoader = true }
        }
        let entries = tree.list("/boot/loader/entries").filter { $0.hasSuffix(".conf") }
        configs += entries.map { "/boot/loader/entries/\($0)" }
        files = configs
        for file in configs { read(file, tree: tree) }
        for grubenv in ["/boot/grub/grubenv", "/boot/grub2/grubenv"] {
            for (number, line) in TreeText.read(grubenv, in: tree).meaningfulLines where line.hasPrefix("kernelopts=") {
                add(parameters: line.dropFirst("kernelopts=".count), file: grubenv, line: number)
            }
        }
        for (number, line) in TreeText.read("/etc/default/grub", in: tree).meaningfulLines {
            if line.hasPrefix("GRUB_CMDLINE_LINUX"), let equals = line.firstIndex(of: "=") {
                add(
                    parameters: Self.unquoted(line[line.index(after: equals)...]), file: "/etc/default/grub",
                    line: number)
            } else if line.hasPrefix("GRUB_DISABLE_LINUX_UUID="),
                Self.unquoted(line.dropFirst("GRUB_DISABLE_LINUX_UUID=".count)) == "true"
            {
                disablesUUID = Reference(value: String(line), file: "/etc/default/grub", line: number)
            }
        }
        for (number, line) in TreeText.read("/etc/kernel/cmdline", in: tree).meaningfulLines {
            add(parameters: line, file: "/etc/kernel/cmdline", line: number)
        }
        if tree.type("/boot/grub/menu.lst") == .regular { legacyMenu = "/boot/grub/menu.lst" }
        hasBIOSLoader = tree.exists("/boot/grub/i386-pc") || tree.exists("/boot/grub2/i386-pc")
    }

    /// The values of parameter `name` (`root` for `root=UUID=...`), with where each was written.
    func values(of name: String) -> [Reference] {
        parameters.compactMap { reference in
            guard reference.value.hasPrefix(name + "=") else { return nil }
            var found = reference
            found.value = String(reference.value.dropFirst(name.count + 1))
            return found
        }
    }

    /// True when some command line holds exactly `word` (`net.ifnames=0`).
    func has(_ word: String) -> Bool { parameters.contains { $0.value == word } }

    /// GRUB's `linux`/`initrd` lines, BLS `linux`/`initrd`/`options`, extlinux `kernel`/`initrd`/`append`.
    private mutating func read(_ file: String, tree: RootTree) {
        for (number, line) in TreeText.read(file, in: tree).meaningfulLines {
            let words = line.split(whereSeparator: { $0 == " " || $0 == "\t" })
            guard let keyword = words.first?.lowercased() else { continue }
            switch keyword {
            case "linux", "linux16", "linuxefi", "kernel":
                if words.count > 1 { images.append(Reference(value: String(words[1]), file: file, line: number)) }
                for word in words.dropFirst(2) {
                    parameters.append(Reference(value: String(word), file: file, line: number))
                }
            case "initrd", "initrd16", "initrdefi":
                for word in words.dropFirst() where !word.hasPrefix("$") {
                    images.append(Reference(value: String(word), file: file, line: number))
                }
            case "options", "append":
                for word in words.dropFirst() {
                    parameters.append(Reference(value: String(word), file: file, line: number))
                }
            default: continue
            }
        }
    }

    private mutating func add(parameters text: Substring, file: String, line: Int) {
        for word in text.split(whereSeparator: { $0 == " " || $0 == "\t" }) where !word.hasPrefix("$") {
            parameters.append(Reference(value: String(word), file: file, line: line))
        }
    }

    /// A shell-style value without its surrounding quotes.
    private static func unquoted(_ text: Substring) -> Substring {
        var value = text
        if let first = value.first, first == "\"" || first == "'" {
            value = value.dropFirst()
            if let close = value.lastIndex(of: first) { value = value[..<close] }
        }
        return value
    }
}
