"""Every network format read back by the program that reads it (Debian 12 packages), and
compared with what cloud-init's own renderers make of the same os.conf.

Nothing on the machine changes: netplan writes under --root-dir, ifupdown runs with --no-act
and a private state dir, cloud-init's net-convert writes into a temporary directory.

Each format is parsed back into one summary shape, the network part of
Tests/Fixtures/NAME.expected.json: per NIC its MAC, address and extra routes; the list of
default routes (there must be exactly one); the name servers.
"""
import glob
import ipaddress
import json
import os
import re
import shlex
import urllib.parse
from pathlib import Path

import pytest

from conftest import BINARY, FIXTURE_NAMES, FIXTURES, cloud_init_cli, convert, expected, run

SPECS = ["3.0", "3.1", "3.2", "3.3", "3.4"]


def want_network(name):
    want = expected(name)
    return {
        "interfaces": {
            nic: {"mac": data.get("mac"), "address": data["address"], "routes": data["routes"]}
            for nic, data in want["interfaces"].items()
        },
        "defaults": [want["default_route"]],
        "dns": want["dns"],
    }


def new_summary():
    return {"interfaces": {}, "defaults": [], "dns": []}


def add_nic(summary, nic, mac, address, routes, defaults, dns):
    assert nic not in summary["interfaces"], f"{nic} configured twice"
    summary["interfaces"][nic] = {"mac": mac.lower() if mac else None, "address": address, "routes": routes}
    summary["defaults"] += [[nic, gw] for gw in defaults]
    summary["dns"] += [d for d in dns if d not in summary["dns"]]


def prefix_of(netmask):
    return ipaddress.IPv4Network(f"0.0.0.0/{netmask}").prefixlen


def ini(text):
    """Sections in order, repeats kept ([Route] appears once per route): [(name, [(k, v)])]."""
    sections = []
    for raw in text.splitlines():
        line = raw.strip()
        if not line or line[0] in "#;":
            continue
        if line.startswith("["):
            sections.append((line[1:-1], []))
            continue
        key, _, value = line.partition("=")
        sections[-1][1].append((key.strip(), value.strip()))
    return sections


def values(sections, section, key):
    return [v for name, entries in sections if name == section for k, v in entries if k == key]


# --- systemd-networkd (ours, netplan's and cloud-init's) ---------------------------------

def summarize_networkd(directory):
    links = {}
    for path in sorted(Path(directory).glob("*.link")):
        sections = ini(path.read_text())
        macs = values(sections, "Match", "MACAddress") + values(sections, "Match", "PermanentMACAddress")
        names = values(sections, "Link", "Name")
        if macs and names:
            links[macs[0].lower()] = names[0]
    summary = new_summary()
    for path in sorted(Path(directory).glob("*.network")):
        sections = ini(path.read_text())
        macs = values(sections, "Match", "MACAddress") + values(sections, "Match", "PermanentMACAddress")
        names = values(sections, "Match", "Name")
        mac = macs[0].lower() if macs else None
        # Bound by MAC alone (netplan's files without set-name): os.conf's name is the file's,
        # 10-netplan-ethN.network or 10-osconf2seed-ethN.network.
        nic = names[0] if names else links.get(mac) or re.search(r"(eth\d+)\.network$", path.name)[1]
        addresses = values(sections, "Network", "Address") + values(sections, "Address", "Address")
        assert len(addresses) == 1, path
        defaults = values(sections, "Network", "Gateway")
        routes = []
        for name, entries in sections:
            if name == "Route":
                route = dict(entries)
                # No Destination= is the default route (ours, when its gateway is on-link).
                if route.get("Destination", "0.0.0.0/0") == "0.0.0.0/0":
                    defaults.append(route["Gateway"])
                else:
                    routes.append([route["Destination"], route["Gateway"]])
        dns = [d for v in values(sections, "Network", "DNS") for d in v.split()]
        add_nic(summary, nic, mac, addresses[0], routes, defaults, dns)
    return summary


# --- RHEL ifcfg (ours and cloud-init's) --------------------------------------------------

def shell_vars(path):
    result = {}
    for line in Path(path).read_text().splitlines():
        if line.strip() and not line.lstrip().startswith("#"):
            (word,) = shlex.split(line)  # one assignment a line, quoting as a shell reads it
            key, _, value = word.partition("=")
            result[key] = value
    return result


