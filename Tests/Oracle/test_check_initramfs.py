"""`osconf2seed check` reads an initramfs main archive compressed with gzip (itself), xz, zstd
or lz4 (the host's `xz -dc`, `zstd -dc`, `lz4 -dc`), and says which way it used. The fixture
initramfs images are made here as initramfs-tools and dracut make them: an uncompressed early
cpio archive, then the main cpio archive (GNU cpio, newc) through the real compressor (lz4 in
the legacy format, `-l`, the only one the kernel unpacks). Without the tool on PATH, or with a
damaged body, the item is "unknown" with the reason: never a silent pass. Where the host has
no decompressor for the body but has initramfs-tools' `lsinitramfs` (initramfs-tools-core),
check lists the image with it and says so; with neither, the item is unknown.
"""
import json
import os
import subprocess
from pathlib import Path

import pytest

from conftest import BINARY

KERNEL = "6.1.0-99-amd64"
MODULES = f"usr/lib/modules/{KERNEL}/kernel/drivers"
COMPRESSORS = {
    "gzip": (["gzip", "-9", "-n"], "gzip (built in)"),
    "xz": (["xz", "--check=crc32", "-z"], "xz -dc ("),
    "zstd": (["zstd", "-q", "-19"], "zstd -dc ("),
    "lz4": (["lz4", "-l", "-q"], "lz4 -dc ("),
}


def cpio(directory):
    names = subprocess.run(["find", "."], cwd=directory, capture_output=True, check=True).stdout
    return subprocess.run(["cpio", "-o", "-H", "newc", "--quiet"], cwd=directory, input=names,
                          capture_output=True, check=True).stdout


def make_tree(root, compressor, with_virtio=True):
    """A tree with one kernel whose virtio_blk, virtio_pci and nvme are modules, and its initramfs."""
    (root / "boot").mkdir(parents=True)
    (root / f"boot/vmlinuz-{KERNEL}").write_bytes(b"")
    (root / f"boot/config-{KERNEL}").write_text(
        "CONFIG_VIRTIO_BLK=m\nCONFIG_VIRTIO_NET=m\nCONFIG_VIRTIO_PCI=m\nCONFIG_BLK_DEV_NVME=m\n"
        "CONFIG_FW_CFG_SYSFS=y\n")
    modules = root / f"usr/lib/modules/{KERNEL}"
    modules.mkdir(parents=True)
    (modules / "modules.dep").write_text(
        "kernel/drivers/block/virtio_blk.ko:\nkernel/drivers/net/virtio_net.ko:\n"
        "kernel/drivers/virtio/virtio_pci.ko:\nkernel/drivers/nvme/host/nvme.ko:\n")
    early = root.parent / f"early-{root.name}"
    (early / "kernel/x86/microcode").mkdir(parents=True)
    (early / "kernel/x86/microcode/GenuineIntel.bin").write_bytes(b"\0" * 64)
    main = root.parent / f"main-{root.name}"
    (main / "usr/bin").mkdir(parents=True)
    (main / "init").write_text("#!/bin/sh\n")
    drivers = ["virtio/virtio_pci.ko", "nvme/host/nvme.ko"] + (["block/virtio_blk.ko"] if with_virtio else [])
    for driver in drivers:
        path = main / MODULES / driver
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(os.urandom(4096))
    body = subprocess.run(COMPRESSORS[compressor][0], input=cpio(main), capture_output=True, check=True).stdout
    image = root / f"boot/initrd.img-{KERNEL}"
    image.write_bytes(cpio(early) + body)
    return image


def check(root, path=None):
    env = dict(os.environ)
    if path is not None:
        env["PATH"] = str(path)
    result = subprocess.run([str(BINARY), "check", "--root", str(root), "--json"], capture_output=True,
                            text=True, env=env)
    assert result.returncode in (0, 1), result.stderr
    return json.loads(result.stdout)


def initramfs_findings(document):
    return [f for f in document["findings"] if f["id"] in ("virtio.initramfs", "nvme.driver")]


@pytest.mark.parametrize("compressor", sorted(COMPRESSORS))
def test_each_compression_is_read_and_the_way_reported(tmp_path, compressor):
    make_tree(tmp_path / "tree", compressor)
    document = check(tmp_path / "tree")
    assert initramfs_findings(document) == []
    (line,) = document["image"]["initramfs"]
    assert line.startswith(f"/boot/initrd.img-{KERNEL}: cpio, {COMPRESSORS[compressor][1]}"), line
    if compressor != "gzip":
        assert f"/{compressor} -dc" not in line and f"/{compressor})" in line, line


@pytest.mark.parametrize("compressor", sorted(COMPRESSORS))
def test_a_missing_module_is_found_behind_each_compression(tmp_path, compressor):
    make_tree(tmp_path / "tree", compressor, with_virtio=False)
    findings = initramfs_findings(check(tmp_path / "tree"))
    assert [(f["id"], f["severity"], f["status"]) for f in findings] == [("virtio.initramfs", "error", "fail")]
    assert "virtio_blk" in findings[0]["message"]


