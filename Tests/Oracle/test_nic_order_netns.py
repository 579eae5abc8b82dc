"""NICs named in the opposite order of os.conf, configured for real in a network namespace.

When a cloud attaches the NICs the other way round, the kernel's eth0 carries the MAC of
os.conf's eth1. udev cannot rename eth1 to eth0 while eth0 exists, so the names stay as the
kernel gave them; a configuration bound to names would then put each NIC's address, routes and
default route on the other NIC. Ours is bound to MACs (ifupdown through its mapping stanzas,
systemd-networkd through [Match] MACAddress=), so every MAC must end up with its own address
and routes whatever its name. Tests/Fixtures/classic.conf: eth0 intranet with two routes,
eth1 public with the default route. Needs root.
"""
import os
import re

import pytest

from conftest import convert, expected
from netns import NETWORKD, ifup_script, in_namespace, networkd_script, nic_setup

NAME = "classic"

pytestmark = [
    pytest.mark.skipif(os.geteuid() != 0, reason="network namespaces need root"),
]

REPORT = ["echo LINKS; ip -o link show", "echo ADDRS; ip -4 -o addr show"]


def kernel_state(output):
    """{MAC: kernel name}, {kernel name: [CIDR]}, routes from the script's report."""
    links = output.split("LINKS\n", 1)[1].split("ADDRS\n", 1)[0]
    addrs = output.split("ADDRS\n", 1)[1].split("ROUTES\n", 1)[0]
    routes = output.split("ROUTES\n", 1)[1].splitlines()
    names = {m[2]: m[1] for m in re.finditer(r"^\d+: ([^:@]+)[:@].*link/ether ([0-9a-f:]+)", links, re.M)}
    cidrs = {}
    for m in re.finditer(r"^\d+: (\S+)\s+inet (\S+)", addrs, re.M):
        cidrs.setdefault(m[1], []).append(m[2])
    return names, cidrs, routes


def assert_bound_by_mac(output):
    names, cidrs, routes = kernel_state(output)
    want = expected(NAME)
    for osconf_name, data in want["interfaces"].items():
        device = names[data["mac"]]
        # The premise: the kernel gave this MAC the other NIC's name.
        assert device != osconf_name, (osconf_name, device)
        assert data["address"] in cidrs.get(device, []), f"{device} ({data['mac']}): {cidrs}\n{output}"
        for net, gateway in data["routes"]:
            assert any(r.startswith(f"{net} via {gateway} dev {device}") for r in routes), routes
    nic, gateway = want["default_route"]
    device = names[want["interfaces"][nic]["mac"]]
    defaults = [r for r in routes if r.startswith("default")]
    assert len(defaults) == 1 and defaults[0].startswith(f"default via {gateway} dev {device}"), defaults


def test_ifup_binds_stanzas_by_mac(tmp_path):
    """ifup eth0 eth1: the mapping script reads each NIC's MAC and picks its stanza."""
    out = convert(NAME, tmp_path / "out", "--format", "ifupdown")
    script = (nic_setup(NAME, swapped=True) + ifup_script(out, tmp_path, ["eth0", "eth1"])
              + REPORT + ["echo ROUTES; ip -4 route show"])
    assert_bound_by_mac(in_namespace(script))


@pytest.mark.skipif(not os.path.exists(NETWORKD), reason=f"{NETWORKD} missing")
def test_networkd_binds_by_mac(tmp_path):
    out = convert(NAME, tmp_path / "out", "--format", "networkd")
    ready = '[ "$(ip -4 route show | grep -c via || true)" -ge 3 ]'
    script = nic_setup(NAME, swapped=True) + networkd_script(out / "etc/systemd/network", REPORT, ready)
    assert_bound_by_mac(in_namespace(script))
