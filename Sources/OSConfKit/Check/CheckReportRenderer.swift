/// The two forms of a ``CheckReport``: a table for people, grouped by severity with a summary
/// line, and one JSON document for pipelines.
public enum CheckReportRenderer {
    /// The human report:
    ///
    ///     check of /img for ali-custom: Debian GNU/Linux 12 (bookworm)
    ///     kernels 6.1.0-50-amd64; boot mode bios; init systemd; network ifupdown; cloud-init 22.4.4
    ///
    ///     ERROR (1)
    ///       fstab.by-name  /etc/fstab:1
    ///         / is mounted by device name /dev/sda2, ...
    ///         fix: ...
    ///
    ///     summary: 1 error, 0 warnings, 0 info (0 unknown)
    ///
    /// An undecided finding's id is followed by `(unknown)`.
    public static func table(_ report: CheckReport) -> String {
        let facts = report.facts
        var out = "check of \(report.root) for \(report.profile): \(facts.operatingSystem ?? "unknown OS")\n"
        if facts.rootTreeRead {
            out += "kernels \(facts.kernels.isEmpty ? "none" : facts.kernels.joined(separator: " "))"
            out += "; boot mode \(facts.bootMode ?? "unknown"); init \(facts.initSystem ?? "unknown")"
            out += "; network \(facts.networkFamily ?? "unknown"); cloud-init \(facts.cloudInit ?? "absent")\n"
        } else {
            // Nothing was read there: "cloud-init absent" or "kernels none" would be claims.
            out += "root file system not read: kernels, boot mode, init, network and cloud-init unknown\n"
        }
        for line in facts.initramfs { out += "initramfs \(line)\n" }
        for line in facts.disk { out += "disk \(line)\n" }
        for severity in CheckSeverity.allCases.reversed() {
            let group = report.findings.filter { $0.severity == severity }
            guard !group.isEmpty else { continue }
            out += "\n\(severity.description.uppercased()) (\(group.count))\n"
            for finding in group {
                let mark = finding.status == .unknown ? " (unknown)" : ""
                out += "  \(finding.item)\(mark)  \(finding.location)\n"
                out += "    \(finding.message)\n"
                out += "    fix: \(finding.fix)\n"
            }
        }
        out += "\nsummary: \(report.summary)\n"
        return out
    }

    /// The `--json` document: `schema`, `profile`, `root`, `image` (the facts: `os`, `kernels`,
    /// `bootMode`, `initSystem`, `networkFamily`, `cloudInit`; null where unknown or absent;
    /// `initramfs`: each image and how it was read; `disk`, with `--image` only: the disk and
    /// its partitions, one line each),
    /// `findings` (each `id`, `severity` error|warning|info, `status` fail|unknown, `message`,
    /// `file` and `line` or null, `fix`) and `summary` (`errors`, `warnings`, `info`, `unknown`).
    public static func json(_ report: CheckReport) -> JSONValue {
        let facts = report.facts
        var members: [(key: String, value: JSONValue)] = [
            ("os", .optional(facts.operatingSystem, JSONValue.string)),
            ("kernels", .array(facts.kernels.map(JSONValue.string))),
            ("bootMode", .optional(facts.bootMode, JSONValue.string)),
            ("initSystem", .optional(facts.initSystem, JSONValue.string)),
            ("networkFamily", .optional(facts.networkFamily, JSONValue.string)),
            ("cloudInit", .optional(facts.cloudInit, JSONValue.string)),
            ("initramfs", .array(facts.initramfs.map(JSONValue.string))),
        ]
        if !facts.disk.isEmpty { members.append(("disk", .array(facts.disk.map(JSONValue.string)))) }
        let image = JSONValue.object(members)
        let findings = report.findings.map { finding in
            JSONValue.object([
                ("id", .string(finding.item.rawValue)),
                ("severity", .string(finding.severity.description)),
                ("status", .string(finding.status.rawValue)),
                ("message", .string(finding.message)),
                ("file", .optional(finding.file, JSONValue.string)),
                ("line", .optional(finding.line, JSONValue.integer)),
                ("fix", .string(finding.fix)),
            ])
        }
        return .object([
            ("schema", .integer(CheckReport.schema)),
            ("profile", .string(report.profile.rawValue)),
            ("root", .string(report.root)),
            ("image", image),
            ("findings", .array(findings)),
            (
                "summary",
                .object([
                    ("errors", .integer(report.count(.error))),
                    ("warnings", .integer(report.count(.warning))),
                    ("info", .integer(report.count(.info))),
                    ("unknown", .integer(report.unknownCount)),
                ])
            ),
        ])
    }
}
