#!/usr/bin/env bash
# Runs every test of osconf2seed on a Debian 12 machine, installing what the tests need.
#   bash Tests/run.sh
# Steps: install the real readers from Debian's packages, lint, unit tests (Swift Testing),
# the README's static SwiftPM build, the release artifacts (both binaries built with Embedded
# Swift), packaging, the oracle suites (real cloud-init, netplan, ifupdown, ...) on the x86_64
# and the aarch64 release binaries, fuzzing, `check` on real image trees and disks, and the
# end-to-end boots under QEMU (which install their own tools). The 2-core machine's
# second core is kept busy: builds that compile one module at a time run beside other steps.
set -euo pipefail
cd "$(dirname "$0")/.."

# Each step's heading carries the time since the start, so a run's log shows where it went.
say() { printf '\n== [%d:%02d] %s\n' $((SECONDS / 60)) $((SECONDS % 60)) "$*"; }

# Debian packages that hold the test oracles and tools (genisoimage: the loop-device test's
# config-2 disc; dnsmasq-base: the intranet's DNS server in test_resolved_netns.py, the
# program alone, without the dnsmasq service; lintian, rpm, rpmlint, mandoc: the packaging
# step; mkosi, libguestfs-tools and a kernel for libguestfs's appliance: the image-builder
# recipes, installed here first because they upgrade systemd, whose version the resolved
# oracle matches; xz-utils, zstd, lz4, cpio: the initramfs images test_check_initramfs.py makes
# and check opens; fdisk, gdisk, e2fsprogs, xfsprogs, qemu-utils, grub-pc-bin (GRUB's boot.img
# for the MBR), mount, util-linux: the disks test_check_image.py makes and check reads;
# gcc-aarch64-linux-gnu, libc6-dev-arm64-cross, qemu-user-static: the Embedded Swift builds for
# aarch64, contrib/build-embedded.sh, and running them here). Installed only when missing.
PACKAGES=(cloud-init netplan.io ifupdown ignition python3-pytest python3-yaml openssl strace genisoimage
    dnsmasq-base lintian rpm rpmlint mandoc mkosi libguestfs-tools linux-image-amd64
    xz-utils zstd lz4 cpio fdisk gdisk e2fsprogs xfsprogs qemu-utils grub-pc-bin mount util-linux
    initramfs-tools-core  # lsinitramfs: check's fallback for an initramfs it cannot decompress
    dracut-core           # lsinitrd: the fallback after it (a Fedora or RHEL host's lister)
    gcc-aarch64-linux-gnu libc6-dev-arm64-cross qemu-user-static)
missing=()
for package in "${PACKAGES[@]}"; do
    dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done
