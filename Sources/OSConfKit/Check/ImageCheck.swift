/// `osconf2seed check --root`: every offline-decidable item of IMAGE-CHECKS.md section 7 on
/// an image's root tree, for one import profile. Reads only, through the tree's confined
/// file system: it never writes, and never looks outside the tree.
///
/// Each group of items lives in its own extension (`ImageCheck+Kernel.swift`, …); each
/// returns observations that ``run()`` turns into findings under the profile.
public struct ImageCheck: Sendable {
    /// The image, confined to its root.
    public let tree: RootTree
    /// Which import the severities are for.
    public let profile: CheckProfile
    let kernels: ImageKernels
    let bootLoader: BootLoaderConfig
    let fstabText: TreeText
    let fstab: [FstabEntry]
    let services: EnabledServices
    let cloudInit: CloudInitProbe.Installation?
    /// The host's `PATH` (colon-separated), where the initramfs decompressors are looked for.
    let hostPath: String?
    /// Each kernel's initramfs as read, by kernel release: filled by ``run()`` only, so that
    /// `install`'s use of this check (the datasource list) never decompresses an initramfs.
    private(set) var initramfsImages: [String: InitramfsContents] = [:]

    /// Reads what every item shares (kernels, boot loader, fstab, services, cloud-init) once;
    /// the initramfs images are read by ``run()``. `hostPath` is where the host's decompressors (`xz`, `zstd`,
    /// `lz4`) and `lsinitramfs` are looked for: the `PATH` check runs with, by default.
    public init(tree: RootTree, profile: CheckProfile, hostPath: String? = ImageCheck.environmentPath) {
        self.tree = tree
        self.profile = profile
        self.hostPath = hostPath
        kernels = ImageKernels(tree: tree)
        bootLoader = BootLoaderConfig(tree: tree)
        fstabText = TreeText.read("/etc/fstab", in: tree)
        fstab = FstabEntry.parse(fstabText)
        services = EnabledServices(tree: tree)
        cloudInit = CloudInitProbe(tree: tree).probe()
    }

    /// The report: facts and findings, the findings ordered by severity (worst first), then
    /// item order, then location.
    public func run() -> CheckReport {
        var check = self
        check.initramfsImages = Dictionary(
            uniqueKeysWithValues: kernels.versions.map {
                ($0, Self.readInitramfs(kernels.initramfs($0), tree: tree, hostPath: hostPath))
            })
        return check.report()
    }

    /// The report, once the initramfs images are read.
    private func report() -> CheckReport {
        let observations =
            kernelObservations() + bootObservations() + fstabObservations() + networkObservations()
            + cloudInitObservations() + sshObservations() + systemObservations() + customObservations()
        let findings = Self.ordered(observations.compactMap { $0.finding(in: profile) })
        return CheckReport(profile: profile, root: tree.root, facts: facts(), findings: findings)
    }

    /// Findings by severity (worst first), then item order, then location.
    static func ordered(_ findings: [CheckFinding]) -> [CheckFinding] {
        let order = Dictionary(uniqueKeysWithValues: CheckItem.allCases.enumerated().map { ($1, $0) })
        return findings.sorted { left, right in
            if left.severity != right.severity { return left.severity > right.severity }
            if left.item != right.item { return (order[left.item] ?? 0) < (order[right.item] ?? 0) }
            return (left.file ?? "", left.line ?? 0) < (right.file ?? "", right.line ?? 0)
        }
    }

    /// The `PATH` this process was started with: where the host's tools are looked for.
    public static var environmentPath: String? { HostProgram.environmentPath }

    /// What the image is, for the report's header and `--json`'s `image`.
    func facts() -> CheckFacts {
        var release: String?
        for (_, line) in TreeText.read("/etc/os-release", in: tree).meaningfulLines where line.hasPrefix("PRETTY_NAME=")
        {
            release = Self.unquoted(line.dropFirst("PRETTY_NAME=".count))
        }
        return CheckFacts(
            operatingSystem: release, kernels: kernels.versions, bootMode: bootMode,
            initSystem: InitSystem.detect(in: tree)?.description,
            networkFamily: NetworkFamily.detect(in: tree)?.description,
            cloudInit: cloudInit.map { $0.version?.description ?? "unknown version" },
            initramfs: kernels.versions.compactMap { version in
                switch initramfsImages[version] {
                case .read(let path, let archive):
                    let how = archive.readWith.isEmpty ? "empty" : archive.readWith.joined(separator: ", ")
                    return "\(path): \(how)" + (archive.compressedRest.map { ", \($0) not opened" } ?? "")
                case .unreadable(let path, let reason): return "\(path): unreadable (\(reason))"
                case .absent, nil: return nil
                }
            })
    }

    /// A shell-style `KEY="value"` value without its quotes.
    static func unquoted(_ text: Substring) -> String {
        var value = text.drop { $0 == " " }
        while let last = value.last, last == " " || last == "\r" { value = value.dropLast() }
        if let first = value.first, first == "\"" || first == "'", value.count >= 2, value.last == first {
            value = value.dropFirst().dropLast()
        }
        return String(value)
    }

    /// The first of `paths` that exists in the tree.
    func firstExisting(_ paths: [String]) -> String? { paths.first { tree.exists($0) } }

    /// An observation that the file `path` could not be read, so `item` is undecided. The fix
    /// follows the cause: permission is the caller's to get; anything else (too large, not a
    /// regular file, a link loop) is the image's file to mend.
    func unreadable(_ item: CheckItem, _ path: String, _ reason: String) -> CheckObservation {
        let denied = [Errno.accessDenied, .notPermitted].contains { $0.description.lowercased() == reason }
        return CheckObservation(
            item: item, status: .unknown, message: "cannot read \(path) (\(reason)), so this is undecided", file: path,
            fix: denied
                ? "run check as a user that can read the image's files (root)"
                : "make \(path) a regular text file the image's own programs can read, then check again")
    }
}
