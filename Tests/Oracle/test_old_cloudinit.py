"""Seeds for cloud-init before 0.7.7, and password hashes of every scheme, checked against the
code that reads them.

- The meta-data `network-interfaces` text (`--cloud-init-version 0.7.5`) is read by PyYAML to
  the text itself, parsed by ifupdown's own parser (`ifquery`), and read by the NoCloud
  datasource of 20.4, 22.4 and 25.1 (which turn it into the same network, without routes).
- With CLOUD_INIT_GIT naming a git clone of cloud-init, 0.7.5's own `translate_network` (what
  its RHEL distro writes ifcfg files from) and `shellify` (what its runcmd runs) are run on it.
- The password: 20.4, 22.4 and 25.1 apply each seed form (default and their own) with their
  own cc_set_passwords and runcmd, system calls recorded (password_recorder.py): the hash
  reaches `chpasswd -e` or `usermod -p` exactly, and never plain `chpasswd`.
"""
import ast
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
CLOUD_INIT_GIT = os.environ.get("CLOUD_INIT_GIT")
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
    for nic, info in interfaces.items():
        shown = subprocess.run(["ifquery", *state, "-i", str(path), nic], capture_output=True, text=True)
        assert shown.returncode == 0, shown.stderr
        options = dict(line.split(": ", 1) for line in shown.stdout.splitlines())
        options.pop("broadcast", None)  # ifupdown derives it from address and netmask
        address, prefix = info["address"].split("/")
        netmask = ".".join(str((0xFFFFFFFF << (32 - int(prefix)) >> (24 - 8 * i)) & 0xFF) for i in range(4))
        want = {"address": address, "netmask": netmask, "hwaddress": info["mac"]}  # `ether` is dropped
        if nic == default_nic:
            want |= {"gateway": gateway, "dns-nameservers": " ".join(dns)}
        assert options == want, nic


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


def cloud_init_075(path):
    if not CLOUD_INIT_GIT:
        pytest.skip("set CLOUD_INIT_GIT to a git clone of cloud-init to run 0.7.5's own code")
    return subprocess.run(["git", "-C", CLOUD_INIT_GIT, "show", f"0.7.5:{path}"], capture_output=True, text=True,
                          check=True).stdout


def python2_function(source, name, namespace):
    """One top-level function of a Python 2 module, run under Python 3. Only its own text is
    compiled (the rest of the module need not be Python 3), with `iteritems` given its Python 3
    name; nothing else is changed."""
    start = source.index(f"\ndef {name}(") + 1
    end = source.find("\ndef ", start)
    text = source[start:end if end != -1 else len(source)].replace(".iteritems()", ".items()")
    function = ast.parse(text).body[0]
    assert isinstance(function, ast.FunctionDef) and function.name == name
    exec(compile(text, name, "exec"), namespace)
    return namespace[name]


@pytest.mark.parametrize("name", FIXTURE_NAMES)
def test_075_rhel_translation(name, tmp_path):
    """cloudinit/distros/net_util.py `translate_network` of 0.7.5 (rhel.py writes each key it
    returns into ifcfg-ethN) gives each NIC its address, netmask, MAC, and only the default
    NIC the gateway and name servers."""
    translate = python2_function(cloud_init_075("cloudinit/distros/net_util.py"), "translate_network", {})
    entries = translate(interfaces_text(legacy_seed(name, tmp_path)))
    interfaces, (default_nic, gateway), dns = nics(name)
    assert sorted(entries) == sorted(["lo", *interfaces])
    for nic, info in interfaces.items():
        address, prefix = info["address"].split("/")
        entry = entries[nic]
        assert entry.pop("netmask").count(".") == 3
        want = {"auto": True, "bootproto": "static", "address": address, "hwaddress": info["mac"]}
        if nic == default_nic:
            want |= {"gateway": gateway, "dns-nameservers": dns}
        assert entry == want, nic


def test_075_runcmd_sets_the_hash(tmp_path):
    """0.7.5's runcmd script (util.shellify) passes the hash to usermod unchanged."""
    namespace = {"basestring": str, "LOG": __import__("logging").getLogger("x")}
    shellify = python2_function(cloud_init_075("cloudinit/util.py"), "shellify", namespace)
    seed = legacy_seed("tencent", tmp_path)
    config = yaml.safe_load((seed / "user-data").read_text())
    assert "chpasswd" not in config and "password" not in config, "0.7.5 would set a hash there as plain text"
    script = tmp_path / "runcmd"
    script.write_text(shellify(config["runcmd"]))
    fake = tmp_path / "bin" / "usermod"
    fake.parent.mkdir()
    fake.write_text(f"#!/bin/sh\nprintf '%s\\n' \"$@\" > {tmp_path}/argv\n")
    fake.chmod(0o755)
    subprocess.run(["sh", str(script)], env={"PATH": f"{fake.parent}:/usr/bin:/bin"}, check=True)
    password = (FIXTURES / "tencent.conf").read_text().split("password='", 1)[1].split("'", 1)[0]
    assert (tmp_path / "argv").read_text().splitlines() == ["-p", password, "root"]


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
