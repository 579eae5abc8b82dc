"""`osconf2seed check --image` on real disk images made here with Debian's tools: the end-to-end
suite's cached Debian 12 tree (prepared and with osconf2seed installed, as test_check.py does)
put into an ext4 file system with `mkfs.ext4 -d`, on a 20 GiB sparse disk partitioned by
`sfdisk` (MBR) or `sgdisk` (GPT), partition 1 a small ext4 (the Customized Linux first
partition), partition 2 the root, GRUB's boot.img in the MBR (what grub-install writes there).
blkid is the oracle for what check reads from the superblocks.

- the stock MBR disk passes ali-custom with no error, is mounted (root-tree items run on it,
  fstab and root= UUIDs resolve), and is not written;
- the same disk on GPT under tc: exactly disk.partition-table added, as an error; and so on a
  GPT laid out for 4096-byte logical sectors (sgdisk on a 4096-byte-sector loop device), whose
  partitions are found where blkid finds them;
- partition 1 made xfs (mkfs.xfs, xfsprogs): exactly disk.first-partition, an error;
- a qcow2 (qemu-img) is refused with the `qemu-img convert -O raw` command, which works;
- run as an unprivileged user: nothing is mounted, disk.mount lists the items skipped, and
  the exit status is 77 (not a pass);
- the binary copied under another name mounts the disk as well (it runs itself again in its
  private mount namespace, whatever its file is called).

No e2e raw disk is cached (the suite keeps trees), so the disk is built from the cached tree.
"""
import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from conftest import BINARY
from test_check import P1_UUID, ROOT_UUID, image, run  # noqa: F401 (image: the prepared tree fixture)

GRUB_BOOT_IMG = Path("/usr/lib/grub/i386-pc/boot.img")
P1_START, P1_SECTORS = 2048, 655360  # 1 MiB, 320 MiB (mkfs.xfs needs 300 MB)
P2_START = P1_START + P1_SECTORS     # 321 MiB
DISK_SIZE = "20G"


@pytest.fixture(scope="module")
def filesystems(image, tmp_path_factory):  # noqa: F811
    """The root file system made from the prepared tree, and partition 1's, as image files."""
    if not GRUB_BOOT_IMG.exists():
        pytest.fail(f"{GRUB_BOOT_IMG} missing: install grub-pc-bin (Tests/run.sh does)", pytrace=False)
    work = tmp_path_factory.mktemp("disks")
    root = work / "root.ext4"
    run(["mkfs.ext4", "-q", "-F", "-U", ROOT_UUID, "-L", "root", "-d", image, root, "2G"])
    p1 = work / "p1.ext4"
    run(["mkfs.ext4", "-q", "-F", "-U", P1_UUID, p1, "320M"])
    return work, root, p1


def make_disk(filesystems, name, label="dos"):
    work, root, p1 = filesystems
    disk = work / name
    disk.unlink(missing_ok=True)
    run(["truncate", "-s", DISK_SIZE, disk])
    if label == "dos":
        subprocess.run(["sfdisk", "-q", str(disk)], check=True, text=True,
                       input=f"label: dos\nstart={P1_START}, size={P1_SECTORS}, type=83\nstart={P2_START}, type=83\n")
    elif label == "gpt":
        run(["sgdisk", "-o", "-n", f"1:{P1_START}:{P2_START - 1}", "-t", "1:8300", "-n", f"2:{P2_START}:0",
             "-t", "2:8300", disk])
    else:
        # "gpt4k": sgdisk lays the GPT out for the logical sector size the device reports, so
        # it partitions a loop device of 4096-byte sectors over the file; the same byte
        # offsets as the other disks, in 4096-byte LBAs.
        loop = run(["losetup", "--sector-size", "4096", "-f", "--show", disk]).stdout.strip()
        try:
            assert run(["blockdev", "--getss", loop]).stdout.strip() == "4096"
            run(["sgdisk", "-o", "-n", f"1:{P1_START // 8}:{P2_START // 8 - 1}", "-t", "1:8300",
                 "-n", f"2:{P2_START // 8}:0", "-t", "2:8300", loop])
        finally:
            run(["losetup", "-d", loop])
        with open(disk, "rb") as raw:
            head = raw.read(4104)
        assert head[4096:4104] == b"EFI PART" and head[512:520] != b"EFI PART", "not a 4096-byte-sector GPT"
    run(["dd", f"if={GRUB_BOOT_IMG}", f"of={disk}", "bs=440", "count=1", "conv=notrunc", "status=none"])
    for source, start in ((p1, P1_START), (root, P2_START)):
        run(["dd", f"if={source}", f"of={disk}", "bs=512", f"seek={start}", "conv=notrunc,sparse", "status=none",
             "iflag=fullblock", "obs=1M"])
    return disk