def summarize_sysconfig(directory):
    summary = new_summary()
    for path in sorted(glob.glob(f"{directory}/ifcfg-*")):
        cfg = shell_vars(path)
        nic = cfg["DEVICE"]
        prefix = cfg.get("PREFIX") or prefix_of(cfg["NETMASK"])
        defaults = [cfg["GATEWAY"]] if "GATEWAY" in cfg and cfg.get("DEFROUTE", "yes") == "yes" else []
        routes = []
        route_file = Path(directory) / f"route-{nic}"
        if route_file.exists():
            text = route_file.read_text()
            if "ADDRESS0=" not in text:  # iproute2 form, ours
                for line in text.splitlines():
                    match = re.fullmatch(r"(\S+) via (\S+) dev (\S+)( onlink)?", line.strip())
                    assert match and match[3] == nic, line
                    # An on-link default route is here rather than in GATEWAY=.
                    if match[1] == "default":
                        defaults.append(match[2])
                    else:
                        routes.append([match[1], match[2]])
            old = shell_vars(route_file) if "ADDRESS0=" in text else {}
            for index in range(len(old) // 3):  # ADDRESSn/NETMASKn/GATEWAYn form, cloud-init's
                net = f"{old[f'ADDRESS{index}']}/{prefix_of(old[f'NETMASK{index}'])}"
                routes.append([net, old[f"GATEWAY{index}"]])
        dns = [cfg[f"DNS{i}"] for i in range(1, 4) if f"DNS{i}" in cfg]
        add_nic(summary, nic, cfg.get("HWADDR"), f"{cfg['IPADDR']}/{prefix}", routes, defaults, dns)
    return summary


# --- NetworkManager keyfiles (ours and cloud-init's) ---------------------------------------

def summarize_networkmanager(directory, loadable=True):
    summary = new_summary()
    for path in sorted(Path(directory).glob("*.nmconnection")):
        sections = ini(path.read_text())
        names = values(sections, "connection", "interface-name")
        # With a MAC, neither cloud-init nor we write an interface-name (the MAC binds the
        # connection); the ids are "cloud-init ethN" and "osconf2seed-ethN".
        nic = names[0] if names else re.split(r"[ -]", values(sections, "connection", "id")[0])[-1]
        macs = values(sections, "ethernet", "mac-address")
        assert values(sections, "ipv4", "method") == ["manual"]
        address = values(sections, "ipv4", "address1")[0].split(",")[0]
        defaults = values(sections, "ipv4", "gateway")
        routes = []
        for name, entries in sections:
            for key, value in entries:
                if name == "ipv4" and re.fullmatch(r"route\d+", key):
                    net, gw = value.split(",")[:2]
                    (defaults.append(gw) if net == "0.0.0.0/0" else routes.append([net, gw]))
        # IPv6 name servers live in [ipv6] dns= (NetworkManager drops them from [ipv4] dns=);
        # NetworkManager refuses ipv6.dns with method=ignore, link-local or disabled.
        dns = [d for family in ("ipv4", "ipv6") for v in values(sections, family, "dns") for d in v.split(";") if d]
        if loadable and values(sections, "ipv6", "dns"):
            assert values(sections, "ipv6", "method")[0] not in ("ignore", "link-local", "disabled"), path
        add_nic(summary, nic, macs[0] if macs else None, address, routes, defaults, dns)
    return summary


# --- ifupdown, through ifquery ---------------------------------------------------------------

def udev_names(path):
    names = {}
    if Path(path).exists():
        for line in Path(path).read_text().splitlines():
            match = re.search(r'ATTR\{address\}=="([^"]+)".*NAME="([^"]+)"', line)
            if match:
                names[match[2]] = match[1]
    return names


def mac_bindings(path):
    """The `map MAC LOGICAL` lines of our mapping stanzas: {logical interface: MAC}."""
    bindings = {}
    for line in Path(path).read_text().splitlines():
        match = re.fullmatch(r"\s+map (\S+) (\S+)", line)
        if match:
            bindings[match[2]] = match[1]
    return bindings


def logical_arguments(root):
    """ifquery/ifup arguments `ethN=LOGICAL` for the auto NICs of our stanzas. The mapping
    script reads the MAC of a real NIC of that name, which this machine does not have, so the
    tests name the logical interface that a NIC with os.conf's MAC maps to; the mapping itself
    runs for real in test_nic_order_netns.py."""
    stanzas = root / "etc/network/interfaces.d/osconf2seed"
    bindings = mac_bindings(stanzas)
    autos = re.findall(r"^auto (\S+)$", stanzas.read_text(), re.M)
    return [f"{nic}=osconf-{nic}" if f"osconf-{nic}" in bindings else nic for nic in autos], bindings


def summarize_ifupdown(root, tmp_path):
    # Debian's /etc/network/interfaces sources interfaces.d/*; the wrapper does the same here.
    wrapper = tmp_path / "interfaces"
    wrapper.write_text(f"source {root}/etc/network/interfaces.d/*\n")
    macs = udev_names(root / "etc/udev/rules.d/70-osconf2seed-net.rules")
    arguments, bindings = logical_arguments(root)
    summary = new_summary()
    for argument in arguments:
        nic, _, logical = argument.partition("=")
        fields = {}
        ups = []
        for line in run(["/usr/sbin/ifquery", "-i", wrapper, argument]).stdout.splitlines():
            key, _, value = line.partition(": ")
            if key == "up":
                ups.append(value)
            fields[key] = value
        routes = []
        for up in ups:
            match = re.fullmatch(r"ip route replace (\S+) via (\S+) dev (\S+)( onlink)?", up)
            assert match and match[3] in (nic, "$IFACE"), up
            routes.append([match[1], match[2]])
        address = f"{fields['address']}/{prefix_of(fields['netmask'])}"
        defaults = [fields["gateway"]] if "gateway" in fields else []
        dns = fields.get("dns-nameservers", "").split()
        # The MAC that binds the stanza, and the udev rule that names that MAC the same.
        mac = bindings.get(logical) if logical else macs.get(nic)
        assert not logical or macs.get(nic) == mac, (nic, mac, macs)
        add_nic(summary, nic, mac, address, routes, defaults, dns)
    return summary


# --- Ignition -----------------------------------------------------------------------------

def unpack_ignition(config, root):
    """Writes the files of an Ignition config under root, decoding its data URLs."""
    for entry in config.get("storage", {}).get("files", []):
        source = entry["contents"]["source"]
        assert source.startswith("data:,"), source
        target = root / entry["path"].lstrip("/")
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(urllib.parse.unquote_to_bytes(source[len("data:,"):]))
    return root


def ignition(name, spec, renderer):
    result = run([BINARY, "convert", "--format", "ignition", "--ignition-spec", spec,
                  "--network-renderer", renderer, "--output", "-", FIXTURES / f"{name}.conf"])
    return result.stdout


# --- the tests ----------------------------------------------------------------------------

@pytest.mark.parametrize("name", FIXTURE_NAMES)
@pytest.mark.parametrize("renderer", ["networkmanager", "networkd"])
@pytest.mark.parametrize("spec", SPECS)
def test_ignition_validate(name, spec, renderer, tmp_path):
    text = ignition(name, spec, renderer)
    config = json.loads(text)
    assert config["ignition"]["version"] == f"{spec}.0"
    path = tmp_path / "config.ign"
    if spec == "3.4":
        # Debian 12's ignition 2.14 predates spec 3.4 and refuses the version outright. The
        # fields we write have the same names in v3_3 and v3_4 (coreos/ignition
        # config/v3_*/types/schema.go), so the same document declared as 3.3.0 is checked instead.
        path.write_text(text)
        refused = subprocess_run(["/usr/bin/ignition-validate", path])
        assert refused.returncode != 0 and "unsupported config version" in refused.stdout + refused.stderr
        config["ignition"]["version"] = "3.3.0"
        text = json.dumps(config)
    path.write_text(text)
    result = run(["/usr/bin/ignition-validate", path])
    # ignition-validate exits 0 on unknown keys but warns: a warning is a wrong field name.
    assert result.stdout + result.stderr == "", result.stdout + result.stderr
    files = {f["path"]: f for f in config["storage"]["files"]}
    assert all(f["overwrite"] is True for f in files.values())
    want = expected(name)
    assert urllib.parse.unquote(files["/etc/hostname"]["contents"]["source"][6:]) == want["hostname"] + "\n"
    assert files["/etc/hostname"]["mode"] == 0o644
    user = config["passwd"]["users"][0]
    assert user["name"] == "root" and user["passwordHash"].startswith("$6$")
    if renderer == "networkmanager":
        assert all(f["mode"] == 0o600 for p, f in files.items() if p.endswith(".nmconnection"))
    else:
        assert all(f["mode"] == 0o644 for p, f in files.items() if "systemd/network" in p)


def subprocess_run(argv):
    import subprocess
    return subprocess.run([str(a) for a in argv], capture_output=True, text=True)


@pytest.mark.parametrize("name", FIXTURE_NAMES)
def test_ignition_password_hash_matches(name):
    import warnings
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        import crypt
    want = expected(name)
    config = json.loads(ignition(name, "3.3", "networkmanager"))
    hash_ = config["passwd"]["users"][0]["passwordHash"]
    assert crypt.crypt(want["password"], hash_) == hash_
    assert want["password"] not in json.dumps(config)


@pytest.mark.parametrize("name", FIXTURE_NAMES)
def test_netplan_generate(name, tmp_path):
    root = convert(name, tmp_path / "root", "--format", "netplan")
    yaml_file = root / "etc/netplan/50-osconf2seed.yaml"
    assert yaml_file.stat().st_mode & 0o777 == 0o600
    run(["/usr/sbin/netplan", "generate", "--root-dir", root])
    assert summarize_networkd(root / "run/systemd/network") == want_network(name)


@pytest.mark.parametrize("name", FIXTURE_NAMES)
def test_ifupdown_reads_stanzas(name, tmp_path):
    root = convert(name, tmp_path / "root", "--format", "ifupdown")
    assert summarize_ifupdown(root, tmp_path) == want_network(name)
    # ifup --no-act prints the commands it would run: the default route goes through iproute2
    # on the default NIC, and the extra routes run as written.
    want = want_network(name)
    nic, gateway = want["defaults"][0]
    state = tmp_path / "state"
    state.mkdir()
    arguments, _ = logical_arguments(root)
    out = run(["/usr/sbin/ifup", "--no-act", "-v", "-i", tmp_path / "interfaces", "--state-dir", state,
               *arguments])
    text = out.stdout + out.stderr
    assert re.search(rf"ip route add default via {re.escape(gateway)}\s+dev {nic}\b", text), text
    assert len(re.findall(r"ip route add default", text)) == 1
    for other, data in want["interfaces"].items():
        for net, gw in data["routes"]:
            assert re.search(rf"ip route replace {re.escape(net)} via {re.escape(gw)} dev (\$IFACE|{other})\b",
                             text), text
    assert "route add -net" not in text


NMCLI = Path(os.environ.get("NMCLI", "/usr/bin/nmcli"))


@pytest.mark.parametrize("name", FIXTURE_NAMES)
def test_networkmanager_loads_keyfiles(name, tmp_path):
    """NetworkManager's own keyfile reader and verifier accept every keyfile: `nmcli --offline`
    reads a keyfile on standard input, checks it as NetworkManager would before loading it, and
    prints it back (nothing on the machine changes). Tests/run.sh unpacks it (fetch-nmcli.sh)."""
    assert NMCLI.exists(), f"no nmcli at {NMCLI}: run NMCLI=$(bash Tests/Oracle/fetch-nmcli.sh) first"
    root = convert(name, tmp_path / "root", "--format", "networkmanager")
    for path in sorted((root / "etc/NetworkManager/system-connections").glob("*.nmconnection")):
        result = run([NMCLI, "--offline", "connection", "modify", "connection.autoconnect", "yes"],
                     input=path.read_text())
        normalized = ini(result.stdout)
        assert values(normalized, "ipv4", "dns") == values(ini(path.read_text()), "ipv4", "dns")
        assert values(normalized, "ipv6", "dns") == values(ini(path.read_text()), "ipv6", "dns")


CLOUD_INIT = {
    # our --format: (cloud-init renderer, distro, where its files land, our summarizer)
    "networkd": ("networkd", "debian", "etc/systemd/network", summarize_networkd),
    "sysconfig": ("sysconfig", "rhel", "etc/sysconfig/network-scripts", summarize_sysconfig),
    "networkmanager": ("network-manager", "debian", "etc/NetworkManager/system-connections",
                       summarize_networkmanager),
}


@pytest.mark.parametrize("name", FIXTURE_NAMES)
@pytest.mark.parametrize("fmt", sorted(CLOUD_INIT))
def test_same_as_cloud_init(name, fmt, tmp_path):
    """Our files and cloud-init 22.4's rendering of our NoCloud network-config say the same.

    Known, intended differences in form (the summaries, which are what matters, are equal):
    - networkd: we write `Gateway=` in [Network]; cloud-init writes a 0.0.0.0/0 [Route] and
      puts Address= in its own [Address] section and all DNS on one line;
    - sysconfig: we write PREFIX and iproute2 `NET via GW dev ethN` route files; cloud-init
      writes NETMASK, the older ADDRESSn/NETMASKn/GATEWAYn form, NM_CONTROLLED=no (it
      targets initscripts) and its own resolv.conf; we leave NetworkManager in charge and
      rely on DNSn, which both initscripts and NetworkManager's ifcfg-rh read;
    - NetworkManager: we write `gateway=` (and never-default=true on the other NICs);
      cloud-init writes a route1=0.0.0.0/0,GW, an uppercase MAC and no interface-name.
    """
    renderer, distro, subdir, summarize = CLOUD_INIT[fmt]
    ours = convert(name, tmp_path / "ours", "--format", fmt)
    seed = convert(name, tmp_path / "seed", "--renderer-hint", renderer)
    theirs = tmp_path / "theirs"
    run(cloud_init_cli() + ["devel", "net-convert", "-p", seed / "network-config", "-k", "yaml",
                            "-D", distro, "-O", renderer, "-d", theirs])
    mine = summarize(ours / subdir)
    if fmt == "networkmanager":
        # cloud-init 22.4 writes IPv6 name servers under [ipv6] method=disabled, which
        # NetworkManager refuses to load ("ipv6.dns: this property is not allowed for
        # 'method=disabled'"); its keyfiles are compared for content only. Ours use method=auto.
        assert mine == summarize(theirs / subdir, loadable=False)
    else:
        assert mine == summarize(theirs / subdir)
    assert mine == want_network(name)


def summarize_json(doc):
    """The model of `--format json`, summarized like the files: name servers on their links."""
    summary = new_summary()
    route = doc["default_route"]
    for nic in doc["interfaces"]:
        defaults = [route["gateway"]] if route and route["interface"] == nic["name"] else []
        dns = [s["address"] for s in doc["nameservers"] if s["interface"] == nic["name"]]
        routes = [[r["destination"], r["gateway"]] for r in nic["routes"]]
        add_nic(summary, nic["name"], nic["mac"], nic["cidr"], routes, defaults, dns)
    return summary


@pytest.mark.parametrize("name", FIXTURE_NAMES)
def test_every_format_agrees(name, tmp_path):
    """Each format, read back, gives the addresses, default route, extra routes, DNS and MAC
    binding of expected.json: none of them disagrees with another, nor with the JSON model."""
    want = want_network(name)
    got = {}
    netplan = convert(name, tmp_path / "netplan", "--format", "netplan")
    run(["/usr/sbin/netplan", "generate", "--root-dir", netplan])
    got["netplan"] = summarize_networkd(netplan / "run/systemd/network")
    got["ifupdown"] = summarize_ifupdown(convert(name, tmp_path / "ifupdown", "--format", "ifupdown"), tmp_path)
    for fmt, (_, _, subdir, summarize) in CLOUD_INIT.items():
        got[fmt] = summarize(convert(name, tmp_path / fmt, "--format", fmt) / subdir)
    for renderer, (_, _, subdir, summarize) in [("networkd", CLOUD_INIT["networkd"]),
                                                 ("networkmanager", CLOUD_INIT["networkmanager"])]:
        root = unpack_ignition(json.loads(ignition(name, "3.3", renderer)), tmp_path / f"ign-{renderer}")
        got[f"ignition-{renderer}"] = summarize(root / subdir)
    model = run([BINARY, "convert", "--format", "json", "--output", "-", FIXTURES / f"{name}.conf"])
    got["json"] = summarize_json(json.loads(model.stdout))
    for fmt, summary in got.items():
        assert summary == want, fmt
