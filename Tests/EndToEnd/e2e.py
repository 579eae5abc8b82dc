#!/usr/bin/python3
"""End-to-end scenarios for osconf2seed: Debian 12 images, an os.conf on partition 1, QEMU boots.

Started by Tests/EndToEnd/run.sh, which installs the host tools and builds the binary.
Every scenario builds a disk (partition 1 with aliyun_custom_image/os.conf, partition 2 the
root file system), boots it, reads the probe's lines from the serial log and asserts on them.
"""

import base64
import hashlib
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
BOOT_TIMEOUT = int(os.environ.get("E2E_BOOT_TIMEOUT", "420"))
SUITE = "bookworm"
os.environ.setdefault("MTOOLS_SKIP_CHECK", "1")

# Image flavours: the packages debootstrap adds to minbase. No net-tools, no resolvconf:
# the images stay as lean as a stock cloud image and nothing is added to make a scenario pass.
FLAVOURS = {
    "cloud": ["linux-image-amd64", "systemd-sysv", "cloud-init", "ifupdown", "openssh-server",
              "iproute2", "locales", "udev"] + ["python3-cffi-backend"],
    "systemd": ["linux-image-amd64", "systemd-sysv", "ifupdown", "openssh-server", "iproute2", "udev"],
    "sysvinit": ["linux-image-amd64", "sysvinit-core", "ifupdown", "openssh-server", "iproute2", "udev"],
}
# debootstrap's resolver ignores virtual packages: python3-cryptography (pulled in by
# cloud-init) needs python3-cffi-backend-api-*, which only python3-cffi-backend provides, so
# it is named explicitly. apt would install it too; it is a dependency, not an addition.
# Bumped when the cached tree's post-debootstrap preparation changes.
TREE_RECIPE = "2"

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


