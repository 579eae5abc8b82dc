import OSConfKit

/// Builds the parts of a system tree that the boot job and the installer look at.
enum FakeImage {
    static let mountedOSConf = "run/osconf2seed/mnt/aliyun_custom_image/os.conf"

    /// A disk with partitions 1 and 2, `/` on partition `rootPartition`, as sysfs and
    /// mountinfo show it. `separator` is `p` for NVMe-style names.
    static func disk(
        _ root: TemporaryRoot, name: String = "vda", separator: String = "", major: Int = 253, rootPartition: Int = 2,
        extraMounts: String = ""
    ) {
        root.write("sys/class/block/\(name)/dev", "\(major):0\n")
        for index in 1...2 {
            let part = "\(name)\(separator)\(index)"
            root.write("sys/class/block/\(name)/\(part)/dev", "\(major):\(index)\n")
            root.write("sys/class/block/\(name)/\(part)/partition", "\(index)\n")
            root.link("sys/class/block/\(part)", to: "\(name)/\(part)")
        }
        root.mkdir("sys/class/block/\(name)/queue")
        root.write(
            "proc/self/mountinfo",
            "1 0 0:5 / /proc rw - proc proc rw\n"
                + "22 1 \(major):\(rootPartition) / / rw,relatime shared:1 - ext4 /dev/\(name)\(separator)\(rootPartition) rw\n"
                + extraMounts)
        root.write("sys/class/net/eth0/address", "00:8c:fa:5e:14:23\n")
        root.write("sys/class/net/lo/address", "00:00:00:00:00:00\n")
    }

    /// Where a distribution's package puts the `cloudinit` Python package.
    enum CloudInitLayout: String, CaseIterable, Sendable {
        case debianPython3 = "usr/lib/python3/dist-packages"
        case debianPython27 = "usr/lib/python2.7/dist-packages"
        case rpmPython27 = "usr/lib/python2.7/site-packages"
        case rpmPython36 = "usr/lib/python3.6/site-packages"
        case rpmPython39Lib64 = "usr/lib64/python3.9/site-packages"
        case pipLocal = "usr/local/lib/python3.11/dist-packages"
    }

    /// The forms cloudinit/version.py has had over cloud-init's history.
    enum VersionFileForm: String, CaseIterable, Sendable {
        /// 0.7.7 on: `__VERSION__` and a `version_string()` returning it.
        case dunderUpper
        /// `__version__ = 'X'`.
        case dunderLower
        /// 0.7.x before 0.7.7: `return vr.StrictVersion("0.7.5")`.
        case strictVersion
        /// A `version_string()` returning a literal.
        case returnLiteral
        /// 18.5 on, as packaged: `_PACKAGED_VERSION` beside `__VERSION__`.
        case packaged

        func text(_ version: String) -> String {
            switch self {
            case .dunderUpper:
                return "__VERSION__ = \"\(version)\"\n\n\ndef version_string():\n    return __VERSION__\n"
            case .dunderLower:
                return "__version__ = '\(version)'  # set by setup.py\n"
            case .strictVersion:
                return "from distutils import version as vr\n\n\ndef version():\n"
                    + "    return vr.StrictVersion(\"\(version)\")\n\n\ndef version_string():\n"
                    + "    return str(version())\n"
            case .returnLiteral:
                return "def version_string():\n    return \"\(version)\"\n"
            case .packaged:
                return "__VERSION__ = \"\(version)\"\n_PACKAGED_VERSION = '\(version)-0ubuntu1~22.04.1'\n\n"
                    + "def version_string():\n    if not _PACKAGED_VERSION.startswith('@@'):\n"
                    + "        return _PACKAGED_VERSION\n    return __VERSION__\n"
            }
        }
    }

    static func cloudInit(
        _ root: TemporaryRoot, version: String = "22.4.2", layout: CloudInitLayout = .debianPython3,
        form: VersionFileForm = .dunderUpper
    ) {
        root.write("usr/bin/cloud-init", "#!/usr/bin/python3\n", mode: 0o755)
        root.write("\(layout.rawValue)/cloudinit/version.py", form.text(version))
    }

    static let shadow = "root:*:19000:0:99999:7:::\ndaemon:*:19000:0:99999:7:::\nuser:$6$x$y:19000:0:99999:7:::\n"

    /// The files every family's direct path touches.
    static func base(_ root: TemporaryRoot) {
        root.write("etc/hosts", "127.0.0.1\tlocalhost\n127.0.1.1\tdebian\n::1\tlocalhost ip6-localhost\n")
        root.write("etc/hostname", "debian\n")
        root.write("etc/shadow", shadow, mode: 0o640)
        root.write("etc/resolv.conf", "nameserver 192.0.2.1\n")
    }

    static func family(_ root: TemporaryRoot, _ family: NetworkFamily) {
        switch family {
        case .ifupdown:
            root.write(
                "etc/network/interfaces", "source /etc/network/interfaces.d/*\nauto lo\niface lo inet loopback\n")
            root.write("sbin/ip", "", mode: 0o755)
        case .netplan:
            root.mkdir("etc/netplan")
        case .networkScripts:
            root.write("etc/sysconfig/network-scripts/ifcfg-lo", "DEVICE=lo\n")
        case .networkManager:
            root.mkdir("etc/NetworkManager/system-connections")
            root.write("usr/sbin/NetworkManager", "", mode: 0o755)
        case .networkd:
            root.link(
                "etc/systemd/system/multi-user.target.wants/systemd-networkd.service",
                to: "/lib/systemd/system/systemd-networkd.service")
        }
    }

    /// A stand-in for the format renderers: one file per family naming each NIC's address.
    static let renderers = NetworkRenderers(
        Dictionary(
            uniqueKeysWithValues: NetworkFamily.allCases.map { family in
                (
                    family,
                    { @Sendable (configuration: OSConfiguration) -> [RenderedFile] in
                        [
                            RenderedFile(
                                path: "etc/test-network/\(family)",
                                contents: configuration.interfaces.map { "\($0.name) \($0.cidr)\n" }.joined())
                        ]
                    }
                )
            }))
}
