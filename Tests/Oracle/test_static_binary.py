"""The release binary on its own, as an image receives it.

- It is fully static: no program interpreter, so it runs on any x86-64 Linux whatever its C
  library (CentOS 7's glibc 2.17, Alpine's musl), and it runs in a directory that holds
  nothing but itself, os.conf and /proc (test_no_proc.py runs it without /proc as well).
- It never waits for the kernel's entropy pool at boot. The Swift runtime seeds its hashing
  with a blocking getrandom(2) before main; the boot services installed for systemd,
  sysvinit and OpenRC start it with SWIFT_DETERMINISTIC_HASHING=1, and strace shows that, as
  each of them runs it, no blocking getrandom call remains (salts use GRND_INSECURE).

The init scripts run for real, in a chroot holding the installed tree and Debian's dash.
"""
import os
import re
import shutil
import struct
import subprocess
from pathlib import Path

import pytest

from conftest import (BINARY, BINARY_MACHINE, EM_AARCH64, ROOT, SWIFT_RUNTIME, may_block, qemu_getrandom_calls,
                      run, strace_getrandom_calls)
from test_install import debian_tree

EXAMPLE = ROOT / "contrib" / "examples" / "classic.conf"
PT_INTERP = 3
# Resolved here: the traced command runs with the service's own, minimal environment.
STRACE = shutil.which("strace") or "strace (apt-get install strace)"
CHROOT = shutil.which("chroot", path="/usr/sbin:/sbin") or "chroot"

if os.geteuid() != 0:
    pytest.exit("test_static_binary.py needs root (chroot and a /proc mount); run Tests/run.sh as root", 1)


def program_header_types(path):
    data = Path(path).read_bytes()
    assert data[:4] == b"\x7fELF" and data[4] == 2, "not a 64-bit ELF file"
    phoff, = struct.unpack_from("<Q", data, 0x20)
    phentsize, phnum = struct.unpack_from("<HH", data, 0x36)
    return [struct.unpack_from("<I", data, phoff + i * phentsize)[0] for i in range(phnum)]


class Jail:
    """A directory to chroot into, with /proc mounted; unmounted and removed afterwards."""

    def __init__(self, path):
        self.path = path
        (path / "proc").mkdir(parents=True)
        run(["mount", "-t", "proc", "proc", path / "proc"])

    def close(self):
        subprocess.run(["umount", "-l", str(self.path / "proc")], check=False)

    def add_program(self, program):
        """Copies a dynamically linked host program and the libraries ldd names for it."""
        for source in [program] + re.findall(r"(/\S+\.so[.\d]*)", run(["ldd", program]).stdout):
            target = self.path / source.lstrip("/")
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target)

    def traced(self, argv, env):
        """Runs argv inside the jail under strace; returns (exit status, trace, output,
        the binary's getrandom calls as (line, flags)). An aarch64 binary runs through
        qemu-user (binfmt_misc), whose own calls are all strace sees of it: its calls are
        taken from qemu's log of the guest's system calls instead (QEMU_STRACE, written to
        QEMU_LOG_FILENAME, a path inside the jail)."""
        trace = self.path.parent / "trace.txt"
        qemu_log = self.path / "qemu-strace.log"
        if BINARY_MACHINE == EM_AARCH64:
            env = {**env, "QEMU_STRACE": "1", "QEMU_LOG_FILENAME": "/" + qemu_log.name}
        result = subprocess.run(
            [STRACE, "-f", "-qq", "-e", "trace=getrandom,execve", "-o", str(trace),
             CHROOT, str(self.path), *argv],
            env=env, capture_output=True, text=True)
        if BINARY_MACHINE == EM_AARCH64:
            calls = qemu_getrandom_calls(qemu_log.read_text())
            qemu_log.unlink()
        else:
            calls = strace_getrandom_calls(trace.read_text())
        return result.returncode, trace.read_text(), result.stdout + result.stderr, calls


@pytest.fixture
def jail(tmp_path):
    """A jail around an empty directory; tests that need an image tree build it first."""
    j = Jail(tmp_path / "jail")
    yield j
    j.close()


