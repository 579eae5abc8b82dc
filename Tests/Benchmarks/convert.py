#!/usr/bin/env python3
"""Benchmark: a whole `osconf2seed convert` process on the documented classic example, for
one binary or several side by side (issue 18: the SwiftPM static release build and the
Embedded Swift build of contrib/build-embedded.sh).

For each binary it reports the median and 90th-percentile wall time of `convert` over many
runs, the start-up (median wall time of `--version`; and, for scale, `/bin/true`, the cost of
starting any process from this script), the peak resident set size measured by GNU time
(package `time`; Python's own accounting would count the interpreter's memory, which a
vfork'ed child inherits until exec), the stripped binary size, and the instructions executed
under callgrind (valgrind), the one number here that does not move with the machine's load.
Not a test: it prints numbers and never fails on them.

usage: python3 Tests/Benchmarks/convert.py [BINARY...] [RUNS]
  BINARY defaults to the release build (.build/release/osconf2seed); RUNS to 300. Side by side:
  python3 Tests/Benchmarks/convert.py .build/release/osconf2seed /tmp/osconf2seed-embedded
"""
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
arguments = sys.argv[1:]
runs = int(arguments.pop()) if arguments and arguments[-1].isdigit() else 300
binaries = [Path(name) for name in arguments] or [ROOT / ".build/release/osconf2seed"]
example = ROOT / "contrib/examples/classic.conf"
gnu_time = shutil.which("time", path="/usr/bin") or sys.exit("install GNU time: apt-get install time")
valgrind = shutil.which("valgrind")


def wall(command):
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(command, check=True, stdout=subprocess.DEVNULL)
        samples.append(time.perf_counter() - start)
    return sorted(samples)


def measure(binary, tmp):
    out = Path(tmp) / "seed"
    argv = [str(binary), "convert", "--output", str(out), str(example)]
    for _ in range(10):  # warm the page cache
        shutil.rmtree(out, ignore_errors=True)
        subprocess.run(argv, check=True)
    times = wall(argv)
    start_up = wall([str(binary), "--version"])
    peaks = []
    for _ in range(20):
        result = subprocess.run([gnu_time, "-f", "%M"] + argv, check=True, capture_output=True, text=True)
        peaks.append(int(result.stderr.strip().splitlines()[-1]))
    stripped = Path(tmp) / "stripped"
    shutil.copy(binary, stripped)
    subprocess.run(["strip", str(stripped)], check=True)
    instructions = None
    if valgrind:
        profile = Path(tmp) / "callgrind.out"
        result = subprocess.run(
            # The stripped copy: valgrind 3.19 gives up on the toolchain's DWARF 5.
            [valgrind, "--tool=callgrind", f"--callgrind-out-file={profile}", str(stripped)] + argv[1:],
            check=True, capture_output=True, text=True)
        for line in result.stderr.splitlines():
            if "Collected :" in line:
                instructions = int(line.split(":")[-1].strip())
    return {
        "median wall": f"{statistics.median(times) * 1000:.2f} ms",
        "p90 wall": f"{times[int(len(times) * 0.9)] * 1000:.2f} ms",
        "start-up": f"{statistics.median(start_up) * 1000:.2f} ms (--version, median)",
        "peak RSS": f"{statistics.median(peaks) / 1024:.2f} MiB (median of 20)",
        "stripped size": f"{stripped.stat().st_size / 1024 / 1024:.2f} MiB",
        "instructions": "not measured (apt-get install valgrind)" if instructions is None
        else f"{instructions / 1e6:.1f} million (callgrind, whole process)",
    }


with tempfile.TemporaryDirectory() as tmp:
    results = {binary: measure(binary, tmp) for binary in binaries}
    baseline = statistics.median(wall(["/bin/true"]))

print(f"runs:            {runs}")
print(f"/bin/true:       {baseline * 1000:.2f} ms median (process start-up from here)")
print(f"cpus:            {os.cpu_count()}")
for binary, figures in results.items():
    print(f"\nbinary:          {binary}")
    for name, value in figures.items():
        print(f"{name + ':':<17}{value}")
