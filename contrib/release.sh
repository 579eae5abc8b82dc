#!/usr/bin/env bash
# Builds the release artifacts of osconf2seed into OUTDIR:
#   osconf2seed-VERSION-x86_64-linux.tar.gz   the stripped static binary, man page, README, LICENSE
#   osconf2seed_VERSION_amd64.deb             built by contrib/debian/build-deb.sh
#   osconf2seed-VERSION-1.x86_64.rpm          built by contrib/rpm/build-rpm.sh
#   the same three for aarch64 (osconf2seed-VERSION-aarch64-linux.tar.gz,
#   osconf2seed_VERSION_arm64.deb, osconf2seed-VERSION-1.aarch64.rpm), its binary built with
#   Embedded Swift by contrib/build-embedded.sh
#   SHA256SUMS
# Usage: bash contrib/release.sh OUTDIR
# VERSION is ToolVersion.number (Sources/OSConfKit/CLI/ToolVersion.swift), the one place it is
# set; the commit goes into the binary through the C shim (-DOSCONF2SEED_COMMIT), so the tree
# stays clean. Timestamps come from the commit (SOURCE_DATE_EPOCH, unless set), owners are 0,
# names sorted: the archives built from one binary are byte-identical; the binary itself
# differs between builds in three known places (README, "Reproducible builds").
# OSCONF2SEED_SCRATCH names SwiftPM's scratch path (default .build).
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

# The README's release build, plus the commit for the C shim. SwiftPM hands -Xcc to the C
# compiler of Sources/CShim (and to the Swift compiler's Clang importer, where the macro is
# unused); the binary differs from a plain build only in that string.
BUILD=(-c release --static-swift-stdlib -Xswiftc -static-executable -Xcc "-DOSCONF2SEED_COMMIT=\"$COMMIT\"")
[ -z "${OSCONF2SEED_SCRATCH:-}" ] || BUILD+=(--scratch-path "$OSCONF2SEED_SCRATCH")

STAGE=$(mktemp -d)
# A failed SwiftPM build stops the aarch64 one too (its process group: the script and swiftc).
trap '[ -z "${aarch64_build:-}" ] || kill -- -"$aarch64_build" 2>/dev/null; rm -rf "$STAGE"' EXIT

# aarch64: Embedded Swift, the same sources (contrib/build-embedded.sh; the toolchain has no
# Linux SDK for aarch64). Built beside the SwiftPM build: each compiles one module at a time,
# mostly on one core, so together they take about the time of the longer one on two cores.
set -m # the background job gets a process group of its own
OSCONF2SEED_COMMIT=$COMMIT bash contrib/build-embedded.sh aarch64 "$STAGE/osconf2seed-aarch64" \
    >"$STAGE/aarch64-build.log" 2>&1 &
aarch64_build=$!
set +m
swift build "${BUILD[@]}" >&2
BIN="$(swift build "${BUILD[@]}" --show-bin-path)/osconf2seed"

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

release_arch x86_64 "$BIN" strip
wait "$aarch64_build" || { aarch64_build=; cat "$STAGE/aarch64-build.log" >&2; echo "release.sh: the aarch64 build failed" >&2; exit 70; }
aarch64_build=
cat "$STAGE/aarch64-build.log" >&2
# Checked under qemu-user: it must report the version and commit.
release_arch aarch64 "$STAGE/osconf2seed-aarch64" aarch64-linux-gnu-strip qemu-aarch64-static

(cd "$OUT" && sha256sum "osconf2seed-$VERSION-x86_64-linux.tar.gz" "osconf2seed_${VERSION}_amd64.deb" \
    "osconf2seed-$VERSION-1.x86_64.rpm" "osconf2seed-$VERSION-aarch64-linux.tar.gz" \
    "osconf2seed_${VERSION}_arm64.deb" "osconf2seed-$VERSION-1.aarch64.rpm" >SHA256SUMS)
cat "$OUT/SHA256SUMS"
echo "$ROOT: osconf2seed $VERSION (commit $COMMIT) released into $OUT" >&2
