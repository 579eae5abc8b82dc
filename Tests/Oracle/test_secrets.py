"""No plaintext password at rest or in flight: every command runs on an os.conf with a
distinctive password, and the password (and its base64) must appear in no file, no message;
every file that holds the hash is 0600 (except /etc/shadow, which keeps the system's own mode)."""
import base64
import subprocess
from pathlib import Path

import pytest

from conftest import BINARY, FIXTURES
from test_boot import image

PASSWORD = "Zx9-distinctive-Secret-7Qw"
ENCODED = base64.b64encode((PASSWORD + "\n").encode()).decode()
FORMATS = ["nocloud", "ignition", "ifupdown", "netplan", "networkd", "sysconfig", "networkmanager", "json"]


@pytest.fixture
def os_conf(tmp_path):
    text = (FIXTURES / "classic.conf").read_text().replace("password=cXdlcjEyMzQK", f"password={ENCODED}")
    assert ENCODED in text
    path = tmp_path / "os.conf"
    path.write_text(text)
    return path


def assert_clean(tree, messages):
    for text in messages:
        assert PASSWORD not in text and ENCODED not in text
    for path in [p for p in Path(tree).rglob("*") if p.is_file() and not p.is_symlink()]:
        data = path.read_bytes()
        assert PASSWORD.encode() not in data and ENCODED.encode() not in data, path
        if b"$6$" in data and path.name != "shadow":
            assert path.stat().st_mode & 0o777 == 0o600, f"{path} holds a hash and is not 0600"


@pytest.mark.parametrize("fmt", FORMATS)
def test_convert(fmt, os_conf, tmp_path):
    out = tmp_path / "out"
    result = subprocess.run([str(BINARY), "convert", "--format", fmt, "--output", str(out), str(os_conf)],
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert_clean(out, [result.stdout, result.stderr])


def test_convert_errors_never_echo(tmp_path):
    bad = tmp_path / "os.conf"
    bad.write_text(f"password={PASSWORD}!\neth0_ip_addr=10.0.0.5\neth0_netmask=255.0.0.0\neth0_gateway=10.0.0.1\n")
    result = subprocess.run([str(BINARY), "convert", "--output", str(tmp_path / "o"), str(bad)], capture_output=True, text=True)
    assert result.returncode == 65
    assert "password" in result.stderr and PASSWORD not in result.stderr


@pytest.mark.parametrize("flag", [[], ["--json"]], ids=["text", "json"])
def test_validate_never_echoes(flag, os_conf, tmp_path):
    good = subprocess.run([str(BINARY), "validate", *flag, str(os_conf)], capture_output=True, text=True)
    assert good.returncode == 0, good.stdout + good.stderr
    assert_clean(tmp_path / "no-files", [good.stdout, good.stderr])
    bad = tmp_path / "bad.conf"
    bad.write_text(f"password={PASSWORD}!\nhostname=bad..host\npassword=\"{ENCODED}\n{PASSWORD}\"\n")
    result = subprocess.run([str(BINARY), "validate", *flag, str(bad)], capture_output=True, text=True)
    assert result.returncode == 65
    assert "password" in result.stdout and PASSWORD not in result.stdout + result.stderr
    assert ENCODED not in result.stdout + result.stderr


@pytest.mark.parametrize("cloud_init", [True, False], ids=["seed", "direct"])
def test_boot(cloud_init, os_conf, tmp_path):
    root = image(tmp_path, cloud_init=cloud_init)
    target = root / "part/aliyun_custom_image/os.conf"
    target.parent.mkdir(parents=True)
    target.write_text(os_conf.read_text())
    result = subprocess.run([str(BINARY), "boot", "--root", str(root), "--os-conf", "/part/aliyun_custom_image/os.conf"],
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert_clean(root, [result.stdout, result.stderr])
    state = (root / "var/lib/osconf2seed/state")
    assert state.stat().st_mode & 0o777 == 0o600
