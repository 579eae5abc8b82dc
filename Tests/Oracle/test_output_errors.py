"""Output that does not arrive is a failure: the release binary exits 74 (EX_IOERR) when a write
on standard output or standard error fails, with the reason on standard error when that still
works. /dev/full fails every write with ENOSPC, as a full disk does.
"""
import os
import subprocess

import pytest

from conftest import BINARY, ROOT

EXAMPLE = ROOT / "contrib" / "examples" / "classic.conf"
EX_IOERR = 74
FULL_MESSAGE = "osconf2seed: cannot write standard output: no space left on device\n"

COMMANDS = {
    "convert-to-stdout": ["convert", "--format", "ignition", "--output", "-", str(EXAMPLE)],
    "version": ["--version"],
    "help": ["--help"],
    "convert-help": ["convert", "--help"],
}


def run_binary(argv, **kwargs):
    return subprocess.run([str(BINARY), *argv], text=True, **kwargs)


@pytest.mark.parametrize("argv", COMMANDS.values(), ids=COMMANDS.keys())
def test_standard_output_on_dev_full_exits_74(argv):
    with open("/dev/full", "w") as full:
        result = run_binary(argv, stdout=full, stderr=subprocess.PIPE)
    assert result.returncode == EX_IOERR, result.stderr
    assert result.stderr == FULL_MESSAGE


@pytest.mark.parametrize("argv", COMMANDS.values(), ids=COMMANDS.keys())
def test_the_same_commands_succeed_on_a_pipe(argv):
    # The check can fail: these commands do write to standard output, and succeed when it works.
    result = run_binary(argv, capture_output=True)
    assert result.returncode == 0, result.stderr
    assert result.stdout and result.stderr == ""


def test_closed_standard_output_exits_74():
    result = run_binary(["--version"], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                        preexec_fn=lambda: os.close(1))
    assert result.returncode == EX_IOERR
    assert result.stderr == "osconf2seed: cannot write standard output: bad file descriptor\n"


def test_standard_error_on_dev_full_exits_74_silently(tmp_path):
    # An unknown key is only a warning on standard error: the seed is written, but the run
    # cannot say so, and a lost warning is a failure like lost output.
    source = tmp_path / "os.conf"
    source.write_text("hostname=box\nunknown_key=1\n")
    with open("/dev/full", "w") as full:
        result = run_binary(["convert", "--output", str(tmp_path / "seed"), str(source)],
                            stdout=subprocess.PIPE, stderr=full)
    assert result.returncode == EX_IOERR
    assert result.stdout == ""
    # The check can fail: with standard error working the same run succeeds and warns.
    result = run_binary(["convert", "--output", str(tmp_path / "again"), str(source)], capture_output=True)
    assert result.returncode == 0 and "unknown_key" in result.stderr


def test_a_failed_command_keeps_its_status():
    # A usage error whose message cannot be written is still a usage error (64), not 74.
    with open("/dev/full", "w") as full:
        result = run_binary(["convert", "--output", "/nowhere"], stdout=full, stderr=full)
    assert result.returncode == 64
