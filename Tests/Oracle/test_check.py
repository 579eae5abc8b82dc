"""`osconf2seed check --root` on a real Debian 12 tree: the end-to-end suite's cached
debootstrap tree (cloud-init 22.4, ifupdown, systemd), prepared as the suite prepares it for
a disk (fstab by UUID, a boot entry with the suite's kernel command line) and with
osconf2seed installed. The stock image has no error under any profile, and check reads its
gzip initramfs as the image's own lsinitramfs does. Each planted breakage, made the way an
image builder would make it (with the image's own tools where there is one: ssh-keygen,
unmkinitramfs, cpio and gzip, osconf2seed uninstall), adds findings of exactly the planted
item, with the table's severity, and changes no other item. `check` writes nothing.

The trees come from `bash Tests/EndToEnd/run.sh --trees` (Tests/run.sh builds them in the
background); without them this suite fails, it does not skip. The cache is never written:
the tree is copied first.
"""
import json
import os
import subprocess
from pathlib import Path

import pytest

from conftest import BINARY, BINARY_MACHINE, EM_X86_64

CACHE = Path(os.environ.get("E2E_CACHE", "/var/cache/osconf2seed-e2e")) / "trees"
ROOT_UUID = "0b5c4c42-3f4e-4a1e-8d3b-3c1c2a4e5f60"
P1_UUID = "6a1f0c3e-2b4d-4e5f-8a9b-0c1d2e3f4a5b"
KERNEL_CMDLINE = f"root=UUID={ROOT_UUID} ro console=ttyS0 net.ifnames=0"
PROFILES = ["ali-custom", "ali", "tc", "tc-force"]


def install_command(tree):
    """`install` into the x86_64 trees. An aarch64 binary under test puts in the x86_64
    SwiftPM build with --binary, as an image builder on another processor does
    (OSCONF2SEED_X86_64, set by Tests/run.sh); it refuses to put in itself."""
    if BINARY_MACHINE == EM_X86_64:
        return [BINARY, "install", "--root", tree]
    x86_64 = os.environ.get("OSCONF2SEED_X86_64")
    assert x86_64, "OSCONF2SEED_X86_64 is not set: the aarch64 run installs the x86_64 build into x86_64 trees"
    return [BINARY, "install", "--root", tree, "--binary", x86_64]


def cached_tree():
    trees = sorted(CACHE.glob("cloud-*"))
    trees = [t for t in trees if (t / ".e2e-complete").exists()]
    if not trees:
        pytest.fail(f"no finished 'cloud' tree in {CACHE}: build it with bash Tests/EndToEnd/run.sh --trees",
                    pytrace=False)
    return trees[-1]


def run(argv, **kwargs):
    result = subprocess.run([str(a) for a in argv], capture_output=True, text=True, **kwargs)
    assert result.returncode == 0, f"{argv} failed ({result.returncode}):\n{result.stdout}\n{result.stderr}"
    return result


@pytest.fixture(scope="module")
def image(tmp_path_factory):
    """A private copy of the cached tree, made into an image the way the end-to-end suite's
    Disk does (fstab by UUID, partition 1 at /boot/osconf), with a GRUB entry as grub-mkconfig
    writes one, and osconf2seed installed."""
    if os.geteuid() != 0:
        pytest.fail("test_check.py runs as root (the tree's files belong to root)", pytrace=False)
    tree = tmp_path_factory.mktemp("check") / "tree"
    run(["cp", "-a", "--reflink=auto", cached_tree(), tree])
    (tree / ".e2e-complete").unlink()
    (tree / "etc/fstab").write_text(
        f"UUID={ROOT_UUID} / ext4 errors=remount-ro 0 1\nUUID={P1_UUID} /boot/osconf ext4 defaults,nofail 0 2\n")
    (tree / "boot/osconf").mkdir(exist_ok=True)
    kernel = kernel_version(tree)
    (tree / "boot/grub").mkdir(exist_ok=True)
    (tree / "boot/grub/grub.cfg").write_text(
        "menuentry 'Debian GNU/Linux' --class debian {\n"
        f"\tsearch --no-floppy --fs-uuid --set=root {ROOT_UUID}\n"
        f"\tlinux\t/boot/vmlinuz-{kernel} {KERNEL_CMDLINE}\n"
        f"\tinitrd\t/boot/initrd.img-{kernel}\n}}\n")
    run(install_command(tree))
    return tree


def check(tree, profile="ali-custom"):
    result = subprocess.run([str(BINARY), "check", "--root", str(tree), "--profile", profile, "--json"],
                            capture_output=True, text=True)
    assert result.returncode in (0, 1), f"check failed ({result.returncode}): {result.stderr}"
    document = json.loads(result.stdout)
    assert document["schema"] == 1 and document["profile"] == profile
    errors = [f for f in document["findings"] if f["severity"] == "error"]
    assert result.returncode == (1 if errors else 0), result.stdout
    return document


def keys(document):
    return {(f["id"], f["severity"], f["status"], f["file"], f["line"]) for f in document["findings"]}


