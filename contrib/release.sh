#!/usr/bin/env bash
# Builds the release artifacts of osconf2seed into OUTDIR:
#   osconf2seed-VERSION-x86_64-linux.tar.gz   the stripped static binary, man page, README, LICENSE
#   osconf2seed_VERSION_amd64.deb             built by contrib/debian/build-deb.sh
#   osconf2seed-VERSION-1.x86_64.rpm          built by contrib/rpm/build-rpm.sh
#   the same three for aarch64 (osconf2seed-VERSION-aarch64-linux.tar.gz,
#   osconf2seed_VERSION_arm64.deb, osconf2seed-VERSION-1.aarch64.rpm)
#   SHA256SUMS
# Both binaries are built with Embedded Swift by contrib/build-embedded.sh, from the same
# sources as the SwiftPM build (README, "Architectures": why the release is the Embedded build).
# Usage: bash contrib/release.sh OUTDIR
# VERSION is ToolVersion.number (Sources/OSConfKit/CLI/ToolVersion.swift), the one place it is
# set; the commit goes into the binary through the C shim (-DOSCONF2SEED_COMMIT), so the tree
# stays clean. Timestamps come from the commit (SOURCE_DATE_EPOCH, unless set), owners are 0,
# names sorted: the archives built from one binary are byte-identical (README, "Reproducible
# builds", also for the binaries themselves).
# OSCONF2SEED_SWIFTPM_RESOURCES, when set, is handed to build-embedded.sh (its templates must
# then equal SwiftPM's generated ones byte for byte).
set -euo pipefail
[ $# = 1 ] || { echo "usage: bash contrib/release.sh OUTDIR" >&2; exit 64; }
cd "$(dirname "$0")/.."
ROOT=$PWD
mkdir -p "$1"
OUT=$(cd "$1" && pwd)

VERSION=$(sed -n 's/^ *public static let number = "\([0-9][0-9.]*\)"$/\1/p' Sources/OSConfKit/CLI/ToolVersion.swift)
[ -n "$VERSION" ] || { echo "release.sh: no version in ToolVersion.swift" >&2; exit 65; }
changelog_version=$(sed -n '1s/^osconf2seed (\([^)]*\)).*/\1/p' contrib/debian/changelog)
[ "$changelog_version" = "$VERSION" ] || {
    echo "release.sh: contrib/debian/changelog is at $changelog_version, ToolVersion.number at $VERSION" >&2; exit 65; }
COMMIT=$(git rev-parse --short=7 HEAD)
# A build from a tree with uncommitted changes is not that commit: say so in --version.
git diff --quiet HEAD -- || COMMIT="$COMMIT-dirty"
export SOURCE_DATE_EPOCH=${SOURCE_DATE_EPOCH:-$(git log -1 --format=%ct HEAD)}
export TZ=UTC LC_ALL=C.UTF-8

STAGE=$(mktemp -d)
# A failed build stops the other one too (each runs in a process group of its own: the
# script and its swiftc).
builds=()
# (set -e holds in the trap too: a build already waited for, or a kill that finds nothing, must
# not end it before the stage is removed, nor turn a success into a failure.)
trap 'for group in "${builds[@]}"; do [ -z "$group" ] || kill -- -"$group" 2>/dev/null || true; done; rm -rf "$STAGE"' EXIT

# The two Embedded Swift builds compile one module at a time, mostly on one core each: side by
# side they take about the time of one on two cores.
set -m
for arch in x86_64 aarch64; do
    OSCONF2SEED_COMMIT=$COMMIT bash contrib/build-embedded.sh "$arch" "$STAGE/osconf2seed-$arch" \
        >"$STAGE/$arch-build.log" 2>&1 &
    builds+=($!)
done
set +m
# finish_build ARCH INDEX: waits for that build and shows its log; a failure ends the script.
finish_build() {
    local status=0
    wait "${builds[$2]}" || status=$?
    builds[$2]=
    cat "$STAGE/$1-build.log" >&2
    [ "$status" = 0 ] || { echo "release.sh: the $1 build failed" >&2; exit 70; }
}

# One architecture's artifacts from its unstripped binary: ARCH (x86_64, aarch64), BINARY,
# STRIP (the binutils of that architecture), and the command prefix that runs it here.
release_arch() {
    local arch=$1 binary=$2 strip=$3
    shift 3
    mkdir "$STAGE/$arch"
    # Stripped: a third of the size, and the DWARF names the checkout's and the scratch path.
    "$strip" --strip-all -o "$STAGE/$arch/osconf2seed" "$binary"
    chmod 0755 "$STAGE/$arch/osconf2seed"
    local reported
    reported=$("$@" "$STAGE/$arch/osconf2seed" --version)
    [ "$reported" = "osconf2seed $VERSION (commit $COMMIT)" ] || {
        echo "release.sh: the $arch binary reports '$reported'" >&2; exit 70; }

    # The tarball: one directory, sorted names, the commit's time, owner 0, no gzip time stamp.
    local name=osconf2seed-$VERSION-$arch-linux
    mkdir "$STAGE/$arch/$name"
    install -m 0755 "$STAGE/$arch/osconf2seed" "$STAGE/$arch/$name/osconf2seed"
    install -m 0644 contrib/man/osconf2seed.8 README.md LICENSE "$STAGE/$arch/$name/"
    tar --sort=name --mtime="@$SOURCE_DATE_EPOCH" --owner=0 --group=0 --numeric-owner --format=gnu \
        -C "$STAGE/$arch" -cf - "$name" | gzip -9n >"$OUT/$name.tar.gz"

    bash contrib/debian/build-deb.sh "$STAGE/$arch/osconf2seed" "$VERSION" "$OUT" "$arch"
    bash contrib/rpm/build-rpm.sh "$STAGE/$arch/osconf2seed" "$VERSION" "$OUT" "$arch"
}

finish_build x86_64 0
release_arch x86_64 "$STAGE/osconf2seed-x86_64" strip
finish_build aarch64 1
# Checked under qemu-user: it must report the version and commit.
release_arch aarch64 "$STAGE/osconf2seed-aarch64" aarch64-linux-gnu-strip qemu-aarch64-static

(cd "$OUT" && sha256sum "osconf2seed-$VERSION-x86_64-linux.tar.gz" "osconf2seed_${VERSION}_amd64.deb" \
    "osconf2seed-$VERSION-1.x86_64.rpm" "osconf2seed-$VERSION-aarch64-linux.tar.gz" \
    "osconf2seed_${VERSION}_arm64.deb" "osconf2seed-$VERSION-1.aarch64.rpm" >SHA256SUMS)
cat "$OUT/SHA256SUMS"
echo "$ROOT: osconf2seed $VERSION (commit $COMMIT) released into $OUT" >&2
