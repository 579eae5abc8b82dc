"""`convert --format json` read back with Python's json module and checked, for every fixture,
against the hand-written expectations next to it (Tests/Fixtures/NAME.expected.json) and
against what this file works out from the os.conf itself with the README's rules: the network
type, which rule chose the default route, and the link each name server goes to (longest
prefix over every NIC's subnet and routes, ties to the lower NIC, else the default-route NIC;
IPv6 to the default-route NIC)."""
import ipaddress
import json
import shlex
import subprocess

import pytest

from conftest import BINARY, FIXTURE_NAMES, FIXTURES, expected


def model(name, *extra):
    result = subprocess.run([str(BINARY), "convert", "--format", "json", "--output", "-", *extra,
                             str(FIXTURES / f"{name}.conf")], capture_output=True, text=True, timeout=30)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout), result


def assignments(name):
    """KEY -> value of a fixture, read the way a shell would (quotes, export, comments, CRLF, BOM)."""
    values = {}
    for line in (FIXTURES / f"{name}.conf").read_text(encoding="utf-8-sig").splitlines():
        words = shlex.split(line, comments=True)
        if words and words[0] == "export":
            words = words[1:]
        if words:
            key, _, value = words[0].partition("=")
            values[key] = value
    return values


def default_rule(values, nics):
    """The README's default-route order: (rule, key)."""
    public = 1 if any(k.startswith("eth1_") for k in values) else 0
    def has_default(n):
        entries = [e.split() for e in values.get(f"eth{n}_route", "").split(";") if e.strip()]
        return any(e[0] == "0.0.0.0/0" for e in entries)
    if has_default(public):
        return "public-route", f"eth{public}_route"
    others = [n for n in nics if has_default(n)]
    if others:
        return "other-route", f"eth{others[0]}_route"
    if values.get(f"eth{public}_gateway"):
        return "public-gateway", f"eth{public}_gateway"
    return "other-gateway", f"eth{min(n for n in nics if values.get(f'eth{n}_gateway'))}_gateway"


def link_of(server, interfaces, default_nic):
    address = ipaddress.ip_address(server)
    if address.version == 6:
        return default_nic
    best = None
    for nic in sorted(interfaces, key=lambda i: i["index"]):
        networks = [ipaddress.ip_interface(nic["cidr"]).network]
        networks += [ipaddress.ip_network(r["destination"]) for r in nic["routes"]]
        for network in networks:
            if address in network and (best is None or network.prefixlen > best[1]):
                best = (nic["name"], network.prefixlen)
    return best[0] if best else default_nic


@pytest.mark.parametrize("name", FIXTURE_NAMES)
def test_model_matches_expectations(name):
    doc, result = model(name)
    want = expected(name)
    assert list(doc) == ["schema", "instance_id", "hostname", "password", "network_type", "interfaces",
                         "default_route", "nameservers", "warnings"]
    assert doc["schema"] == 1
    values = assignments(name)
    assert doc["instance_id"] == values.get("instance_id")
    # The expectations hold the short name, as the host name is set; the model keeps os.conf's.
    assert doc["hostname"] == values["hostname"]
    assert doc["hostname"].split(".")[0] == want["hostname"]
    assert doc["password"] == {"set": "password" in want}
    for secret in [want.get("password"), want.get("password_hash")]:
        if secret:
            assert secret not in result.stdout
    nics = {nic["name"]: nic for nic in doc["interfaces"]}
    assert set(nics) == set(want["interfaces"])
    for nic_name, nic in nics.items():
        w = want["interfaces"][nic_name]
        assert nic["index"] == int(nic_name[3:])
        assert nic["mac"] == w.get("mac")
        assert nic["cidr"] == w["address"]
        assert f'{nic["address"]}/{nic["prefix_length"]}' == w["address"]
        assert [[r["destination"], r["gateway"]] for r in nic["routes"]] == w["routes"]
        for r in nic["routes"]:
            subnet = ipaddress.ip_interface(nic["cidr"]).network
            assert r["on_link"] == (ipaddress.ip_address(r["gateway"]) not in subnet)
    route = doc["default_route"]
    assert [route["interface"], route["gateway"]] == want["default_route"]
    subnet = ipaddress.ip_interface(nics[route["interface"]]["cidr"]).network
    assert route["on_link"] == (ipaddress.ip_address(route["gateway"]) not in subnet)
    assert doc["network_type"] == ("classic" if any(k.startswith("eth1_") for k in values) else "vpc")
    rule, key = default_rule(values, sorted(nic["index"] for nic in doc["interfaces"]))
    assert route["origin"] == {"rule": rule, "key": key}
    assert [s["address"] for s in doc["nameservers"]] == want["dns"]
    for server in doc["nameservers"]:
        assert server["family"] == ("ipv6" if ":" in server["address"] else "ipv4")
        assert server["interface"] == link_of(server["address"], doc["interfaces"], route["interface"])
    # The warnings are the ones convert prints on standard error, no more, no fewer.
    printed = sorted(line for line in result.stderr.splitlines() if ": warning: " in line)
    shown = sorted(
        str(FIXTURES / f"{name}.conf") + (f':{w["line"]}' if w["line"] is not None else "")
        + (f': {w["key"]}' if w["key"] is not None else "") + f': warning: {w["message"]}'
        for w in doc["warnings"])
    assert shown == printed


def test_dns_per_link_goes_to_the_nic_that_reaches_it():
    doc, _ = model("dns-per-link")
    assert [(s["address"], s["interface"]) for s in doc["nameservers"]] == [("10.10.10.53", "eth0"), ("8.8.8.8", "eth1")]


def test_directory_output_is_the_same_document(tmp_path):
    doc, result = model("classic")
    out = tmp_path / "out"
    run = subprocess.run([str(BINARY), "convert", "--format", "json", "--output", str(out),
                          str(FIXTURES / "classic.conf")], capture_output=True, text=True, timeout=30)
    assert run.returncode == 0, run.stderr
    assert sorted(p.name for p in out.iterdir()) == ["model.json"]
    assert (out / "model.json").read_text() == result.stdout
    assert (out / "model.json").stat().st_mode & 0o777 == 0o644
