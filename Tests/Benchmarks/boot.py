#!/usr/bin/env python3
"""Benchmark: the boot path side by side with what it replaces, on the same os.conf
(contrib/examples/classic.conf).

1. `osconf2seed boot --root TREE` on an image-like tree with cloud-init 22.4 and ifupdown:
   find os.conf, parse, hash the password, write the seed, the network files and the state
   durably, remove os.conf (restored between runs, outside the timing).
2. cloud-init's own conversion of the equivalent network config
   (`cloud-init devel net-convert -O eni`), which the seed path leaves to cloud-init.
3. A plain shell parse of the same file (`while IFS== read`, no sourcing) that writes an
   ifupdown stanza: the floor any boot-time handler pays.

Reports median wall time, ratio to osconf2seed, peak RSS (GNU time) and the stripped binary
size. Not a test: it prints numbers.

usage: /usr/bin/python3 Tests/Benchmarks/boot.py [BINARY] [RUNS]
"""
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
binary = Path(sys.argv[1] if len(sys.argv) > 1 else ROOT / ".build/release/osconf2seed")
runs = int(sys.argv[2]) if len(sys.argv) > 2 else 50
example = ROOT / "contrib/examples/classic.conf"
gnu_time = shutil.which("time", path="/usr/bin") or sys.exit("install GNU time: apt-get install time")

SHELL_PARSE = r'''
while IFS='=' read -r key value; do
    value=${value%\"}; value=${value#\"}
    case "$key" in
        hostname) hostname=$value ;;
        eth0_ip_addr) address=$value ;;
        eth0_netmask) netmask=$value ;;
        eth1_gateway) gateway=$value ;;
    esac
done < "$1"
printf 'auto eth0\niface eth0 inet static\n    address %s\n    netmask %s\n    gateway %s\n' \
    "$address" "$netmask" "$gateway" > "$2"
'''


def make_tree(base):
    root = base / "root"
    (root / "etc/network/interfaces.d").mkdir(parents=True)
    (root / "etc/network/interfaces").write_text("source /etc/network/interfaces.d/*\n")
    (root / "sbin").mkdir()
    (root / "sbin/ip").write_text("")
    (root / "sbin/ip").chmod(0o755)
    module = root / "usr/lib/python3/dist-packages/cloudinit"
    module.mkdir(parents=True)
    (module / "version.py").write_text('__VERSION__ = "22.4.2"\n')
    (root / "etc/hostname").write_text("debian\n")
    (root / "etc/hosts").write_text("127.0.0.1\tlocalhost\n")
    (root / "part/aliyun_custom_image").mkdir(parents=True)
    return root


def measure(argv, prepare=lambda: None):
    samples = []
    for _ in range(runs):
        prepare()
        start = time.perf_counter()
        subprocess.run(argv, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        samples.append(time.perf_counter() - start)
    peaks = []
    for _ in range(5):
        prepare()
        result = subprocess.run([gnu_time, "-f", "%M"] + argv, check=True, capture_output=True, text=True)
        peaks.append(int(result.stderr.strip().splitlines()[-1]))
    return statistics.median(samples), statistics.median(peaks)


with tempfile.TemporaryDirectory() as tmp:
    base = Path(tmp)
    root = make_tree(base)
    conf = root / "part/aliyun_custom_image/os.conf"

    def reset():
        shutil.copy(example, conf)
        shutil.rmtree(root / "var/lib/osconf2seed", ignore_errors=True)

    ours = measure([str(binary), "boot", "--root", str(root), "--os-conf", "/part/aliyun_custom_image/os.conf"], reset)
    seed = base / "seed"
    subprocess.run([str(binary), "convert", "--output", str(seed), str(example)], check=True)
    cloud_init = measure(["/usr/bin/python3", "-m", "cloudinit.cmd.main", "devel", "net-convert", "-p",
                          str(seed / "network-config"), "-k", "yaml", "-D", "debian", "-O", "eni", "-d", str(base / "eni")])
    script = base / "parse.sh"
    script.write_text(SHELL_PARSE)
    shell = measure(["/bin/sh", str(script), str(example), str(base / "shell-interfaces")])
    stripped = base / "stripped"
    shutil.copy(binary, stripped)
    subprocess.run(["strip", str(stripped)], check=True)
    stripped_size = stripped.stat().st_size

print(f"runs each: {runs}; os.conf: {example.relative_to(ROOT)}")
print(f"{'':38} {'median':>10} {'ratio':>8} {'peak RSS':>10}")
for name, (wall, peak) in [("osconf2seed boot (seed + network)", ours), ("cloud-init net-convert (eni)", cloud_init),
                           ("plain shell parse (sh)", shell)]:
    print(f"{name:38} {wall * 1000:8.2f} ms {wall / ours[0]:7.2f}x {peak / 1024:7.2f} MiB")
print(f"stripped binary: {stripped_size / 1024 / 1024:.2f} MiB")
