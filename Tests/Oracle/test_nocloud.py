"""NoCloud seeds read back by the real cloud-init (Debian 12: 22.4) and netplan.

Nothing on the machine changes: the datasource reads a seed directory under a temporary
cloud_dir, and the renderers write into temporary directories.
"""
import warnings

with warnings.catch_warnings():
    warnings.simplefilter("ignore", DeprecationWarning)
    import crypt  # Debian 12's Python 3.11 still has it: the system's crypt(3)
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml
from conftest import FIXTURE_NAMES, cloud_init_cli, convert, expected, run
from seed_reader import load_seed, read

# (extra convert arguments, id): the forms the README promises.
FORMS = [
    ([], "v2-auto"),
    (["--renderer-hint", "netplan"], "v2-netplan"),
    (["--network-config-version", "1"], "v1-auto"),
    (["--network-config-version", "1", "--renderer-hint", "sysconfig"], "v1-sysconfig"),
]


@pytest.mark.parametrize("name", FIXTURE_NAMES)
@pytest.mark.parametrize("args,form", FORMS, ids=[f for _, f in FORMS])
def test_datasource_reads_seed(name, args, form, tmp_path):
    want = expected(name)
    seed = convert(name, tmp_path / "seed", *args)
    seen = read(seed, tmp_path)

    meta = yaml.safe_load((seed / "meta-data").read_text())
    assert seen["instance_id"] == meta["instance-id"]
    assert seen["instance_id"].startswith("iid-osconf2seed-")
    assert seen["hostname"] == want["hostname"]
    assert seen["interfaces"] == want["interfaces"]
    assert seen["defaults"] == [want["default_route"]], "exactly one default route, on the right NIC"
    assert seen["dns"] == want["dns"]


@pytest.mark.parametrize("name", ["classic", "vpc"])
def test_instance_id_follows_content(name, tmp_path):
    source = tmp_path / "os.conf"
    shutil.copy(Path(__file__).parents[1] / "Fixtures" / f"{name}.conf", source)
    first = load_seed(convert(name, tmp_path / "a", input_path=source), tmp_path / "x").get_instance_id()
    again = load_seed(convert(name, tmp_path / "b", input_path=source), tmp_path / "y").get_instance_id()
    with source.open("a") as f:
        f.write("hostname=changed-host\n")
    changed_seed = convert(name, tmp_path / "c", input_path=source)
    changed = load_seed(changed_seed, tmp_path / "z")
    assert first == again
    assert changed.get_instance_id() != first
    assert changed.get_hostname().hostname == "changed-host"


@pytest.mark.parametrize("name", FIXTURE_NAMES)
@pytest.mark.parametrize("version", [None, "22.4", "20.4", "0.7.5"])
def test_user_data_schema_and_hash(name, version, tmp_path):
    args = ["--cloud-init-version", version] if version else []
    seed = convert(name, tmp_path / "seed", *args)
    user_data = seed / "user-data"
    assert user_data.stat().st_mode & 0o777 == 0o600
    result = run(cloud_init_cli() + ["schema", "--config-file", user_data])
    assert "Valid cloud-config" in result.stdout

    want = expected(name)
    text = user_data.read_text()
    assert want["password"] not in text, "the plaintext password must never be written"
    config = yaml.safe_load(text)
    assert config["hostname"] == want["hostname"]
    hashes = []
    chpasswd = config.get("chpasswd", {})
    hashes += [u["password"] for u in chpasswd.get("users", []) if u["name"] == "root" and u["type"] == "hash"]
    hashes += [entry.split(":", 1)[1] for entry in chpasswd.get("list", []) if entry.startswith("root:")]
    hashes += [cmd[2] for cmd in config.get("runcmd", []) if cmd[:2] == ["usermod", "-p"] and cmd[3] == "root"]
    expected_count = 2 if version is None else 1
    assert len(hashes) == expected_count
    for hashed in hashes:
        assert hashed.startswith("$6$")
        assert crypt.crypt(want["password"], hashed) == hashed, "hash verifies with the system's crypt"
        if "password_hash" in want:
            assert hashed == want["password_hash"]
    if version and version.startswith("0."):
        assert "chpasswd" not in config, "0.7.x would set the hash literally"
    else:
        assert chpasswd["expire"] is False
    assert config["ssh_pwauth"] is True


RENDERERS = [("eni", "debian"), ("sysconfig", "rhel"), ("networkd", "debian"), ("netplan", "ubuntu"),
             ("network-manager", "debian")]


@pytest.mark.parametrize("name", FIXTURE_NAMES)
@pytest.mark.parametrize("renderer,distro", RENDERERS, ids=[r for r, _ in RENDERERS])
@pytest.mark.parametrize("args,form", FORMS, ids=[f for _, f in FORMS])
def test_cloud_init_renderers(name, renderer, distro, args, form, tmp_path):
    seed = convert(name, tmp_path / "seed", *args)
    out = tmp_path / "out"
    run(cloud_init_cli() + ["devel", "net-convert", "-p", seed / "network-config", "-k", "yaml", "-D", distro,
                            "-O", renderer, "-d", out])
    rendered = [p for p in out.rglob("*") if p.is_file()]
    assert rendered, f"{renderer} rendered nothing"
    want = expected(name)
    nic, gateway = want["default_route"]
    if renderer == "eni" and "--renderer-hint" not in args:
        # The point of the default form: on ifupdown without net-tools only a `gateway` line
        # brings the default route up.
        interfaces = (out / "etc/network/interfaces.d/50-cloud-init").read_text()
        stanza = interfaces.split(f"iface {nic} inet static", 1)[1].split("\nauto ", 1)[0]
        assert f"    gateway {gateway}\n" in stanza
        assert " 0.0.0.0" not in interfaces and "default" not in interfaces.replace("# ", "")


@pytest.mark.parametrize("name", FIXTURE_NAMES)
@pytest.mark.parametrize("args,form", FORMS[:2], ids=[f for _, f in FORMS[:2]])
def test_netplan_generate_accepts(name, args, form, tmp_path):
    seed = convert(name, tmp_path / "seed", *args)
    root = tmp_path / "root"
    (root / "etc" / "netplan").mkdir(parents=True)
    # cloud-init's netplan renderer passes v2 through under a `network:` key.
    config = {"network": yaml.safe_load((seed / "network-config").read_text())}
    target = root / "etc" / "netplan" / "50-cloud-init.yaml"
    target.write_text(yaml.safe_dump(config))
    target.chmod(0o600)
    run(["netplan", "generate", "--root-dir", root])
    want = expected(name)
    network_files = {p.name: p.read_text() for p in (root / "run" / "systemd" / "network").glob("*.network")}
    assert len(network_files) == len(want["interfaces"])
    everything = "\n".join(network_files.values())
    for iface in want["interfaces"].values():
        assert f"Address={iface['address']}" in everything
        for destination, via in iface["routes"]:
            assert f"Destination={destination}\nGateway={via}" in everything
    assert f"Gateway={want['default_route'][1]}" in everything
    for server in want["dns"]:
        assert f"DNS={server}" in everything