def listing(tree):
    """Every entry with its type, size, mode and modification time: what a write would change."""
    entries = []
    for directory, names, files in os.walk(tree):
        for name in names + files:
            path = os.path.join(directory, name)
            st = os.lstat(path)
            entries.append((path, st.st_mode, st.st_size, st.st_mtime_ns))
    return sorted(entries)


@pytest.mark.parametrize("profile", PROFILES)
def test_stock_image_has_no_error(image, profile):
    before = listing(image)
    document = check(image, profile)
    assert listing(image) == before, "check changed the tree"
    errors = [f for f in document["findings"] if f["severity"] == "error"]
    assert errors == [], errors
    facts = document["image"]
    assert facts["os"].startswith("Debian GNU/Linux 12")
    assert facts["initSystem"] == "systemd" and facts["networkFamily"] == "ifupdown"
    assert facts["cloudInit"].startswith("22.4")


def test_initramfs_agrees_with_lsinitramfs(image):
    """The stock initramfs (gzip) holds virtio_blk and nvme as the image's own lsinitramfs lists
    them, so check decides both items: no finding, not even unknown."""
    kernel = kernel_version(image)
    listed = run(["chroot", image, "lsinitramfs", f"/boot/initrd.img-{kernel}"]).stdout.split()
    for module in ("virtio_blk", "nvme"):
        assert any(os.path.basename(n).startswith(module + ".ko") for n in listed), module
    ids = {f["id"] for f in check(image)["findings"]}
    assert not ids & {"virtio.initramfs", "nvme.driver"}, ids


def write(tree, path, text):
    target = tree / path.lstrip("/")
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(text)


def replace_fstab_root(tree):
    text = (tree / "etc/fstab").read_text().replace(f"UUID={ROOT_UUID}", "/dev/sda2")
    write(tree, "etc/fstab", text)


def add_swap(tree):
    write(tree, "etc/fstab", (tree / "etc/fstab").read_text() + "UUID=5e2d9b1c-0a4f-4c3e-9d8b-7a6f5e4d3c2b none swap sw 0 0\n")


def refuse_root_login(tree):
    config = tree / "etc/ssh/sshd_config"
    config.write_text("PermitRootLogin no\n" + config.read_text())


def bake_host_keys(tree):
    # The image's own ssh-keygen, as a builder running it in the chroot would.
    run(["chroot", tree, "ssh-keygen", "-A"])


def kernel_version(tree):
    return sorted(p.name[len("vmlinuz-"):] for p in (tree / "boot").glob("vmlinuz-*"))[-1]


def drop_virtio_from_initramfs(tree):
    """The image's initramfs unpacked and packed again without virtio_blk, with the image's own
    unmkinitramfs, cpio and gzip: an initramfs built for a host that had no virtio disk."""
    kernel = kernel_version(tree)
    script = (f"set -e; rm -rf /tmp/initramfs; unmkinitramfs /boot/initrd.img-{kernel} /tmp/initramfs; "
              "cd /tmp/initramfs; [ -d main ] && cd main; "
              "test -n \"$(find . -name 'virtio_blk.ko*')\"; find . -name 'virtio_blk.ko*' -delete; "
              f"find . | cpio -o -H newc --quiet | gzip -9 > /boot/initrd.img-{kernel}; rm -rf /tmp/initramfs")
    run(["chroot", tree, "sh", "-c", script])


def uninstall(tree):
    run([BINARY, "uninstall", "--root", tree])


def every(severity):
    return {profile: severity for profile in PROFILES}


# id; its severity under each profile, written from IMAGE-CHECKS.md section 7 (None: the
# profile does not check the item, so the breakage changes nothing it reports); the change;
# and the paths it touches (restored afterwards).
BREAKAGES = [
    ("fstab.by-name", every("error"), replace_fstab_root, ["etc/fstab"]),
    ("fstab.swap", every("warning"), add_swap, ["etc/fstab"]),
    ("selinux", every("warning"),
     lambda t: write(t, "etc/selinux/config", "SELINUX=enforcing\nSELINUXTYPE=default\n"), ["etc/selinux"]),
    ("ssh.root", every("warning"), refuse_root_login, ["etc/ssh/sshd_config"]),
    ("ssh.hostkeys", every("warning"), bake_host_keys, ["etc/ssh"]),
    ("net.names", every("warning"),
     lambda t: write(t, "etc/udev/rules.d/70-persistent-net.rules",
                     'SUBSYSTEM=="net", ACTION=="add", DRIVERS=="?*", ATTR{address}=="52:54:00:12:34:56", '
                     'ATTR{type}=="1", KERNEL=="eth*", NAME="eth0"\n'),
     ["etc/udev/rules.d"]),
    ("virtio.initramfs", every("error"), drop_virtio_from_initramfs, ["boot"]),
    ("cloudinit.enabled", every("error"), lambda t: write(t, "etc/cloud/cloud-init.disabled", ""), ["etc/cloud"]),
    # Its units disabled by hand: Debian's cloud-init also ships init scripts, whose rc links
    # stay, but systemd skips a script that has a native unit (systemd-sysv-generator).
    ("cloudinit.enabled", every("error"),
     lambda t: run(["rm", "-r", t / "etc/systemd/system/cloud-init.target.wants"]),
     ["etc/systemd/system/cloud-init.target.wants"]),
    # The os.conf handler matters only where the cloud hands over os.conf: Customized Linux
    # and Tencent's forced import.
    ("custom.handler", {"ali-custom": "error", "ali": None, "tc": None, "tc-force": "error"}, uninstall, None),
]
# Every profile on the release build. The aarch64 binary, emulated here at about seven times
# the cost of each check, runs the default profile only: which severity a profile gives is
# the same code on both.
BREAKAGE_PROFILES = PROFILES if BINARY_MACHINE == EM_X86_64 else ["ali-custom"]


