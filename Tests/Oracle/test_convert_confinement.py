"""`convert --output DIR` on an image tree that holds hostile links: the real binary, run as
root, writes every file inside DIR. Each link is resolved inside DIR as if DIR were `/` (the
rule of openat2's RESOLVE_IN_ROOT, as for `install --root`), so the file lands on DIR's own
path of the link's target, and nothing outside DIR is created or changed.
"""
import os
import subprocess

import pytest

from conftest import BINARY, ROOT

EXAMPLE = ROOT / "contrib" / "examples" / "classic.conf"
NETPLAN = "50-osconf2seed.yaml"

# (link inside DIR, its target; OUTSIDE stands for the host path of a directory beside DIR),
# and where the netplan file must land, relative to DIR.
CASES = {
    "etc-absolute-host-path": ("etc", "OUTSIDE", "OUTSIDE/netplan"),
    "netplan-absolute-host-path": ("etc/netplan", "OUTSIDE", "OUTSIDE"),
    "netplan-absolute": ("etc/netplan", "/outside", "outside"),
    "netplan-relative-climbing": ("etc/netplan", "../../../outside", "outside"),
    "etc-dot-dot-chain": ("etc", "usr/../../../../outside/.", "outside/netplan"),
}


@pytest.mark.parametrize("case", CASES.values(), ids=CASES.keys())
def test_links_inside_the_output_root_stay_inside(tmp_path, case):
    assert os.geteuid() == 0, "run as root, as image builders do"
    link, target, landing = case
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "keep").write_text("host file\n")
    root = tmp_path / "image"
    (root / "usr").mkdir(parents=True)
    target = target.replace("OUTSIDE", str(outside))
    landing = landing.replace("OUTSIDE", str(outside).lstrip("/"))
    (root / landing).mkdir(parents=True, exist_ok=True)
    (root / link).parent.mkdir(parents=True, exist_ok=True)
    os.symlink(target, root / link)
    before = sorted(p.relative_to(tmp_path) for p in outside.rglob("*"))

    result = subprocess.run(
        [str(BINARY), "convert", "--format", "netplan", "--output", str(root), str(EXAMPLE)],
        capture_output=True, text=True)

    assert result.returncode == 0, result.stderr
    assert sorted(p.relative_to(tmp_path) for p in outside.rglob("*")) == before
    assert (outside / "keep").read_text() == "host file\n"
    assert "ethernets" in (root / landing / NETPLAN).read_text()


def test_unconfined_output_directory_is_created(tmp_path):
    # The output directory itself is the caller's path: created when missing, as before.
    out = tmp_path / "a" / "b"
    result = subprocess.run(
        [str(BINARY), "convert", "--format", "netplan", "--output", str(out), str(EXAMPLE)],
        capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert (out / "etc" / "netplan" / NETPLAN).is_file()
