"""Running the real network programs in a private network namespace: veth NICs with a
fixture's MACs, systemd-networkd or ifupdown's ifup configuring them, the kernel's state read
back. Shared by test_onlink_netns.py, test_nic_order_netns.py and test_resolved_netns.py.
Needs root.

Each script runs in `unshare --net --mount`: a private tmpfs /run, tmpfs over the system's own
config directories so only our files are read, and (for networkd) /sys bound read-only, which
tells networkd it runs without udev (it then configures links without waiting for udev's
"initialized"). Nothing outside the namespace changes.
"""
import subprocess

from conftest import expected

NETWORKD = "/lib/systemd/systemd-networkd"


def nic_setup(name, swapped=False):
    """Shell lines creating the fixture's NICs as veth pairs with its MACs, peers up. With
    `swapped`, the kernel names come in the opposite order of os.conf: the NIC called eth0
    has the MAC of os.conf's last NIC, and so on, as when a cloud attaches them the other way."""
    nics = sorted(expected(name)["interfaces"].items())
    names = [nic for nic, _ in nics]
    if swapped:
        names.reverse()
    return veth_pairs(zip(names, [data["mac"] for _, data in nics]))


def veth_pairs(nics):
    """Shell lines creating NICs as veth pairs, peers up: `nics` holds (kernel name, MAC);
    the peer of NAME is NAME-peer, in this namespace until peer_namespace moves it."""
    lines = ["set -e", "ip link set lo up"]
    for kernel_name, mac in nics:
        lines += [
            f"ip link add {kernel_name} address {mac} type veth peer name {kernel_name}-peer",
            f"ip link set {kernel_name}-peer up",
        ]
    return lines


def peer_namespace(nic, namespace, addresses):
    """Shell lines moving the peer of `nic` (from veth_pairs) into a network namespace of its
    own, `namespace`, up and holding `addresses` (CIDRs): the far end of the link, a gateway or
    a server. In the same namespace as the NIC, the kernel would deliver a packet for those
    addresses locally instead of sending it out of the NIC. `ip netns exec NAMESPACE ...` runs
    a program there."""
    return [
        f"ip netns add {namespace}",
        f"ip link set {nic}-peer netns {namespace}",
        f"ip -n {namespace} link set lo up",
        f"ip -n {namespace} link set {nic}-peer up",
        *(f"ip -n {namespace} addr add {address} dev {nic}-peer" for address in addresses),
    ]


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


def networkd_script(network_dir, report=(), ready='[ "$(ip -4 route show | grep -c onlink || true)" -ge 2 ]'):
    """Starts systemd-networkd with only the files of network_dir (after nic_setup's lines),
    waits until the shell condition `ready` holds (or 15 s, for the assertion to show what is
    there), runs `report` while networkd still runs (it deletes its state files on exit), and
    prints the routes after a ROUTES marker."""
    return [
        # Only our files: the system's own .network/.link files are hidden.
        "for d in /etc/systemd/network /usr/lib/systemd/network; do mount -t tmpfs tmpfs $d; done",
        f"cp {network_dir}/* /etc/systemd/network/",
        "mkdir -p /run/systemd/netif/links /run/systemd/netif/leases /run/systemd/netif/lldp",
        "chown -R systemd-network:systemd-network /run/systemd/netif",
        "mount --bind -o ro /sys /sys",
        f"{NETWORKD} >/run/networkd.log 2>&1 & pid=$!",
        "for i in $(seq 150); do",
        f"  {ready} && break; sleep 0.1",
        "done",
        *report,
        "kill $pid; wait $pid || true",
        "cat /run/networkd.log >&2",
        "echo ROUTES; ip -4 route show",
    ]


def ifup_script(root, tmp_path, nics):
    """Lines that run `ifup` on `nics` with our stanzas under root (after nic_setup's lines).
    /etc/network is a private tmpfs holding only our mapping script, at the absolute path the
    stanzas name, and empty hook directories, so no hook of this machine (resolvconf, ntp, ...)
    runs."""
    stanzas = root / "etc/network/interfaces.d/osconf2seed"
    wrapper = tmp_path / "interfaces"
    wrapper.write_text(f"source {stanzas}\n")
    mac_map = root / "etc/network/osconf2seed-mac-map"
    return [
        # A sysfs of this namespace: the mapping script reads the NIC's MAC from /sys/class/net.
        "mount -t sysfs sysfs /sys",
        "mount -t tmpfs tmpfs /etc/network",
        "mkdir -p /etc/network/if-pre-up.d /etc/network/if-up.d /etc/network/if-down.d "
        "/etc/network/if-post-down.d /run/network",
        f"if [ -e {mac_map} ]; then cp -p {mac_map} /etc/network/osconf2seed-mac-map; fi",
        f"ifup -i {wrapper} --state-dir /run/network {' '.join(nics)} >&2",
    ]


def resolved_script(resolved, ready):
    """Lines that start systemd-resolved (the program at `resolved`; it runs while networkd
    does, so they go in networkd_script's `report`) and wait until the shell condition `ready`
    holds (or 10 s). Its PID is in $resolved_pid, its standard error in /run/resolved.log.

    Started as root, resolved drops to the user systemd-resolve, which only its package
    creates: bind-mounted copies of /etc/passwd and /etc/group name it, in this mount namespace
    only. A drop-in in the private /run turns off fallback servers, LLMNR and mDNS, so only the
    per-link servers that networkd hands over (/run/systemd/netif/links) can answer.
    /etc/resolv.conf is replaced the same way by one naming resolved's stub listener
    127.0.0.53, asked once for at most 3 s: glibc (`getent ahostsv4 NAME`) then queries
    through resolved."""
    return [
        "for id in $(seq 999 -1 100); do getent passwd $id >/dev/null || getent group $id >/dev/null || break; done",
        "cp /etc/passwd /etc/group /run/",
        "echo \"systemd-resolve:x:$id:$id:systemd Resolver:/:/usr/sbin/nologin\" >>/run/passwd",
        "echo \"systemd-resolve:x:$id:\" >>/run/group",
        "mount --bind /run/passwd /etc/passwd",
        "mount --bind /run/group /etc/group",
        "mkdir -p /run/systemd/resolved.conf.d",
        "printf '[Resolve]\\nFallbackDNS=\\nLLMNR=no\\nMulticastDNS=no\\n' >/run/systemd/resolved.conf.d/test.conf",
        "printf 'nameserver 127.0.0.53\\noptions timeout:3 attempts:1\\n' >/run/resolv.conf",
        "mount --bind /run/resolv.conf /etc/resolv.conf",
        f"{resolved} >/run/resolved.log 2>&1 & resolved_pid=$!",
        "for i in $(seq 100); do",
        f"  {ready} && break; sleep 0.1",
        "done",
    ]
