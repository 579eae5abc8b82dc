"""`osconf2seed validate` on every fixture and on bad files, and every command on input that
is not a regular file: refused with 66 at once (a FIFO must never block a boot or a pipeline)."""
import json
import os
import socket
import subprocess
import time

import pytest

from conftest import BINARY, FIXTURE_NAMES, FIXTURES
from test_boot import image


def run(*argv, stdin=None, timeout=10):
    return subprocess.run([str(BINARY), *map(str, argv)], capture_output=True, text=True, input=stdin,
                          timeout=timeout)


def test_every_fixture_is_valid():
    result = run("validate", "--json", FIXTURES)
    assert result.returncode == 0, result.stdout + result.stderr
    records = [json.loads(line) for line in result.stdout.splitlines()]
    # Every *.conf, and Tencent's sample under qcloud_action/ (read as Tencent's: its path),
    # in byte order of the paths.
    want = [str(FIXTURES / f"{n}.conf") for n in FIXTURE_NAMES] + [str(FIXTURES / "qcloud_action/os.conf")]
    assert [r["file"] for r in records] == sorted(want)
    assert all(r["valid"] and r["errors"] == [] for r in records)
    assert all(set(r) == {"file", "valid", "errors", "warnings"} for r in records)


def test_every_error_and_the_exit_status(tmp_path):
    bad = tmp_path / "bad.conf"
    bad.write_text("hostname=bad..host\neth0_ip_addr=1.2.3\neth0_netmask=255.255.255.0\nfoo=1\n")
    good = tmp_path / "sub" / "os.conf"
    good.parent.mkdir()
    good.write_text((FIXTURES / "vpc.conf").read_text())
    result = run("validate", tmp_path)
    assert result.returncode == 65
    assert result.stdout.splitlines() == [
        f"{bad}:1: hostname: 'bad..host' is not an RFC 1123 host name",
        f"{bad}:2: eth0_ip_addr: '1.2.3' is not an IPv4 address",
        f"{bad}:4: foo: warning: unknown key, not used",
    ]
    records = [json.loads(line) for line in run("validate", "--json", tmp_path).stdout.splitlines()]
    assert [(r["file"], r["valid"]) for r in records] == [(str(bad), False), (str(good), True)]
    assert records[0]["errors"][1] == {"line": 2, "key": "eth0_ip_addr", "message": "'1.2.3' is not an IPv4 address"}
    assert run("validate", tmp_path / "missing.conf").returncode == 66
    assert run("validate", "--source", "tencent", good).returncode == 0
    assert run("validate", "--source", "azure", good).returncode == 64


def test_standard_input_stays_standard_input():
    result = run("validate", "--json", "-", stdin=(FIXTURES / "classic.conf").read_text())
    assert result.returncode == 0
    assert json.loads(result.stdout)["file"] == "<stdin>"


def make_fifo(path):
    os.mkfifo(path)


def make_socket(path):
    server = socket.socket(socket.AF_UNIX)
    server.bind(str(path))
    return server


@pytest.mark.parametrize("kind", ["fifo", "socket", "device"])
@pytest.mark.parametrize("command", ["convert", "validate", "boot"])
def test_not_a_regular_file_is_refused_at_once(kind, command, tmp_path):
    root = image(tmp_path, cloud_init=True)
    target = root / "part/aliyun_custom_image/os.conf"
    target.parent.mkdir(parents=True)
    keep = None
    if kind == "fifo":
        make_fifo(target)
    elif kind == "socket":
        keep = make_socket(target)
    else:
        os.mknod(target, 0o600 | 0o020000, os.makedev(1, 3))
    argv = {
        "convert": ["convert", "--output", tmp_path / "out", target],
        "validate": ["validate", target],
        "boot": ["boot", "--root", root, "--os-conf", "/part/aliyun_custom_image/os.conf"],
    }[command]
    start = time.monotonic()
    result = run(*argv, timeout=10)
    took = time.monotonic() - start
    if keep:
        keep.close()
    assert result.returncode == 66, result.stdout + result.stderr
    assert took < 5
    assert "not a regular file" in result.stdout + result.stderr
    assert not (tmp_path / "out").exists()
    assert not (root / "var/lib/osconf2seed/state").exists()
    assert target.exists()
