import OSConfKit
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// A small image tree that passes every `check` item for `ali-custom`, and the one-line
/// breakages that each make exactly one item fail.
enum CheckImage {
    static let kernel = "6.1.0-50-amd64"
    static let commandLine =
        "root=UUID=0b5c4c42-3f4e-4a1e-8d3b-3c1c2a4e5f60 ro net.ifnames=0 console=ttyS0,115200n8 "
        + "nvme_core.io_timeout=4294967295"

    /// A kernel with every driver the items ask for built in, its initramfs and config.
    static func addKernel(_ root: TemporaryRoot, _ version: String, initramfs: String) {
        root.write("boot/vmlinuz-\(version)", "kernel")
        root.write("boot/\(initramfs)", "initramfs")
        root.write("boot/config-\(version)", "CONFIG_FW_CFG_SYSFS=y\n")
        root.write(
            "usr/lib/modules/\(version)/modules.builtin",
            "kernel/drivers/block/virtio_blk.ko\nkernel/drivers/net/virtio_net.ko\n"
                + "kernel/drivers/virtio/virtio_pci.ko\nkernel/drivers/nvme/host/nvme.ko\n")
    }

    /// Writes the passing image into `root`.
    static func good(_ root: TemporaryRoot) {
        addKernel(root, kernel, initramfs: "initrd.img-\(kernel)")
        root.link("lib", to: "usr/lib")
        root.mkdir("boot/grub/i386-pc")
        root.write(
            "boot/grub/grub.cfg",
            "menuentry 'Debian' {\n\tlinux /boot/vmlinuz-\(kernel) \(commandLine)\n"
                + "\tinitrd /boot/initrd.img-\(kernel)\n}\n")
        root.write(
            "etc/default/grub", "GRUB_DEFAULT=0\nGRUB_CMDLINE_LINUX=\"net.ifnames=0 nvme_core.io_timeout=4294967295\"\n"
        )
        root.write(
            "etc/fstab",
            "# <file system> <mount point> <type> <options> <dump> <pass>\n"
                + "UUID=0b5c4c42-3f4e-4a1e-8d3b-3c1c2a4e5f60 / ext4 errors=remount-ro 0 1\n"
                + "UUID=4d7e-1a2b /boot ext4 defaults 0 2\nproc /proc proc defaults 0 0\n")
        root.mkdir("boot/aliyun_custom_image")
        root.write("etc/os-release", "PRETTY_NAME=\"Debian GNU/Linux 12 (bookworm)\"\nID=debian\n")
        root.write("etc/passwd", "root:x:0:0:root:/root:/bin/bash\n")
        root.write("etc/shadow", "root:*:19000:0:99999:7:::\n", mode: 0o640)
        for tool in [
            "usr/bin/passwd", "usr/sbin/chpasswd", "usr/sbin/sshd", "usr/bin/growpart", "usr/sbin/osconf2seed",
        ] {
            root.write(tool, "", mode: 0o755)
        }
        root.link("sbin/init", to: "/lib/systemd/systemd")
        root.write("etc/ssh/sshd_config", "Include /etc/ssh/sshd_config.d/*.conf\nUsePAM yes\n")
        root.write("etc/ssh/sshd_config.d/50-cloud.conf", "PermitRootLogin yes\nPasswordAuthentication yes\n")
        root.link("etc/systemd/system/multi-user.target.wants/ssh.service", to: "/lib/systemd/system/ssh.service")
        root.link(
            "etc/systemd/system/sysinit.target.wants/osconf2seed.service", to: "/etc/systemd/system/osconf2seed.service"
        )
        FakeImage.cloudInit(root, version: "23.4")
        root.link(
            "etc/systemd/system/cloud-init.target.wants/cloud-init-local.service",
            to: "/lib/systemd/system/cloud-init-local.service")
        root.write("etc/cloud/cloud.cfg", "users:\n  - default\n")
        root.write("etc/cloud/cloud.cfg.d/99_osconf2seed.cfg", "datasource_list: [ NoCloud, None ]\n")
        root.write("etc/network/interfaces", "auto lo\niface lo inet loopback\nauto eth0\niface eth0 inet dhcp\n")
        root.write("etc/adjtime", "0.0 0 0.0\n0\nUTC\n")
        root.mkdir("usr/local/share/aliyun-assist")
        root.mkdir("usr/local/aegis")
    }

    /// One way to break one item: the change, the profile it is judged under, and the
    /// finding it must give.
    struct Breakage: Sendable, CustomTestStringConvertible {
        var name: String
        var item: CheckItem
        var severity: CheckSeverity
        var status: CheckFinding.Status = .fail
        var profile: CheckProfile = .aliCustom
        var apply: @Sendable (TemporaryRoot) -> Void

