"""The release binary starts in a chroot that has no /proc mounted, as image builders run
`osconf2seed install --root /` inside the image they build.

Without Sources/CShim/ProcessStart.c the static Swift runtime aborts there before main
("Unable to obtain Swift runtime path", SIGABRT: its backtracer reads /proc/self/exe) and,
past that, would see no command-line arguments (it finds them through /proc/self/maps).

The jail holds only the binary, an os.conf and, for install, the few files by which install
recognises a systemd image with cloud-init. Runs as root (chroot); otherwise every test fails.
"""
import json
import os
import re
import resource
import shutil
import subprocess

import pytest

from conftest import BINARY, ROOT, SWIFT_RUNTIME, fake_cloud_init

EXAMPLE = ROOT / "contrib" / "examples" / "classic.conf"
CHROOT = shutil.which("chroot", path="/usr/sbin:/sbin:/usr/bin:/bin") or "chroot"


@pytest.fixture
def jail(tmp_path):
    if os.geteuid() != 0:
        pytest.fail("test_no_proc.py needs root (chroot); run Tests/run.sh as root")
    path = tmp_path / "jail"
    path.mkdir()
    shutil.copy2(BINARY, path / "osconf2seed")
    shutil.copy2(EXAMPLE, path / "os.conf")
    return path


def in_jail(jail, *argv, env=None):
    """Runs /osconf2seed inside the jail with an empty environment (or `env`)."""
    assert not (jail / "proc").exists()

    def no_core_file():
        # A run that aborts would leave a core file in the jail's /.
        resource.setrlimit(resource.RLIMIT_CORE, (0, 0))

    return subprocess.run([CHROOT, str(jail), "/osconf2seed", *argv], env=env or {}, capture_output=True,
                          text=True, preexec_fn=no_core_file)


def test_version_without_proc(jail):
    result = in_jail(jail, "--version")
    assert result.returncode == 0, result.stderr
    assert re.fullmatch(r"osconf2seed \d+\.\d+\.\d+ \(commit [0-9a-z-]+\)\n", result.stdout)
    assert result.stderr == ""


def test_the_runtime_would_abort_without_the_shim(jail):
    # The check can fail. A SWIFT_BACKTRACE that the user set is left alone by the shim; without
    # the shim's `swift-backtrace=` the runtime's backtracer looks for its helper through
    # /proc/self/exe and aborts. If this starts passing, the runtime no longer needs /proc at
    # start and the SWIFT_BACKTRACE part of ProcessStart.c may go.
    result = in_jail(jail, "--version", env={"SWIFT_BACKTRACE": "enable=no"})
    if not SWIFT_RUNTIME:
        # An Embedded Swift build (the aarch64 one) has no runtime and no backtracer: it starts
        # without /proc whatever the environment says.
        assert result.returncode == 0 and result.stderr == "", (result.returncode, result.stderr)
        return
    assert result.returncode == -6, (result.returncode, result.stderr)
    assert "Unable to obtain Swift runtime path" in result.stderr


def test_convert_without_proc(jail, tmp_path):
    result = in_jail(jail, "convert", "--output", "/seed", "/os.conf")
    assert result.returncode == 0, result.stderr
    seed = jail / "seed"
    assert sorted(p.name for p in seed.iterdir()) == ["meta-data", "network-config", "user-data"]
    assert (seed / "user-data").stat().st_mode & 0o777 == 0o600
    # The same seed as outside the chroot (user-data differs only by its random salt).
    outside = tmp_path / "outside"
    subprocess.run([str(BINARY), "convert", "--output", str(outside), str(EXAMPLE)], check=True)
    for name in ["meta-data", "network-config"]:
        assert (seed / name).read_bytes() == (outside / name).read_bytes(), name

    # Every argument arrives: the Ignition config goes to standard output as asked.
    result = in_jail(jail, "convert", "--format", "ignition", "--ignition-spec", "3.1", "--output", "-", "/os.conf")
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["ignition"]["version"] == "3.1.0"


def systemd_image_with_cloud_init(root):
    """What install needs to recognise a systemd image with cloud-init (InitSystem.detect,
    CloudInitProbe): /sbin/init linked to systemd, cloud-init's command and its version.py.
    No network family is detected, which an image with cloud-init does not need."""
    (root / "sbin").mkdir()
    os.symlink("/lib/systemd/systemd", root / "sbin/init")
    (root / "etc/systemd/system").mkdir(parents=True)
    fake_cloud_init(root)


def test_install_root_slash_without_proc(jail):
    systemd_image_with_cloud_init(jail)
    result = in_jail(jail, "install", "--root", "/", "--binary", "/osconf2seed")
    assert result.returncode == 0, result.stderr
    assert result.stdout == "installed osconf2seed into / for systemd, cloud-init set to read the NoCloud seed\n"
    assert (jail / "usr/sbin/osconf2seed").read_bytes() == BINARY.read_bytes()
    assert "ExecStart=/usr/sbin/osconf2seed boot" in (jail / "etc/systemd/system/osconf2seed.service").read_text()
    link = jail / "etc/systemd/system/sysinit.target.wants/osconf2seed.service"
    assert link.is_symlink()
    assert "NoCloud" in (jail / "etc/cloud/cloud.cfg.d/99_osconf2seed.cfg").read_text()
    assert "usr/sbin/osconf2seed" in (jail / "var/lib/osconf2seed/installed").read_text()

    result = in_jail(jail, "uninstall", "--root", "/")
    assert result.returncode == 0, result.stderr
    assert not (jail / "usr/sbin/osconf2seed").exists() and not link.is_symlink()


@pytest.mark.parametrize("invocation", ["/osconf2seed", "osconf2seed"])
def test_install_finds_itself_without_proc(jail, invocation):
    """Without --binary, install copies the running program: /proc/self/exe is missing, so it
    is found from argv[0], through PATH when argv[0] has no slash."""
    systemd_image_with_cloud_init(jail)
    command = [invocation, "install", "--root", "/"]
    result = subprocess.run(
        [shutil.which("chroot"), str(jail)] + command, capture_output=True, text=True, timeout=60,
        env={"PATH": "/usr/bin:/"})
    assert result.returncode == 0, result.stderr
    assert (jail / "usr/sbin/osconf2seed").read_bytes() == BINARY.read_bytes()


def test_boot_without_proc_fails_with_a_message(jail):
    # boot finds the disk through /proc/self/mountinfo: it cannot work here, but it must say so
    # and exit with a status, not die of a signal.
    result = in_jail(jail, "boot")
    assert 0 < result.returncode < 128, (result.returncode, result.stderr)
    assert result.stderr.startswith("osconf2seed: "), result.stderr
    assert "Unable to obtain" not in result.stderr
    assert "/proc is not mounted" in result.stderr and "--os-conf" in result.stderr
