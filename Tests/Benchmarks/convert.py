#!/usr/bin/env python3
"""Benchmark: a whole `osconf2seed convert` process on the documented classic example.

Reports the median and 90th-percentile wall time over many runs (and, for scale, the same for
`/bin/true`, which is the cost of starting any process from this script), the peak resident
set size measured by GNU time (package `time`; Python's own accounting would count the
interpreter's memory, which a vfork'ed child inherits until exec), and the stripped binary
size, and the instructions executed under callgrind (valgrind), the one number here that does
not move with the machine's load. Not a test: it prints numbers and never fails on them.

usage: python3 Tests/Benchmarks/convert.py [BINARY] [RUNS]
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
binary = Path(sys.argv[1] if len(sys.argv) > 1 else ROOT / ".build/release/osconf2seed")
runs = int(sys.argv[2]) if len(sys.argv) > 2 else 300
example = ROOT / "contrib/examples/classic.conf"

with tempfile.TemporaryDirectory() as tmp:
    out = Path(tmp) / "seed"
    argv = [str(binary), "convert", "--output", str(out), str(example)]
    for _ in range(10):  # warm the page cache
        subprocess.run(argv, check=True)

    def wall(command):
        samples = []
        for _ in range(runs):
            start = time.perf_counter()
            subprocess.run(command, check=True)
            samples.append(time.perf_counter() - start)
        return sorted(samples)

    times = wall(argv)
    baseline = wall(["/bin/true"])
    gnu_time = shutil.which("time", path="/usr/bin") or sys.exit("install GNU time: apt-get install time")
    peaks = []
    for _ in range(20):
        result = subprocess.run([gnu_time, "-f", "%M"] + argv, check=True, capture_output=True, text=True)
        peaks.append(int(result.stderr.strip().splitlines()[-1]))
    peak_kib = statistics.median(peaks)
    stripped = Path(tmp) / "stripped"
    shutil.copy(binary, stripped)
    subprocess.run(["strip", str(stripped)], check=True)
    size = stripped.stat().st_size
    instructions = None
    valgrind = shutil.which("valgrind")
    if valgrind:
        profile = Path(tmp) / "callgrind.out"
        result = subprocess.run(
            [valgrind, "--tool=callgrind", f"--callgrind-out-file={profile}"] + argv,
            check=True, capture_output=True, text=True)
        for line in result.stderr.splitlines():
            if "Collected :" in line:
                instructions = int(line.split(":")[-1].strip())

print(f"binary:          {binary}")
print(f"runs:            {runs}")
print(f"median wall:     {statistics.median(times) * 1000:.2f} ms")
print(f"p90 wall:        {times[int(len(times) * 0.9)] * 1000:.2f} ms")
print(f"/bin/true:       {statistics.median(baseline) * 1000:.2f} ms median (process start-up from here)")
print(f"peak RSS:        {peak_kib / 1024:.2f} MiB (median of 20)")
print(f"stripped size:   {size / 1024 / 1024:.2f} MiB")
if instructions is None:
    print("instructions:    not measured (apt-get install valgrind)")
else:
    print(f"instructions:    {instructions / 1e6:.1f} million (callgrind, whole process)")
print(f"cpus:            {os.cpu_count()}")
