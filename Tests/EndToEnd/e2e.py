#!/usr/bin/python3
"""End-to-end scenarios for osconf2seed: Debian 12 images, an os.conf on partition 1, QEMU boots.

Started by Tests/EndToEnd/run.sh, which installs the host tools and builds the binary.
Every scenario builds a disk (partition 1 with aliyun_custom_image/os.conf, partition 2 the
root file system), boots it, reads the probe's lines from the serial log and asserts on them.
"""

import base64
import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import time
import warnings

try:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        import crypt  # Debian 12's Python 3.11 still ships it; 3.13 does not
except ImportError:
    crypt = None


def crypt_verify(password, hashed):
    """True when `hashed` (a $6$ or other crypt string) is the hash of `password`."""
    if crypt is not None:
        return crypt.crypt(password, hashed) == hashed
    m = re.match(r"^\$6\$(?:rounds=(\d+)\$)?([^$]*)\$", hashed)
    if not m:
        return False
    cmd = ["openssl", "passwd", "-6", "-salt", m.group(2), "-stdin"]
    if m.group(1):  # openssl has no rounds option: cannot check, so do not claim a match
        return False
    out = subprocess.run(cmd, input=password, capture_output=True, text=True).stdout.strip()
    return out == hashed

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))
CACHE = os.environ.get("E2E_CACHE", "/var/cache/osconf2seed-e2e")
WORK = os.environ.get("E2E_WORK", "/var/tmp/osconf2seed-e2e")
OSCONF2SEED = os.environ.get("OSCONF2SEED", "")
DEB = os.environ.get("OSCONF2SEED_DEB", "")
BOOT_TIMEOUT = int(os.environ.get("E2E_BOOT_TIMEOUT", "480"))
# Guests booted at once, and the virtual CPUs of each: TCG (no KVM here) runs a guest's boot
# mostly on one host core, so two one-CPU guests at a time use a 2-core machine best.
JOBS = int(os.environ.get("E2E_JOBS", str(max(1, min(4, os.cpu_count() or 1)))))
GUEST_CPUS = int(os.environ.get("E2E_GUEST_CPUS", "1" if JOBS > 1 else "2"))
OVMF = "/usr/share/ovmf/OVMF.fd"
BUILD_DIR = os.environ.get("E2E_BUILD", "/dev/shm/osconf2seed-e2e")
SUITE = "bookworm"
os.environ.setdefault("MTOOLS_SKIP_CHECK", "1")

class Flavour:
    """One image flavour: a Debian release, the packages debootstrap adds to minbase, the init
    system, whether cloud-init is there, and the services a stock image of that stack enables."""

    def __init__(self, suite, packages, init="systemd", cloud_init=False, network="ifupdown",
                 enable=(), apt=(), arch="amd64"):
        self.suite, self.packages, self.init, self.cloud_init = suite, packages, init, cloud_init
        self.network, self.enable, self.apt = network, list(enable), list(apt)
        # The Debian architecture of the tree; not the host's: built with debootstrap --foreign
        # and its second stage run under qemu-user-static, booted by ARCHES[arch]'s emulator.
        self.arch = arch

    def describe(self):
        ci = {"bullseye": "20.4", "bookworm": "22.4", "trixie": "25.1"}[self.suite] if self.cloud_init else "-"
        text = f"Debian {RELEASES[self.suite]} ({self.suite}), cloud-init {ci}, {self.network}, {self.init}"
        return text if self.arch == "amd64" else f"{text}, {self.arch}"


class Arch:
    """How trees and guests of one Debian architecture are made on this (amd64) host.

    qemu_user: the binfmt_misc entry (qemu-user-static) that runs a foreign tree's programs,
    None for the host's own; console: the kernel's serial console; probe_port: the guest device
    the probe reports on (a second serial line, see PROBE)."""

    def __init__(self, kernel, qemu, console, probe_port, qemu_user=None):
        self.kernel, self.qemu, self.console = kernel, qemu, console
        self.probe_port, self.qemu_user = probe_port, qemu_user


# UEFI firmware for arm64 guests, from Debian's qemu-efi-aarch64 (AAVMF).
AAVMF = "/usr/share/qemu-efi-aarch64/QEMU_EFI.fd"
ARCHES = {
    "amd64": Arch("linux-image-amd64", "qemu-system-x86_64", "ttyS0", "/dev/ttyS1"),
    # The virt board has one PL011 UART: the probe reports on a virtio serial port instead,
    # which udev names after QEMU's `name=` (no getty ever starts on a virtio port).
    "arm64": Arch("linux-image-arm64", "qemu-system-aarch64", "ttyAMA0", "/dev/virtio-ports/e2e.probe",
                  qemu_user="aarch64"),
}
RELEASES = {"bullseye": "11", "bookworm": "12", "trixie": "13"}
BASE = ["linux-image-amd64", "openssh-server", "iproute2", "udev"]
CLOUD = ["cloud-init", "locales"]


def for_arch(packages, arch):
    """`packages` with the amd64 kernel package replaced by `arch`'s."""
    return [ARCHES[arch].kernel if p == ARCHES["amd64"].kernel else p for p in packages]


# No net-tools, no resolvconf: the images stay as lean as a stock cloud image of their stack and
# nothing is added to make a scenario pass. debootstrap's resolver ignores virtual packages:
# python3-cryptography (pulled in by bookworm's cloud-init) needs python3-cffi-backend-api-*,
# which only python3-cffi-backend provides, so it is named explicitly; apt would install it too.
# Likewise dbus (default-dbus-system-bus: systemd-resolved, NetworkManager) and libpam-systemd
# (default-logind: polkitd, which NetworkManager needs). Trixie's minbase has no e2fsprogs (no
# longer required there); an image whose root is ext4 has it (fsck, and cloud-init's resizefs).
FLAVOURS = {
    # Debian 12 with ifupdown: cloud-init 22.4 (eni renderer), plain systemd, sysvinit.
    "cloud": Flavour("bookworm", BASE + CLOUD + ["systemd-sysv", "ifupdown", "python3-cffi-backend"],
                     cloud_init=True),
    # The same stack on arm64 (Alibaba Cloud's Yitian instances, Tencent's arm64 ones).
    "arm64-cloud": Flavour("bookworm", for_arch(BASE + CLOUD + ["systemd-sysv", "ifupdown", "python3-cffi-backend"],
                                                "arm64"), cloud_init=True, arch="arm64"),
    "systemd": Flavour("bookworm", BASE + ["systemd-sysv", "ifupdown"]),
    "sysvinit": Flavour("bookworm", BASE + ["sysvinit-core", "ifupdown"], init="sysvinit"),
    # Debian 11: cloud-init 20.4 with ifupdown.
    "bullseye-cloud": Flavour("bullseye", BASE + CLOUD + ["systemd-sysv", "ifupdown", "python3-cffi-backend"],
                              cloud_init=True),
    # Debian 13: cloud-init 25.1 rendering netplan for systemd-networkd, systemd-resolved (the
    # stack of Debian's and Ubuntu's cloud images).
    "trixie-cloud": Flavour("trixie", BASE + CLOUD + ["systemd-sysv", "netplan.io", "systemd-resolved", "dbus", "e2fsprogs"],
                            cloud_init=True, network="netplan+networkd+resolved",
                            enable=["systemd-networkd.service"]),
    # Debian 12 with NetworkManager and cloud-init 22.4 (the RHEL 9 / Alibaba Cloud Linux 3 stack).
    "nm-cloud": Flavour("bookworm", BASE + CLOUD + ["systemd-sysv", "network-manager", "dbus", "libpam-systemd", "python3-cffi-backend"],
                        cloud_init=True, network="NetworkManager"),
    # Without cloud-init: the boot job applies the configuration itself.
    "netplan": Flavour("trixie", BASE + ["systemd-sysv", "netplan.io", "systemd-resolved", "dbus", "e2fsprogs"],
                       network="netplan+networkd+resolved", enable=["systemd-networkd.service"]),
    "nm": Flavour("bookworm", BASE + ["systemd-sysv", "network-manager", "dbus", "libpam-systemd"], network="NetworkManager"),
    "networkd": Flavour("bookworm", BASE + ["systemd-sysv"], network="systemd-networkd",
                        enable=["systemd-networkd.service"]),
    # sysvinit-core's dependency on an rc system makes debootstrap take sysv-rc, which openrc
    # conflicts with: openrc comes afterwards through apt, which replaces sysv-rc as on a real
    # system switched to OpenRC.
    "openrc": Flavour("bookworm", BASE + ["sysvinit-core", "ifupdown"], init="openrc", apt=["openrc"]),
}
# Bumped when the cached tree's post-debootstrap preparation changes.
TREE_RECIPE = "3"
# Bumped when a foreign (emulated) tree's own preparation changes: only those trees are rebuilt.
FOREIGN_RECIPE = "2"
# The initrd of a foreign tree holds these modules only (initramfs-tools' MODULES=list), with
# what they depend on: the virt board's virtio disk (PCI or MMIO transport; virtio-scsi for a
# disk on that bus) and the ext4 root. The ESP (vfat) is mounted from the root file system, its
# modules are there too; listed anyway, a few modules cost nothing. MODULES=most puts in some
# 1000 modules, each looked at by an emulated modinfo: 25 of the 53 minutes of the cold tree.
FOREIGN_INITRD_MODULES = ["virtio_pci", "virtio_mmio", "virtio_blk", "virtio_scsi", "sd_mod", "ext4",
                          "crc32c_generic", "vfat", "nls_cp437", "nls_ascii"]
# dpkg leaves these out of a foreign tree's second stage (fewer emulated writes), as minimal
# cloud images do: no test reads documentation, manual pages or message catalogues.
FOREIGN_DPKG_EXCLUDES = """path-exclude=/usr/share/doc/*
path-include=/usr/share/doc/*/copyright
path-exclude=/usr/share/man/*
path-exclude=/usr/share/info/*
path-exclude=/usr/share/locale/*
"""