@pytest.mark.parametrize("item,severities,apply,paths", BREAKAGES,
                         ids=[f"{b[0]}-{i}" for i, b in enumerate(BREAKAGES)])
def test_breakage_reports_exactly_its_item(image, tmp_path, item, severities, apply, paths):
    stock = {profile: keys(check(image, profile)) for profile in BREAKAGE_PROFILES}
    saved = tmp_path / "saved"
    saved.mkdir()
    for path in paths or []:
        if (image / path).exists():
            run(["cp", "-a", "--parents", path, saved], cwd=image)
    try:
        apply(image)
        broken = {profile: keys(check(image, profile)) for profile in BREAKAGE_PROFILES}
    finally:
        for path in paths or []:
            run(["rm", "-rf", image / path])
            if (saved / path).exists():
                run(["cp", "-a", saved / path, image / path])
        if paths is None:
            run(install_command(image))
    assert keys(check(image)) == stock["ali-custom"], "the tree was not restored"
    for profile in BREAKAGE_PROFILES:
        added = broken[profile] - stock[profile]
        removed = stock[profile] - broken[profile]
        # A finding of the same item may be replaced by a more precise one (ssh.root:
        # OpenSSH's default, then the planted line); uninstall also takes away what was found
        # in osconf2seed's own files (its cloud.cfg.d drop-in lists NoCloud: a warning under
        # tc, where Tencent's cloud-init wants its own datasource, info under tc-force). No
        # other finding may change.
        assert all(k[0] == item or (item == "custom.handler" and "osconf2seed" in (k[3] or ""))
                   for k in removed), (profile, sorted(removed))
        severity = severities[profile]
        if severity is None:
            assert not added, (profile, sorted(added))
            continue
        assert added, f"{item} not reported under {profile}"
        assert {(k[0], k[1]) for k in added} == {(item, severity)}, (profile, sorted(added))


def test_check_inside_the_image_sees_what_check_from_outside_sees(image):
    """`check --root /` run in the image itself (a build chroot: the installed binary, the
    image's own files, links such as /etc/os-release -> ../usr/lib/os-release resolved at /):
    the same OS and the same findings as `check --root TREE` from outside, but for what is
    read with the host's tools (the initramfs: the chroot's PATH is the image's)."""
    outside = check(image)
    result = subprocess.run(["chroot", str(image), "/usr/sbin/osconf2seed", "check", "--root", "/", "--json"],
                            capture_output=True, text=True, env={"PATH": "/usr/sbin:/usr/bin:/sbin:/bin"})
    assert result.returncode in (0, 1), f"check in the chroot failed ({result.returncode}): {result.stderr}"
    inside = json.loads(result.stdout)
    assert inside["image"]["os"] == outside["image"]["os"] and inside["image"]["os"].startswith("Debian GNU/Linux 12")
    for fact in ("initSystem", "networkFamily", "cloudInit", "kernels", "bootMode"):
        assert inside["image"][fact] == outside["image"][fact], fact
    initramfs_items = {"virtio.initramfs", "nvme.driver"}
    assert ({k for k in keys(inside) if k[0] not in initramfs_items}
            == {k for k in keys(outside) if k[0] not in initramfs_items}), keys(inside) ^ keys(outside)


def test_immutable_shadow_is_shadow_writable(image):
    """`chattr +i /etc/shadow`, as a hardening script would: the cloud's password reset cannot
    replace the file, so shadow.writable is an error (read with FS_IOC_GETFLAGS, as lsattr
    reads it), and no other item changes. The copy is on the file system of the test's
    temporary directory, which must keep inode flags (ext4, xfs, btrfs; not every tmpfs):
    chattr fails loudly otherwise. The flag is always taken off again, so the copy can be
    removed."""
    stock = keys(check(image))
    shadow = image / "etc/shadow"
    run(["chattr", "+i", shadow])
    try:
        assert "i" in run(["lsattr", shadow]).stdout.split()[0], "chattr +i did not set the flag"
        broken = keys(check(image))
    finally:
        run(["chattr", "-i", shadow])
    assert keys(check(image)) == stock, "the tree was not restored"
    added = broken - stock
    assert added == {("shadow.writable", "error", "fail", "/etc/shadow", None)}, sorted(added)
    assert not stock - broken, sorted(stock - broken)