if ((${#missing[@]})); then
    say "installing ${missing[*]}"
    if [ "$(id -u)" = 0 ]; then SUDO=; else SUDO=sudo; fi
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# The end-to-end image trees (debootstrap, cached in /var/cache/osconf2seed-e2e) are built in
# the background while the other suites run: debootstrap waits on the mirror and the disk
# much of the time. Its output is shown when the end-to-end step starts.
TREES_LOG=$(mktemp)
say "end-to-end image trees: building in the background (log $TREES_LOG)"
bash Tests/EndToEnd/run.sh --trees >"$TREES_LOG" 2>&1 &
trees_pid=$!

# finish_background PID LOG WHAT: waits for a step started in the background, shows its
# output, and fails the test command when it failed.
finish_background() {
    local status=0
    wait "$1" || status=$?
    cat "$2"
    [ "$status" = 0 ] || { say "FAILED: $3 ($status)"; exit 1; }
}

# oracle BINARY LOG TESTS...: one pytest run of the oracle suites (Tests/Oracle) against
# BINARY, with a pytest directory of its own; LOG "-" for the terminal. Debian's own python3:
# the one the cloud-init package installs into.
oracle() {
    local binary=$1 log=$2
    shift 2
    local base
    base=$(mktemp -d)
    if [ "$log" = - ]; then
        OSCONF2SEED="$binary" OSCONF2SEED_X86_64="$BIN" /usr/bin/python3 -m pytest -q -p no:cacheprovider \
            --basetemp="$base/pytest" "$@"
    else
        OSCONF2SEED="$binary" OSCONF2SEED_X86_64="$BIN" /usr/bin/python3 -m pytest -q -p no:cacheprovider \
            --basetemp="$base/pytest" "$@" >"$log" 2>&1
    fi
}


say "swift format lint"
swift format lint --strict -r Sources Tests Package.swift

say "unit tests"
swift build --build-tests

# The README's from-source build (SwiftPM, the Swift runtime and the C library linked in)
# compiles one module at a time on one core: it runs beside the unit tests and release.sh, in a
# scratch path of its own (SwiftPM locks its scratch path for the whole build).
SWIFTPM=$(mktemp -d)
say "static SwiftPM build (the README's set-up command): in the background (log $SWIFTPM/build.log)"
swift build -c release --static-swift-stdlib -Xswiftc -static-executable --scratch-path "$SWIFTPM/scratch" \
    >"$SWIFTPM/build.log" 2>&1 &
swiftpm_pid=$!

swift test --skip-build

say "release artifacts: the x86_64 and aarch64 binaries built with Embedded Swift, side by side"
# contrib/release.sh builds both with contrib/build-embedded.sh, strips them, and writes the
# tarballs, the .debs, the .rpms and SHA256SUMS into DIST. Its templates must be
# byte-identical to the ones SwiftPM generated for the debug build just made. The suites
# below test the shipped binaries, taken from the tarballs: BIN (x86_64) and
# OSCONF2SEED_AARCH64. test_static_binary.py checks that they need no dynamic loader and no
# shared library, and runs them in a directory that holds nothing else.
DIST=$(mktemp -d)
OSCONF2SEED_SWIFTPM_RESOURCES="$(swift build --show-bin-path)/OSConfTemplates.build/DerivedSources/embedded_resources.swift" \
    bash contrib/release.sh "$DIST"
export OSCONF2SEED_DIST="$DIST"
BINARIES=$(mktemp -d)
chmod 0755 "$BINARIES" # test_check_image.py runs them as nobody too
for arch in x86_64 aarch64; do
    tar -xzf "$DIST"/osconf2seed-*-$arch-linux.tar.gz -C "$BINARIES" --strip-components=1 --wildcards '*/osconf2seed'
    mv "$BINARIES/osconf2seed" "$BINARIES/osconf2seed-$arch"
done
BIN=$BINARIES/osconf2seed-x86_64
export OSCONF2SEED_AARCH64="$BINARIES/osconf2seed-aarch64"

say "the SwiftPM build beside the release binaries: the same output from the same sources"
# The static SwiftPM build (the README's set-up command, started above) and both release
# binaries convert the shipped examples in every format, the aarch64 one under
# qemu-aarch64-static; their outputs must be equal byte for byte, except each password hash's
# random salt: the hashes are checked with openssl against the example's password. Then what
# only the SwiftPM build's Swift runtime does (it aborts without /proc; it seeds its hashing
# with a blocking getrandom unless SWIFT_DETERMINISTIC_HASHING is set, as the boot services
# set it) is checked of that build: test_static_binary.py and test_no_proc.py.
finish_background "$swiftpm_pid" "$SWIFTPM/build.log" "the static SwiftPM build"
export OSCONF2SEED_SWIFTPM="$SWIFTPM/scratch/release/osconf2seed"
COMPARE=$(mktemp -d)
for example in classic vpc; do
    for format in nocloud ignition json; do
        for build in swiftpm x86_64 aarch64; do
            case $build in
            swiftpm) run=("$OSCONF2SEED_SWIFTPM") ;;
            x86_64) run=("$BIN") ;;
            aarch64) run=(qemu-aarch64-static "$OSCONF2SEED_AARCH64") ;;
            esac
            "${run[@]}" convert --format "$format" --output "$COMPARE/$example-$format-$build" \
                "contrib/examples/$example.conf" >"$COMPARE/$example-$format-$build.out" 2>&1
            password=$(sed -n 's/^password=//p' "contrib/examples/$example.conf" | base64 -d)
            for hash in $(grep -rhoE '\$6\$[^$"]+\$[A-Za-z0-9./]+' "$COMPARE/$example-$format-$build"); do
                salt=${hash#\$6\$}
                [ "$(openssl passwd -6 -salt "${salt%%\$*}" "$password")" = "$hash" ] ||
                    { echo "$build: $example --format $format: a wrong password hash" >&2; exit 1; }
            done
            # (json carries no hash: grep then finds no file, which is no failure)
            { grep -rlE '\$6\$' "$COMPARE/$example-$format-$build" || true; } |
                xargs -r sed -i -E 's/\$6\$[^$"]+\$[A-Za-z0-9./]+/HASH/g'
        done
        for build in x86_64 aarch64; do
            diff -r "$COMPARE/$example-$format-swiftpm" "$COMPARE/$example-$format-$build"
            cmp "$COMPARE/$example-$format-swiftpm.out" "$COMPARE/$example-$format-$build.out"
        done
    done
done
echo "x86_64 and aarch64 release binaries: the same output as the SwiftPM build on every example and format"
oracle "$OSCONF2SEED_SWIFTPM" - Tests/Oracle/test_static_binary.py Tests/Oracle/test_no_proc.py

say "packaging: lintian, rpmlint, mandoc, and the packages installed with dpkg and rpm into scratch trees"
# test_packaging.py runs the linters (lintian --fail-on error,warning; rpmlint with the
# justified filters of contrib/rpm/rpmlint.toml; mandoc -Tlint -W warning) on these artifacts,
# installs, upgrades, removes and purges them, and checks the man page against --help; the
# oracle suites below leave it out.
OSCONF2SEED="$BIN" /usr/bin/python3 -m pytest -q -p no:cacheprovider Tests/Oracle/test_packaging.py
DEB=$(ls "$DIST"/osconf2seed_*_amd64.deb)

# The image-builder recipes (contrib/recipes: mkosi, virt-customize) build their images from
# that .deb in the background, like the trees, and check what each put into its image.
RECIPES_LOG=$(mktemp)
say "image-builder recipes: building in the background (log $RECIPES_LOG)"
bash Tests/Recipes/run.sh "$DEB" >"$RECIPES_LOG" 2>&1 &
recipes_pid=$!

say "other cloud-init releases (20.4, 25.1) unpacked from Debian's archive"
bash Tests/Oracle/fetch-cloud-init.sh

say "NetworkManager's nmcli unpacked from Debian's archive (not installed: it would take over the network)"
NMCLI=$(bash Tests/Oracle/fetch-nmcli.sh)
export NMCLI

say "systemd-resolved unpacked from Debian's archive (not installed: it would take over resolv.conf)"
RESOLVED=$(bash Tests/Oracle/fetch-resolved.sh)
export RESOLVED

# The fuzz target compiles one instrumented module on one core: built and run beside the
# oracle suites, its output shown after them.
FUZZ_LOG=$(mktemp)
say "fuzz target: building in the background (log $FUZZ_LOG)"
bash Tests/Fuzz/run.sh 15 >"$FUZZ_LOG" 2>&1 &
fuzz_pid=$!

# The oracle suites run twice, side by side: against the x86_64 release binary, and against the
# aarch64 binary (issue 18), which qemu-user-static's binfmt_misc entry runs here for every
# call the suites make (conftest.py reads what differs between the builds from the binary).
# The aarch64 run's output is shown when the x86_64 run ends.
say "oracle suites (real cloud-init, netplan, ifupdown, ignition, nmcli, networkd, resolved), x86_64 and aarch64 release binaries"
# test_check.py and test_check_image.py read the end-to-end image trees: they run once the
# trees are built, below. test_packaging.py ran above, on both architectures' packages.
SUITES=(Tests/Oracle --ignore=Tests/Oracle/test_packaging.py --ignore=Tests/Oracle/test_check.py
    --ignore=Tests/Oracle/test_check_image.py --ignore=Tests/Oracle/test_arm64_tree.py)
AARCH64_LOG=$(mktemp)
oracle "$OSCONF2SEED_AARCH64" "$AARCH64_LOG" "${SUITES[@]}" &
aarch64_pid=$!
oracle "$BIN" - "${SUITES[@]}"
say "oracle suites, the aarch64 binary under qemu-user"
finish_background "$aarch64_pid" "$AARCH64_LOG" "the oracle suites on the aarch64 binary"

say "fuzz target: builds with -sanitize=fuzzer,address and runs 15 s from the committed corpus"
# Keeps Tests/Fuzz buildable and its invariants holding as the code moves; longer runs:
# bash Tests/Fuzz/run.sh SECONDS. The script fails on any crash or sanitizer report.
finish_background "$fuzz_pid" "$FUZZ_LOG" "the fuzz target"

say "the end-to-end image trees (started in the background above)"
# A tree that failed to build is built again by the suite, whose scenarios then fail with
# debootstrap's output: the background log is only shown.
wait "$trees_pid" || say "building the image trees in the background failed; the suite tries again"
cat "$TREES_LOG"

say "image-builder recipes (started in the background above)"
recipes_status=0
wait "$recipes_pid" || recipes_status=$?
cat "$RECIPES_LOG"
# A failure fails the run after the end-to-end step, whose scenarios do not need the recipes'
# outputs (the virt-customize scenario runs the recipe on its own disk).
[ "$recipes_status" = 0 ] || say "the image-builder recipes failed ($recipes_status); the run fails at its end"

say "osconf2seed check on the real Debian trees and disks made from them (test_check.py, test_check_image.py); install and boot --root on the arm64 tree"
CHECK_LOG=$(mktemp)
# Both release binaries; the aarch64 one under qemu-user, beside the x86_64 one.
oracle "$OSCONF2SEED_AARCH64" "$CHECK_LOG" Tests/Oracle/test_check.py Tests/Oracle/test_check_image.py &
aarch64_pid=$!
# test_arm64_tree.py names both binaries itself (the x86_64 one installs the aarch64 one into
# the arm64 tree, which then runs boot --root there): once is enough.
oracle "$BIN" - Tests/Oracle/test_check.py Tests/Oracle/test_check_image.py Tests/Oracle/test_arm64_tree.py
say "check on the real trees and disks, the aarch64 binary under qemu-user"
finish_background "$aarch64_pid" "$CHECK_LOG" "test_check.py and test_check_image.py on the aarch64 binary"

say "end-to-end: Debian 11/12/13 images booted under QEMU (Tests/EndToEnd)"
OSCONF2SEED="$BIN" OSCONF2SEED_DEB="$DEB" bash Tests/EndToEnd/run.sh
[ "$recipes_status" = 0 ] || { say "FAILED: the image-builder recipes ($recipes_status), log above"; exit 1; }
