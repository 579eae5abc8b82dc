"""`osconf2seed install --root` checked by the programs that read what it installs:
systemd-analyze (the unit, its ordering against cloud-init-local, no cycle) and cloud-init's
ds-identify (the datasource drop-in enables NoCloud on a first boot with no seed yet)."""
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from conftest import BINARY, BINARY_MACHINE, IMAGE_SHELL, fake_cloud_init, run

DS_IDENTIFY = Path("/usr/lib/cloud-init/ds-identify")
UNITS = Path("/lib/systemd/system")


def debian_tree(tmp_path, cloud_init=True):
    """An image tree with Debian's systemd units (from the systemd and cloud-init packages
    installed here), ifupdown with iproute2 and, optionally, cloud-init."""
    root = tmp_path / "root"
    (root / "lib/systemd").mkdir(parents=True)
    shutil.copytree(UNITS, root / "lib/systemd/system", symlinks=True)
    if not cloud_init:
        for unit in (root / "lib/systemd/system").glob("cloud-*"):
            unit.unlink()
    # A merged /usr, as Debian 12 has it: install reads the image's processor from /bin/sh,
    # through /bin -> usr/bin and sh -> dash, resolved inside the tree; the image is of the
    # processor of the binary under test.
    (root / "usr/bin").mkdir(parents=True)
    shutil.copy(IMAGE_SHELL[BINARY_MACHINE], root / "usr/bin/dash")
    os.symlink("dash", root / "usr/bin/sh")
    os.symlink("usr/bin", root / "bin")
    (root / "sbin").mkdir()
    os.symlink("/lib/systemd/systemd", root / "sbin/init")
    (root / "sbin/ip").write_text("")
    (root / "sbin/ip").chmod(0o755)
    (root / "etc/network").mkdir(parents=True)
    (root / "etc/network/interfaces").write_text("source /etc/network/interfaces.d/*\n")
    (root / "etc/shadow").write_text("root:*:19000:0:99999:7:::\n")
    (root / "etc/hostname").write_text("debian\n")
    if cloud_init:
        fake_cloud_init(root)
    return root


def snapshot(root):
    return sorted(str(p.relative_to(root)) for p in root.rglob("*"))


def verify(root, *units):
    result = subprocess.run(["systemd-analyze", "verify", f"--root={root}", *units], capture_output=True, text=True)
    return result.returncode, (result.stdout + result.stderr).strip()


@pytest.mark.parametrize("cloud_init", [True, False], ids=["cloud-init", "direct"])
def test_systemd_unit_verifies_and_orders_before_cloud_init(cloud_init, tmp_path):
    root = debian_tree(tmp_path, cloud_init)
    before = snapshot(root)
    run([BINARY, "install", "--root", root])
    assert (root / "usr/sbin/osconf2seed").stat().st_mode & 0o777 == 0o755
    unit = root / "etc/systemd/system/osconf2seed.service"
    link = root / "etc/systemd/system/sysinit.target.wants/osconf2seed.service"
    assert link.is_symlink() and os.readlink(link).endswith("/osconf2seed.service")
    units = ["osconf2seed.service"] + (["cloud-init-local.service"] if cloud_init else [])
    status, output = verify(root, *units)
    assert status == 0 and output == "", output
    text = unit.read_text()
    before_line = next(line for line in text.splitlines() if line.startswith("Before="))
    assert "cloud-init-local.service" in before_line and "network-pre.target" in before_line

    # The check can fail: with the default dependencies the same unit is an ordering cycle.
    unit.write_text(text.replace("DefaultDependencies=no", "DefaultDependencies=yes"))
    if cloud_init:
        status, output = verify(root, *units)
        assert status != 0 and "ordering cycle" in output
    unit.write_text(text)

    run([BINARY, "uninstall", "--root", root])
    assert snapshot(root) == before, "uninstall leaves the tree as it was"


