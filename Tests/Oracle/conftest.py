"""Shared set-up for the oracle suites: the binary under test, the fixtures and what each
fixture must produce (Tests/Fixtures/NAME.expected.json, written by hand from os.conf).

These suites run under Debian's /usr/bin/python3 so that the real cloud-init, netplan and
ifupdown from Debian's packages are the readers of our output.
"""
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "Tests" / "Fixtures"
BINARY = Path(os.environ.get("OSCONF2SEED", ROOT / ".build" / "release" / "osconf2seed"))
FIXTURE_NAMES = sorted(p.stem for p in FIXTURES.glob("*.conf"))

# The suites run against each binary the test command makes (issue 18): the release binaries,
# built with Embedded Swift for x86_64 and for aarch64 (which this x86_64 host runs through
# qemu-user-static's binfmt_misc entry: every call of BINARY then goes through qemu), and, for
# what only its runtime does, the README's static SwiftPM build. What differs between them is
# read from the binary itself:
EM_X86_64, EM_AARCH64 = 62, 183


def elf_machine(path):
    """The ELF header's e_machine (EM_X86_64, EM_AARCH64, ...) of the file at `path`."""
    with open(path, "rb") as f:
        header = f.read(20)
    assert header[:4] == b"\x7fELF", f"{path} is not an ELF file"
    return int.from_bytes(header[18:20], "little")


BINARY_MACHINE = elf_machine(BINARY) if BINARY.is_file() else None
# The SwiftPM build carries the Swift runtime, whose start-up needs /proc and seeds hashing
# with a blocking getrandom unless SWIFT_DETERMINISTIC_HASHING is set; an Embedded Swift
# build has no such runtime. Told by the runtime's own message in the binary.
SWIFT_RUNTIME = BINARY.is_file() and b"Unable to obtain Swift runtime path" in BINARY.read_bytes()
# An executable of the binary's processor to stand in for an image tree's /bin/sh, from which
# `install` reads the image's architecture (its ELF header only: nothing runs it). For x86_64
# Debian's dash; for aarch64 the cross C library's loader (libc6-arm64-cross, which
# Tests/run.sh installs with libc6-dev-arm64-cross), the one aarch64 program on this host.
IMAGE_SHELL = {EM_X86_64: Path("/usr/bin/dash"),
               EM_AARCH64: Path("/usr/aarch64-linux-gnu/lib/ld-linux-aarch64.so.1")}

# The trees are built the way root builds an image, whatever the caller's umask: the boot
# job's trust rule refuses an os.conf below a directory that its group or others may write.
os.umask(0o022)


def pytest_configure(config):
    if not BINARY.is_file():
        raise pytest.UsageError(f"osconf2seed binary not found at {BINARY}; build it or set OSCONF2SEED")


GRND_NONBLOCK, GRND_RANDOM, GRND_INSECURE = 0x1, 0x2, 0x4


def strace_getrandom_calls(log):
    """The getrandom(2) calls in strace's log, as (line, flags): strace prints the flags by
    name (`getrandom("...", 16, GRND_INSECURE) = 16`), 0 for none."""
    calls = []
    for line in log.splitlines():
        match = re.search(r"getrandom\(.*, (\d+), ([A-Z_|0-9]+)\)", line)
        if match:
            flags = 0
            for flag in match.group(2).split("|"):
                flags |= {"GRND_NONBLOCK": GRND_NONBLOCK, "GRND_RANDOM": GRND_RANDOM,
                          "GRND_INSECURE": GRND_INSECURE}.get(flag, int(flag, 0) if flag[0].isdigit() else 0)
            calls.append((line, flags))
    return calls


def qemu_getrandom_calls(log):
    """The guest's getrandom(2) calls in qemu-user's -strace log, as (line, flags): qemu
    prints each as "PID getrandom(BUFFER,LENGTH,FLAGS) = RESULT", the flags as a number."""
    calls = []
    for line in log.splitlines():
        match = re.search(r"getrandom\((0x[0-9a-f]+|\d+),(\d+),(0x[0-9a-f]+|\d+)\)", line)
        if match:
            calls.append((line, int(match.group(3), 0)))
    return calls


def may_block(flags):
    """A getrandom call without GRND_INSECURE or GRND_NONBLOCK waits for the entropy pool."""
    return not flags & (GRND_INSECURE | GRND_NONBLOCK)


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
