"""Every input of the fuzz corpus (Tests/Fuzz/corpus: seeds plus what libFuzzer found) run
through the real binary, and every YAML it writes read back with PyYAML, the YAML 1.1 reader
cloud-init uses: it parses, keeps its strings strings, and every renderer agrees on the host
name, addresses, default route and extra routes that the model holds. Rejected inputs exit 65
with a message that names a line (or the whole file for the three whole-file errors)."""
import re
import subprocess
from pathlib import Path

import pytest
import yaml

from conftest import BINARY, ROOT

CORPUS = sorted((ROOT / "Tests/Fuzz/corpus").iterdir())


def convert(source, out, *args):
    return subprocess.run([str(BINARY), "convert", "--output", str(out), *args, str(source)],
                          capture_output=True, text=True)


def v2_summary(ethernets):
    result = {}
    for name, nic in ethernets.items():
        routes = sorted((r["to"], r["via"]) for r in nic.get("routes", []))
        if "gateway4" in nic:
            routes.append(("0.0.0.0/0", nic["gateway4"]))
        result[name] = (nic.get("match", {}).get("macaddress"), nic["addresses"], sorted(routes))
    return result


@pytest.mark.parametrize("source", CORPUS, ids=[p.name[:16] for p in CORPUS])
def test_corpus_input(source, tmp_path):
    first = convert(source, tmp_path / "v2")
    if first.returncode != 0:
        assert first.returncode == 65, first.stderr
        message = first.stderr.strip().splitlines()[-1]
        assert (re.search(r":\d+: ", message) or "larger than" in message or "no default route" in message
                or "sets nothing osconf2seed knows" in message), message
        return
    seed = tmp_path / "v2"
    meta = yaml.safe_load((seed / "meta-data").read_text())
    user = yaml.safe_load((seed / "user-data").read_text())
    if not (seed / "network-config").exists():
        # No ethN_ key (a host name and a password only): the network is left alone and no
        # network-config is written (README, "What os.conf may contain").
        return
    v2 = yaml.safe_load((seed / "network-config").read_text())
    assert isinstance(meta["instance-id"], str)
    if "local-hostname" in meta:
        assert isinstance(meta["local-hostname"], str)
        assert meta["local-hostname"].split(".")[0] == user["hostname"]
    for value in [v for nic in v2["ethernets"].values() for v in nic["addresses"]]:
        assert isinstance(value, str)

    # The same model through the route form, v1 and netplan: the same facts.
    assert convert(source, tmp_path / "hint", "--renderer-hint", "netplan").returncode == 0
    assert convert(source, tmp_path / "v1", "--network-config-version", "1").returncode == 0
    assert convert(source, tmp_path / "np", "--format", "netplan").returncode == 0
    hinted = yaml.safe_load((tmp_path / "hint/network-config").read_text())
    netplan = yaml.safe_load((tmp_path / "np/etc/netplan/50-osconf2seed.yaml").read_text())["network"]
    assert v2_summary(v2["ethernets"]) == v2_summary(hinted["ethernets"]) == v2_summary(netplan["ethernets"])
    v1 = yaml.safe_load((tmp_path / "v1/network-config").read_text())
    v1_addresses = {c["name"]: [s["address"] for s in c["subnets"]] for c in v1["config"] if c["type"] == "physical"}
    assert v1_addresses == {name: nic["addresses"] for name, nic in v2["ethernets"].items()}
    defaults = [r for facts in v2_summary(v2["ethernets"]).values() for r in facts[2] if r[0] == "0.0.0.0/0"]
    assert len(defaults) == (1 if v2["ethernets"] else 0)