# Disk layout (MiB): partition 1 holds os.conf, partition 2 (the last) is the root file system.
P1_START_MIB, P1_SIZE_MIB = 1, 64
ROOT_SIZE_MIB = int(os.environ.get("E2E_ROOT_MIB", "3072"))
P2_START_MIB = P1_START_MIB + P1_SIZE_MIB
P1_MOUNT = "/boot/osconf"
OSCONF_PATH = "aliyun_custom_image/os.conf"


def log(message):
    print(f"[e2e {time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def run(cmd, check=True, **kwargs):
    result = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, **kwargs)
    if check and result.returncode != 0:
        raise Failure(f"command failed ({result.returncode}): {' '.join(cmd)}\n{result.stdout[-3000:]}")
    return result


class Failure(Exception):
    pass


class NeedsInstall(Failure):
    pass


# ---------------------------------------------------------------- host facts


def apt_mirror():
    """The Debian mirror that this machine's apt sources use for the suite."""
    if os.environ.get("E2E_MIRROR"):
        return os.environ["E2E_MIRROR"]
    texts = []
    for path in ["/etc/apt/sources.list"] + sorted(
            os.path.join("/etc/apt/sources.list.d", n) for n in os.listdir("/etc/apt/sources.list.d")):
        try:
            with open(path) as f:
                texts.append(f.read())
        except OSError:
            pass
    for text in texts:
        for stanza in re.split(r"\n\s*\n", text):  # deb822
            uris = re.search(r"^URIs:\s*(\S+)", stanza, re.M)
            suites = re.search(r"^Suites:\s*(.+)$", stanza, re.M)
            if uris and suites and SUITE in suites.group(1).split() and "security" not in uris.group(1):
                return uris.group(1)
        for m in re.finditer(r"^deb\s+(?:\[[^]]*\]\s+)?(\S+)\s+(\S+)", text, re.M):  # one-line
            if m.group(2) == SUITE:
                return m.group(1)
    return "http://deb.debian.org/debian"


_ACCEL = None


