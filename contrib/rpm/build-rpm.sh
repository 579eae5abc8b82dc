#!/usr/bin/env bash
# Builds osconf2seed-VERSION-1.x86_64.rpm (or .aarch64.rpm) from a built binary with rpmbuild (Debian's `rpm`
# package), from contrib/rpm/osconf2seed.spec; contrib/release.sh calls it.
# Usage: bash contrib/rpm/build-rpm.sh BINARY VERSION OUTDIR [x86_64|aarch64]
# (contrib/package-arguments.sh reads the arguments).
# Reproducible: the build time, the file times and the changelog cut-off come from
# SOURCE_DATE_EPOCH, the build host is fixed.
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=../package-arguments.sh
source "$HERE/../package-arguments.sh"
TOP=$STAGE
mkdir -p "$TOP/SOURCES" "$TOP/BUILD" "$TOP/RPMS" "$TOP/tmp"
install -m 0755 "$BINARY" "$TOP/SOURCES/osconf2seed"
install -m 0644 "$ROOT/contrib/man/osconf2seed.8" "$ROOT/README.md" "$ROOT/LICENSE" "$TOP/SOURCES/"
# --nodeps: rpmbuild checks build dependencies against the rpm database, which a Debian
# machine does not keep (the spec has none anyway).
rpmbuild -bb --nodeps --target "$ARCH-linux" \
    --define "_topdir $TOP" --define "_tmppath $TOP/tmp" \
    --define "osconf2seed_version $VERSION" \
    --define "_buildhost reproducible" \
    --define "use_source_date_epoch_as_buildtime 1" \
    --define "clamp_mtime_to_source_date_epoch 1" \
    --define "_binary_payload w9.gzdio" \
    "$HERE/osconf2seed.spec" >"$TOP/rpmbuild.log" 2>&1 || { cat "$TOP/rpmbuild.log" >&2; exit 70; }
mkdir -p "$OUT"
cp "$TOP/RPMS/$ARCH/osconf2seed-$VERSION-1.$ARCH.rpm" "$OUT/"
