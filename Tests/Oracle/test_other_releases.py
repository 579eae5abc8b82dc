"""The same seeds read by other cloud-init releases from Debian's archive: 20.4 (bullseye) and
25.1 (trixie), unpacked by fetch-cloud-init.sh (run by Tests/run.sh) and run from their own
tree under Debian's Python, so the compatibility table in the README is checked, not assumed.
"""
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from conftest import FIXTURE_NAMES, convert, expected

CACHE = Path(os.environ.get("OSCONF2SEED_ORACLE_CACHE", "/var/cache/osconf2seed-oracle"))
RELEASES = {"20.4": "bullseye", "25.1": "trixie"}
HERE = Path(__file__).resolve().parent


def release_env(version):
    tree = CACHE / RELEASES[version] / "usr/lib/python3/dist-packages"
    if not (tree / "cloudinit" / "version.py").is_file():
        pytest.fail(f"cloud-init {version} is not unpacked under {tree}; run Tests/Oracle/fetch-cloud-init.sh")
    text = (tree / "cloudinit" / "version.py").read_text()
    assert f'__VERSION__ = "{version}' in text, "the unpacked tree is the release it claims to be"
    return {**os.environ, "PYTHONPATH": str(tree)}


def release_run(version, argv):
    result = subprocess.run([sys.executable] + argv, env=release_env(version), capture_output=True, text=True)
    assert result.returncode == 0, f"cloud-init {version}: {argv}\n{result.stdout}\n{result.stderr}"
    return result


@pytest.mark.parametrize("version", RELEASES)
@pytest.mark.parametrize("name", FIXTURE_NAMES)
@pytest.mark.parametrize("args", [[], ["--network-config-version", "1"]], ids=["v2", "v1"])
def test_datasource(version, name, args, tmp_path):
    want = expected(name)
    seed = convert(name, tmp_path / "seed", *args)
    seen = json.loads(release_run(version, [str(HERE / "seed_reader.py"), str(seed)]).stdout.splitlines()[-1])
    assert seen["hostname"] == want["hostname"]
    assert seen["interfaces"] == want["interfaces"]
    assert seen["defaults"] == [want["default_route"]]
    assert seen["dns"] == want["dns"]


@pytest.mark.parametrize("name", ["classic", "tencent"])
@pytest.mark.parametrize("version,form", [("20.4", None), ("20.4", "20.4"), ("25.1", None), ("25.1", "25.1")])
def test_user_data_schema(name, version, form, tmp_path):
    """The default form and the form for the release itself are valid cloud-config there."""
    args = ["--cloud-init-version", form] if form else []
    user_data = convert(name, tmp_path / "seed", *args) / "user-data"
    command = ["devel", "schema"] if version == "20.4" else ["schema"]
    result = release_run(version, ["-m", "cloudinit.cmd.main", *command, "--config-file", str(user_data)])
    assert "Valid cloud-config" in result.stdout or "Valid schema" in result.stdout  # 25.1 says the latter
    config = yaml.safe_load(user_data.read_text())
    if version == "20.4":
        # 20.4 ignores chpasswd.users: only `list` can set the password there.
        assert any(entry.startswith("root:$6$") for entry in config["chpasswd"]["list"])


RENDERERS = {"20.4": [("eni", "debian"), ("netplan", "ubuntu"), ("sysconfig", "rhel")],
             "25.1": [("eni", "debian"), ("netplan", "ubuntu"), ("sysconfig", "rhel"), ("networkd", "debian"),
                      ("network-manager", "debian")]}


@pytest.mark.parametrize("version", RELEASES)
@pytest.mark.parametrize("name", FIXTURE_NAMES)
def test_renderers(version, name, tmp_path):
    seed = convert(name, tmp_path / "seed")
    for renderer, distro in RENDERERS[version]:
        out = tmp_path / renderer
        release_run(version, ["-m", "cloudinit.cmd.main", "devel", "net-convert", "-p", str(seed / "network-config"),
                              "-k", "yaml", "-D", distro, "-O", renderer, "-d", str(out)])
        assert any(p.is_file() for p in out.rglob("*")), f"{renderer} rendered nothing"
    nic, gateway = expected(name)["default_route"]
    interfaces = (tmp_path / "eni" / "etc/network/interfaces.d/50-cloud-init").read_text()
    assert f"    gateway {gateway}\n" in interfaces.split(f"iface {nic} inet static", 1)[1]