def accelerator(kernel):
    """KVM when it really boots a guest kernel here, otherwise TCG (software emulation)."""
    global _ACCEL
    if _ACCEL:
        return _ACCEL
    forced = os.environ.get("E2E_ACCEL")
    if forced:
        _ACCEL = forced
        return _ACCEL
    _ACCEL = "tcg"
    if os.access("/dev/kvm", os.R_OK | os.W_OK):
        # Boot the kernel with no root file system: reaching the root-mount panic means KVM works.
        serial = os.path.join(WORK, "kvm-selftest.log")
        started = time.monotonic()
        proc = subprocess.Popen(
            ["qemu-system-x86_64", "-accel", "kvm", "-cpu", "host", "-m", "512", "-smp", "1",
             "-nodefaults", "-no-user-config", "-display", "none", "-no-reboot",
             "-serial", f"file:{serial}", "-kernel", kernel, "-append", "console=ttyS0 panic=-1"],
            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        try:
            _, err = proc.communicate(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()
            _, err = proc.communicate()
        with open(serial, errors="replace") as f:
            text = f.read()
        if "VFS: Unable to mount root" in text or "Kernel panic" in text and "mount root" in text:
            _ACCEL = "kvm"
        why = "" if _ACCEL == "kvm" else f" [{(err or '').strip().splitlines()[-1:] or 'no root-mount panic'}]"
        log(f"KVM self-test: {'works' if _ACCEL == 'kvm' else 'unusable'} "
            f"({time.monotonic() - started:.1f}s){why}; using {_ACCEL}")
    else:
        log("no usable /dev/kvm; using tcg")
    return _ACCEL


# ---------------------------------------------------------------- root trees (cached)


def tree_for(name):
    flavour = FLAVOURS[name]
    packages = sorted(flavour.packages)
    key = hashlib.sha256("\n".join(
        [flavour.suite, "minbase", TREE_RECIPE, apt_mirror()] + packages + ["apt:" + p for p in flavour.apt]
        + ["+" + u for u in flavour.enable]
        + ([] if flavour.arch == "amd64" else ["arch:" + flavour.arch, "foreign:" + FOREIGN_RECIPE]
           + FOREIGN_INITRD_MODULES + [FOREIGN_DPKG_EXCLUDES])).encode()).hexdigest()[:16]
    path = os.path.join(CACHE, "trees", f"{name}-{key}")
    if os.path.exists(os.path.join(path, ".e2e-complete")):
        return path
    os.makedirs(os.path.dirname(path), exist_ok=True)
    # dpkg syncs every file it unpacks; on tmpfs that costs nothing, and a tree is built in
    # minutes less than on the disk. Only the finished tree is copied into the cache.
    scratch = BUILD_DIR if shutil.disk_usage(os.path.dirname(BUILD_DIR)).free > (4 << 30) else os.path.dirname(path)
    building = os.path.join(scratch, os.path.basename(path) + ".building")
    os.makedirs(scratch, exist_ok=True)
    release_mounts(building)
    shutil.rmtree(building, ignore_errors=True)
    log(f"debootstrap {flavour.suite} minbase, flavour {name} (cached afterwards in {path})")
    started = time.monotonic()
    cmd = ["debootstrap", "--variant=minbase", "--include=" + ",".join(packages)]
    foreign = ARCHES[flavour.arch].qemu_user is not None
    if foreign:
        # The first stage only unpacks; the second configures inside the tree, every program
        # run by qemu-user-static through binfmt_misc.
        cmd += ["--arch", flavour.arch, "--foreign"]
    result = subprocess.run(cmd + [flavour.suite, building, apt_mirror()],
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    if result.returncode == 0 and foreign:
        require_emulation(flavour.arch, building)
        # One small initrd: MODULES=list (conf.d, no package's file) with the modules of
        # FOREIGN_INITRD_MODULES, made once, by the kernel's postinst (`update-initramfs -c`,
        # which ignores update_initramfs=no); initramfs-tools' own postinst and its trigger,
        # configured later, would make it all over again (`-u`). The first stage unpacked no
        # initramfs-tools, so the files are written here before dpkg knows them: dpkg keeps
        # the conffile update-initramfs.conf (confold; the packaged one lands beside it as
        # .dpkg-dist), and initramfs-tools-core's postinst writes `modules` only when missing.
        initramfs = os.path.join(building, "etc/initramfs-tools")
        write(os.path.join(initramfs, "conf.d/e2e-modules-list"), "MODULES=list\n")
        write(os.path.join(initramfs, "modules"), "".join(m + "\n" for m in FOREIGN_INITRD_MODULES))
        write(os.path.join(initramfs, "update-initramfs.conf"), "update_initramfs=no\n")
        dpkg_cfg = os.path.join(building, "etc/dpkg/dpkg.cfg.d")
        write(os.path.join(dpkg_cfg, "e2e-confold"), "force-confdef\nforce-confold\n")
        write(os.path.join(dpkg_cfg, "e2e-excludes"), FOREIGN_DPKG_EXCLUDES)
        result = subprocess.run(["chroot", building, "/debootstrap/debootstrap", "--second-stage"],
                                stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        release_mounts(building)
        for entry in ("e2e-confold", "e2e-excludes"):
            os.unlink(os.path.join(dpkg_cfg, entry))
        if result.returncode == 0:
            finish_initramfs_config(building)
        initrds = [n for n in os.listdir(os.path.join(building, "boot")) if n.startswith("initrd.img-")]
        log(f"tree {name}: second stage under qemu-{ARCHES[flavour.arch].qemu_user} done after "
            f"{time.monotonic() - started:.0f}s (status {result.returncode}); initrd "
            + ", ".join(f"{n} {os.path.getsize(os.path.join(building, 'boot', n)) >> 10} KiB" for n in initrds))
    if result.returncode != 0:
        release_mounts(building)
        raise Failure(f"debootstrap failed for {name} ({flavour.suite} from {apt_mirror()}):\n"
                      f"{result.stdout[-4000:]}")
    if flavour.cloud_init:
        # cloud-init's locale module fails unless the default locale exists.
        with open(os.path.join(building, "etc/locale.gen"), "a") as f:
            f.write("en_US.UTF-8 UTF-8\n")
        run(["chroot", building, "locale-gen"])
        # Like a cloud image: no host keys baked in, cloud-init makes them on first boot.
        for entry in os.listdir(os.path.join(building, "etc/ssh")):
            if entry.startswith("ssh_host_"):
                os.unlink(os.path.join(building, "etc/ssh", entry))
    if flavour.apt:
        run(["mount", "-t", "proc", "proc", os.path.join(building, "proc")])
        try:
            run(["chroot", building, "apt-get", "-qq", "update"])
            run(["chroot", building, "env", "DEBIAN_FRONTEND=noninteractive", "apt-get", "-y", "-qq",
                 "--no-install-recommends", "install"] + flavour.apt)
        finally:
            release_mounts(building)
    for unit in flavour.enable:
        run(["chroot", building, "systemctl", "enable", unit])
    run(["chroot", building, "apt-get", "clean"])
    shutil.rmtree(os.path.join(building, "var/lib/apt/lists"), ignore_errors=True)
    os.makedirs(os.path.join(building, "var/lib/apt/lists/partial"), exist_ok=True)
    open(os.path.join(building, ".e2e-complete"), "w").close()
    if os.path.dirname(building) != os.path.dirname(path):
        copying = path + ".copying"
        shutil.rmtree(copying, ignore_errors=True)
        run(["cp", "-a", building, copying])
        shutil.rmtree(building)
        building = copying
    os.rename(building, path)
    log(f"tree {name} built in {time.monotonic() - started:.0f}s")
    return path


def finish_initramfs_config(tree):
    """After a foreign tree's second stage: its initramfs-tools configuration as the packages
    ship it (update-initramfs.conf from dpkg's .dpkg-dist; `modules` as initramfs-tools-core's
    postinst makes it from its template) plus FOREIGN_INITRD_MODULES in `modules`; the conf.d
    file with MODULES=list stays, so that a guest's own update-initramfs keeps the small initrd."""
    initramfs = os.path.join(tree, "etc/initramfs-tools")
    conf = os.path.join(initramfs, "update-initramfs.conf")
    if os.path.exists(conf + ".dpkg-dist"):
        os.replace(conf + ".dpkg-dist", conf)
    set_conf(conf, "update_initramfs", "yes")
    with open(os.path.join(tree, "usr/share/initramfs-tools/modules")) as f:
        template = [line for line in f.read().splitlines(keepends=True) if not line.startswith("###")]
    write(os.path.join(initramfs, "modules"), "".join(template + [m + "\n" for m in FOREIGN_INITRD_MODULES]))


def set_conf(path, key, value):
    """Set `key=value` in a shell-style configuration file whose line for `key` exists."""
    with open(path) as f:
        text = f.read()
    changed = re.sub(rf"^{re.escape(key)}=.*$", f"{key}={value}", text, count=1, flags=re.M)
    if changed == text and f"\n{key}={value}\n" not in "\n" + text:
        raise Failure(f"no {key}= line in {path}")
    with open(path, "w") as f:
        f.write(changed)


def require_emulation(arch, tree):
    """Make sure `tree`'s `arch` programs run here through binfmt_misc and qemu-user-static,
    or fail naming what is missing. The entry needs the F flag (the kernel opens the
    interpreter when it is registered), or a chroot would not find it inside the tree."""
    qemu_user = ARCHES[arch].qemu_user
    binfmt = "/proc/sys/fs/binfmt_misc"
    entry = os.path.join(binfmt, "qemu-" + qemu_user)
    if not os.path.exists(os.path.join(binfmt, "status")):
        run(["mount", "-t", "binfmt_misc", "binfmt_misc", binfmt])
    if not os.path.exists(entry) or not open(entry).read().startswith("enabled"):
        run(["update-binfmts", "--enable", "qemu-" + qemu_user])  # binfmt-support
    if not os.path.exists(entry):
        raise Failure(f"no binfmt_misc entry {entry} after update-binfmts: is qemu-user-static installed?")
    with open(entry) as f:
        text = f.read()
    flags = re.search(r"^flags:\s*(\S*)", text, re.M)
    if not text.startswith("enabled") or not flags or "F" not in flags.group(1):
        raise Failure(f"binfmt_misc entry {entry} is not enabled with the F flag:\n{text}")
    result = run(["chroot", tree, "/bin/sh", "-c", "echo ok"], check=False)
    if result.returncode != 0 or result.stdout.strip() != "ok":
        raise Failure(f"cannot run {arch} programs in {tree} under qemu-{qemu_user}: {result.stdout.strip()}")


def release_mounts(tree):
    """Unmount what an interrupted debootstrap left mounted inside its tree (/proc, /sys)."""
    with open("/proc/mounts") as f:
        points = [line.split()[1] for line in f]
    for point in sorted((p for p in points if p.startswith(tree + "/")), key=len, reverse=True):
        subprocess.run(["umount", "-l", point], check=False)


def kernel_files(tree):
    boot = os.path.join(tree, "boot")
    kernels = sorted(n for n in os.listdir(boot) if n.startswith("vmlinuz-"))
    if not kernels:
        raise Failure(f"no kernel in {boot}")
    version = kernels[-1][len("vmlinuz-"):]
    return os.path.join(boot, "vmlinuz-" + version), os.path.join(boot, "initrd.img-" + version)


# ---------------------------------------------------------------- the probe

PROBE = r"""#!/bin/bash
# osconf2seed end-to-end probe: reports the booted system's state on the second serial port.
out=@PROBE_PORT@
dmesg -n 1 2>/dev/null
if command -v cloud-init >/dev/null; then timeout 300 cloud-init status --wait >/dev/null 2>&1; fi
emit() { local key=$1; shift; while IFS= read -r line; do printf 'E2E|%s|%s\n' "$key" "$line"; done; }
{
echo "E2E|BEGIN|"
hostname | emit hostname
ip -4 -o addr show | emit addr
ip -o link show | sed -n 's/^[0-9]*: \([^:@]*\)[:@].* link\/ether \([0-9a-f:]*\) .*/\1 \2/p' | emit link
ip -4 route show | emit route
sed -n 's/^nameserver[[:space:]]*//p' /etc/resolv.conf 2>/dev/null | emit nameserver
if command -v resolvectl >/dev/null && [ -d /run/systemd/resolve ]; then resolvectl dns 2>&1 | emit resolved; fi
getent shadow root | cut -d: -f2 | emit shadow
for key in /etc/ssh/ssh_host_*_key.pub; do [ -e "$key" ] && ssh-keygen -lf "$key"; done | emit hostkey
if mountpoint -q @P1_MOUNT@; then
  if [ -e @P1_MOUNT@/@OSCONF_PATH@ ]; then echo present; else echo absent; fi
else echo unmounted; fi | emit osconf
if command -v cloud-init >/dev/null; then cloud-init status --long 2>&1 | emit cloudinit; fi
if command -v systemctl >/dev/null && [ -d /run/systemd/system ]; then
  systemctl --failed --no-legend --plain 2>&1 | emit failed
  # Boot cost: when each early unit started and exited (monotonic microseconds).
  for unit in osconf2seed.service cloud-init-local.service; do
    systemctl show -p ExecMainStartTimestampMonotonic -p ExecMainExitTimestampMonotonic "$unit" \
      | tr '\n' ' ' | sed "s/^/$unit /;s/ *$/\n/"
  done | emit unitcost
  journalctl -b --no-pager -o cat -t osconf2seed 2>/dev/null | emit log
  journalctl -b --no-pager -o cat -u 'osconf2seed*' 2>/dev/null | emit log
fi
for f in /var/log/osconf2seed*; do [ -f "$f" ] && cat "$f"; done | emit log
grep -h osconf2seed /var/log/syslog /var/log/messages /var/log/cloud-init-output.log 2>/dev/null | emit log
# Diagnostics only (not asserted): the network files and what resolv.conf is.
for f in /etc/network/interfaces /etc/network/interfaces.d/*; do [ -f "$f" ] && sed "s|^|$f: |" "$f"; done | emit netfile
ls -l /etc/resolv.conf 2>&1 | emit resolvconf
cat /var/tmp/e2e-user-data 2>/dev/null | emit userdata
cat /root/.ssh/authorized_keys 2>/dev/null | emit authkey
cut -d' ' -f1 /proc/uptime | emit uptime
echo "E2E|END|"
} > $out 2>&1
"""

PROBE_UNIT = """[Unit]
Description=osconf2seed end-to-end probe (reports state, then powers off)
After=multi-user.target cloud-final.service cloud-init.target network-online.target ssh.service

[Service]
Type=oneshot
ExecStart=/usr/local/sbin/osconf2seed-e2e-probe
ExecStartPost=/bin/systemctl poweroff --no-block

[Install]
WantedBy=multi-user.target
"""

PROBE_INITSCRIPT = """#!/bin/sh
### BEGIN INIT INFO
# Provides:          osconf2seed-e2e-probe
# Required-Start:    $all
# Required-Stop:
# Default-Start:     2 3 4 5
# Default-Stop:
# Short-Description: osconf2seed end-to-end probe (reports state, then powers off)
### END INIT INFO
case "$1" in
  start) /usr/local/sbin/osconf2seed-e2e-probe; (sleep 1; /sbin/poweroff) >/dev/null 2>&1 & ;;
esac
exit 0
"""


def write(path, text, mode=0o644):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w") as f:
        f.write(text)
    os.chmod(path, mode)


# ---------------------------------------------------------------- disks


class Disk:
    """A sparse raw disk: partition 1 (ext4 or FAT32) with os.conf, partition 2 the root ext4.

    table "dos" (MBR) or "gpt"; on GPT with FAT, partition 1 is an EFI system partition that
    fstab mounts at /boot/efi, as on a UEFI image. bus: how QEMU attaches it (virtio, nvme,
    scsi), so the guest names partition 1 vda1, nvme0n1p1 or sda1."""

    def __init__(self, directory, p1fs, table="dos", bus="virtio"):
        self.dir = directory
        self.path = os.path.join(directory, "disk.img")
        self.p1fs, self.table, self.bus = p1fs, table, bus
        self.p1_mount = "/boot/efi" if table == "gpt" and p1fs == "vfat" else P1_MOUNT
        digest = hashlib.sha256(directory.encode()).hexdigest()
        self.root_uuid = "%s-%s-%s-%s-%s" % (digest[0:8], digest[8:12], "4" + digest[13:16],
                                              "8" + digest[17:20], digest[20:32])
        d2 = hashlib.sha256(("p1" + directory).encode()).hexdigest()
        if p1fs == "ext4":
            self.p1_uuid = "%s-%s-%s-%s-%s" % (d2[0:8], d2[8:12], "4" + d2[13:16], "8" + d2[17:20], d2[20:32])
        else:
            self.p1_volid = d2[:8].upper()
            self.p1_uuid = f"{self.p1_volid[:4]}-{self.p1_volid[4:]}"

    def fstab(self):
        p1 = (f"UUID={self.p1_uuid} {self.p1_mount} ext4 defaults,nofail 0 2" if self.p1fs == "ext4"
              else f"UUID={self.p1_uuid} {self.p1_mount} vfat defaults,nofail,umask=077 0 0")
        return f"UUID={self.root_uuid} / ext4 errors=remount-ro 0 1\n{p1}\n"

    def qemu_args(self):
        drive = f"file={self.path},format=raw,cache=unsafe"
        if self.bus == "nvme":
            return ["-drive", drive + ",if=none,id=d0", "-device", "nvme,drive=d0,serial=e2e0001"]
        if self.bus == "scsi":
            return ["-device", "virtio-scsi-pci,id=scsi0", "-drive", drive + ",if=none,id=d0",
                    "-device", "scsi-hd,drive=d0,bus=scsi0.0"]
        return ["-drive", drive + ",if=virtio"]

    def cdrom_args(self):
        """Tencent's config drive: an ISO 9660 CD-ROM on the board's IDE controller (sr0)."""
        disc = os.path.join(self.dir, "config-2.iso")
        return ["-drive", f"file={disc},format=raw,media=cdrom,if=ide,readonly=on"] if os.path.exists(disc) else []

    def build(self, tree, osconf):
        os.makedirs(self.dir, exist_ok=True)
        p1 = os.path.join(self.dir, "p1.img")
        root = os.path.join(self.dir, "root.img")
        for f in (p1, root, self.path):
            if os.path.exists(f):
                os.unlink(f)
        run(["truncate", "-s", f"{P1_SIZE_MIB}M", p1])
        if self.p1fs == "ext4":
            run(["mkfs.ext4", "-q", "-F", "-U", self.p1_uuid, "-L", "osconf", p1])
        else:
            run(["mkfs.vfat", "-F", "32", "-s", "1", "-i", self.p1_volid, "-n", "OSCONF", p1])
        if osconf is not None:
            self._put_osconf(p1, osconf)
        run(["truncate", "-s", f"{ROOT_SIZE_MIB}M", root])
        run(["mkfs.ext4", "-q", "-F", "-U", self.root_uuid, "-L", "root", "-d", tree, root])
        total = P2_START_MIB + ROOT_SIZE_MIB + 1
        run(["truncate", "-s", f"{total}M", self.path])
        if self.table == "gpt":
            p1type = "U" if self.p1fs == "vfat" else "L"  # sfdisk's shorthands: EFI system, Linux
            layout = "label: gpt\n"
            p2type = "L"
        else:
            p1type = "83" if self.p1fs == "ext4" else "c"
            layout = "label: dos\nlabel-id: 0x0e2e0e2e\n"
            p2type = "83"
        layout += (f"start={P1_START_MIB * 2048}, size={P1_SIZE_MIB * 2048}, type={p1type}\n"
                   f"start={P2_START_MIB * 2048}, size={ROOT_SIZE_MIB * 2048}, type={p2type}\n")
        subprocess.run(["sfdisk", "-q", self.path], input=layout, text=True, check=True,
                       stdout=subprocess.DEVNULL)
        run(["dd", f"if={p1}", f"of={self.path}", "bs=1M", f"seek={P1_START_MIB}", "conv=sparse,notrunc",
             "status=none"])
        run(["dd", f"if={root}", f"of={self.path}", "bs=1M", f"seek={P2_START_MIB}", "conv=sparse,notrunc",
             "status=none"])
        os.unlink(root)
        os.unlink(p1)

    # Partition 1 is copied out, changed with debugfs or mtools, and written back whole.
    def _extract_p1(self):
        p1 = os.path.join(self.dir, "p1.img")
        run(["dd", f"if={self.path}", f"of={p1}", "bs=1M", f"skip={P1_START_MIB}", f"count={P1_SIZE_MIB}",
             "status=none"])
        if self.p1fs == "ext4":
            result = run(["e2fsck", "-fy", p1], check=False)  # a killed VM leaves a dirty journal
            if result.returncode > 1:
                raise Failure(f"e2fsck of partition 1 failed ({result.returncode}):\n{result.stdout}")
        return p1

    def _writeback_p1(self, p1):
        run(["dd", f"if={p1}", f"of={self.path}", "bs=1M", f"seek={P1_START_MIB}", "conv=notrunc",
             "status=none"])
        os.unlink(p1)

    def _put_osconf(self, p1, osconf):
        src = os.path.join(self.dir, "os.conf")
        with open(src, "w") as f:
            f.write(osconf)
        # debugfs copies the mode (never the owner: the file is root's) and the boot job's
        # trust rule judges it, so it lands as the cloud writes it, whatever our umask.
        os.chmod(src, 0o644)
        if self.p1fs == "ext4":
            script = (f"mkdir /aliyun_custom_image\nrm /{OSCONF_PATH}\nwrite {src} /{OSCONF_PATH}\n")
            run(["debugfs", "-w", "-f", "-", p1], input=script)
            check = run(["debugfs", "-R", f"cat /{OSCONF_PATH}", p1])
            if osconf.strip() not in check.stdout:
                raise Failure("os.conf did not land on partition 1")
        else:
            run(["mmd", "-D", "s", "-i", p1, "::aliyun_custom_image"], check=False)
            run(["mcopy", "-o", "-i", p1, src, "::" + OSCONF_PATH])

    def set_osconf(self, osconf):
        p1 = self._extract_p1()
        self._put_osconf(p1, osconf)
        self._writeback_p1(p1)

    def read_osconf(self):
        """os.conf's text on partition 1 as the host sees it after the boot, or None."""
        p1 = self._extract_p1()
        out = os.path.join(self.dir, "os.conf.after")
        if os.path.exists(out):
            os.unlink(out)
        if self.p1fs == "ext4":
            run(["debugfs", "-R", f"dump /{OSCONF_PATH} {out}", p1], check=False)
        else:
            run(["mcopy", "-n", "-i", p1, "::" + OSCONF_PATH, out], check=False)
        self._writeback_p1(p1)
        if not os.path.exists(out):
            return None
        with open(out) as f:
            return f.read()

    def clone(self, directory):
        os.makedirs(directory, exist_ok=True)
        twin = Disk.__new__(Disk)
        twin.__dict__.update(self.__dict__)
        twin.dir = directory
        twin.path = os.path.join(directory, "disk.img")
        run(["cp", "--sparse=always", self.path, twin.path])
        return twin


# ---------------------------------------------------------------- booting


class Boot:
    def __init__(self, name, serial, seconds, probe, lines):
        self.name, self.serial, self.seconds, self.probe, self.lines = name, serial, seconds, probe, lines

    def values(self, key):
        return self.probe.get(key, [])

    def value(self, key):
        v = self.values(key)
        return v[0] if v else None


def parse_probe(text):
    probe = {}
    begun = ended = False
    for line in text.splitlines():
        m = re.search(r"E2E\|([A-Za-z-]+)\|(.*?)\r?$", line)
        if not m:
            continue
        key, value = m.group(1), m.group(2)
        if key == "BEGIN":
            probe, begun = {}, True
        elif key == "END":
            ended = begun
        elif begun:
            probe.setdefault(key, []).append(value)
    return probe if ended else None


BOOT_TIMES = []


def unit_costs(probe):
    """(osconf2seed.service, cloud-init-local.service) run times in ms from the probe, or None
    where the unit did not run (no systemd, no cloud-init)."""
    costs = {}
    for line in probe.get("unitcost", []):
        fields = dict(f.split("=", 1) for f in line.split()[1:] if "=" in f)
        start = int(fields.get("ExecMainStartTimestampMonotonic", "0") or 0)
        end = int(fields.get("ExecMainExitTimestampMonotonic", "0") or 0)
        costs[line.split()[0]] = (end - start) / 1000 if start and end >= start else None
    return costs.get("osconf2seed.service"), costs.get("cloud-init-local.service")


def boot(disk, tree, macs, name, arch="amd64"):
    kernel, initrd = kernel_files(tree)
    accel = accelerator(kernel) if arch == "amd64" else "tcg"
    # An arm64 guest under TCG on this host: 425 s to the probe on a loaded machine, twice
    # an x86 guest's time.
    timeout = BOOT_TIMEOUT if arch == "amd64" else 2 * BOOT_TIMEOUT
    serial = os.path.join(disk.dir, f"serial-{name}.log")
    # The probe reports on a second serial port (ttyS1; arm64: a virtio serial port): a getty
    # on the console (ttyS0) hangs up the line when it starts, and a report written there
    # before would be cut off.
    report = os.path.join(disk.dir, f"serial-{name}-probe.log")
    for path in (serial, report):
        if os.path.exists(path):
            os.unlink(path)
    cmd = ["nice", "-n", "5", ARCHES[arch].qemu, "-accel", accel, "-m", "1024", "-smp", str(GUEST_CPUS),
           "-nodefaults", "-no-user-config", "-display", "none", "-no-reboot",
           "-serial", f"file:{serial}", "-kernel", kernel, "-initrd", initrd,
           "-append", f"root=UUID={disk.root_uuid} ro console={ARCHES[arch].console} net.ifnames=0 panic=-1"
           # x86: skip the kernel's IO-APIC timer check, which an emulated guest starved of the
           # host's CPU can fail ("IO-APIC + timer doesn't work!", seen under load here).
           + (" no_timer_check" if arch == "amd64" else ""),
           "-device", "virtio-rng-pci"] + disk.qemu_args() + disk.cdrom_args()
    if arch == "arm64":
        # The virt board with UEFI firmware (AAVMF), as arm64 clouds boot. The firmware loads
        # the tree's kernel (an EFI stub) from QEMU's fw_cfg, as it would a boot loader on
        # the EFI system partition: no GRUB in the image, nothing to install into it under
        # emulation, and no boot menu to wait on. `max` with the cheap IMPDEF pointer
        # authentication: the architected QARMA one is most of a TCG guest's time.
        cmd += ["-M", "virt", "-cpu", "max,pauth-impdef=on", "-bios", AAVMF,
                "-device", "virtio-serial-pci", "-chardev", f"file,id=probe,path={report}",
                "-device", "virtserialport,chardev=probe,name=e2e.probe"]
    else:
        cmd += ["-serial", f"file:{report}"]
    if arch == "amd64" and disk.table == "gpt":
        # UEFI firmware: OVMF loads the kernel (fw_cfg) as a boot loader on the ESP would.
        cmd += ["-bios", OVMF]
    if accel == "kvm":
        cmd += ["-cpu", "host"]
    # No option ROM on arm64: its firmware would not network-boot anyway.
    rom = ",romfile=" if arch == "arm64" else ""
    for i, mac in enumerate(macs):
        cmd += ["-netdev", f"user,id=n{i},restrict=on", "-device", f"virtio-net-pci,netdev=n{i},mac={mac}{rom}"]
    log(f"boot {name}: {arch} {accel}, {disk.bus} {disk.table} disk, NICs {' '.join(macs) or 'none'}, "
        f"timeout {timeout}s")
    started = time.monotonic()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    probe_at = None
    deadline = started + timeout
    text = ""
    while True:
        try:
            proc.wait(timeout=1)
            break
        except subprocess.TimeoutExpired:
            pass
        if os.path.exists(report):
            with open(report, errors="replace") as f:
                text = f.read()
            if probe_at is None and parse_probe(text) is not None:
                probe_at = time.monotonic() - started
                deadline = min(deadline, time.monotonic() + 90)  # time left for a clean power-off
        if time.monotonic() > deadline:
            proc.kill()
            proc.wait()
            log(f"boot {name}: killed at the timeout")
            break
    total = time.monotonic() - started
    with open(serial, errors="replace") as f:
        text = f.read()
    probe = None
    if os.path.exists(report):
        with open(report, errors="replace") as f:
            probe = parse_probe(f.read())
    if probe is None:
        tail = "\n".join(text.splitlines()[-40:])
        err = proc.stderr.read() if proc.stderr else ""
        raise Failure(f"boot {name}: no complete probe report within {timeout}s "
                      f"(serial log {serial}); qemu: {err.strip()[-500:]}\n--- serial tail ---\n{tail}")
    if probe_at is None:
        probe_at = total
    uptime = (probe.get("uptime") or ["?"])[0]
    log(f"boot {name}: probe report after {probe_at:.0f}s (guest uptime {uptime}s), power-off after {total:.0f}s")
    BOOT_TIMES.append((name, probe_at, total) + unit_costs(probe))
    return Boot(name, serial, probe_at, probe, text)


# ---------------------------------------------------------------- os.conf texts and checks


def read_example(name):
    with open(os.path.join(REPO, "contrib/examples", name)) as f:
        return f.read()


def osconf_text(hostname, password, nics, dns=("7.7.7.7", "8.8.8.8")):
    """nics: list of dicts with ip, mac, netmask, gateway, routes [(cidr, gw)]."""
    lines = [f"hostname={hostname}", "password=" + base64.b64encode((password + "\n").encode()).decode()]
    for i, nic in enumerate(nics):
        lines += [f"eth{i}_ip_addr={nic['ip']}", f"eth{i}_mac_addr={nic['mac']}",
                  f"eth{i}_netmask={nic.get('netmask', '255.255.255.0')}", f"eth{i}_gateway={nic['gateway']}"]
        if nic.get("routes"):
            lines.append(f"eth{i}_route=\"" + ";".join(f"{c} {g}" for c, g in nic["routes"]) + "\"")
    lines.append('dns_nameserver="' + " ".join(dns) + '"')
    return "\n".join(lines) + "\n"


def parse_osconf(text):
    values = {}
    for line in text.splitlines():
        if "=" in line and not line.lstrip().startswith("#"):
            k, v = line.split("=", 1)
            values[k.strip()] = v.strip().strip('"')
    return values


def expected_from(osconf):
    """What a correct application of an os.conf leaves on the machine: the values as written in
    os.conf, every route listed there (the default route included) on its NIC."""
    v = parse_osconf(osconf)
    password = base64.b64decode(v["password"]).decode()
    if password.endswith("\n"):
        password = password[:-1]
    nics = []
    i = 0
    while f"eth{i}_ip_addr" in v:
        prefix = sum(bin(int(o)).count("1") for o in v[f"eth{i}_netmask"].split("."))
        routes = []
        for part in v.get(f"eth{i}_route", "").split(";"):
            if part.strip():
                cidr, gw = part.split()
                routes.append((cidr, gw))
        nics.append({"name": f"eth{i}", "cidr": f"{v[f'eth{i}_ip_addr']}/{prefix}",
                     "mac": v[f"eth{i}_mac_addr"].lower(), "routes": routes})
        i += 1
    return {"hostname": v["hostname"], "password": password, "nics": nics,
            "dns": v.get("dns_nameserver", "").split()}


def parse_resolved(lines):
    """`resolvectl dns` lines -> {link name or "Global": [servers]}."""
    servers = {}
    for line in lines:
        m = re.match(r"^\s*(?:Link \d+ \(([^)]+)\)|(Global)):\s*(.*)$", line)
        if m:
            servers[m.group(1) or m.group(2)] = m.group(3).split()
    return servers


class Checks:
    def __init__(self, scenario):
        self.scenario = scenario
        self.problems = []

    def that(self, ok, message):
        if not ok:
            self.problems.append(message)

    def applied(self, boot, expected, flavour, dns_links=None):
        """Host name; every MAC with its own address and routes (found by MAC, so a NIC that
        kept its kernel name still counts when the configuration is bound to its MAC); one
        default route; name servers where the flavour's resolver keeps them; root's hash."""
        got_host = boot.value("hostname")
        self.that(got_host == expected["hostname"],
                  f"[{boot.name}] hostname {got_host!r}, expected {expected['hostname']!r}")
        names = {}
        for line in boot.values("link"):
            parts = line.split()
            if len(parts) == 2:
                names[parts[1].lower()] = parts[0]
        addrs = boot.values("addr")
        routes = [" ".join(r.split()) for r in boot.values("route")]
        for nic in expected["nics"]:
            name = names.get(nic["mac"])
            self.that(name is not None, f"[{boot.name}] no NIC with MAC {nic['mac']}; links: {names}")
            if name is None:
                continue
            self.that(any(re.search(rf"^\d+:\s+{re.escape(name)}\s+inet {re.escape(nic['cidr'])}\b", a)
                          for a in addrs),
                      f"[{boot.name}] {name} ({nic['mac']}, os.conf's {nic['name']}) lacks {nic['cidr']}; "
                      f"ip -4 -o addr: {addrs}")
            for cidr, gw in nic["routes"]:
                dest = "default" if cidr == "0.0.0.0/0" else cidr
                self.that(any(r.startswith(f"{dest} via {gw} dev {name}") for r in routes),
                          f"[{boot.name}] route {dest} via {gw} dev {name} missing; ip -4 route: {routes}")
        defaults = [r for r in routes if r.startswith("default")]
        self.that(len(defaults) == 1, f"[{boot.name}] {len(defaults)} default routes: {defaults}")
        self.dns(boot, expected, flavour, names, dns_links or {})
        self.password(boot, expected["password"])

    def dns(self, boot, expected, flavour, names, dns_links):
        got = boot.values("nameserver")
        if "resolved" in flavour.network:
            # resolv.conf is resolved's stub; the servers live per link (resolvectl dns).
            per_link = parse_resolved(boot.values("resolved"))
            where = {server: link for link, servers in per_link.items() for server in servers}
            for server in expected["dns"]:
                self.that(server in where, f"[{boot.name}] name server {server} on no link: {per_link}")
            stale = sorted(set(where) - set(expected["dns"]))
            self.that(not stale, f"[{boot.name}] name servers that os.conf does not list: {stale}; {per_link}")
            mac_of = {nic["name"]: nic["mac"] for nic in expected["nics"]}
            for server, osconf_nic in dns_links.items():
                want = names.get(mac_of[osconf_nic])
                self.that(where.get(server) == want,
                          f"[{boot.name}] name server {server} on {where.get(server)}, expected on {want} "
                          f"(os.conf's {osconf_nic}); resolvectl dns: {per_link}")
        elif flavour.network == "NetworkManager":
            # NetworkManager writes resolv.conf from every connection's servers, ordered by the
            # connections' priorities: the set is what os.conf says.
            self.that(set(got) == set(expected["dns"]),
                      f"[{boot.name}] nameservers {got}, expected {expected['dns']} in any order")
        else:
            self.that(got[:len(expected["dns"])] == expected["dns"],
                      f"[{boot.name}] nameservers {got}, expected {expected['dns']}")

    def password(self, boot, password):
        hashed = boot.value("shadow") or ""
        ok = hashed.startswith("$") and crypt_verify(password, hashed)
        self.that(ok, f"[{boot.name}] root's shadow hash {hashed[:20]!r}... does not verify "
                      f"against the os.conf password")

    def healthy(self, boot):
        failed = [u for u in boot.values("failed") if u.strip()]
        self.that(not failed, f"[{boot.name}] failed units: {failed}")
        ci = boot.values("cloudinit")
        if ci:
            status = next((l.split(":", 1)[1].strip() for l in ci if l.startswith("status:")), None)
            # The first reported error, cut to one line; the serial log has the rest.
            listed = [l.strip() for l in ci[next((i for i, l in enumerate(ci) if l.startswith("errors:")), len(ci)):]]
            first = next((l for l in listed[1:] if l.startswith("- ")), listed[0] if listed else "")
            self.that(status == "done" and listed[:1] in ([], ["errors: []"]),
                      f"[{boot.name}] cloud-init status {status!r}, {first[:160]!r}")

    def osconf_removed(self, boot, disk):
        self.that(boot.value("osconf") == "absent",
                  f"[{boot.name}] probe sees os.conf on partition 1: {boot.value('osconf')}")
        self.that(disk.read_osconf() is None, f"[{boot.name}] os.conf is still on partition 1 after the boot")

    def hostkeys(self, boot):
        keys = sorted(boot.values("hostkey"))
        self.that(len(keys) >= 1, f"[{boot.name}] no SSH host keys")
        return keys

    def logged(self, boot):
        # The journal and /var/log as the probe saw them, plus what reached the serial console
        # (sysvinit without a syslog daemon has nowhere else to log).
        lines = boot.values("log") + [
            l for l in boot.lines.splitlines()
            if "osconf2seed" in l and "E2E|" not in l and "osconf2seed-e2e" not in l
            and "end-to-end probe" not in l]
        self.that(lines, f"[{boot.name}] no osconf2seed log lines in the journal or /var/log")
        return lines


# ---------------------------------------------------------------- preparing a tree per scenario


PROBE_OPENRC = """#!/sbin/openrc-run
description="osconf2seed end-to-end probe (reports state, then powers off)"
depend() {
    after *
}
start() {
    /usr/local/sbin/osconf2seed-e2e-probe
    # An orderly power-off first; Debian's OpenRC on sysvinit does not always finish one from
    # inside a runlevel, so after 30 s the guest is switched off (the disk is synced first).
    (sleep 1; /sbin/poweroff & sleep 30; sync; /sbin/poweroff -f) >/dev/null 2>&1 &
}
"""


def product_has_install():
    result = subprocess.run([OSCONF2SEED, "install", "--help"], stdout=subprocess.PIPE,
                            stderr=subprocess.STDOUT, text=True)
    return result.returncode == 0


def require_install():
    if not OSCONF2SEED or not os.access(OSCONF2SEED, os.X_OK):
        raise NeedsInstall(f"OSCONF2SEED={OSCONF2SEED!r} is not an executable")
    if not product_has_install():
        raise NeedsInstall(f"{OSCONF2SEED} has no `install` command; this scenario cannot run and counts as FAILED")


def prepare_tree(name, scenario_dir, disk, customise):
    """A private copy of the cached tree with fstab, hostname, the probe, then `customise`."""
    flavour = FLAVOURS[name]
    base = tree_for(name)
    tree = os.path.join(scenario_dir, "tree")
    shutil.rmtree(tree, ignore_errors=True)
    run(["cp", "-a", "--reflink=auto", base, tree])
    os.unlink(os.path.join(tree, ".e2e-complete"))
    write(os.path.join(tree, "etc/fstab"), disk.fstab())
    os.makedirs(os.path.join(tree, disk.p1_mount.lstrip("/")), exist_ok=True)
    write(os.path.join(tree, "etc/hostname"), "e2e-image\n")
    # debootstrap copies the build host's resolv.conf into the tree; a stock image carries
    # no nameservers of its own, and a leftover one would hide whether DNS got configured.
    # Where systemd-resolved owns it, it stays resolved's link.
    if not os.path.islink(os.path.join(tree, "etc/resolv.conf")):
        write(os.path.join(tree, "etc/resolv.conf"), "")
    write(os.path.join(tree, "etc/hosts"), "127.0.0.1\tlocalhost\n127.0.1.1\te2e-image\n")
    if flavour.cloud_init:
        # The system locale, set as on a cloud image: without it cloud-init's locale module
        # runs locale-gen on the first boot (20 s under emulation, nothing osconf2seed does).
        write(os.path.join(tree, "etc/default/locale"), "LANG=en_US.UTF-8\n")
    probe = (PROBE.replace("@P1_MOUNT@", disk.p1_mount).replace("@OSCONF_PATH@", OSCONF_PATH)
             .replace("@PROBE_PORT@", ARCHES[flavour.arch].probe_port))
    write(os.path.join(tree, "usr/local/sbin/osconf2seed-e2e-probe"), probe, 0o755)
    if flavour.init == "sysvinit":
        write(os.path.join(tree, "etc/init.d/osconf2seed-e2e-probe"), PROBE_INITSCRIPT, 0o755)
        run(["chroot", tree, "update-rc.d", "osconf2seed-e2e-probe", "defaults"])
    elif flavour.init == "openrc":
        write(os.path.join(tree, "etc/init.d/osconf2seed-e2e-probe"), PROBE_OPENRC, 0o755)
        run(["chroot", tree, "rc-update", "add", "osconf2seed-e2e-probe", "default"])
    else:
        write(os.path.join(tree, "etc/systemd/system/osconf2seed-e2e-probe.service"), PROBE_UNIT)
        wants = os.path.join(tree, "etc/systemd/system/multi-user.target.wants")
        os.makedirs(wants, exist_ok=True)
        link = os.path.join(wants, "osconf2seed-e2e-probe.service")
        if not os.path.lexists(link):
            os.symlink("/etc/systemd/system/osconf2seed-e2e-probe.service", link)
    customise(tree)
    return tree


def install_product(tree):
    require_install()
    run([OSCONF2SEED, "install", "--root", tree])


AARCH64 = os.environ.get("OSCONF2SEED_AARCH64", "")
ELF_MACHINE_AARCH64 = 183  # EM_AARCH64, the ELF header's e_machine


def require_aarch64():
    """OSCONF2SEED_AARCH64 must name a static aarch64 ELF executable (contrib/release.sh's)."""
    if not AARCH64 or not os.access(AARCH64, os.X_OK):
        raise NeedsInstall(f"OSCONF2SEED_AARCH64={AARCH64!r} is not an executable: the arm64 scenario "
                           "needs the aarch64 binary (contrib/release.sh builds it; Tests/run.sh sets it)")
    with open(AARCH64, "rb") as f:
        header = f.read(20)
    if header[:4] != b"\x7fELF" or int.from_bytes(header[18:20], "little") != ELF_MACHINE_AARCH64:
        raise NeedsInstall(f"OSCONF2SEED_AARCH64={AARCH64!r} is not an aarch64 ELF executable")


def install_aarch64(tree):
    """The aarch64 binary put into the arm64 tree by the host's `osconf2seed install --root
    --binary`: an x86 host building an arm64 image, the usual case."""
    require_install()
    require_aarch64()
    run([OSCONF2SEED, "install", "--root", tree, "--binary", AARCH64])
    with open(AARCH64, "rb") as given, open(os.path.join(tree, "usr/sbin/osconf2seed"), "rb") as installed:
        if given.read() != installed.read():
            raise Failure("the tree's /usr/sbin/osconf2seed is not the aarch64 binary given with --binary")


def no_install(tree):
    """The tree as debootstrap left it: a recipe run on the disk image puts osconf2seed in."""


def virt_customize_deb(disk):
    """contrib/recipes/virt-customize: the .deb installed into the finished raw disk image by
    virt-customize (libguestfs boots its appliance under TCG: KVM is unusable here)."""
    if not DEB or not os.path.isfile(DEB):
        raise NeedsInstall(f"OSCONF2SEED_DEB={DEB!r} is not a file: build it with contrib/release.sh OUTDIR")
    env = dict(os.environ, LIBGUESTFS_BACKEND="direct", LIBGUESTFS_BACKEND_SETTINGS="force_tcg")
    started = time.monotonic()
    run(["sh", os.path.join(REPO, "contrib/recipes/virt-customize/install-deb.sh"), disk.path, DEB,
         "--format", "raw"], env=env)
    log(f"virt-customize put the .deb into {disk.path} in {time.monotonic() - started:.0f}s")


def install_deb(tree):
    """osconf2seed from the Debian package (OSCONF2SEED_DEB, built by contrib/release.sh), the
    way an image builder puts it in: dpkg inside the image's chroot, whose maintainer scripts
    enable the boot job. Nothing of `osconf2seed install --root` is run by the harness."""
    if not DEB or not os.path.isfile(DEB):
        raise NeedsInstall(f"OSCONF2SEED_DEB={DEB!r} is not a file: build it with contrib/release.sh OUTDIR")
    staged = os.path.join(tree, "tmp", os.path.basename(DEB))
    shutil.copyfile(DEB, staged)
    try:
        run(["chroot", tree, "dpkg", "-i", "/tmp/" + os.path.basename(DEB)])
    finally:
        os.unlink(staged)
    status = subprocess.run(["chroot", tree, "dpkg-query", "-W", "-f=${Status}", "osconf2seed"],
                            stdout=subprocess.PIPE, text=True).stdout
    if status != "install ok installed":
        raise Failure(f"dpkg left osconf2seed in state {status!r}")


# ---------------------------------------------------------------- os.conf of the scenarios

VPC = read_example("vpc.conf")
VPC_MACS = ["00:8c:fa:5e:14:23"]

# Classic network: eth0 intranet with three routes, eth1 public with the default route and two
# more. The intranet resolvers (Alibaba Cloud's 100.100.2.136/138) are reached through eth0's
# 100.64.0.0/10 route, so they belong on eth0; the public one goes with the default route.
CLASSIC = osconf_text("iZclassic2nic", "Classic-Pass-1", [
    {"ip": "10.171.254.123", "mac": "00:8c:fa:5e:14:23", "gateway": "10.171.254.1",
     "routes": [("10.0.0.0/8", "10.171.254.1"), ("172.16.0.0/12", "10.171.254.1"),
                ("100.64.0.0/10", "10.171.254.1")]},
    {"ip": "42.120.74.105", "mac": "00:8c:fa:5e:14:24", "gateway": "42.120.74.1",
     "routes": [("0.0.0.0/0", "42.120.74.1"), ("198.51.100.0/24", "42.120.74.1"),
                ("203.0.113.0/24", "42.120.74.1")]},
], dns=("100.100.2.136", "100.100.2.138", "8.8.8.8"))
CLASSIC_MACS = ["00:8c:fa:5e:14:23", "00:8c:fa:5e:14:24"]
CLASSIC_DNS_LINKS = {"100.100.2.136": "eth0", "100.100.2.138": "eth0", "8.8.8.8": "eth1"}

# A clone on another MAC, handed a /32 whose gateway lies outside it (an on-link gateway).
CLONE_MACS = ["00:16:3e:0a:0b:0c"]
CLONE = osconf_text("iZclonedhost", "Cl0ne-Pass", [
    {"ip": "203.0.113.77", "mac": CLONE_MACS[0], "netmask": "255.255.255.255", "gateway": "203.0.113.65",
     "routes": [("0.0.0.0/0", "203.0.113.65")]}], dns=("223.5.5.5",))

MALFORMED = ("hostname=iZbadconf\npassword=cXdlcjEyMzQK\neth0_ip_addr=10.171.254.300\n"
             "eth0_mac_addr=00:8c:fa:5e:14:23\neth0_netmask=255.255.255.0\neth0_gateway=10.171.254.1\n"
             "eth0_route=\"0.0.0.0/0 10.171.254.1\"\ndns_nameserver=\"7.7.7.7\"\n")


class Step:
    """One boot of a chain: the os.conf on partition 1 before it, the NICs attached in this order,
    and what the host keys do ("first", "kept" on the same machine, "new" on a clone)."""

    def __init__(self, label, osconf, macs, keys, dns_links=None, clone=False):
        self.label, self.osconf, self.macs, self.keys = label, osconf, macs, keys
        self.dns_links, self.clone = dns_links, clone


class Chain:
    """A scenario: one image of a flavour on one kind of disk, booted once per step."""

    def __init__(self, flavour, steps, doc, p1fs="ext4", table="dos", bus="virtio", installer=install_product,
                 customise_disk=None):
        self.flavour, self.steps, self.doc = flavour, steps, doc
        self.p1fs, self.table, self.bus = p1fs, table, bus
        # installer(tree) puts osconf2seed into the tree; customise_disk(disk), where given,
        # changes the built disk image before the first boot (an image builder's recipe).
        self.installer, self.customise_disk = installer, customise_disk

    def __call__(self, ctx):
        require_install()  # before any image work: fail fast and loudly
        flavour = FLAVOURS[self.flavour]
        disk = Disk(ctx.dir, self.p1fs, self.table, self.bus)
        tree = prepare_tree(self.flavour, ctx.dir, disk, self.installer)
        disk.build(tree, self.steps[0].osconf)
        if self.customise_disk:
            self.customise_disk(disk)
        keys = None
        for index, step in enumerate(self.steps):
            if index:
                if step.clone:
                    disk = disk.clone(os.path.join(ctx.dir, step.label))
                disk.set_osconf(step.osconf)
            b = boot(disk, tree, step.macs, f"{ctx.name}-{step.label}", flavour.arch)
            ctx.checks.applied(b, expected_from(step.osconf), flavour, step.dns_links)
            ctx.checks.healthy(b)
            ctx.checks.osconf_removed(b, disk)
            if index == 0:
                ctx.checks.logged(b)
            new_keys = ctx.checks.hostkeys(b)
            if step.keys == "kept":
                ctx.checks.that(new_keys == keys, f"[{b.name}] SSH host keys changed: {keys} -> {new_keys}")
            elif step.keys == "new":
                ctx.checks.that(not set(keys or []) & set(new_keys),
                                f"[{b.name}] SSH host keys not regenerated on the clone: {new_keys}")
            keys = new_keys


def reversed_macs(macs):
    return list(reversed(macs))


def first_steps(reverse):
    """VPC first boot, then the classic os.conf on the same disk (two NICs, three routes each,
    intranet DNS; the NICs attached in reverse order where `reverse`)."""
    return [
        Step("vpc", VPC, VPC_MACS, "first"),
        Step("classic", CLASSIC, reversed_macs(CLASSIC_MACS) if reverse else CLASSIC_MACS, "kept",
             CLASSIC_DNS_LINKS),
    ]


def cloud_chain(flavour, doc, reverse=False, **disk):
    """`first_steps`, then a clone on another MAC with a /32 and an on-link gateway."""
    return Chain(flavour, first_steps(reverse) + [Step("clone", CLONE, CLONE_MACS, "new", clone=True)], doc, **disk)


def direct_chain(flavour, doc, reverse=False, **options):
    """No cloud-init: `first_steps` only."""
    return Chain(flavour, first_steps(reverse), doc, **options)


def scenario_malformed(ctx):
    """A malformed os.conf: the guest still boots, os.conf is kept, the log names the bad line."""
    require_install()
    disk = Disk(ctx.dir, "ext4")
    tree = prepare_tree("cloud", ctx.dir, disk, install_product)
    disk.build(tree, MALFORMED)
    b = boot(disk, tree, VPC_MACS, "malformed")
    ctx.checks.that(b.value("osconf") == "present", f"probe: os.conf on partition 1 is {b.value('osconf')}")
    ctx.checks.that(disk.read_osconf() == MALFORMED, "os.conf was changed or removed on partition 1")
    lines = ctx.checks.logged(b)
    ctx.checks.that(any("eth0_ip_addr" in l and re.search(r"(:3:|line 3\b)", l) for l in lines),
                    f"no log line names line 3 (eth0_ip_addr): {lines}")
    ctx.checks.that(b.value("hostname") != "iZbadconf", "a malformed os.conf was partly applied (hostname)")


TENCENT_MAC = "52:54:00:e1:96:eb"
# Tencent's documented sample, with a crypt(3) password as its discs carry it (made here with
# openssl for the password below), the cloud's instance id, and a /18 like the sample's.
TENCENT_PASSWORD = "Tencent-Pass-1"


def tencent_osconf(hashed):
    return ("hostname=VM_10_20_e2e\n"
            f"password={hashed}\n"
            "instance_id=ins-e2e00001\n"
            "eth0_ip_addr=10.104.62.201\n"
            "eth0_mac_addr=52:54:00:E1:96:EB\n"
            "eth0_netmask=255.255.192.0\n"
            "eth0_gateway=10.104.0.1\n"
            'dns_nameserver="10.138.224.65 10.182.20.26 10.182.24.12"\n')


def scenario_tencent(ctx):
    """Tencent Cloud: no os.conf on partition 1; a config-2 CD-ROM with qcloud_action/os.conf, user data and a public key."""
    require_install()
    hashed = run(["openssl", "passwd", "-6", "-salt", "e2eTencentSalt", TENCENT_PASSWORD]).stdout.strip()
    disk = Disk(ctx.dir, "ext4")
    tree = prepare_tree("cloud", ctx.dir, disk, install_product)
    disk.build(tree, None)
    content = os.path.join(ctx.dir, "config-2")
    osconf = tencent_osconf(hashed)
    write(os.path.join(content, "qcloud_action/os.conf"), osconf)
    write(os.path.join(content, "openstack/latest/user_data"),
          "#!/bin/sh\necho customer-user-data-ran > /var/tmp/e2e-user-data\n")
    key_file = os.path.join(ctx.dir, "tencent-key")
    run(["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", "e2e-disc-key", "-f", key_file])
    with open(key_file + ".pub") as f:
        disc_key = f.read().strip()
    write(os.path.join(content, "openstack/latest/meta_data.json"),
          json.dumps({"uuid": "ins-e2e00001", "public_keys": {"e2e": disc_key}}) + "\n")
    run(["genisoimage", "-quiet", "-V", "config-2", "-J", "-R", "-o",
         os.path.join(ctx.dir, "config-2.iso"), content])
    b = boot(disk, tree, [TENCENT_MAC], "tencent")
    expected = {"hostname": "VM-10-20-e2e", "password": TENCENT_PASSWORD, "dns": osconf.split('"')[1].split(),
                "nics": [{"name": "eth0", "cidr": "10.104.62.201/18", "mac": TENCENT_MAC,
                          "routes": [("0.0.0.0/0", "10.104.0.1")]}]}
    ctx.checks.applied(b, expected, FLAVOURS["cloud"])
    ctx.checks.that(b.value("shadow") == hashed,
                    f"[{b.name}] root's shadow field is not exactly the disc's crypt string")
    ctx.checks.healthy(b)
    ctx.checks.that(b.value("userdata") == "customer-user-data-ran",
                    f"[{b.name}] the disc's user data did not run: {b.values('userdata')}")
    lines = ctx.checks.logged(b)
    ctx.checks.that(any("config-2" in l for l in lines), f"[{b.name}] no log line names the config-2 drive: {lines}")
    # The disc's key lets root in: a line that is the key itself, with no options (such as the
    # `command=` that cloud-init puts before root's keys while `disable_root` holds).
    ctx.checks.that(disc_key in b.values("authkey"),
                    f"[{b.name}] root's authorized_keys does not hold the disc's key as a plain line: "
                    f"{b.values('authkey')}")


def control(ctx, flavour, p1fs="ext4", table="dos", customise=lambda tree: None):
    disk = Disk(ctx.dir, p1fs, table)
    tree = prepare_tree(flavour, ctx.dir, disk, customise)
    disk.build(tree, VPC)
    b = boot(disk, tree, VPC_MACS, ctx.name, FLAVOURS[flavour].arch)
    ctx.checks.that(b.value("hostname") == "e2e-image", f"hostname {b.value('hostname')!r} without osconf2seed")
    ctx.checks.that(not any("10.171.254.123" in a for a in b.values("addr")), "os.conf address applied without osconf2seed")
    ctx.checks.that(b.value("osconf") == "present", f"probe: os.conf on partition 1 is {b.value('osconf')}")
    ctx.checks.that(disk.read_osconf() == VPC, "os.conf changed on partition 1 without osconf2seed")
    ctx.checks.healthy(b)


def scenario_control_systemd(ctx):
    """Control, no osconf2seed: the systemd image boots, reports, keeps os.conf and its own hostname."""
    control(ctx, "systemd")


def scenario_arm64_control(ctx):
    """Control, no osconf2seed: the arm64 image (GPT, UEFI, os.conf on the ESP) boots, reports, keeps os.conf and its own hostname."""
    # With no datasource, ds-identify lets cloud-init crawl every metadata service it may be
    # on, 120 s each; the None datasource stands for the cloud this control has not got.
    control(ctx, "arm64-cloud", p1fs="vfat", table="gpt", customise=lambda tree: write(
        os.path.join(tree, "etc/cloud/cloud.cfg.d/90-e2e-control.cfg"), "datasource_list: [ None ]\n"))


def scenario_control_sysvinit(ctx):
    """Control, no osconf2seed: the sysvinit image boots, reports, keeps os.conf and its own hostname."""
    control(ctx, "sysvinit")


# name: (function, needs `osconf2seed install`, image flavours it boots). The slowest first, so
# that parallel workers finish together.
SCENARIOS = {
    # First: the slowest boot (arm64 under TCG) starts at once, beside the x86 ones.
    "arm64-vpc": (Chain("arm64-cloud", first_steps(False)[:1], "Debian 12 arm64, cloud-init 22.4, ifupdown; "
                        "qemu-system-aarch64 (virt, TCG) with UEFI firmware (AAVMF); GPT disk, os.conf on "
                        "the EFI system partition; the aarch64 binary (OSCONF2SEED_AARCH64) put in by "
                        "`install --root --binary`", p1fs="vfat", table="gpt", installer=install_aarch64),
                  True, ["arm64-cloud"]),
    "cloud": (cloud_chain("cloud", "Debian 12, cloud-init 22.4, ifupdown; the classic NICs attached in "
                          "reverse order", reverse=True), True, ["cloud"]),
    "trixie-cloud": (cloud_chain("trixie-cloud", "Debian 13, cloud-init 25.1, netplan, networkd, resolved "
                                 "(intranet DNS on eth0); reverse NIC order; GPT disk booted by UEFI "
                                 "firmware, os.conf on the EFI system partition", reverse=True,
                                 p1fs="vfat", table="gpt"), True, ["trixie-cloud"]),
    "bullseye-cloud": (cloud_chain("bullseye-cloud", "Debian 11, cloud-init 20.4, ifupdown; disk on "
                                   "virtio-scsi (sda1)", bus="scsi"), True, ["bullseye-cloud"]),
    "nm-cloud": (cloud_chain("nm-cloud", "Debian 12, cloud-init 22.4 rendering NetworkManager "
                             "keyfiles; disk on NVMe (nvme0n1p1), FAT partition 1", bus="nvme",
                             p1fs="vfat"), True, ["nm-cloud"]),
    "malformed": (scenario_malformed, True, ["cloud"]),
    "tencent": (scenario_tencent, True, ["cloud"]),
    "systemd-direct": (direct_chain("systemd", "Debian 12, systemd, ifupdown, no cloud-init; the classic "
                                    "NICs attached in reverse order", reverse=True), True, ["systemd"]),
    "sysvinit-direct": (direct_chain("sysvinit", "Debian 12, sysvinit, ifupdown, no cloud-init; osconf2seed "
                                     "from the .deb, installed with dpkg in the image's chroot",
                                     installer=install_deb), True, ["sysvinit"]),
    "virt-customize": (Chain("cloud", first_steps(False)[:1], "Debian 12, cloud-init 22.4, ifupdown; osconf2seed "
                             "put into the built disk image by the virt-customize recipe (its .deb)",
                             installer=no_install, customise_disk=virt_customize_deb), True, ["cloud"]),
    "openrc-direct": (direct_chain("openrc", "Debian 12, OpenRC, ifupdown, no cloud-init"), True, ["openrc"]),
    "netplan-direct": (direct_chain("netplan", "Debian 13, netplan, networkd, resolved, no cloud-init; "
                                    "reverse NIC order", reverse=True), True, ["netplan"]),
    "nm-direct": (direct_chain("nm", "Debian 12, NetworkManager, no cloud-init; reverse NIC order",
                               reverse=True), True, ["nm"]),
    "networkd-direct": (direct_chain("networkd", "Debian 12, plain systemd-networkd, no cloud-init"), True,
                        ["networkd"]),
    "control-systemd": (scenario_control_systemd, False, ["systemd"]),
    "control-sysvinit": (scenario_control_sysvinit, False, ["sysvinit"]),
    "arm64-control": (scenario_arm64_control, False, ["arm64-cloud"]),
}
# Run only when named: the arm64 image's own control, to tell an image or emulation fault
# from osconf2seed's (a second arm64 boot in every run costs more than it tells). arm64-vpc is
# a default scenario since its tree's initrd holds only the listed modules (FOREIGN_INITRD_MODULES):
# the cold tree no longer spends 25 minutes on an emulated module scan, and --trees builds it
# first, beside the x86 trees; its boot starts first, beside an x86 one.
ON_REQUEST = {"arm64-control"}


def describe(name):
    fn = SCENARIOS[name][0]
    return fn.doc if isinstance(fn, Chain) else fn.__doc__


def build_trees(flavours):
    """Build the missing cached trees of `flavours`, three at once (debootstrap mostly waits on
    the network and dpkg), the foreign ones first: their second stage runs under emulation and
    takes longest. Returns the flavours whose tree failed, each logged with the reason."""
    import concurrent.futures
    failed = []
    order = sorted(set(flavours), key=lambda f: (FLAVOURS[f].arch == "amd64", f))
    with concurrent.futures.ThreadPoolExecutor(max_workers=3) as pool:
        futures = {pool.submit(tree_for, f): f for f in order}
        for future in concurrent.futures.as_completed(futures):
            try:
                log(f"tree {futures[future]}: {future.result()}")
            except Failure as e:
                log(f"tree {futures[future]}: {e}")
                failed.append(futures[future])
    return failed


def prefetch_trees(names):
    """Build the trees that the chosen scenarios boot; a tree that fails is reported again by
    its scenarios, which build it once more."""
    build_trees(f for n in names for f in SCENARIOS[n][2])


class Context:
    def __init__(self, name):
        self.name = name
        self.dir = os.path.join(WORK, name)
        self.checks = Checks(name)


def run_scenario(name):
    fn = SCENARIOS[name][0]
    ctx = Context(name)
    shutil.rmtree(ctx.dir, ignore_errors=True)
    os.makedirs(ctx.dir)
    t0 = time.monotonic()
    log(f"--- scenario {name}: {describe(name)}")
    try:
        fn(ctx)
        problems = ctx.checks.problems
    except Failure as e:
        problems = ctx.checks.problems + [str(e)]
    except Exception as e:  # a harness bug still fails the scenario loudly, with its trace
        import traceback
        problems = ctx.checks.problems + [f"harness error: {e!r}\n{traceback.format_exc()}"]
    elapsed = time.monotonic() - t0
    lines = []
    if problems:
        lines.append(f"FAIL {name} ({elapsed:.0f}s)")
        lines += ["  - " + p.replace("\n", "\n    ") for p in problems]
        logs = sorted(f for f in os.listdir(ctx.dir) if f.startswith("serial-"))
        for sub in sorted(os.listdir(ctx.dir)):
            if os.path.isdir(os.path.join(ctx.dir, sub)):
                logs += [f"{sub}/{f}" for f in sorted(os.listdir(os.path.join(ctx.dir, sub))) if f.startswith("serial-")]
        if logs:
            lines.append(f"  serial logs (console, and the probe's report in *-probe.log): "
                         f"{ctx.dir}/{{{','.join(logs)}}}")
    else:
        lines.append(f"PASS {name} ({elapsed:.0f}s)")
        if os.environ.get("E2E_KEEP") != "1":
            shutil.rmtree(os.path.join(ctx.dir, "tree"), ignore_errors=True)
            for root, _, files in os.walk(ctx.dir):
                for f in files:
                    if f.endswith(".img"):
                        os.unlink(os.path.join(root, f))
    print("\n".join(lines), flush=True)
    return not problems


def main(argv):
    if argv[:1] == ["--trees"]:  # build (or find) the cached trees only (of the default scenarios)
        default = {f for n, (_, _, fl) in SCENARIOS.items() if n not in ON_REQUEST for f in fl}
        return 1 if build_trees(argv[1:] or sorted(default)) else 0
    if argv[:1] == ["--list"]:
        for name, (_, needs, flavours) in SCENARIOS.items():
            print(f"{name:16} {describe(name)}" + (" (only when named)" if name in ON_REQUEST else ""))
            for f in flavours:
                print(f"{'':16}   image {f}: {FLAVOURS[f].describe()}")
        return 0
    names = argv or [n for n in SCENARIOS if n not in ON_REQUEST]
    unknown = [n for n in names if n not in SCENARIOS]
    if unknown:
        print(f"e2e: unknown scenario(s): {' '.join(unknown)}; known: {' '.join(SCENARIOS)}", file=sys.stderr)
        return 2
    os.makedirs(WORK, exist_ok=True)
    log(f"binary {OSCONF2SEED}; mirror {apt_mirror()}; cache {CACHE}; work {WORK}; "
        f"{JOBS} guests at a time, {GUEST_CPUS} CPU each")
    started = time.monotonic()
    prefetch_trees(names)
    # The KVM self-test boots an x86 kernel (arm64 guests always use TCG on this host).
    x86 = [f for n in names for f in SCENARIOS[n][2] if FLAVOURS[f].arch == "amd64"]
    if x86:
        accelerator(kernel_files(tree_for(x86[0]))[0])
    import concurrent.futures
    with concurrent.futures.ThreadPoolExecutor(max_workers=JOBS) as pool:
        results = list(pool.map(run_scenario, names))
    passed, failed = results.count(True), results.count(False)
    if BOOT_TIMES:
        print("boot times: probe report and power-off (s from QEMU start); osconf2seed.service and "
              "cloud-init-local.service run times (ms, systemd guests):")
        print(f"  {'boot':28} {'probe':>6} {'off':>6} {'osconf2seed':>12} {'ci-local':>9}")
        for name, probe_at, total, ours, cil in sorted(BOOT_TIMES):
            fmt = lambda v: "-" if v is None else f"{v:.0f}"
            print(f"  {name:28} {probe_at:6.0f} {total:6.0f} {fmt(ours):>12} {fmt(cil):>9}")
    print(f"total {time.monotonic() - started:.0f}s")
    print(f"{passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
