"""Shared set-up for the oracle suites: the binary under test, the fixtures and what each
fixture must produce (Tests/Fixtures/NAME.expected.json, written by hand from os.conf).

These suites run under Debian's /usr/bin/python3 so that the real cloud-init, netplan and
ifupdown from Debian's packages are the readers of our output.
"""
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "Tests" / "Fixtures"
BINARY = Path(os.environ.get("OSCONF2SEED", ROOT / ".build" / "release" / "osconf2seed"))
FIXTURE_NAMES = sorted(p.stem for p in FIXTURES.glob("*.conf"))

# The trees are built the way root builds an image, whatever the caller's umask: the boot
# job's trust rule refuses an os.conf below a directory that its group or others may write.
os.umask(0o022)


def pytest_configure(config):
    if not BINARY.is_file():
        raise pytest.UsageError(f"osconf2seed binary not found at {BINARY}; build it or set OSCONF2SEED")


def expected(name):
    return json.loads((FIXTURES / f"{name}.expected.json").read_text())


def convert(name, out_dir, *args, input_path=None):
    """Runs `osconf2seed convert` on a fixture and returns the output directory."""
    source = input_path or FIXTURES / f"{name}.conf"
    result = subprocess.run(
        [str(BINARY), "convert", "--output", str(out_dir), *args, str(source)],
        capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    return Path(out_dir)


def run(argv, **kwargs):
    """Runs a reader; fails the test with its output when it exits non-zero."""
    result = subprocess.run([str(a) for a in argv], capture_output=True, text=True, **kwargs)
    assert result.returncode == 0, f"{argv[0]} failed ({result.returncode}):\n{result.stdout}\n{result.stderr}"
    return result


def cloud_init_cli():
    return [sys.executable, "-m", "cloudinit.cmd.main"]


def fake_cloud_init(root):
    """What CloudInitProbe recognises as Debian 12's cloud-init in a tree: its command, its
    version.py and the drop-in directory."""
    (root / "usr/bin").mkdir(parents=True, exist_ok=True)
    (root / "usr/bin/cloud-init").write_text("#!/usr/bin/python3\n")
    (root / "usr/bin/cloud-init").chmod(0o755)
    module = root / "usr/lib/python3/dist-packages/cloudinit"
    module.mkdir(parents=True)
    (module / "version.py").write_text('__VERSION__ = "22.4.2"\n')
    (root / "etc/cloud/cloud.cfg.d").mkdir(parents=True)
