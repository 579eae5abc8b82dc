"""On-link routes applied for real: systemd-networkd (our files and netplan's) and ifupdown's
ifup configure NICs in a private network namespace, and the kernel's routes are read back
with `ip route`.

Tests/Fixtures/onlink.conf has a /32 public NIC (eth1 203.0.113.77/32) whose default gateway
203.0.113.65 is outside it, and an intranet route on eth0 (10.0.0.5/24) through 192.168.5.1,
outside eth0's subnet. The kernel refuses both routes (ENETUNREACH) unless they are marked
on-link, so their presence in `ip route` proves that the files say on-link in a form the
program understands.

Each case runs in `unshare --net --mount`: veth pairs named eth0/eth1 with the fixture's MACs
(the peers are brought up so the NICs have carrier), a private tmpfs /run, tmpfs over the
system's own config directories so only our files are read, and /sys bound read-only, which
tells networkd it runs without udev (it then configures links without waiting for udev's
"initialized"). Nothing outside the namespace changes. Needs root.
"""
import os
import subprocess
import textwrap

import pytest

from conftest import FIXTURES, convert, expected, run
from netns import NETWORKD, ifup_script, in_namespace, kernel_routes, networkd_script, nic_setup

NAME = "onlink"

pytestmark = [
    pytest.mark.skipif(os.geteuid() != 0, reason="network namespaces need root"),
    pytest.mark.skipif(not os.path.exists(NETWORKD), reason=f"{NETWORKD} missing"),
]

# The routes onlink.conf must give the kernel: default and extra route, both on-link.
WANT = [
    ("default via 203.0.113.65 dev eth1", "onlink"),
    ("172.16.0.0/12 via 192.168.5.1 dev eth0", "onlink"),
]


def assert_on_link(routes):
    for route, flag in WANT:
        matching = [r for r in routes if r.startswith(route + " ")]
        assert matching, f"kernel has no route {route!r}:\n" + "\n".join(routes)
        assert flag in matching[0].split(), matching[0]


def test_networkd_applies_on_link_routes(tmp_path):
    out = convert(NAME, tmp_path / "out", "--format", "networkd")
    routes = kernel_routes(in_namespace(nic_setup(NAME) + networkd_script(out / "etc/systemd/network")))
    assert_on_link(routes)


def test_netplan_on_link_reaches_networkd(tmp_path):
    """netplan turns our `on-link: true` into networkd files; networkd applies them."""
    root = convert(NAME, tmp_path / "root", "--format", "netplan")
    run(["netplan", "generate", "--root-dir", root])
    generated = root / "run/systemd/network"
    assert any("GatewayOnLink=true" in p.read_text() or "GatewayOnLink=yes" in p.read_text()
               for p in generated.glob("*.network")), "netplan wrote no GatewayOnLink"
    only_network = tmp_path / "netplan-networkd"
    only_network.mkdir()
    for path in generated.glob("*.network"):
        # netplan matches the permanent (burnt-in) MAC; a veth has none (ethtool reports
        # zeros), so the copy matches the current MAC, which the namespace set to the same value.
        text = path.read_text().replace("PermanentMACAddress=", "MACAddress=")
        (only_network / path.name).write_text(text)
    routes = kernel_routes(in_namespace(nic_setup(NAME) + networkd_script(only_network)))
    assert_on_link(routes)


def test_ifup_applies_on_link_routes(tmp_path):
    """ifup brings up both NICs from our stanzas; the default route comes from ifupdown's own
    `gateway` line (to which ifupdown adds onlink), the extra route from our `onlink`."""
    out = convert(NAME, tmp_path / "out", "--format", "ifupdown")
    script = nic_setup(NAME) + ifup_script(out, tmp_path, ["eth0", "eth1"]) + ["echo ROUTES; ip -4 route show"]
    routes = kernel_routes(in_namespace(script))
    assert_on_link(routes)


def test_routes_really_need_on_link(tmp_path):
    """The control: without onlink the kernel refuses the same routes, so the tests above
    prove something."""
    script = nic_setup(NAME) + [
        "ip addr add 203.0.113.77/32 dev eth1", "ip link set eth1 up",
        "ip addr add 10.0.0.5/24 dev eth0", "ip link set eth0 up",
        "ip route add default via 203.0.113.65 dev eth1 2>&1 | sed 's/^/refused: /' || true",
        "ip route add 172.16.0.0/12 via 192.168.5.1 dev eth0 2>&1 | sed 's/^/refused: /' || true",
        "echo ROUTES; ip -4 route show",
    ]
    output = in_namespace(script)
    assert output.count("refused: ") == 2, output
    assert not [r for r in kernel_routes(output) if "via" in r]


def test_networkd_takes_name_servers_per_link(tmp_path):
    """dns-per-link.conf: 10.10.10.53 is reached through eth0's subnet, 8.8.8.8 only through
    the default route on eth1. networkd's per-link state files (what systemd-resolved reads
    for its per-link servers) must list each on its own link. systemd-resolved itself is not
    installed here, so `resolvectl dns` is not run."""
    out = convert("dns-per-link", tmp_path / "out", "--format", "networkd")
    report = [
        "sleep 1",
        "for n in eth0 eth1; do i=$(ip -o link show $n | cut -d: -f1);"
        " echo \"DNS $n $(sed -n 's/^DNS=//p' /run/systemd/netif/links/$i)\"; done",
    ]
    output = in_namespace(nic_setup("dns-per-link") + networkd_script(out / "etc/systemd/network", report))
    servers = dict(line.split(" ", 2)[1:] for line in output.splitlines() if line.startswith("DNS "))
    assert servers == {"eth0": "10.10.10.53", "eth1": "8.8.8.8"}, output
