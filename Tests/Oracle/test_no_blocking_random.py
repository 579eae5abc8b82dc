"""Nothing may block on entropy at early boot (issue 18, item 5).

Runs `convert` of the shipped classic example (its password needs a salt) with every binary
the test command built and records each getrandom(2) call: strace for the x86_64 binaries
(OSCONF2SEED, the binary under test, and OSCONF2SEED_SWIFTPM, the README's static SwiftPM
build), qemu-user's own -strace for the aarch64 one (OSCONF2SEED_AARCH64; strace cannot follow
a program qemu-user runs). Every call must carry GRND_INSECURE or GRND_NONBLOCK: a call without
either waits for the pool at boot. Each runs with SWIFT_DETERMINISTIC_HASHING=1, as the boot
job does (Templates/: the SwiftPM build's runtime would otherwise seed its hashing with a
blocking getrandom, which test_static_binary.py checks); the release binaries, built with
Embedded Swift, have no runtime to read it and seed Dictionary and Set through arc4random_buf,
which glibc implements with a blocking getrandom: Sources/CShim/Random.c replaces it. The
binaries must be there: Tests/run.sh builds them (contrib/release.sh, the SwiftPM build); a
missing one fails the test.
"""

import os
import subprocess
from pathlib import Path

import pytest

from conftest import EM_AARCH64, elf_machine, may_block, qemu_getrandom_calls, strace_getrandom_calls

# The boot job's environment (Templates/osconf2seed.service, .sysvinit, .openrc).
BOOT_ENVIRONMENT = {**os.environ, "SWIFT_DETERMINISTIC_HASHING": "1"}

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "contrib" / "examples" / "classic.conf"


def binary(variable):
    path = os.environ.get(variable)
    assert path, f"{variable} is not set: Tests/run.sh builds that binary and sets it"
    assert os.access(path, os.X_OK), f"{variable}={path} is not an executable"
    return path


def strace_calls(program, tmp_path):
    log = tmp_path / "strace.log"
    subprocess.run(
        ["strace", "-f", "-qq", "-o", str(log), "-e", "trace=getrandom",
         program, "convert", "--output", str(tmp_path / "out"), str(EXAMPLE)],
        check=True, capture_output=True, env=BOOT_ENVIRONMENT)
    return strace_getrandom_calls(log.read_text())


def qemu_calls(program, tmp_path):
    # qemu-user prints each system call of the guest to standard error.
    result = subprocess.run(
        ["qemu-aarch64-static", "-strace", program,
         "convert", "--output", str(tmp_path / "out"), str(EXAMPLE)],
        check=True, capture_output=True, text=True, env=BOOT_ENVIRONMENT)
    return qemu_getrandom_calls(result.stderr)


@pytest.mark.parametrize("variable", ["OSCONF2SEED", "OSCONF2SEED_SWIFTPM", "OSCONF2SEED_AARCH64"])
def test_no_getrandom_call_can_block(variable, tmp_path):
    program = binary(variable)
    calls = qemu_calls(program, tmp_path) if elf_machine(program) == EM_AARCH64 else strace_calls(program, tmp_path)
    # The salt of the password is taken from getrandom: no call seen means the tracing failed.
    assert calls, f"{variable}: no getrandom call recorded; the trace did not work"
    blocking = [line for line, flags in calls if may_block(flags)]
    assert not blocking, f"{variable}: getrandom calls that may block:\n" + "\n".join(blocking)
