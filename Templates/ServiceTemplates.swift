/// The files `osconf2seed install` puts into an image, embedded in the binary so that a single
/// static executable is all an image needs.
public enum ServiceTemplates {
    /// systemd unit; `@MOUNTS@` is replaced by `Wants=` and `After=` lines on mount units, or nothing.
    public static var systemdUnit: String { String(decoding: PackageResources.osconf2seed_service, as: UTF8.self) }
    /// LSB init script for sysvinit (Debian insserv headers).
    public static var sysvinitScript: String {
        String(decoding: PackageResources.osconf2seed_sysvinit, as: UTF8.self)
    }
    /// OpenRC service script.
    public static var openrcScript: String { String(decoding: PackageResources.osconf2seed_openrc, as: UTF8.self) }
    /// cloud-init drop-in that makes ds-identify use NoCloud without detection.
    public static var cloudConfig: String { String(decoding: PackageResources.osconf2seed_cloudcfg, as: UTF8.self) }
    /// ifupdown mapping script: prints the logical interface of a NIC from its MAC.
    public static var ifupdownMACMap: String {
        String(decoding: PackageResources.osconf2seed_mac_map, as: UTF8.self)
    }
}
