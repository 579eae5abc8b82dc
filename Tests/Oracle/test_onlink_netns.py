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

NAME = "onlink"
NETWORKD = "/lib/systemd/systemd-networkd"

pytestmark = [
    pytest.mark.skipif(os.geteuid() != 0, reason="network namespaces need root"),
    pytest.mark.skipif(not os.path.exists(NETWORKD), reason=f"{NETWORKD} missing"),
]

# The routes onlink.conf must give the kernel: default and extra route, both on-link.
WANT = [
    ("default via 203.0.113.65 dev eth1", "onlink"),
    ("172.16.0.0/12 via 192.168.5.1 dev eth0", "onlink"),
]


def nic_setup(name=NAME):
    """Shell lines creating the fixture's NICs as veth pairs with its MACs, peers up."""
    lines = ["set -e", "ip link set lo up"]
    for nic, data in sorted(expected(name)["interfaces"].items()):
        lines += [
            f"ip link add {nic} address {data['mac']} type veth peer name {nic}-peer",
            f"ip link set {nic}-peer up",
        ]
    return lines


def in_namespace(script):
    """Runs a shell script in a fresh network and mount namespace and returns its stdout."""
    private = ["mount --make-rprivate /", "mount -t tmpfs tmpfs /run"]
    result = subprocess.run(["unshare", "--net", "--mount", "bash", "-c", "\n".join(private + script)],
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, f"namespace script failed:\n{result.stdout}\n{result.stderr}"
    return result.stdout


def kernel_routes(output):
    """The `ip -4 route show` lines printed after the ROUTES marker."""
    return output.split("ROUTES\n", 1)[1].splitlines()


def assert_on_link(routes):
    for route, flag in WANT:
        matching = [r for r in routes if r.startswith(route + " ")]
        assert matching, f"kernel has no route {route!r}:\n" + "\n".join(routes)
        assert flag in matching[0].split(), matching[0]


def networkd_script(network_dir, name=NAME, report=()):
    """Starts systemd-networkd with only the files of network_dir and prints the routes once
    both on-link routes are in (or after 15 s, for the assertion to show what is there);
    `report` lines run while networkd still runs (it deletes its state files on exit)."""
    return nic_setup(name) + [
        # Only our files: the system's own .network/.link files are hidden.
        "for d in /etc/systemd/network /usr/lib/systemd/network; do mount -t tmpfs tmpfs $d; done",
        f"cp {network_dir}/* /etc/systemd/network/",
        "mkdir -p /run/systemd/netif/links /run/systemd/netif/leases /run/systemd/netif/lldp",
        "chown -R systemd-network:systemd-network /run/systemd/netif",
        "mount --bind -o ro /sys /sys",
        f"{NETWORKD} >/run/networkd.log 2>&1 & pid=$!",
        "for i in $(seq 150); do",
        "  n=$(ip -4 route show | grep -c onlink || true)",
        "  [ \"$n\" -ge 2 ] && break; sleep 0.1",
        "done",
        *report,
        "kill $pid; wait $pid || true",
        "cat /run/networkd.log >&2",
        "echo ROUTES; ip -4 route show",
    ]


def test_networkd_applies_on_link_routes(tmp_path):
    out = convert(NAME, tmp_path / "out", "--format", "networkd")
    routes = kernel_routes(in_namespace(networkd_script(out / "etc/systemd/network")))
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
    routes = kernel_routes(in_namespace(networkd_script(only_network)))
    assert_on_link(routes)


def test_ifup_applies_on_link_routes(tmp_path):
    """ifup brings up both NICs from our stanzas; the default route comes from ifupdown's own
    `gateway` line (to which ifupdown adds onlink), the extra route from our `onlink`."""
    out = convert(NAME, tmp_path / "out", "--format", "ifupdown")
    stanzas = out / "etc/network/interfaces.d/osconf2seed"
    wrapper = tmp_path / "interfaces"
    wrapper.write_text(f"source {stanzas}\n")
    script = nic_setup() + [
        # No hook scripts of this machine (resolvconf, ntp, ...) run: empty hook directories.
        "for d in if-pre-up.d if-up.d if-down.d if-post-down.d; do mount -t tmpfs tmpfs /etc/network/$d; done",
        "mkdir -p /run/network",
        f"ifup -i {wrapper} --state-dir /run/network eth0 eth1 >&2",
        "echo ROUTES; ip -4 route show",
    ]
    routes = kernel_routes(in_namespace(script))
    assert_on_link(routes)


def test_routes_really_need_on_link(tmp_path):
    """The control: without onlink the kernel refuses the same routes, so the tests above
    prove something."""
    script = nic_setup() + [
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
    output = in_namespace(networkd_script(out / "etc/systemd/network", "dns-per-link", report))
    servers = dict(line.split(" ", 2)[1:] for line in output.splitlines() if line.startswith("DNS "))
    assert servers == {"eth0": "10.10.10.53", "eth1": "8.8.8.8"}, output