        var testDescription: String { "\(item) \(profile): \(name)" }
    }

    static func remove(_ root: TemporaryRoot, _ path: String) { _ = unlink(root.real(path)) }

    /// virtio_blk made a module, with `initramfs` as the kernel's initramfs (nil: none).
    static func modularVirtio(_ root: TemporaryRoot, initramfs: [UInt8]?) {
        root.write(
            "usr/lib/modules/\(kernel)/modules.builtin",
            "kernel/drivers/net/virtio_net.ko\nkernel/drivers/virtio/virtio_pci.ko\nkernel/drivers/nvme/host/nvme.ko\n")
        root.write("usr/lib/modules/\(kernel)/modules.dep", "kernel/drivers/block/virtio_blk.ko.zst:\n")
        if let initramfs {
            root.write("boot/initrd.img-\(kernel)", bytes: initramfs)
        } else {
            remove(root, "boot/initrd.img-\(kernel)")
        }
    }

    /// A breakage that adds `lines` to an fstab mounting / and /boot by UUID.
    static func fstab(_ lines: String) -> @Sendable (TemporaryRoot) -> Void {
        writing("etc/fstab", "UUID=a / ext4 defaults 0 1\nUUID=4d7e-1a2b /boot ext4 defaults 0 2\n" + lines)
    }

    /// A breakage that writes one file.
    static func writing(_ path: String, _ text: String) -> @Sendable (TemporaryRoot) -> Void {
        { root in root.write(path, text) }
    }