def test_release_binary_is_fully_static():
    types = program_header_types(BINARY)
    assert PT_INTERP not in types, "the release binary asks for a dynamic loader (build with -static-executable)"
    # The check can fail: any dynamically linked program here has one.
    assert PT_INTERP in program_header_types(shutil.which("sh"))


def test_converts_in_a_directory_holding_nothing_else(jail):
    shutil.copy2(BINARY, jail.path / "osconf2seed")
    (jail.path / "in").mkdir()
    shutil.copy2(EXAMPLE, jail.path / "in" / "os.conf")
    status, _, output, _ = jail.traced(["/osconf2seed", "convert", "--output", "/seed", "/in/os.conf"], env={})
    assert status == 0, output
    assert sorted(p.name for p in (jail.path / "seed").iterdir()) == ["meta-data", "network-config", "user-data"]
    assert (jail.path / "seed" / "user-data").stat().st_mode & 0o777 == 0o600


def install_tree(tmp_path, init):
    """test_install.py's Debian tree without cloud-init (ifupdown with iproute2's ip), with
    the service installed for `init`."""
    root = debian_tree(tmp_path, cloud_init=False)
    run([BINARY, "install", "--root", root, "--init", init])
    # No os.conf anywhere: the job reports that and exits 0, touching nothing on this machine.
    (root / "etc/osconf2seed.conf").write_text("os_conf=/nowhere/os.conf\n")
    return root


def systemd_command(root):
    """ExecStart and Environment of the installed unit, the way systemd runs them."""
    unit = (root / "etc/systemd/system/osconf2seed.service").read_text()
    command = re.search(r"^ExecStart=(.*)$", unit, re.M).group(1).split()
    env = dict(line.split("=", 1)[1].split("=", 1) for line in unit.splitlines() if line.startswith("Environment="))
    return command, env


def start_command(root, init):
    """The argv and environment with which each init system starts the installed service."""
    if init == "systemd":
        return systemd_command(root)
    if init == "sysvinit":
        return ["/bin/sh", "/etc/init.d/osconf2seed", "start"], {"PATH": "/usr/bin:/bin"}
    # OpenRC's openrc-run sources the script and calls start(); ebegin and eend only print.
    script = 'ebegin() { :; }; eend() { return "$1"; }; . /etc/init.d/osconf2seed; start'
    return ["/bin/sh", "-c", script], {"PATH": "/usr/bin:/bin"}


@pytest.mark.parametrize("init", ["systemd", "sysvinit", "openrc"])
def test_boot_service_never_waits_for_entropy(init, tmp_path, request):
    jail = Jail(install_tree(tmp_path, init))
    request.addfinalizer(jail.close)
    jail.add_program("/bin/sh")
    argv, env = start_command(jail.path, init)
    status, trace, output, calls = jail.traced(argv, env)
    assert status == 0, output
    assert "no os.conf" in output.lower(), output
    assert re.search(r'execve\("/usr/sbin/osconf2seed", \["/usr/sbin/osconf2seed", "boot"\]', trace), trace
    blocking = [line for line, flags in calls if may_block(flags)]
    assert not blocking, f"{init}: the binary waits for entropy:\n" + "\n".join(blocking)

    if init == "systemd":
        status, trace, output, calls = jail.traced(argv, {})
        assert status == 0, output
        if SWIFT_RUNTIME:
            # The check can fail: the same command without the unit's Environment= does block.
            assert any(may_block(flags) for _, flags in calls), (
                "the Swift runtime no longer calls getrandom blocking at start-up: "
                "SWIFT_DETERMINISTIC_HASHING in Templates/ may be dropped\n" + trace)
        else:
            # Embedded Swift has no runtime to read it: its hashing seed comes through the C
            # shim's arc4random_buf (GRND_INSECURE) with or without the variable. A trace
            # with no call at all would prove nothing.
            assert calls, "no getrandom call of the binary recorded: the trace did not work"
            assert not any(may_block(flags) for _, flags in calls), "\n".join(line for line, _ in calls)
