/// The kernels of a tree and what each one can drive: `/boot/vmlinuz-K` with its modules in
/// `/lib/modules/K` or `/usr/lib/modules/K`, as virt-v2v finds them [O1].
public struct ImageKernels: Sendable {
    /// How a kernel has a driver.
    public enum Support: Sendable, Hashable {
        case builtIn
        case module
        case absent
        /// Neither modules.builtin, modules.dep nor the kernel config could be read.
        case unknown
    }

    /// Kernel release strings (`6.1.0-50-amd64`), sorted.
    public let versions: [String]
    private let tree: RootTree

    /// The kernels in `tree`'s /boot (`vmlinuz-K`, `vmlinux-K`; kdump kernels left out).
    public init(tree: RootTree) {
        self.tree = tree
        versions = tree.list("/boot").compactMap { name -> String? in
            guard name.hasPrefix("vmlinuz-") || name.hasPrefix("vmlinux-") else { return nil }
            let version = String(name.dropFirst("vmlinuz-".count))
            return version.hasSuffix("kdump") ? nil : version
        }.sorted()
    }

    /// The module directory of `version`, if present.
    public func moduleDirectory(_ version: String) -> String? {
        ["/lib/modules/\(version)", "/usr/lib/modules/\(version)"].first { tree.type($0) == .directory }
    }

    /// Whether `version` has `module` (`virtio_blk`), decided from modules.builtin, then
    /// modules.dep, then `/boot/config-K`'s `option` (`CONFIG_VIRTIO_BLK`).
    public func support(_ version: String, module: String, option: String) -> Support {
        var decided = false
        let names = [module, String(module.map { $0 == "_" ? "-" : $0 })]
        if let directory = moduleDirectory(version) {
            if let builtin = tree.text(directory + "/modules.builtin", limit: 8 << 20) {
                decided = true
                if Self.lists(builtin, names) { return .builtIn }
            }
            if let dependencies = tree.text(directory + "/modules.dep", limit: 32 << 20) {
                decided = true
                if Self.lists(dependencies, names) { return .module }
            }
        }
        if let config = tree.text("/boot/config-\(version)", limit: 8 << 20) {
            for line in config.split(separator: "\n") {
                if line == "\(option)=y" { return .builtIn }
                if line == "\(option)=m" { return .module }
            }
            return .absent
        }
        return decided ? .absent : .unknown
    }

    /// True when a line of modules.builtin or modules.dep names `…/module.ko` (compressed or not).
    private static func lists(_ text: String, _ names: [String]) -> Bool {
        for line in text.split(separator: "\n") {
            let path = line.split(separator: ":", maxSplits: 1).first ?? line
            let base = path.split(separator: "/").last ?? path
            for name in names where base.hasPrefix(name + ".ko") { return true }
        }
        return false
    }

    /// The initramfs of `version` in /boot, under any of the names distributions give it.
    public func initramfs(_ version: String) -> String? {
        [
            "/boot/initrd.img-\(version)", "/boot/initramfs-\(version).img", "/boot/initrd-\(version)",
            "/boot/initrd-\(version).img",
        ].first { tree.exists($0) }
    }
}