    static let breakages: [Breakage] = [
        Breakage(
            name: "no virtio drivers", item: .virtioKernel, severity: .error,
            apply: writing("usr/lib/modules/\(kernel)/modules.builtin", "kernel/drivers/nvme/host/nvme.ko\n")),
        Breakage(name: "virtio_blk a module without initramfs", item: .virtioInitramfs, severity: .error) { root in
            modularVirtio(root, initramfs: nil)
            root.write("boot/grub/grub.cfg", "linux /boot/vmlinuz-\(kernel) \(commandLine)\n")
        },
        Breakage(
            name: "virtio_blk a module, initramfs not a cpio archive", item: .virtioInitramfs, severity: .warning,
            status: .unknown
        ) { root in modularVirtio(root, initramfs: Array("initramfs".utf8)) },
        Breakage(name: "virtio_blk left out of an uncompressed initramfs", item: .virtioInitramfs, severity: .error) {
            root in modularVirtio(root, initramfs: CpioArchive.newc(["init", "usr/lib/modules/\(kernel)/modules.dep"]))
        },
        Breakage(
            name: "virtio_blk behind a zstd main archive", item: .virtioInitramfs, severity: .warning, status: .unknown
        ) { root in modularVirtio(root, initramfs: CpioArchive.newc(["early"]) + CpioArchive.zstdFrame) },
        Breakage(
            name: "no nvme driver", item: .nvmeDriver, severity: .warning,
            apply: writing(
                "usr/lib/modules/\(kernel)/modules.builtin",
                "kernel/drivers/block/virtio_blk.ko\nkernel/drivers/net/virtio_net.ko\nkernel/drivers/virtio/virtio_pci.ko\n"
            )),
        Breakage(name: "default NVMe timeout", item: .nvmeTimeout, severity: .warning) { root in
            root.write("boot/grub/grub.cfg", "linux /boot/vmlinuz-\(kernel) root=UUID=x ro net.ifnames=0\n")
            root.write("etc/default/grub", "GRUB_CMDLINE_LINUX=\"net.ifnames=0\"\n")
        },
        Breakage(
            name: "entry loads a missing initrd", item: .bootConfig, severity: .error,
            apply: writing(
                "boot/grub/grub.cfg", "linux /boot/vmlinuz-\(kernel) \(commandLine)\ninitrd /boot/initrd.img-5.10\n")),
        Breakage(name: "no boot loader configuration", item: .bootConfig, severity: .error) { root in
            remove(root, "boot/grub/grub.cfg")
        },
        Breakage(
            name: "root=/dev/sda1", item: .bootRootByName, severity: .error,
            apply: writing("boot/grub/grub.cfg", "linux /boot/vmlinuz-\(kernel) root=/dev/sda1 \(commandLine)\n")),
        Breakage(
            name: "root=/dev/vda1", item: .bootRootByName, severity: .warning,
            apply: writing("boot/grub/grub.cfg", "linux /boot/vmlinuz-\(kernel) root=/dev/vda1 \(commandLine)\n")),
        Breakage(name: "GRUB legacy only", item: .bootGrubLegacy, severity: .warning) { root in
            remove(root, "boot/grub/grub.cfg")
            root.write("boot/grub/menu.lst", "kernel /boot/vmlinuz-\(kernel) root=UUID=x\n")
        },
        Breakage(name: "UEFI only", item: .bootMode, severity: .warning, profile: .tc) { root in
            _ = rmdir(root.real("boot/grub/i386-pc"))
            root.write("boot/efi/EFI/debian/grubx64.efi", "")
        },
        Breakage(
            name: "/ by /dev/sda2", item: .fstabByName, severity: .error,
            apply: writing("etc/fstab", "/dev/sda2 / ext4 defaults 0 1\nUUID=4d7e-1a2b /boot ext4 defaults 0 2\n")),
        Breakage(
            name: "data disk by /dev/vdb1", item: .fstabByName, severity: .warning,
            apply: fstab("/dev/vdb1 /data ext4 nofail 0 2\n")
        ),
        Breakage(
            name: "another disk without nofail", item: .fstabExtraDisk, severity: .warning,
            apply: fstab("UUID=b /data ext4 defaults 0 2\n")),
        Breakage(
            name: "swap partition", item: .fstabSwap, severity: .warning,
            apply: fstab("UUID=c none swap sw 0 0\n")),
        Breakage(
            name: "root on LVM", item: .fstabLVM, severity: .warning,
            apply: writing(
                "etc/fstab", "/dev/mapper/vg0-root / ext4 defaults 0 1\nUUID=4d7e-1a2b /boot ext4 defaults 0 2\n")),
        Breakage(
            name: "static eth0", item: .netDHCP, severity: .error, profile: .ali,
            apply: writing("etc/network/interfaces", "auto eth0\niface eth0 inet static\n  address 192.0.2.5/24\n")),
        Breakage(
            name: "static eth0 on an os.conf import", item: .netDHCP, severity: .info,
            apply: writing("etc/network/interfaces", "auto eth0\niface eth0 inet static\n  address 192.0.2.5/24\n")),
        Breakage(
            name: "MAC-pinned udev rule", item: .netNames, severity: .warning,
            apply: writing(
                "etc/udev/rules.d/70-persistent-net.rules",
                "SUBSYSTEM==\"net\", ATTR{address}==\"52:54:00:12:34:56\", NAME=\"eth0\"\n")),
        Breakage(name: "eth0 without net.ifnames=0", item: .netNames, severity: .warning) { root in
            root.write(
                "boot/grub/grub.cfg", "linux /boot/vmlinuz-\(kernel) root=UUID=x nvme_core.io_timeout=4294967295\n")
            root.write("etc/default/grub", "GRUB_DEFAULT=0\n")
        },
        Breakage(
            name: "SELinux enforcing", item: .selinux, severity: .warning,
            apply: writing("etc/selinux/config", "SELINUX=enforcing\nSELINUXTYPE=targeted\n")),
        Breakage(name: "no cloud-init", item: .cloudInitPresent, severity: .error, profile: .tc) { root in
            remove(root, "usr/bin/cloud-init")
            remove(root, "usr/lib/python3/dist-packages/cloudinit/version.py")
            _ = rmdir(root.real("usr/lib/python3/dist-packages/cloudinit"))
        },
        Breakage(name: "cloud-init 0.7.5", item: .cloudInitVersion, severity: .error, profile: .ali) { root in
            FakeImage.cloudInit(root, version: "0.7.5")
            root.write("etc/cloud/cloud.cfg.d/99_osconf2seed.cfg", "datasource_list: [ AliYun ]\n")
        },
        Breakage(
            name: "cloud-init.disabled", item: .cloudInitEnabled, severity: .error,
            apply: writing("etc/cloud/cloud-init.disabled", "")),
        Breakage(name: "no cloud-init unit enabled", item: .cloudInitEnabled, severity: .error) { root in
            remove(root, "etc/systemd/system/cloud-init.target.wants/cloud-init-local.service")
        },
        // Debian's cloud-init ships init scripts too: systemd ignores their rc links, since a
        // native unit of the same name exists (systemd-sysv-generator).
        Breakage(
            name: "cloud-init units disabled, its rc links left", item: .cloudInitEnabled, severity: .error
        ) { root in
            remove(root, "etc/systemd/system/cloud-init.target.wants/cloud-init-local.service")
            root.write("lib/systemd/system/cloud-init-local.service", "[Unit]\n")
            root.write("etc/init.d/cloud-init-local", "#!/bin/sh\n", mode: 0o755)
            root.link("etc/rcS.d/S01cloud-init-local", to: "../init.d/cloud-init-local")
        },
        Breakage(
            name: "datasource AliYun only", item: .cloudInitDatasource, severity: .warning,
            apply: writing("etc/cloud/cloud.cfg.d/zz-ds.cfg", "datasource_list:\n  - AliYun\n")),
        Breakage(name: "no growpart", item: .cloudInitGrowpart, severity: .warning) { root in
            remove(root, "usr/bin/growpart")
        },
        Breakage(name: "no fw_cfg", item: .kernelFwCfg, severity: .warning, profile: .ali) { root in
            root.write("boot/config-\(kernel)", "CONFIG_VIRTIO_BLK=y\n")
            root.write("etc/cloud/cloud.cfg.d/99_osconf2seed.cfg", "datasource_list: [ AliYun ]\n")
        },
        Breakage(
            name: "hardware clock local", item: .rtcUTC, severity: .warning,
            apply: writing("etc/adjtime", "0.0 0 0.0\n0\nLOCAL\n")),
        Breakage(name: "sshd not enabled", item: .sshEnabled, severity: .error) { root in
            remove(root, "etc/systemd/system/multi-user.target.wants/ssh.service")
        },
        Breakage(name: "no sshd", item: .sshEnabled, severity: .error) { root in
            remove(root, "usr/sbin/sshd")
        },
        Breakage(
            name: "PermitRootLogin no first", item: .sshRoot, severity: .warning,
            apply: writing("etc/ssh/sshd_config.d/10-lock.conf", "PermitRootLogin no\n")),
        Breakage(name: "baked-in host key", item: .sshHostKeys, severity: .warning) { root in
            root.write("etc/ssh/ssh_host_ed25519_key", "-----BEGIN OPENSSH PRIVATE KEY-----\n", mode: 0o600)
        },
        Breakage(
            name: "root's authorized key", item: .sshAuthorizedKeys, severity: .error,
            apply: writing("root/.ssh/authorized_keys", "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIJx builder\n")),
        Breakage(name: "authorized key on Tencent", item: .sshAuthorizedKeys, severity: .warning, profile: .tc) {
            root in
            root.write("home/admin/.ssh/authorized_keys", "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIJx builder\n")
        },
        Breakage(name: "no /etc/shadow", item: .shadowWritable, severity: .error) { root in
            remove(root, "etc/shadow")
        },
        Breakage(name: "unreadable /etc/shadow", item: .shadowWritable, severity: .warning, status: .unknown) { root in
            remove(root, "etc/shadow")
            root.mkdir("etc/shadow")
        },
        Breakage(name: "no chpasswd", item: .passwdTools, severity: .error, profile: .tcForce) { root in
            remove(root, "usr/sbin/chpasswd")
        },
        Breakage(name: "firewalld enabled", item: .firewall, severity: .warning) { root in
            root.link(
                "etc/systemd/system/multi-user.target.wants/firewalld.service",
                to: "/lib/systemd/system/firewalld.service")
        },
        Breakage(name: "absolute /lib64", item: .libSymlinks, severity: .warning) { root in
            root.link("lib64", to: "/usr/lib64")
        },
        Breakage(name: "qemu-ga", item: .qemuGuestAgent, severity: .warning) { root in
            root.write("usr/bin/qemu-ga", "", mode: 0o755)
        },
        Breakage(name: "VMware tools", item: .otherHypervisorTools, severity: .warning) { root in
            root.write("usr/bin/vmtoolsd", "", mode: 0o755)
        },
        Breakage(name: "no release file", item: .osIdentity, severity: .warning) { root in
            remove(root, "etc/os-release")
        },
        Breakage(name: "a 2.6.18 kernel", item: .kernelAge, severity: .info) { root in
            addKernel(root, "2.6.18-398.el5", initramfs: "initrd-2.6.18-398.el5.img")
        },
        Breakage(name: "no aliyun_custom_image", item: .customDirectory, severity: .warning, status: .unknown) { root in
            _ = rmdir(root.real("boot/aliyun_custom_image"))
        },
        Breakage(
            name: "/boot read-only", item: .customDirectory, severity: .error,
            apply: writing("etc/fstab", "UUID=a / ext4 defaults 0 1\nUUID=4d7e-1a2b /boot ext4 ro 0 2\n")),
        Breakage(name: "no handler enabled", item: .customHandler, severity: .error) { root in
            remove(root, "etc/systemd/system/sysinit.target.wants/osconf2seed.service")
        },
        Breakage(name: "no handler on forced import", item: .customHandler, severity: .error, profile: .tcForce) {
            root in
            remove(root, "usr/sbin/osconf2seed")
        },
        Breakage(name: "no Security Center", item: .agents, severity: .info) { root in
            _ = rmdir(root.real("usr/local/aegis"))
        },
    ]
}