def test_systemd_unit_wants_the_fstab_mounts_by_their_unit_names(tmp_path):
    """The unit wants and orders after the mount units of fstab's local mounts besides /, named
    as systemd-escape names them, and systemd-analyze accepts it."""
    root = debian_tree(tmp_path)
    mounts = ["/boot", "/boot/efi", "/srv/my-data", "/var/lib/.hidden", "/mnt/my disk\tb\\s"]
    # fstab(5) writes space, tab and backslash in a mount point as \040, \011 and \134.
    def fstab_field(path):
        return path.replace("\\", "\\134").replace(" ", "\\040").replace("\t", "\\011")
    fstab = "UUID=1 / ext4 defaults 0 1\n" + "".join(f"UUID=x {fstab_field(m)} vfat defaults 0 2\n" for m in mounts)
    # Not mounted at boot (noauto), or not waited for (nofail): no dependency.
    fstab += "UUID=2 /mnt/later ext4 noauto 0 2\nUUID=3 /mnt/spare xfs defaults,nofail 0 2\n"
    fstab += "proc /proc proc defaults 0 0\n"
    (root / "etc/fstab").write_text(fstab)
    run([BINARY, "install", "--root", root])
    escaped = subprocess.run(
        ["systemd-escape", "--path", "--suffix=mount", *mounts], capture_output=True, text=True, check=True
    ).stdout.split()
    lines = (root / "etc/systemd/system/osconf2seed.service").read_text().splitlines()
    assert f"Wants={' '.join(escaped)}" in lines and f"After={' '.join(escaped)}" in lines, lines
    assert not any(line.startswith("RequiresMountsFor=") for line in lines)
    status, output = verify(root, "osconf2seed.service")
    assert status == 0 and output == "", output


def identify(root):
    """The real ds-identify on the tree, as on a first boot with no seed yet: its result (0:
    cloud-init enabled) and the configuration it writes for cloud-init."""
    for sub in ["run", "sys/class/dmi/id", "proc"]:
        (root / sub).mkdir(parents=True, exist_ok=True)
    shutil.rmtree(root / "run/cloud-init", ignore_errors=True)
    subprocess.run([DS_IDENTIFY, "--force"], env={**os.environ, "PATH_ROOT": str(root)}, capture_output=True)
    result = (root / "run/cloud-init/.ds-identify.result").read_text().strip()
    config = (root / "run/cloud-init/cloud.cfg").read_text() if (root / "run/cloud-init/cloud.cfg").exists() else ""
    return result, config


def test_ds_identify_enables_nocloud_on_first_boot(tmp_path):
    """ds-identify runs before osconf2seed has written any seed; only the drop-in makes it
    enable cloud-init. Without the drop-in it disables cloud-init (the check can fail)."""
    root = debian_tree(tmp_path)
    assert identify(root)[0] != "0", "without the drop-in ds-identify does not enable cloud-init here"
    run([BINARY, "install", "--root", root])
    assert (root / "etc/cloud/cloud.cfg.d/99_osconf2seed.cfg").is_file()
    result, config = identify(root)
    assert result == "0"
    assert "datasource_list: [ NoCloud, None ]" in config


def test_ds_identify_reads_the_drop_in_after_90_dpkg(tmp_path):
    """Ubuntu's 90_dpkg.cfg sets a datasource_list; ds-identify keeps the last one it reads.
    An earlier version's 05-osconf2seed.cfg lost to it and cloud-init was disabled (the
    check can fail); after a re-install the drop-in sorts last, the old one is gone, and
    ds-identify enables NoCloud."""
    root = debian_tree(tmp_path)
    drop_ins = root / "etc/cloud/cloud.cfg.d"
    (drop_ins / "90_dpkg.cfg").write_text(
        "# to update this file, run dpkg-reconfigure cloud-init\n"
        "datasource_list: [ NoCloud, ConfigDrive, OpenStack, AliYun, Ec2, None ]\n")
    (drop_ins / "05-osconf2seed.cfg").write_text("datasource_list: [ NoCloud, None ]\n")
    (root / "var/lib/osconf2seed").mkdir(parents=True)
    (root / "var/lib/osconf2seed/installed").write_text("file etc/cloud/cloud.cfg.d/05-osconf2seed.cfg\n")
    result, config = identify(root)
    assert result != "0" and "datasource_list: [ NoCloud, None ]" not in config, "the old name loses"

    installed = subprocess.run([BINARY, "install", "--root", root], capture_output=True, text=True)
    assert installed.returncode == 0 and installed.stderr == "", installed.stderr
    assert sorted(p.name for p in drop_ins.iterdir()) == ["90_dpkg.cfg", "99_osconf2seed.cfg"]
    result, config = identify(root)
    assert result == "0"
    assert "datasource_list: [ NoCloud, None ]" in config
