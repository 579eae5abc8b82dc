"""Seeds for cloud-init before 0.7.7, and password hashes of every scheme, checked against the
code that reads them.

- The meta-data `network-interfaces` text (`--cloud-init-version 0.7.5`) is read by PyYAML to
  the text itself, parsed by ifupdown's own parser (`ifquery`), and read by the NoCloud
  datasource of 20.4, 22.4 and 25.1 (which turn it into the same network, without routes).
- 0.7.5's own code cannot be had at test time (no archive or registry this suite reaches
  serves it); it was read while writing the seed, and the README says what it applies.
- The password: 20.4, 22.4 and 25.1 apply each seed form (default and their own) with their
  own cc_set_passwords and runcmd, system calls recorded (password_recorder.py): the hash
  reaches `chpasswd -e` or `usermod -p` exactly, and never plain `chpasswd`.
"""
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from conftest import FIXTURE_NAMES, FIXTURES, convert, expected
from test_other_releases import RELEASES, release_env

HERE = Path(__file__).resolve().parent
ALL_RELEASES = ["22.4", *RELEASES]


def run_release(version, argv):
    env = os.environ.copy() if version == "22.4" else release_env(version)
    python = "/usr/bin/python3" if version == "22.4" else sys.executable
    result = subprocess.run([python, *argv], env=env, capture_output=True, text=True)
    assert result.returncode == 0, f"cloud-init {version}: {argv}\n{result.stdout}\n{result.stderr}"
    return json.loads(result.stdout.splitlines()[-1])


def legacy_seed(name, tmp_path):
    seed = convert(name, tmp_path / "seed", "--cloud-init-version", "0.7.5")
    assert sorted(p.name for p in seed.iterdir()) == ["meta-data", "user-data"], "0.7.5 reads no network-config"
    return seed


def interfaces_text(seed):
    meta = yaml.safe_load((seed / "meta-data").read_text())
    text = meta["network-interfaces"]
    assert isinstance(text, str) and text.endswith("\n") and "\\n" not in text
    return text


def nics(name):
    """The fixture's expected NICs, default route and name servers."""
    want = expected(name)
    return want["interfaces"], want["default_route"], want["dns"]


@pytest.mark.parametrize("name", FIXTURE_NAMES)
def test_ifupdown_parses_it(name, tmp_path):
    path = tmp_path / "interfaces"
    path.write_text(interfaces_text(legacy_seed(name, tmp_path)))
    interfaces, (default_nic, gateway), dns = nics(name)
    state = ["--state-dir", str(tmp_path / "state")]
    listed = subprocess.run(["ifquery", *state, "-i", str(path), "--list", "-a"], capture_output=True, text=True)
    assert listed.returncode == 0, listed.stderr
    assert listed.stdout.split() == ["lo", *interfaces]
    servers = []
    for nic, info in interfaces.items():
        shown = subprocess.run(["ifquery", *state, "-i", str(path), nic], capture_output=True, text=True)
        assert shown.returncode == 0, shown.stderr
        options = dict(line.split(": ", 1) for line in shown.stdout.splitlines())
        options.pop("broadcast", None)  # ifupdown derives it from address and netmask
        address, prefix = info["address"].split("/")
        netmask = ".".join(str((0xFFFFFFFF << (32 - int(prefix)) >> (24 - 8 * i)) & 0xFF) for i in range(4))
        want = {"address": address, "netmask": netmask, "hwaddress": info["mac"]}  # `ether` is dropped
        if nic == default_nic:
            want |= {"gateway": gateway}
        # Name servers go per link (the NIC that reaches each); 0.7.5 gathers them into one
        # resolv.conf, so together they must be the fixture's, each once.
        servers += options.pop("dns-nameservers", "").split()
        assert options == want, nic
    assert sorted(servers) == sorted(dns)


@pytest.mark.parametrize("version", ALL_RELEASES)
@pytest.mark.parametrize("name", FIXTURE_NAMES)
def test_later_datasources_read_it(version, name, tmp_path):
    """A later cloud-init given the 0.7.5 seed (an upgraded image) reads the same network from
    `network-interfaces`, only without the extra routes that form cannot carry."""
    seed = legacy_seed(name, tmp_path)
    seen = run_release(version, [str(HERE / "seed_reader.py"), str(seed)])
    want = expected(name)
    assert seen["hostname"] == want["hostname"]
    assert seen["interfaces"] == {nic: {**info, "routes": []} for nic, info in want["interfaces"].items()}
    assert seen["defaults"] == [want["default_route"]]
    assert seen["dns"] == want["dns"]


HASHES = {
    "sha512": "$6$Tc9sQx2LmPq7$6ekGw5y0hqEBNu9vgJH0FbmXNVAsXI00MhzdeMOS3xJikSxGux1eNFOQdUtwjsO2LzUlZKm4unMG8.1XLLwOu/",
    "yescrypt": "$y$j9T$F5Jx5fExrKuPp53xLKQ..1$X3DX6M94c7o.9agCG9G317fhZg9SqC.5i5rd.RhAtQ7",
    "bcrypt-2b": "$2b$05$abcdefghijklmnopqrstuuJ6m1iV0s3w1CC9Ir6wXz1DGJQ0F8QCi",
    "gost-yescrypt": "$gy$j9T$abcdefghijklmnop$abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG",
}


@pytest.mark.parametrize("scheme", HASHES)
@pytest.mark.parametrize("version", ALL_RELEASES)
@pytest.mark.parametrize("form", ["default", "own"])
def test_hash_is_set_as_a_hash(scheme, version, form, tmp_path):
    password = HASHES[scheme]
    conf = tmp_path / "os.conf"
    conf.write_text((FIXTURES / "tencent.conf").read_text().replace(HASHES["sha512"], password))
    assert password in conf.read_text()
    args = ["--cloud-init-version", version] if form == "own" else []
    seed = convert("tencent", tmp_path / "seed", *args, input_path=conf)
    seen = run_release(version, [str(HERE / "password_recorder.py"), str(seed / "user-data")])
    chpasswd = [c for c in seen["calls"] if c["args"][0] == "chpasswd"]
    hashed = [c for c in chpasswd if c["args"] == ["chpasswd", "-e"]]
    assert len(chpasswd) == len(hashed), f"chpasswd without -e: the hash would become the password ({seen})"
    assert all(set(c["data"].splitlines()) == {f"root:{password}"} for c in hashed), seen
    assert all(argv == ["-p", password, "root"] for argv in seen["usermod"]), seen
    assert hashed or seen["usermod"], f"the hash is set by nothing ({seen})"
