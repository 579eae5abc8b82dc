"""Name servers per link, applied for real: systemd-networkd runs on our files and hands each
link's DNS= servers to systemd-resolved, which sends a query out of the link a server is
configured on. A server reached only through an intranet route must therefore be on the
intranet NIC; on any other NIC resolved asks it through the wrong link and gets no answer.

The os.conf (OSCONF below) is the classic layout of the README's "DNS, per link": eth0
10.10.10.10/24 with routes to 10.0.0.0/8 and 100.64.0.0/10 through 10.10.10.1, eth1 public
with the default route through 42.120.74.1, name servers 100.100.2.136 (inside 100.64.0.0/10,
so reached through eth0's route) and 8.8.8.8 (nothing matches: the default-route NIC, eth1).

In `unshare --net --mount` (see netns.py), veth pairs eth0/eth1 carry the os.conf MACs. The
peer of eth0 sits in a namespace "intranet" holding the gateway 10.10.10.1 and the server
100.100.2.136, where Debian's dnsmasq answers oss.intranet.test; the peer of eth1 sits in a
namespace "public" holding the gateway 42.120.74.1, which forwards nothing and answers no DNS.
The host's systemd-networkd applies our files; systemd-resolved, unpacked from Debian's
package of the same version (Tests/Oracle/fetch-resolved.sh, path in $RESOLVED), resolves.
glibc asks resolved's stub listener 127.0.0.53 for the name.

The control moves 100.100.2.136 from eth0's .network file to eth1's, as a product placing every
server on the default-route NIC would: resolved then lists it on eth1, asks it through eth1,
and the query times out, so the first case proves that the placement is what makes it work.
Needs root.
"""
import os
import re
from pathlib import Path

import pytest

from conftest import convert
from netns import NETWORKD, in_namespace, networkd_script, peer_namespace, resolved_script, veth_pairs

RESOLVED = Path(os.environ.get("RESOLVED", "/lib/systemd/systemd-resolved"))
INTRANET_SERVER = "100.100.2.136"
NAME = "oss.intranet.test"
ANSWER = "100.100.9.9"

OSCONF = f"""hostname=dns-01
password=cXdlcjEyMzQK
eth0_ip_addr=10.10.10.10
eth0_mac_addr=00:16:3e:00:10:10
eth0_netmask=255.255.255.0
eth0_route="10.0.0.0/8 10.10.10.1;100.64.0.0/10 10.10.10.1"
eth1_ip_addr=42.120.74.105
eth1_mac_addr=00:16:3e:00:74:05
eth1_netmask=255.255.255.0
eth1_gateway=42.120.74.1
dns_nameserver="{INTRANET_SERVER} 8.8.8.8"
"""
NICS = [("eth0", "00:16:3e:00:10:10"), ("eth1", "00:16:3e:00:74:05")]


@pytest.fixture(autouse=True)
def needs():
    """Fails, never skips, when the test cannot run: Tests/run.sh provides all of it."""
    if os.geteuid() != 0:
        pytest.fail("test_resolved_netns.py needs root (network namespaces); run Tests/run.sh as root")
    for program, hint in [(NETWORKD, "Debian's systemd"), (RESOLVED, "RESOLVED=$(bash Tests/Oracle/fetch-resolved.sh)"),
                          (Path("/usr/sbin/dnsmasq"), "apt-get install dnsmasq-base")]:
        if not os.access(program, os.X_OK):
            pytest.fail(f"no {program}: {hint}")


def network_files(tmp_path):
    """Our networkd files for OSCONF."""
    source = tmp_path / "os.conf"
    source.write_text(OSCONF)
    return convert("resolved", tmp_path / "out", "--format", "networkd", input_path=source) / "etc/systemd/network"


def resolve(network_dir):
    """Runs networkd on network_dir and resolved behind it, asks for NAME once, and returns
    {link: [servers]} from resolved's own state dump (SIGUSR1, systemd-resolved(8)), glibc's
    answer (None when there is none) and the queries dnsmasq received."""
    servers = INTRANET_SERVER, "8.8.8.8"
    known = " && ".join(f"grep -qx 'nameserver {s}' /run/systemd/resolve/resolv.conf" for s in servers)
    script = [
        # Whatever fails, nothing started here outlives the namespace.
        "trap 'kill $(jobs -p) 2>/dev/null || true' EXIT",
        *veth_pairs(NICS),
        *peer_namespace("eth0", "intranet", ["10.10.10.1/24", f"{INTRANET_SERVER}/32"]),
        *peer_namespace("eth1", "public", ["42.120.74.1/24"]),
        # Debian's dnsmasq as the intranet's server: only the one name, from the command line.
        "ip netns exec intranet dnsmasq --keep-in-foreground --conf-file=/dev/null --no-resolv --no-hosts"
        f" --bind-interfaces --listen-address={INTRANET_SERVER} --host-record={NAME},{ANSWER}"
        " --log-queries --log-facility=- --user=root --pid-file=/run/dnsmasq.pid >/run/dnsmasq.log 2>&1 &",
    ]
    report = [
        *resolved_script(RESOLVED, f"{{ {known}; }}"),
        "kill -USR1 $resolved_pid",
        "for i in $(seq 50); do grep -q '^\\[Server 8.8.8.8 ' /run/resolved.log && break; sleep 0.1; done",
        f"echo ANSWER; getent ahostsv4 {NAME} || echo none",
        "kill $resolved_pid; wait $resolved_pid || true",
        "echo RESOLVED; cat /run/resolved.log",
        "echo DNSMASQ; cat /run/dnsmasq.log",
    ]
    ready = '[ "$(ip -4 route show | grep -c via || true)" -ge 3 ]'
    output = in_namespace(script + networkd_script(network_dir, report, ready))
    answer = output.split("ANSWER\n", 1)[1].split("RESOLVED\n", 1)[0]
    log = output.split("RESOLVED\n", 1)[1].split("DNSMASQ\n", 1)[0]
    queries = re.findall(r"query\[A\] (\S+) from (\S+)", output.split("DNSMASQ\n", 1)[1])
    links = {}
    for server, link in re.findall(r"^\[Server (\S+) type=link interface=(\S+)\]", log, re.M):
        links.setdefault(link, []).append(server)
    addresses = re.findall(r"^(\S+)\s+STREAM", answer, re.M)
    return links, (addresses or None), queries, output


def test_resolved_asks_the_intranet_server_through_eth0(tmp_path):
    links, answer, queries, output = resolve(network_files(tmp_path))
    assert links == {"eth0": [INTRANET_SERVER], "eth1": ["8.8.8.8"]}, output
    assert answer == [ANSWER], output
    # It came out of eth0: dnsmasq saw eth0's address as the source.
    assert (NAME, "10.10.10.10") in queries, output


def test_the_intranet_server_on_the_default_route_nic_gets_no_answer(tmp_path):
    """The control: the same files with 100.100.2.136 moved to eth1's [Network] section."""
    network_dir = network_files(tmp_path)
    eth0 = network_dir / "10-osconf2seed-eth0.network"
    eth1 = network_dir / "10-osconf2seed-eth1.network"
    line = f"DNS={INTRANET_SERVER}\n"
    assert line in eth0.read_text() and line not in eth1.read_text()
    eth0.write_text(eth0.read_text().replace(line, ""))
    eth1.write_text(eth1.read_text().replace("[Network]\n", "[Network]\n" + line, 1))
    links, answer, queries, output = resolve(network_dir)
    assert links == {"eth1": [INTRANET_SERVER, "8.8.8.8"]}, output
    assert answer is None, output
    assert queries == [], output
