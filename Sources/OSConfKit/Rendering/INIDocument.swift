/// An INI-style file as systemd unit-like files (networkd `.network`/`.link`) and
/// NetworkManager keyfiles use it: `[Section]` headers and `Key=value` lines.
///
/// Sections may repeat (networkd takes one `[Route]` per route). Every value the renderers
/// put here comes from the validated model (addresses, MACs, `ethN`, fixed words), so none
/// can hold a newline or a `[` that would start a section; ``init(sections:)`` still refuses
/// line breaks so a future caller cannot inject lines.
struct INIDocument {
    typealias Section = (name: String, entries: [(key: String, value: String)])

    var sections: [Section]

    init(sections: [Section]) {
        precondition(
            sections.allSatisfy { $0.entries.allSatisfy { !$0.value.contains("\n") && !$0.value.contains("\r") } },
            "ini values must be single lines")
        self.sections = sections
    }

    /// Sections separated by a blank line, ending in a newline.
    var rendered: String {
        sections.map { section in
            (["[\(section.name)]"] + section.entries.map { "\($0.key)=\($0.value)" }).joined(separator: "\n") + "\n"
        }.joined(separator: "\n")
    }
}
