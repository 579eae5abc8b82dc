"""`osconf2seed boot --root` on image-like trees, and what the real readers make of the result.

The trees are built here: just the files the boot job inspects (cloud-init's version module,
/etc/network/interfaces, an `ip` binary, /etc/shadow …). Nothing on the machine changes.
"""
import ipaddress
import os
import shutil
import subprocess
import warnings
from pathlib import Path

import pytest
import yaml
from cloudinit import stages
from cloudinit.sources import NetworkConfigSource

from conftest import BINARY, FIXTURES, expected
from seed_reader import load_seed, read

with warnings.catch_warnings():
    warnings.simplefilter("ignore", DeprecationWarning)
    import crypt


def image(tmp_path, cloud_init=True, net_tools=False):
    root = tmp_path / "root"
    (root / "etc/network/interfaces.d").mkdir(parents=True)
    (root / "etc/network/interfaces").write_text("source /etc/network/interfaces.d/*\nauto lo\niface lo inet loopback\n")
    (root / "sbin").mkdir()
    (root / "sbin/ip").write_text("")
    (root / "sbin/ip").chmod(0o755)
    if net_tools:
        (root / "sbin/route").write_text("")
    if cloud_init:
        module = root / "usr/lib/python3/dist-packages/cloudinit"
        module.mkdir(parents=True)
        (module / "version.py").write_text('__VERSION__ = "22.4.2"\n')
    (root / "etc/hostname").write_text("debian\n")
    (root / "etc/hosts").write_text("127.0.0.1\tlocalhost\n127.0.1.1\tdebian\n")
    (root / "etc/shadow").write_text("root:*:19000:0:99999:7:::\ndaemon:*:19000:0:99999:7:::\n")
    (root / "etc/shadow").chmod(0o640)
    (root / "etc/resolv.conf").write_text("nameserver 192.0.2.1\n")
    return root


