"""Reads a NoCloud seed with cloud-init's own code and prints what cloud-init understood.

Used in-process by test_nocloud.py and as a script (`python3 seed_reader.py SEED_DIR`, with
PYTHONPATH pointing at another cloud-init release) by test_other_releases.py, so every release
is asked the same questions. Nothing here interprets the seed itself: the datasource, and
network_state's parser, do.
"""
import json
import sys
import tempfile
from pathlib import Path

from cloudinit import distros, helpers
from cloudinit.net import network_state
from cloudinit.sources.DataSourceNoCloud import DataSourceNoCloud


def load_seed(seed_dir, work_dir):
    """cloud-init's NoCloud datasource pointed at seed_dir, with its state under work_dir."""
    cloud_dir = Path(work_dir) / "cloud"
    (cloud_dir / "run").mkdir(parents=True, exist_ok=True)
    paths = helpers.Paths({"cloud_dir": str(cloud_dir), "run_dir": str(cloud_dir / "run")})
    distro = distros.fetch("debian")("debian", {}, paths)
    datasource = DataSourceNoCloud({"datasource": {"NoCloud": {"fs_label": None}}}, distro, paths)
    datasource.seed_dirs = [str(seed_dir)]
    assert datasource.get_data(), "DataSourceNoCloud found no data"
    return datasource


def hostname_of(datasource):
    name = datasource.get_hostname()
    return name if isinstance(name, str) else name.hostname  # a str before 22.2


def summarize(state):
    """Per NIC the MAC, address and non-default routes; every default route (subnet gateways
    and 0.0.0.0/0 routes); the name servers — all as cloud-init's parsed state holds them."""
    interfaces, defaults, dns = {}, [], []
    for iface in state.iter_interfaces():
        if iface["name"] == "lo" and all(s.get("type") == "loopback" for s in iface.get("subnets", [])):
            continue  # the loopback stanza of a network-interfaces text is no NIC
        routes, addresses = [], []
        for subnet in iface.get("subnets", []):
            addresses.append(f"{subnet['address']}/{subnet['prefix']}")
            if subnet.get("gateway"):
                defaults.append([iface["name"], subnet["gateway"]])
            for route in subnet.get("routes", []):
                if int(route["prefix"]) == 0:
                    defaults.append([iface["name"], route["gateway"]])
                else:
                    routes.append([f"{route['network']}/{route['prefix']}", route["gateway"]])
            dns += [d for d in subnet.get("dns_nameservers", []) if d not in dns]
        assert len(addresses) == 1, iface
        interfaces[iface["name"]] = {"mac": iface["mac_address"], "address": addresses[0], "routes": routes}
    for route in state.iter_routes():
        if int(route["prefix"]) == 0:
            defaults.append([None, route["gateway"]])
    dns += [d for d in state.dns_nameservers if d not in dns]
    return {"interfaces": interfaces, "defaults": defaults, "dns": dns}


def read(seed_dir, work_dir):
    datasource = load_seed(seed_dir, work_dir)
    state = network_state.parse_net_config_data(datasource.network_config)
    return {"instance_id": datasource.get_instance_id(), "hostname": hostname_of(datasource), **summarize(state)}


if __name__ == "__main__":
    with tempfile.TemporaryDirectory() as work:
        print(json.dumps(read(sys.argv[1], work)))
