#!/usr/bin/env bash
# Builds osconf2seed_VERSION_amd64.deb (or _arm64.deb) from a built binary with dpkg-deb (no debhelper, no
# source package): contrib/release.sh calls it; the packaging tests call it with an older
# VERSION to have a package to upgrade from.
# Usage: bash contrib/debian/build-deb.sh BINARY VERSION OUTDIR [x86_64|aarch64]
# (contrib/package-arguments.sh reads the arguments).
# Layout: /usr/sbin/osconf2seed, /usr/share/man/man8/osconf2seed.8.gz,
# /usr/share/doc/osconf2seed/{copyright,changelog.gz,README.md.gz}, lintian-overrides (each one
# justified in contrib/debian/lintian-overrides). Every time stamp is
# SOURCE_DATE_EPOCH (the commit's time; dpkg-deb uses it for the archive members too).
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=../package-arguments.sh
source "$HERE/../package-arguments.sh"
case "$ARCH" in x86_64) DEB_ARCH=amd64 ;; aarch64) DEB_ARCH=arm64 ;; esac
PKG=$STAGE
install -D -m 0755 "$BINARY" "$PKG/usr/sbin/osconf2seed"
install -d "$PKG/usr/share/man/man8" "$PKG/usr/share/doc/osconf2seed" "$PKG/DEBIAN"
gzip -9n <"$ROOT/contrib/man/osconf2seed.8" >"$PKG/usr/share/man/man8/osconf2seed.8.gz"
install -m 0644 "$HERE/copyright" "$PKG/usr/share/doc/osconf2seed/copyright"
gzip -9n <"$HERE/changelog" >"$PKG/usr/share/doc/osconf2seed/changelog.gz"
gzip -9n <"$ROOT/README.md" >"$PKG/usr/share/doc/osconf2seed/README.md.gz"
chmod 0644 "$PKG"/usr/share/man/man8/* "$PKG"/usr/share/doc/osconf2seed/*
install -D -m 0644 "$HERE/lintian-overrides" "$PKG/usr/share/lintian/overrides/osconf2seed"
for script in postinst prerm postrm; do install -m 0755 "$HERE/$script" "$PKG/DEBIAN/$script"; done
(cd "$PKG" && find usr -type f | LC_ALL=C sort | xargs md5sum >DEBIAN/md5sums)
chmod 0644 "$PKG/DEBIAN/md5sums"
size=$(du -sk --apparent-size "$PKG/usr" | cut -f1)
sed -e "s/@VERSION@/$VERSION/" -e "s/@ARCH@/$DEB_ARCH/" -e "s/@INSTALLED_SIZE@/$size/" "$HERE/control" >"$PKG/DEBIAN/control"
find "$PKG" -exec touch -h -d "@$SOURCE_DATE_EPOCH" {} +
mkdir -p "$OUT"
dpkg-deb --root-owner-group -Zxz --build "$PKG" "$OUT/osconf2seed_${VERSION}_${DEB_ARCH}.deb" >/dev/null
