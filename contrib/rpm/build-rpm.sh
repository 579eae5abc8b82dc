#!/usr/bin/env bash
# Builds osconf2seed-VERSION-1.x86_64.rpm from a built binary with rpmbuild (Debian's `rpm`
# package), from contrib/rpm/osconf2seed.spec; contrib/release.sh calls it.
# Usage: bash contrib/rpm/build-rpm.sh BINARY VERSION OUTDIR
# Reproducible: the build time, the file times and the changelog cut-off come from
# SOURCE_DATE_EPOCH, the build host is fixed.
set -euo pipefail
[ $# = 3 ] || { echo "usage: build-rpm.sh BINARY VERSION OUTDIR" >&2; exit 64; }
BINARY=$1 VERSION=$2 OUT=$3
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
export SOURCE_DATE_EPOCH=${SOURCE_DATE_EPOCH:-$(git -C "$ROOT" log -1 --format=%ct HEAD)}

TOP=$(mktemp -d)
trap 'rm -rf "$TOP"' EXIT
umask 022
mkdir -p "$TOP/SOURCES" "$TOP/BUILD" "$TOP/RPMS" "$TOP/tmp"
install -m 0755 "$BINARY" "$TOP/SOURCES/osconf2seed"
install -m 0644 "$ROOT/contrib/man/osconf2seed.8" "$ROOT/README.md" "$ROOT/LICENSE" "$TOP/SOURCES/"
# --nodeps: rpmbuild checks build dependencies against the rpm database, which a Debian
# machine does not keep (the spec has none anyway).
rpmbuild -bb --nodeps --target x86_64-linux \
    --define "_topdir $TOP" --define "_tmppath $TOP/tmp" \
    --define "osconf2seed_version $VERSION" \
    --define "_buildhost reproducible" \
    --define "use_source_date_epoch_as_buildtime 1" \
    --define "clamp_mtime_to_source_date_epoch 1" \
    --define "_binary_payload w9.gzdio" \
    "$HERE/osconf2seed.spec" >"$TOP/rpmbuild.log" 2>&1 || { cat "$TOP/rpmbuild.log" >&2; exit 70; }
mkdir -p "$OUT"
cp "$TOP/RPMS/x86_64/osconf2seed-$VERSION-1.x86_64.rpm" "$OUT/"