@pytest.mark.parametrize("compressor", ["xz", "zstd", "lz4"])
def test_without_the_tool_the_item_is_unknown(tmp_path, compressor):
    make_tree(tmp_path / "tree", compressor)
    empty = tmp_path / "bin"
    empty.mkdir()
    document = check(tmp_path / "tree", path=empty)
    statuses = {(f["id"], f["status"], f["severity"]) for f in initramfs_findings(document)}
    assert ("virtio.initramfs", "unknown", "warning") in statuses, document["findings"]
    message = next(f["message"] for f in initramfs_findings(document) if f["id"] == "virtio.initramfs")
    assert f"no {compressor}, no lsinitramfs and no lsinitrd" in message, message
    assert document["image"]["initramfs"] == [f"/boot/initrd.img-{KERNEL}: cpio, {compressor} not opened"]


@pytest.mark.parametrize("compressor", ["xz", "zstd", "lz4"])
def test_a_damaged_body_is_unknown_with_the_tool_error(tmp_path, compressor):
    image = make_tree(tmp_path / "tree", compressor)
    data = image.read_bytes()
    image.write_bytes(data[: len(data) - 2000])
    document = check(tmp_path / "tree")
    findings = initramfs_findings(document)
    assert findings and all(f["status"] == "unknown" and f["severity"] == "warning" for f in findings), findings
    assert f"{compressor} -dc" in findings[0]["message"] and "failed with status" in findings[0]["message"]


# What lsinitramfs runs (it calls unmkinitramfs, which runs these by name); it decompresses an
# xz body with `xzcat`, where check looks for `xz` itself.
LSINITRAMFS_TOOLS = ["lsinitramfs", "unmkinitramfs", "getopt", "dd", "grep", "mktemp", "rm", "mkdir", "cpio"]


def tool_directory(directory, names):
    """A PATH directory holding only `names`, each a link to the host's own program."""
    directory.mkdir()
    for name in names:
        found = subprocess.run(["sh", "-c", f"command -v {name}"], capture_output=True, text=True).stdout.strip()
        if not found:
            pytest.fail(f"{name} missing: install initramfs-tools-core, dracut-core, xz-utils, cpio (Tests/run.sh does)",
                        pytrace=False)
        (directory / name).symlink_to(found)
    return directory


# What dracut's lsinitrd runs for an xz image (traced with strace): it decompresses with
# `xzcat`, and works without `xz` itself.
LSINITRD_TOOLS = ["lsinitrd", "cpio", "du", "getopt", "mktemp", "rm", "sort", "uname", "cat"]


@pytest.mark.parametrize("lister,tools", [("lsinitramfs", LSINITRAMFS_TOOLS), ("lsinitrd", LSINITRD_TOOLS)],
                         ids=["lsinitramfs", "lsinitrd"])
@pytest.mark.parametrize("with_virtio", [True, False], ids=["present", "missing"])
def test_without_the_decompressor_a_lister_lists_the_image(tmp_path, with_virtio, lister, tools):
    """No `xz` on check's PATH, but initramfs-tools' lsinitramfs, or (a Fedora or RHEL build
    host) only dracut's lsinitrd, with what each runs (xzcat among it): check reads the image
    through that lister, names that way, and decides the items from its list, which holds the
    early archive's files too."""
    make_tree(tmp_path / "tree", "xz", with_virtio=with_virtio)
    path = tool_directory(tmp_path / "bin", tools + ["xzcat"])
    assert not (path / "xz").exists() and (lister == "lsinitramfs") == (path / "lsinitramfs").exists()
    document = check(tmp_path / "tree", path=path)
    (line,) = document["image"]["initramfs"]
    assert line == f"/boot/initrd.img-{KERNEL}: cpio, {lister} ({path}/{lister})", line
    findings = [(f["id"], f["severity"], f["status"]) for f in initramfs_findings(document)]
    if with_virtio:
        assert findings == [], document["findings"]
    else:
        assert findings == [("virtio.initramfs", "error", "fail")], document["findings"]
        assert "virtio_blk" in initramfs_findings(document)[0]["message"]


def test_with_neither_the_decompressor_nor_lsinitramfs_the_item_is_unknown(tmp_path):
    """lsinitramfs's helpers (and xzcat) on the PATH, but neither `xz` nor lsinitramfs: no way
    to open the xz body, so virtio.initramfs and nvme.driver are unknown, saying why."""
    make_tree(tmp_path / "tree", "xz")
    path = tool_directory(tmp_path / "bin", [t for t in LSINITRAMFS_TOOLS if t != "lsinitramfs"] + ["xzcat"])
    document = check(tmp_path / "tree", path=path)
    findings = initramfs_findings(document)
    assert {(f["id"], f["severity"], f["status"]) for f in findings} == {
        ("virtio.initramfs", "warning", "unknown"), ("nvme.driver", "warning", "unknown")}, findings
    for finding in findings:
        assert "this host has no xz, no lsinitramfs and no lsinitrd on its PATH" in finding["message"], \
            finding["message"]
    assert document["image"]["initramfs"] == [f"/boot/initrd.img-{KERNEL}: cpio, xz not opened"]

