"""`install --root` and `boot --root` on a real Debian 12 arm64 tree (issue 18, item 4).

The tree is the end-to-end suite's cached `arm64-cloud` tree (debootstrap --arch arm64
--foreign, its second stage run under qemu-user-static), copied. The x86_64 build
(OSCONF2SEED_X86_64) puts the aarch64 binary (OSCONF2SEED_AARCH64) into it with
`install --root --binary`, as an x86 host building an arm64 image does. Then the installed
aarch64 binary itself runs `boot --root` on the tree, through qemu-user-static's binfmt_misc
entry, against the tree's own cloud-init 22.4, ifupdown and /etc/shadow; cloud-init's NoCloud
datasource, crypt(3) and ifupdown's ifquery read what it wrote. The booted guest
(`arm64-vpc` in Tests/EndToEnd) runs the same binary at a real boot.

Both binaries are named by Tests/run.sh, which runs this file once, after the trees are built;
a missing binary or tree fails the test.
"""
import os
import shutil
import subprocess
import warnings
from pathlib import Path

import pytest
import yaml

from conftest import EM_AARCH64, FIXTURES, elf_machine, expected
from seed_reader import load_seed
from test_boot import address_lines, ifquery

with warnings.catch_warnings():
    warnings.simplefilter("ignore", DeprecationWarning)
    import crypt

CACHE = Path(os.environ.get("E2E_CACHE", "/var/cache/osconf2seed-e2e")) / "trees"
OS_CONF = "/boot-part/aliyun_custom_image/os.conf"


def binary(variable):
    path = os.environ.get(variable)
    assert path and os.access(path, os.X_OK), f"{variable} must name an executable: Tests/run.sh sets it"
    return path


@pytest.fixture
def arm64_tree(tmp_path):
    if os.geteuid() != 0:
        pytest.fail("test_arm64_tree.py runs as root (the tree's files belong to root)", pytrace=False)
    trees = [t for t in sorted(CACHE.glob("arm64-cloud-*")) if (t / ".e2e-complete").exists()]
    if not trees:
        pytest.fail(f"no finished 'arm64-cloud' tree in {CACHE}: build it with bash Tests/EndToEnd/run.sh --trees",
                    pytrace=False)
    tree = tmp_path / "tree"
    subprocess.run(["cp", "-a", "--reflink=auto", str(trees[-1]), str(tree)], check=True)
    return tree


@pytest.mark.parametrize("name", ["classic", "vpc"])
def test_install_and_boot_on_an_arm64_tree(arm64_tree, tmp_path, name):
    aarch64 = binary("OSCONF2SEED_AARCH64")
    assert elf_machine(aarch64) == EM_AARCH64, f"OSCONF2SEED_AARCH64={aarch64} is no aarch64 binary"
    # The tree's own /bin/sh is an aarch64 program: `install` must refuse the x86_64 build
    # and take the aarch64 one given with --binary.
    refused = subprocess.run([binary("OSCONF2SEED_X86_64"), "install", "--root", str(arm64_tree)],
                             capture_output=True, text=True)
    assert refused.returncode == 65 and "--binary" in refused.stderr, refused.stderr
    installed = subprocess.run([binary("OSCONF2SEED_X86_64"), "install", "--root", str(arm64_tree),
                                "--binary", aarch64], capture_output=True, text=True)
    assert installed.returncode == 0, installed.stderr
    program = arm64_tree / "usr/sbin/osconf2seed"
    assert program.read_bytes() == Path(aarch64).read_bytes()

    conf = arm64_tree / OS_CONF.lstrip("/")
    conf.parent.mkdir(parents=True)
    shutil.copy(FIXTURES / f"{name}.conf", conf)
    result = subprocess.run([str(program), "boot", "--root", str(arm64_tree), "--os-conf", OS_CONF],
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert not conf.exists(), "os.conf is removed after success"

    want = expected(name)
    seed = arm64_tree / "var/lib/cloud/seed/nocloud"
    datasource = load_seed(seed, tmp_path / "ci")
    assert datasource.get_hostname().hostname == want["hostname"]
    hashed = yaml.safe_load((seed / "user-data").read_text())["chpasswd"]["users"][0]["password"]
    assert crypt.crypt(want["password"], hashed) == hashed
    for nic, facts in want["interfaces"].items():
        stanza = ifquery(arm64_tree, nic)
        for line in address_lines(facts["address"]):
            assert line in stanza, (nic, stanza)
        for destination, via in facts["routes"]:
            assert f"ip route replace {destination} via {via} dev $IFACE" in stanza, (nic, stanza)