def boot(root, name=None, text=None):
    """Boots the tree on the fixture `name`, or on an os.conf holding `text`."""
    conf = root / "boot-part/aliyun_custom_image/os.conf"
    conf.parent.mkdir(parents=True, exist_ok=True)
    if text is None:
        shutil.copy(FIXTURES / f"{name}.conf", conf)
    else:
        conf.write_text(text)
    result = subprocess.run([str(BINARY), "boot", "--root", str(root), "--os-conf", "/boot-part/aliyun_custom_image/os.conf"],
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert not conf.exists(), "os.conf is removed after success"
    return result


def networking(datasource):
    """cloud-init's own choice of network configuration for this datasource: (config, source)."""
    init = stages.Init(ds_deps=[])
    init.datasource = datasource
    init._cfg = {}
    return init._find_networking_config()


def ifquery(root, nic):
    """ifupdown's own parser on the files the job wrote (the wrapper points the source line
    into the tree instead of /etc)."""
    wrapper = root / "interfaces.test"
    wrapper.write_text(f"source {root}/etc/network/interfaces.d/*\n")
    # A NIC with a MAC has the logical stanza osconf-ethN, picked by our mapping script from
    # the MAC of the running NIC; this machine's NICs are not the image's, so it is named here
    # (the mapping itself runs in test_nic_order_netns.py).
    stanzas = (root / "etc/network/interfaces.d/osconf2seed").read_text()
    logical = f"osconf-{nic}" if f"iface osconf-{nic} " in stanzas else nic
    result = subprocess.run(["ifquery", "-i", str(wrapper), f"{nic}={logical}"], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    return result.stdout


def address_lines(cidr):
    """How ifquery reports an address written as CIDR."""
    interface = ipaddress.ip_interface(cidr)
    return f"address: {interface.ip}\n", f"netmask: {interface.netmask}\n"


@pytest.mark.parametrize("name", ["classic", "many-routes", "three-nics", "vpc"])
def test_debian_without_net_tools(name, tmp_path):
    """Stock Debian 12: cloud-init keeps password, host name and keys; the network, whose
    routes cloud-init's eni renderer could not bring up, is written by the job with iproute2."""
    root = image(tmp_path)
    boot(root, name)
    seed = root / "var/lib/cloud/seed/nocloud"
    datasource = load_seed(seed, tmp_path / "ci")
    assert datasource.network_config == {"config": "disabled"}
    config, _ = networking(datasource)
    assert config is None, "cloud-init 22.4 renders no network and no DHCP fallback"
    want = expected(name)
    assert datasource.get_hostname().hostname == want["hostname"]
    user_data = yaml.safe_load((seed / "user-data").read_text())
    hashed = user_data["chpasswd"]["users"][0]["password"]
    assert crypt.crypt(want["password"], hashed) == hashed
    for nic, facts in want["interfaces"].items():
        stanza = ifquery(root, nic)
        for line in address_lines(facts["address"]):
            assert line in stanza
        for destination, via in facts["routes"]:
            assert f"ip route replace {destination} via {via} dev $IFACE" in stanza
        default_nic, gateway = want["default_route"]
        assert (f"gateway: {gateway}" in stanza) == (nic == default_nic)


def test_debian_with_net_tools(tmp_path):
    root = image(tmp_path, net_tools=True)
    boot(root, "classic")
    seen = read(root / "var/lib/cloud/seed/nocloud", tmp_path / "ci")
    want = expected("classic")
    assert seen["interfaces"] == want["interfaces"]
    assert seen["defaults"] == [want["default_route"]]
    assert not (root / "etc/network/interfaces.d/osconf2seed").exists()


def test_direct_without_cloud_init(tmp_path):
    root = image(tmp_path, cloud_init=False)
    boot(root, "classic")
    want = expected("classic")
    assert (root / "etc/hostname").read_text() == want["hostname"] + "\n"
    shadow = (root / "etc/shadow").read_text().splitlines()
    hashed = shadow[0].split(":")[1]
    assert crypt.crypt(want["password"], hashed) == hashed
    assert shadow[1] == "daemon:*:19000:0:99999:7:::", "other lines are kept"
    assert (root / "etc/shadow").stat().st_mode & 0o777 == 0o640
    assert "nameserver 7.7.7.7" in (root / "etc/resolv.conf").read_text()
    stanza = ifquery(root, "eth1")
    assert all(line in stanza for line in address_lines("42.120.74.105/24"))
    assert not (root / "var/lib/cloud/seed/nocloud").exists()


# An os.conf without NIC keys: host name and password only.
NO_NIC = "hostname=web1\npassword=b3RoZXItcGFzcwo=\n"  # other-pass


def files_under(root, *tops):
    """Path, bytes and mode of every file and link below the given directories of the tree."""
    seen = {}
    for top in tops:
        for path in [root / top, *sorted((root / top).rglob("*"))]:
            if path.is_symlink():
                seen[str(path.relative_to(root))] = ("link", os.readlink(path))
            elif path.is_file():
                seen[str(path.relative_to(root))] = (path.read_bytes(), path.stat().st_mode)
    return seen


def test_empty_ethernets_switches_the_fallback_off(tmp_path):
    """Why a seed must not say `ethernets: {}`: cloud-init takes it as the datasource's
    configuration and brings up no network at all, where no network-config gets DHCP."""
    seed = tmp_path / "seed"
    seed.mkdir()
    (seed / "meta-data").write_text("instance-id: iid-test\n")
    (seed / "user-data").write_text("#cloud-config\n{}\n")
    (seed / "network-config").write_text("version: 2\nethernets: {}\n")
    config, source = networking(load_seed(seed, tmp_path / "ci"))
    assert source == NetworkConfigSource.DS and not config.get("ethernets")


@pytest.mark.parametrize("net_tools", [False, True], ids=["ifupdown", "net-tools"])
def test_no_nic_first_boot_gets_cloud_init_fallback(net_tools, tmp_path):
    root = image(tmp_path, net_tools=net_tools)
    etc = files_under(root, "etc")
    boot(root, text=NO_NIC)
    seed = root / "var/lib/cloud/seed/nocloud"
    assert not (seed / "network-config").exists()
    datasource = load_seed(seed, tmp_path / "ci")
    assert datasource.network_config is None
    _, source = networking(datasource)
    assert source == NetworkConfigSource.FALLBACK, "cloud-init brings the first NIC up with DHCP"
    assert datasource.get_hostname().hostname == "web1"
    hashed = yaml.safe_load((seed / "user-data").read_text())["chpasswd"]["users"][0]["password"]
    assert crypt.crypt("other-pass", hashed) == hashed
    assert files_under(root, "etc") == etc, "no network file written or removed"


@pytest.mark.parametrize("net_tools", [False, True], ids=["ifupdown", "net-tools"])
def test_no_nic_after_a_network_leaves_it_alone(net_tools, tmp_path):
    root = image(tmp_path, net_tools=net_tools)
    boot(root, "classic")
    etc = files_under(root, "etc")
    boot(root, text=NO_NIC)
    seed = root / "var/lib/cloud/seed/nocloud"
    datasource = load_seed(seed, tmp_path / "ci")
    assert datasource.network_config == {"config": "disabled"}
    config, source = networking(datasource)
    assert config is None and source == NetworkConfigSource.DS, "no rendering and no DHCP fallback"
    assert datasource.get_hostname().hostname == "web1"
    assert files_under(root, "etc") == etc, "the first boot's network files are kept"
    if not net_tools:
        stanza = ifquery(root, "eth1")
        assert all(line in stanza for line in address_lines("42.120.74.105/24"))


def test_no_nic_direct_keeps_the_network(tmp_path):
    root = image(tmp_path, cloud_init=False)
    boot(root, "classic")
    network = files_under(root, "etc/network", "etc/udev", "etc/resolv.conf")
    boot(root, text=NO_NIC)
    assert files_under(root, "etc/network", "etc/udev", "etc/resolv.conf") == network
    assert (root / "etc/hostname").read_text() == "web1\n"
    hashed = (root / "etc/shadow").read_text().splitlines()[0].split(":")[1]
    assert crypt.crypt("other-pass", hashed) == hashed
    stanza = ifquery(root, "eth1")
    assert all(line in stanza for line in address_lines("42.120.74.105/24"))


def whole_tree(root):
    """Every entry of the tree with its type, mode, owner and bytes (or link target)."""
    seen = {}
    for path in sorted(root.rglob("*")):
        info = path.lstat()
        key = str(path.relative_to(root))
        if path.is_symlink():
            seen[key] = ("link", os.readlink(path))
        elif path.is_dir():
            seen[key] = ("dir", info.st_mode, info.st_uid, info.st_gid)
        else:
            seen[key] = ("file", info.st_mode, info.st_uid, info.st_gid, path.read_bytes())
    return seen


def clean(root):
    result = subprocess.run([str(BINARY), "clean", "--root", str(root)], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    return result


@pytest.mark.parametrize("cloud_init,net_tools", [(True, False), (True, True), (False, False)],
                         ids=["seed", "seed-net-tools", "direct"])
def test_clean_gives_back_the_image(cloud_init, net_tools, tmp_path):
    """Two test boots (the second with a new os.conf), then clean: the tree is the image as
    it was, byte for byte, with the modes and owners it had."""
    root = image(tmp_path, cloud_init=cloud_init, net_tools=net_tools)
    (root / "etc/network/interfaces.d/50-cloud-init").write_text("auto eth0\niface eth0 inet dhcp\n")
    os.chown(root / "etc/shadow", 0, 42)
    (root / "etc/.pwd.lock").write_text("")
    (root / "etc/.pwd.lock").chmod(0o600)
    (root / "boot-part/aliyun_custom_image").mkdir(parents=True)
    before = whole_tree(root)
    boot(root, "classic")
    boot(root, "vpc")
    assert whole_tree(root) != before
    clean(root)
    assert whole_tree(root) == before