def check(disk, profile="ali-custom", user=None, program=BINARY):
    argv = [str(program), "check", "--image", str(disk), "--profile", profile, "--json"]
    if user is not None:
        argv = ["setpriv", f"--reuid={user}", f"--regid={user}", "--clear-groups"] + argv
    result = subprocess.run(argv, capture_output=True, text=True)
    assert result.returncode in (0, 1, 77), f"check failed ({result.returncode}): {result.stderr}"
    document = json.loads(result.stdout)
    errors = [f for f in document["findings"] if f["severity"] == "error"]
    # 77: no error found, but the root-tree items were skipped (disk.mount): not a pass.
    skipped = any(f["id"] == "disk.mount" for f in document["findings"])
    assert result.returncode == (1 if errors else 77 if skipped else 0), result.stdout
    return document


def keys(document):
    return {(f["id"], f["severity"], f["status"], f["file"], f["line"]) for f in document["findings"]}


def blkid(disk, start):
    out = run(["blkid", "-p", "-o", "export", "-O", str(start * 512), disk]).stdout
    return dict(line.split("=", 1) for line in out.split())


@pytest.fixture(scope="module")
def stock(filesystems):
    return make_disk(filesystems, "stock.raw")


@pytest.fixture(scope="module")
def stock_keys(stock):
    """The stock disk's findings per profile, checked once (each check reads the initramfs)."""
    cache = {}

    def get(profile, document=None):
        if profile not in cache:
            cache[profile] = keys(document or check(stock, profile))
        return cache[profile]
    return get


def test_stock_disk_passes_ali_custom_and_is_not_written(stock, stock_keys):
    before = os.stat(stock)
    document = check(stock)
    stock_keys("ali-custom", document)  # kept for the breakages below
    after = os.stat(stock)
    assert (before.st_mtime_ns, before.st_ctime_ns, before.st_size) == (after.st_mtime_ns, after.st_ctime_ns,
                                                                         after.st_size), "check wrote the image"
    errors = [f for f in document["findings"] if f["severity"] == "error"]
    assert errors == [], errors
    facts = document["image"]
    # Mounted: the root-tree facts come from the image's own root file system.
    assert facts["os"].startswith("Debian GNU/Linux 12"), facts
    assert facts["initSystem"] == "systemd" and facts["cloudInit"].startswith("22.4")
    ids = {f["id"] for f in document["findings"]}
    assert not ids & {"disk.mount", "disk.uuid", "disk.root", "disk.bootloader", "custom.dir"}, document["findings"]
    # What check read from the superblocks is what blkid reads.
    assert facts["disk"][0] == "raw, 20 GiB, mbr, 512-byte sectors, MBR boot code grub"
    for line, start in zip(facts["disk"][1:], (P1_START, P2_START)):
        probe = blkid(stock, start)
        assert f"{probe['TYPE']} UUID={probe['UUID']}" in line, (line, probe)
    # mkfs.ext4's default 64bit feature: a warning for Alibaba, never an error.
    features = [f for f in document["findings"] if f["id"] == "disk.ext4-features"]
    assert features and all(f["severity"] == "warning" for f in features)
    # Nothing stays mounted or attached.
    assert str(stock) not in run(["losetup", "-a"]).stdout
    assert "osconf2seed-check" not in Path("/proc/self/mounts").read_text()


def test_a_binary_of_another_name_mounts_the_disk_too(stock, stock_keys, tmp_path):
    """check runs itself again in a private mount namespace whatever its file is called: a
    versioned or per-architecture name (the test command's own copies are osconf2seed-x86_64
    and osconf2seed-aarch64) must mount the image as the plain name does."""
    renamed = tmp_path / "osconf2seed-1.0"
    shutil.copy2(BINARY, renamed)
    document = check(stock, program=renamed)
    assert (document["image"]["os"] or "").startswith("Debian GNU/Linux 12"), document["image"]
    assert keys(document) == stock_keys("ali-custom"), keys(document) ^ stock_keys("ali-custom")


