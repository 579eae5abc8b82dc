/// What `check` learned about the image, reported beside the findings.
public struct CheckFacts: Sendable, Hashable {
    /// `/etc/os-release`'s PRETTY_NAME.
    public var operatingSystem: String?
    /// Kernel releases found in /boot.
    public var kernels: [String]
    /// `bios`, `uefi`, `bios+uefi`, or nil when no boot loader files say.
    public var bootMode: String?
    /// `systemd`, `sysvinit`, `openrc` (``InitSystem``), or nil when undetected.
    public var initSystem: String?
    /// `netplan`, `network-manager`, `networkd`, `ifupdown`, `network-scripts` (``NetworkFamily``), or nil.
    public var networkFamily: String?
    /// cloud-init's version, `unknown version`, or nil when absent.
    public var cloudInit: String?
    /// Each kernel's initramfs and how it was read: `/boot/initrd.img-K: cpio, zstd -dc
    /// (/usr/bin/zstd)`, `…: cpio, lsinitramfs (/usr/bin/lsinitramfs)`, `…: cpio, xz not opened`.
    public var initramfs: [String]
    /// `check --image`: the disk (`raw, 20 GiB, gpt, MBR boot code grub`), then one line per
    /// partition (`partition 1 (0x83 linux) at 1 MiB, 20 GiB, ext4 UUID=…`); empty for `--root`.
    public var disk: [String] = []
    /// False when the image's root file system was never read (`check --image` that could not
    /// mount it, or a disk it could not parse): every fact above is then unknown, not absent.
    public var rootTreeRead = true

    /// The facts as found.
    public init(
        operatingSystem: String?, kernels: [String], bootMode: String?, initSystem: String?, networkFamily: String?,
        cloudInit: String?, initramfs: [String] = []
    ) {
        self.operatingSystem = operatingSystem
        self.kernels = kernels
        self.bootMode = bootMode
        self.initSystem = initSystem
        self.networkFamily = networkFamily
        self.cloudInit = cloudInit
        self.initramfs = initramfs
    }
}
