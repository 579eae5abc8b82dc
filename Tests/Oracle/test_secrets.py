"""No plaintext password at rest or in flight: every command runs on an os.conf with a
distinctive password, and the password (and its base64) must appear in no file, no message;
every file that holds the hash is 0600 (except /etc/shadow, which keeps the system's own mode)."""
import base64
import subprocess
from pathlib import Path

import pytest

from conftest import BINARY, FIXTURES, ROOT
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


WRAP_PASSWORDS = ["sV3GKNxH", "?dEM86JgM7HReH3GeFTo6URqZPayNJH",
                  "c-7r%#xphZhLp-u!nKR@6XuV+6FKruv-#JMk&JHq!n2vC%wXQ-HdnSh33-"]
REFUSED = ROOT / "Tests" / "Refused"  # not under Fixtures, whose files must all be valid


def runs_of(secret, allowed=""):
    """Every 4 characters of `secret`, except those of `allowed` (the key a message must name)."""
    return {secret[i:i + 4] for i in range(len(secret) - 3)} - {allowed[i:i + 4] for i in range(len(allowed) - 3)}


def assert_no_run(secrets, text, allowed=""):
    for secret in secrets:
        for run in runs_of(secret, allowed):
            assert run not in text, f"{run!r} of a secret is in the output: {text[:300]!r}"


@pytest.mark.parametrize("width", [4, 8, 20, 40, 59, 60, 76])
@pytest.mark.parametrize("password", WRAP_PASSWORDS)
@pytest.mark.parametrize("command", ["validate", "convert"])
def test_wrapped_password_refused(command, password, width, tmp_path):
    encoded = base64.b64encode(password.encode()).decode()
    lines = [encoded[i:i + width] for i in range(0, len(encoded), width)]
    conf = tmp_path / "w.conf"
    conf.write_text("hostname=abc\npassword=" + "\n".join(lines)
                    + "\neth0_ip_addr=10.0.0.5\neth0_netmask=255.255.255.0\neth0_gateway=10.0.0.1\n")
    args = [str(BINARY), command, str(conf)] if command == "validate" else \
        [str(BINARY), "convert", "--output", str(tmp_path / "out"), str(conf)]
    result = subprocess.run(args, capture_output=True, text=True)
    output = result.stdout + result.stderr
    if len(lines) == 1:
        assert result.returncode == 0, output
    else:
        assert result.returncode == 65, output
        assert f"{conf}:2: password: the base64 value goes on over line 3" in output
        assert not (tmp_path / "out").exists()
    # The temporary path holds the test's id, and so the password: it is no part of a message.
    assert_no_run([password, encoded], output.replace(str(tmp_path), ""))


@pytest.mark.parametrize("command", ["validate", "convert"])
def test_wrapped_fixture_refused(command, tmp_path):
    """The tester's file: `base64 | fold -w 40`; it was accepted with the password cut short."""
    conf = REFUSED / "wrapped-password-w40.conf"
    args = [str(BINARY), command, str(conf)] if command == "validate" else \
        [str(BINARY), "convert", "--output", str(tmp_path / "out"), str(conf)]
    result = subprocess.run(args, capture_output=True, text=True)
    output = result.stdout + result.stderr
    assert result.returncode == 65, output
    assert f"{conf}:2: password: the base64 value goes on over line 3" in output
    password = "Sup3rSecretRootPassword!2026xyzABC"
    assert_no_run([password, base64.b64encode(password.encode()).decode()], output.replace(str(conf), ""),
                  allowed="password")


@pytest.mark.parametrize("line", ["SECRETPASSWORD", "Kq7Vx2Jm Tr8Lp5"])
def test_bare_line_never_echoed(line, tmp_path):
    conf = tmp_path / "b.conf"
    conf.write_text(f"hostname=abc\n{line}\neth0_ip_addr=10.0.0.5\neth0_netmask=255.255.255.0\neth0_gateway=10.0.0.1\n")
    result = subprocess.run([str(BINARY), "validate", str(conf)], capture_output=True, text=True)
    output = result.stdout + result.stderr
    assert result.returncode == 65, output
    assert f"{conf}:2: not a plain KEY=value assignment" in output
    assert_no_run(line.split(), output.replace(str(tmp_path), ""))