def test_gpt_disk_under_tc_adds_exactly_the_partition_table_error(filesystems, stock_keys):
    gpt = make_disk(filesystems, "gpt.raw", label="gpt")
    found = keys(check(gpt, "tc"))
    assert found - stock_keys("tc") == {("disk.partition-table", "error", "fail", None, None)}, found
    assert stock_keys("tc") - found == set(), stock_keys("tc") - found


def test_4k_sector_gpt_disk_is_read_in_4096_byte_sectors(filesystems, stock_keys):
    """The GPT disk laid out for 4096-byte logical sectors (header at byte 4096, as on a 4Kn
    disk): check finds the partitions where blkid finds the file systems, mounts the root,
    and under tc adds exactly disk.partition-table, as for a 512-byte-sector GPT."""
    disk = make_disk(filesystems, "gpt4k.raw", label="gpt4k")
    document = check(disk, "tc")
    facts = document["image"]
    assert facts["disk"][0].startswith("raw, 20 GiB, gpt, 4096-byte sectors"), facts["disk"]
    assert len(facts["disk"]) == 3, facts["disk"]
    for line, start in zip(facts["disk"][1:], (P1_START, P2_START)):
        probe = blkid(disk, start)
        assert f"{probe['TYPE']} UUID={probe['UUID']}" in line, (line, probe)
    assert facts["os"].startswith("Debian GNU/Linux 12"), facts
    found = keys(document)
    assert found - stock_keys("tc") == {("disk.partition-table", "error", "fail", None, None)}, found
    assert stock_keys("tc") - found == set(), stock_keys("tc") - found


def test_first_partition_made_xfs_is_an_error_for_customized_linux(filesystems, stock_keys):
    disk = make_disk(filesystems, "xfs.raw")
    work = filesystems[0]
    xfs = work / "p1.xfs"
    xfs.unlink(missing_ok=True)
    run(["truncate", "-s", "320M", xfs])
    # Same UUID, so fstab's /boot/osconf still resolves: only the type changes.
    run(["mkfs.xfs", "-q", "-f", "-m", f"uuid={P1_UUID}", xfs])
    run(["dd", f"if={xfs}", f"of={disk}", "bs=512", f"seek={P1_START}", "conv=notrunc", "status=none"])
    assert blkid(disk, P1_START)["TYPE"] == "xfs"
    found = keys(check(disk))
    assert found - stock_keys("ali-custom") == {("disk.first-partition", "error", "fail", None, None)}, found
    assert stock_keys("ali-custom") - found == set(), stock_keys("ali-custom") - found


def test_qcow2_is_refused_with_the_qemu_img_command(stock, tmp_path):
    small = tmp_path / "small.raw"
    run(["truncate", "-s", "64M", small])
    subprocess.run(["sfdisk", "-q", str(small)], check=True, text=True, input="label: dos\nstart=2048, type=83\n")
    qcow2 = tmp_path / "small.qcow2"
    run(["qemu-img", "convert", "-f", "raw", "-O", "qcow2", small, qcow2])
    document = check(qcow2)
    assert [(f["id"], f["severity"]) for f in document["findings"]] == [("disk.format", "error")]
    fix = document["findings"][0]["fix"]
    command = f"qemu-img convert -O raw {qcow2} {small}"
    assert fix.startswith(command + ", then check --image"), fix
    # The command as given makes a raw disk that check reads.
    small.unlink()
    run(command.split())
    assert check(small)["image"]["disk"][0].startswith("raw, 64 MiB, mbr")


def test_unprivileged_check_says_which_items_it_skipped(filesystems, stock):
    for directory in (stock.parent, *stock.parents):
        if directory == Path("/"):
            break
        os.chmod(directory, os.stat(directory).st_mode | 0o005)
    os.chmod(stock, 0o644)
    document = check(stock, user=65534)
    assert not [f for f in document["findings"] if f["severity"] == "error"], "the stock disk has no error"
    # ... so the status is 77 (check asserts it from disk.mount), never 0: most items did not run.
    mount = [f for f in document["findings"] if f["id"] == "disk.mount"]
    assert [(f["severity"], f["status"]) for f in mount] == [("warning", "unknown")], document["findings"]
    for item in ("virtio.initramfs", "fstab.by-name", "ssh.root", "custom.handler", "disk.uuid"):
        assert item in mount[0]["message"], mount[0]["message"]
    assert "not run as root" in mount[0]["message"] or "does not run as root" in mount[0]["message"]
    assert document["image"]["os"] is None
