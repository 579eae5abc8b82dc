/// Packages a configuration path cannot work without, checked in the tree before anything is
/// written, so the message can name the package instead of the boot failing silently.
public enum RequiredPackages {
    /// ifupdown on Debian 12 brings interfaces up with `ip` from iproute2 (net-tools is gone
    /// from minimal images); without it `ifup` configures nothing.
    public static func missingForIfupdown(in tree: RootTree) -> String? {
        let locations = ["/sbin/ip", "/bin/ip", "/usr/sbin/ip", "/usr/bin/ip"]
        if locations.contains(where: { tree.exists($0) }) { return nil }
        return "the image uses ifupdown but has no ip command: install the iproute2 package"
    }

    /// net-tools' `route`, which cloud-init's eni renderer uses for every route entry
    /// (`post-up route add ... || true`): without it those routes silently never come up.
    public static func hasNetTools(in tree: RootTree) -> Bool {
        ["/sbin/route", "/bin/route", "/usr/sbin/route", "/usr/bin/route"].contains { tree.exists($0) }
    }
}