def tree_for(flavour):
    packages = sorted(FLAVOURS[flavour])
    key = hashlib.sha256(
        "\n".join([SUITE, "minbase", TREE_RECIPE, apt_mirror()] + packages).encode()).hexdigest()[:16]
    path = os.path.join(CACHE, "trees", f"{flavour}-{key}")
    if os.path.exists(os.path.join(path, ".e2e-complete")):
        return path
    os.makedirs(os.path.dirname(path), exist_ok=True)
    building = path + ".building"
    release_mounts(building)
    shutil.rmtree(building, ignore_errors=True)
    log(f"debootstrap {SUITE} minbase, flavour {flavour} (cached afterwards in {path})")
    started = time.monotonic()
    result = subprocess.run(
        ["debootstrap", "--variant=minbase", "--include=" + ",".join(packages), SUITE, building,
         apt_mirror()], stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    if result.returncode != 0:
        release_mounts(building)
        raise Failure(f"debootstrap failed for {flavour}:\n{result.stdout[-4000:]}")
    if flavour == "cloud":
        # cloud-init's locale module fails unless the default locale exists.
        with open(os.path.join(building, "etc/locale.gen"), "a") as f:
            f.write("en_US.UTF-8 UTF-8\n")
        run(["chroot", building, "locale-gen"])
        # Like a cloud image: no host keys baked in, cloud-init makes them on first boot.
        for name in os.listdir(os.path.join(building, "etc/ssh")):
            if name.startswith("ssh_host_"):
                os.unlink(os.path.join(building, "etc/ssh", name))
    run(["chroot", building, "apt-get", "clean"])
    shutil.rmtree(os.path.join(building, "var/lib/apt/lists"), ignore_errors=True)
    os.makedirs(os.path.join(building, "var/lib/apt/lists/partial"), exist_ok=True)
    open(os.path.join(building, ".e2e-complete"), "w").close()
    os.rename(building, path)
    log(f"tree {flavour} built in {time.monotonic() - started:.0f}s")
    return path


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
# osconf2seed end-to-end probe: reports the booted system's state on the serial console.
out=/dev/ttyS0
dmesg -n 1 2>/dev/null
if command -v cloud-init >/dev/null; then timeout 300 cloud-init status --wait >/dev/null 2>&1; fi
emit() { local key=$1; shift; while IFS= read -r line; do printf 'E2E|%s|%s\n' "$key" "$line"; done; }
{
echo "E2E|BEGIN|"
hostname | emit hostname
ip -4 -o addr show | emit addr
ip -4 route show | emit route
sed -n 's/^nameserver[[:space:]]*//p' /etc/resolv.conf 2>/dev/null | emit nameserver
getent shadow root | cut -d: -f2 | emit shadow
for key in /etc/ssh/ssh_host_*_key.pub; do [ -e "$key" ] && ssh-keygen -lf "$key"; done | emit hostkey
if mountpoint -q @P1_MOUNT@; then
  if [ -e @P1_MOUNT@/@OSCONF_PATH@ ]; then echo present; else echo absent; fi
else echo unmounted; fi | emit osconf
if command -v cloud-init >/dev/null; then cloud-init status --long 2>&1 | emit cloudinit; fi
if command -v systemctl >/dev/null && [ -d /run/systemd/system ]; then
  systemctl --failed --no-legend --plain 2>&1 | emit failed
  journalctl -b --no-pager -o cat -t osconf2seed 2>/dev/null | emit log
  journalctl -b --no-pager -o cat -u 'osconf2seed*' 2>/dev/null | emit log
fi
for f in /var/log/osconf2seed*; do [ -f "$f" ] && cat "$f"; done | emit log
grep -h osconf2seed /var/log/syslog /var/log/messages /var/log/cloud-init-output.log 2>/dev/null | emit log
# Diagnostics only (not asserted): the network files and what resolv.conf is.
for f in /etc/network/interfaces /etc/network/interfaces.d/*; do [ -f "$f" ] && sed "s|^|$f: |" "$f"; done | emit netfile
ls -l /etc/resolv.conf 2>&1 | emit resolvconf
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
    """A sparse raw disk: MBR, partition 1 (ext4 or FAT32) with os.conf, partition 2 root ext4."""

    def __init__(self, directory, p1fs):
        self.dir = directory
        self.path = os.path.join(directory, "disk.img")
        self.p1fs = p1fs
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
        p1 = (f"UUID={self.p1_uuid} {P1_MOUNT} ext4 defaults,nofail 0 2" if self.p1fs == "ext4"
              else f"UUID={self.p1_uuid} {P1_MOUNT} vfat defaults,nofail,umask=077 0 0")
        return f"UUID={self.root_uuid} / ext4 errors=remount-ro 0 1\n{p1}\n"

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
        self._put_osconf(p1, osconf)
        run(["truncate", "-s", f"{ROOT_SIZE_MIB}M", root])
        run(["mkfs.ext4", "-q", "-F", "-U", self.root_uuid, "-L", "root", "-d", tree, root])
        total = P2_START_MIB + ROOT_SIZE_MIB + 1
        run(["truncate", "-s", f"{total}M", self.path])
        p1type = "83" if self.p1fs == "ext4" else "c"
        layout = (f"label: dos\nlabel-id: 0x0e2e0e2e\n"
                  f"start={P1_START_MIB * 2048}, size={P1_SIZE_MIB * 2048}, type={p1type}\n"
                  f"start={P2_START_MIB * 2048}, size={ROOT_SIZE_MIB * 2048}, type=83\n")
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


def boot(disk, tree, macs, name):
    kernel, initrd = kernel_files(tree)
    accel = accelerator(kernel)
    serial = os.path.join(disk.dir, f"serial-{name}.log")
    if os.path.exists(serial):
        os.unlink(serial)
    cmd = ["nice", "-n", "5", "qemu-system-x86_64", "-accel", accel, "-m", "1024", "-smp", "2",
           "-nodefaults", "-no-user-config", "-display", "none", "-no-reboot",
           "-serial", f"file:{serial}", "-kernel", kernel, "-initrd", initrd,
           "-append", f"root=UUID={disk.root_uuid} ro console=ttyS0 net.ifnames=0 panic=-1",
           "-drive", f"file={disk.path},format=raw,if=virtio,cache=unsafe",
           "-device", "virtio-rng-pci"]
    if accel == "kvm":
        cmd += ["-cpu", "host"]
    for i, mac in enumerate(macs):
        cmd += ["-netdev", f"user,id=n{i},restrict=on", "-device", f"virtio-net-pci,netdev=n{i},mac={mac}"]
    log(f"boot {name}: {accel}, NICs {' '.join(macs) or 'none'}, timeout {BOOT_TIMEOUT}s")
    started = time.monotonic()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    probe_at = None
    deadline = started + BOOT_TIMEOUT
    text = ""
    while True:
        try:
            proc.wait(timeout=1)
            break
        except subprocess.TimeoutExpired:
            pass
        if os.path.exists(serial):
            with open(serial, errors="replace") as f:
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
    probe = parse_probe(text)
    if probe is None:
        tail = "\n".join(text.splitlines()[-40:])
        err = proc.stderr.read() if proc.stderr else ""
        raise Failure(f"boot {name}: no complete probe report within {BOOT_TIMEOUT}s "
                      f"(serial log {serial}); qemu: {err.strip()[-500:]}\n--- serial tail ---\n{tail}")
    if probe_at is None:
        probe_at = total
    uptime = (probe.get("uptime") or ["?"])[0]
    log(f"boot {name}: probe report after {probe_at:.0f}s (guest uptime {uptime}s), power-off after {total:.0f}s")
    BOOT_TIMES.append((name, probe_at, total))
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
    """What a correct application of an os.conf leaves on the machine."""
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
                     "mac": v[f"eth{i}_mac_addr"], "routes": routes})
        i += 1
    return {"hostname": v["hostname"], "password": password, "nics": nics,
            "dns": v.get("dns_nameserver", "").split()}


class Checks:
    def __init__(self, scenario):
        self.scenario = scenario
        self.problems = []

    def that(self, ok, message):
        if not ok:
            self.problems.append(message)

    def applied(self, boot, expected):
        got_host = boot.value("hostname")
        self.that(got_host == expected["hostname"],
                  f"[{boot.name}] hostname {got_host!r}, expected {expected['hostname']!r}")
        addrs = boot.values("addr")
        routes = [" ".join(r.split()) for r in boot.values("route")]
        for nic in expected["nics"]:
            self.that(any(re.search(rf"^\d+:\s+{nic['name']}\s+inet {re.escape(nic['cidr'])}\b", a) for a in addrs),
                      f"[{boot.name}] {nic['name']} lacks {nic['cidr']}; ip -4 -o addr: {addrs}")
            for cidr, gw in nic["routes"]:
                dest = "default" if cidr == "0.0.0.0/0" else cidr
                self.that(any(r.startswith(f"{dest} via {gw} dev {nic['name']}") for r in routes),
                          f"[{boot.name}] route {dest} via {gw} dev {nic['name']} missing; ip -4 route: {routes}")
        got_dns = boot.values("nameserver")
        self.that(got_dns[:len(expected["dns"])] == expected["dns"],
                  f"[{boot.name}] nameservers {got_dns}, expected {expected['dns']}")
        self.password(boot, expected["password"])

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
            self.that(status == "done", f"[{boot.name}] cloud-init status {status!r}: {ci}")
            errors = [l for l in ci if l.startswith("errors:") and l.strip() != "errors: []"]
            self.that(not errors, f"[{boot.name}] cloud-init errors: {ci}")

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


def product_has_install():
    result = subprocess.run([OSCONF2SEED, "install", "--help"], stdout=subprocess.PIPE,
                            stderr=subprocess.STDOUT, text=True)
    return result.returncode == 0


def require_install():
    if not OSCONF2SEED or not os.access(OSCONF2SEED, os.X_OK):
        raise NeedsInstall(f"OSCONF2SEED={OSCONF2SEED!r} is not an executable")
    if not product_has_install():
        raise NeedsInstall(
            f"REQUIRES `osconf2seed install`: {OSCONF2SEED} has no `install` command yet "
            "(it lives on another branch); this scenario cannot run and counts as FAILED")


def prepare_tree(flavour, scenario_dir, disk, customise):
    """A private copy of the cached tree with fstab, hostname, the probe, then `customise`."""
    base = tree_for(flavour)
    tree = os.path.join(scenario_dir, "tree")
    shutil.rmtree(tree, ignore_errors=True)
    run(["cp", "-a", "--reflink=auto", base, tree])
    os.unlink(os.path.join(tree, ".e2e-complete"))
    write(os.path.join(tree, "etc/fstab"), disk.fstab())
    os.makedirs(os.path.join(tree, P1_MOUNT.lstrip("/")), exist_ok=True)
    write(os.path.join(tree, "etc/hostname"), "e2e-image\n")
    # debootstrap copies the build host's resolv.conf into the tree; a stock image carries
    # no nameservers of its own, and a leftover one would hide whether DNS got configured.
    write(os.path.join(tree, "etc/resolv.conf"), "")
    write(os.path.join(tree, "etc/hosts"), "127.0.0.1\tlocalhost\n127.0.1.1\te2e-image\n")
    probe = PROBE.replace("@P1_MOUNT@", P1_MOUNT).replace("@OSCONF_PATH@", OSCONF_PATH)
    write(os.path.join(tree, "usr/local/sbin/osconf2seed-e2e-probe"), probe, 0o755)
    if flavour == "sysvinit":
        write(os.path.join(tree, "etc/init.d/osconf2seed-e2e-probe"), PROBE_INITSCRIPT, 0o755)
        run(["chroot", tree, "update-rc.d", "osconf2seed-e2e-probe", "defaults"])
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


# ---------------------------------------------------------------- scenarios

VPC = read_example("vpc.conf")
VPC_MACS = ["00:8c:fa:5e:14:23"]

CLASSIC_ROUTES = osconf_text("iZclassic2nic", "Classic-Pass-1", [
    {"ip": "10.171.254.123", "mac": "00:8c:fa:5e:14:23", "gateway": "10.171.254.1",
     "routes": [("10.0.0.0/8", "10.171.254.1"), ("172.16.0.0/12", "10.171.254.1"),
                ("100.64.0.0/10", "10.171.254.1")]},
    {"ip": "42.120.74.105", "mac": "00:8c:fa:5e:14:24", "gateway": "42.120.74.1",
     "routes": [("0.0.0.0/0", "42.120.74.1"), ("198.51.100.0/24", "42.120.74.1"),
                ("203.0.113.0/24", "42.120.74.1")]},
])
CLASSIC_MACS = ["00:8c:fa:5e:14:23", "00:8c:fa:5e:14:24"]

CHANGED = osconf_text("iZchangedhost", "N3w-Passw0rd", [
    {"ip": "10.171.254.200", "mac": "00:8c:fa:5e:14:23", "gateway": "10.171.254.1",
     "routes": [("0.0.0.0/0", "10.171.254.1")]}], dns=("9.9.9.9", "1.1.1.1"))

CLONE_MACS = ["00:16:3e:0a:0b:0c"]
CLONE = osconf_text("iZclonedhost", "Cl0ne-Pass", [
    {"ip": "192.168.7.20", "mac": CLONE_MACS[0], "gateway": "192.168.7.1",
     "routes": [("0.0.0.0/0", "192.168.7.1")]}], dns=("223.5.5.5",))

MALFORMED = ("hostname=iZbadconf\npassword=cXdlcjEyMzQK\neth0_ip_addr=10.171.254.300\n"
             "eth0_mac_addr=00:8c:fa:5e:14:23\neth0_netmask=255.255.255.0\neth0_gateway=10.171.254.1\n"
             "eth0_route=\"0.0.0.0/0 10.171.254.1\"\ndns_nameserver=\"7.7.7.7\"\n")


def installed_disk(ctx, flavour, p1fs, osconf):
    require_install()  # before any image work: fail fast and loudly
    disk = Disk(ctx.dir, p1fs)
    tree = prepare_tree(flavour, ctx.dir, disk, install_product)
    disk.build(tree, osconf)
    return disk, tree


def scenario_vpc(ctx):
    """systemd + cloud-init, VPC os.conf: applied, and os.conf removed after success."""
    disk, tree = installed_disk(ctx, "cloud", "ext4", VPC)
    b = boot(disk, tree, VPC_MACS, "vpc")
    ctx.checks.applied(b, expected_from(VPC))
    ctx.checks.healthy(b)
    ctx.checks.osconf_removed(b, disk)
    ctx.checks.logged(b)


def scenario_classic(ctx):
    """Classic network: two NICs, three routes per NIC; partition 1 is FAT32."""
    disk, tree = installed_disk(ctx, "cloud", "vfat", CLASSIC_ROUTES)
    b = boot(disk, tree, CLASSIC_MACS, "classic")
    ctx.checks.applied(b, expected_from(CLASSIC_ROUTES))
    ctx.checks.healthy(b)
    ctx.checks.osconf_removed(b, disk)


def scenario_reboot(ctx):
    """Same disk booted again with a changed os.conf: new password, hostname, address; same host keys."""
    disk, tree = installed_disk(ctx, "cloud", "ext4", VPC)
    first = boot(disk, tree, VPC_MACS, "reboot-1")
    ctx.checks.applied(first, expected_from(VPC))
    keys = ctx.checks.hostkeys(first)
    disk.set_osconf(CHANGED)
    second = boot(disk, tree, VPC_MACS, "reboot-2")
    ctx.checks.applied(second, expected_from(CHANGED))
    ctx.checks.healthy(second)
    ctx.checks.osconf_removed(second, disk)
    ctx.checks.that(sorted(second.values("hostkey")) == keys,
                    f"SSH host keys changed across the reboot: {keys} -> {second.values('hostkey')}")


def scenario_clone(ctx):
    """A copy of a booted disk on other MACs with a new os.conf: applied, host keys regenerated."""
    disk, tree = installed_disk(ctx, "cloud", "ext4", VPC)
    first = boot(disk, tree, VPC_MACS, "clone-origin")
    ctx.checks.applied(first, expected_from(VPC))
    keys = ctx.checks.hostkeys(first)
    twin = disk.clone(os.path.join(ctx.dir, "clone"))
    twin.set_osconf(CLONE)
    second = boot(twin, tree, CLONE_MACS, "clone")
    ctx.checks.applied(second, expected_from(CLONE))
    ctx.checks.healthy(second)
    ctx.checks.osconf_removed(second, twin)
    new_keys = ctx.checks.hostkeys(second)
    ctx.checks.that(not set(keys) & set(new_keys), f"SSH host keys not regenerated on the clone: {new_keys}")


def scenario_systemd_direct(ctx):
    """systemd without cloud-init: osconf2seed applies the configuration itself (ifupdown)."""
    disk, tree = installed_disk(ctx, "systemd", "ext4", VPC)
    b = boot(disk, tree, VPC_MACS, "systemd-direct")
    ctx.checks.applied(b, expected_from(VPC))
    ctx.checks.healthy(b)
    ctx.checks.osconf_removed(b, disk)


def scenario_sysvinit_direct(ctx):
    """sysvinit without cloud-init: applied before networking in rcS, on the first boot."""
    disk, tree = installed_disk(ctx, "sysvinit", "ext4", VPC)
    b = boot(disk, tree, VPC_MACS, "sysvinit-direct")
    ctx.checks.applied(b, expected_from(VPC))
    ctx.checks.osconf_removed(b, disk)


def scenario_malformed(ctx):
    """A malformed os.conf: the guest still boots, os.conf is kept, the log names the bad line."""
    disk, tree = installed_disk(ctx, "cloud", "ext4", MALFORMED)
    b = boot(disk, tree, VPC_MACS, "malformed")
    ctx.checks.that(b.value("osconf") == "present", f"probe: os.conf on partition 1 is {b.value('osconf')}")
    ctx.checks.that(disk.read_osconf() == MALFORMED, "os.conf was changed or removed on partition 1")
    lines = ctx.checks.logged(b)
    ctx.checks.that(any("eth0_ip_addr" in l and re.search(r"(:3:|line 3\b)", l) for l in lines),
                    f"no log line names line 3 (eth0_ip_addr): {lines}")
    ctx.checks.that(b.value("hostname") != "iZbadconf", "a malformed os.conf was partly applied (hostname)")


def control(ctx, flavour):
    disk = Disk(ctx.dir, "ext4")
    tree = prepare_tree(flavour, ctx.dir, disk, lambda tree: None)
    disk.build(tree, VPC)
    b = boot(disk, tree, VPC_MACS, ctx.name)
    ctx.checks.that(b.value("hostname") == "e2e-image", f"hostname {b.value('hostname')!r} without osconf2seed")
    ctx.checks.that(not any("10.171.254.123" in a for a in b.values("addr")), "os.conf address applied without osconf2seed")
    ctx.checks.that(b.value("osconf") == "present", f"probe: os.conf on partition 1 is {b.value('osconf')}")
    ctx.checks.that(disk.read_osconf() == VPC, "os.conf changed on partition 1 without osconf2seed")
    ctx.checks.healthy(b)


def scenario_control_systemd(ctx):
    """Control, no osconf2seed: the systemd image boots, reports, keeps os.conf and its own hostname."""
    control(ctx, "systemd")


def scenario_control_sysvinit(ctx):
    """Control, no osconf2seed: the sysvinit image boots, reports, keeps os.conf and its own hostname."""
    control(ctx, "sysvinit")


# name: (function, needs `osconf2seed install`, image flavours it boots)
SCENARIOS = {
    "control-systemd": (scenario_control_systemd, False, ["systemd"]),
    "control-sysvinit": (scenario_control_sysvinit, False, ["sysvinit"]),
    "vpc": (scenario_vpc, True, ["cloud"]),
    "classic": (scenario_classic, True, ["cloud"]),
    "reboot": (scenario_reboot, True, ["cloud"]),
    "clone": (scenario_clone, True, ["cloud"]),
    "systemd-direct": (scenario_systemd_direct, True, ["systemd"]),
    "sysvinit-direct": (scenario_sysvinit_direct, True, ["sysvinit"]),
    "malformed": (scenario_malformed, True, ["cloud"]),
}


def prefetch_trees(names):
    """Build the missing cached trees that the chosen scenarios boot, all at once (debootstrap
    mostly waits on the network and dpkg, so three in parallel take about as long as one)."""
    import concurrent.futures
    runnable_install = OSCONF2SEED and os.access(OSCONF2SEED, os.X_OK) and product_has_install()
    flavours = sorted({f for n in names for f in SCENARIOS[n][2] if runnable_install or not SCENARIOS[n][1]})
    with concurrent.futures.ThreadPoolExecutor(max_workers=3) as pool:
        futures = {pool.submit(tree_for, f): f for f in flavours}
        for future in concurrent.futures.as_completed(futures):
            try:
                future.result()
            except Failure as e:
                log(f"tree {futures[future]}: {e}")  # the scenarios that need it fail with this again


class Context:
    def __init__(self, name):
        self.name = name
        self.dir = os.path.join(WORK, name)
        self.checks = Checks(name)


def main(argv):
    if argv[:1] == ["--list"]:
        for name, (fn, needs, _) in SCENARIOS.items():
            print(f"{name:16} {'(requires install) ' if needs else ''}{fn.__doc__}")
        return 0
    names = argv or list(SCENARIOS)
    unknown = [n for n in names if n not in SCENARIOS]
    if unknown:
        print(f"e2e: unknown scenario(s): {' '.join(unknown)}; known: {' '.join(SCENARIOS)}", file=sys.stderr)
        return 2
    os.makedirs(WORK, exist_ok=True)
    log(f"binary {OSCONF2SEED}; mirror {apt_mirror()}; cache {CACHE}; work {WORK}")
    started = time.monotonic()
    prefetch_trees(names)
    passed = failed = 0
    results = []
    for name in names:
        fn = SCENARIOS[name][0]
        ctx = Context(name)
        shutil.rmtree(ctx.dir, ignore_errors=True)
        os.makedirs(ctx.dir)
        t0 = time.monotonic()
        log(f"--- scenario {name}: {fn.__doc__}")
        try:
            fn(ctx)
            problems = ctx.checks.problems
        except Failure as e:
            problems = ctx.checks.problems + [str(e)]
        elapsed = time.monotonic() - t0
        if problems:
            failed += 1
            results.append((name, "FAIL", elapsed))
            print(f"FAIL {name} ({elapsed:.0f}s)")
            for p in problems:
                print("  - " + p.replace("\n", "\n    "))
            logs = sorted(f for f in os.listdir(ctx.dir) if f.startswith("serial-"))
            if logs:
                print(f"  serial logs (probe lines start with E2E|): {ctx.dir}/{{{','.join(logs)}}}")
        else:
            passed += 1
            results.append((name, "PASS", elapsed))
            print(f"PASS {name} ({elapsed:.0f}s)")
            if os.environ.get("E2E_KEEP") != "1":
                shutil.rmtree(os.path.join(ctx.dir, "tree"), ignore_errors=True)
        sys.stdout.flush()
    if BOOT_TIMES:
        print("boot times (probe report / power-off), seconds:")
        for name, probe_at, total in BOOT_TIMES:
            print(f"  {name:18} {probe_at:6.0f} {total:6.0f}")
    print(f"total {time.monotonic() - started:.0f}s")
    print(f"{passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
