#!/usr/bin/env bash
# Builds the release artifacts of osconf2seed into OUTDIR:
#   osconf2seed-VERSION-x86_64-linux.tar.gz   the stripped static binary, man page, README, LICENSE
#   osconf2seed_VERSION_amd64.deb             built by contrib/debian/build-deb.sh
#   osconf2seed-VERSION-1.x86_64.rpm          built by contrib/rpm/build-rpm.sh
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
swift build "${BUILD[@]}" >&2
BIN="$(swift build "${BUILD[@]}" --show-bin-path)/osconf2seed"

STAGE=$(mktemp -d)
trap 'rm -rf "$STAGE"' EXIT
# Stripped: a third of the size, and the DWARF names the checkout's and the scratch path.
strip --strip-all -o "$STAGE/osconf2seed" "$BIN"
chmod 0755 "$STAGE/osconf2seed"
reported=$("$STAGE/osconf2seed" --version)
[ "$reported" = "osconf2seed $VERSION (commit $COMMIT)" ] || {
    echo "release.sh: the binary reports '$reported'" >&2; exit 70; }

# The tarball: one directory, sorted names, the commit's time, owner 0, no gzip time stamp.
NAME=osconf2seed-$VERSION-x86_64-linux
mkdir "$STAGE/$NAME"
install -m 0755 "$STAGE/osconf2seed" "$STAGE/$NAME/osconf2seed"
install -m 0644 contrib/man/osconf2seed.8 README.md LICENSE "$STAGE/$NAME/"
tar --sort=name --mtime="@$SOURCE_DATE_EPOCH" --owner=0 --group=0 --numeric-owner --format=gnu \
    -C "$STAGE" -cf - "$NAME" | gzip -9n >"$OUT/$NAME.tar.gz"

bash contrib/debian/build-deb.sh "$STAGE/osconf2seed" "$VERSION" "$OUT"
bash contrib/rpm/build-rpm.sh "$STAGE/osconf2seed" "$VERSION" "$OUT"

(cd "$OUT" && sha256sum "$NAME.tar.gz" "osconf2seed_${VERSION}_amd64.deb" "osconf2seed-$VERSION-1.x86_64.rpm" >SHA256SUMS)
cat "$OUT/SHA256SUMS"
echo "$ROOT: osconf2seed $VERSION (commit $COMMIT) released into $OUT" >&2
