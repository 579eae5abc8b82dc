#!/usr/bin/env bash
# Unpacks Debian's NetworkManager (nmcli) and libnm into a cache outside the repository,
# without installing them: an installed network-manager would start and take over the test
# machine's network. Writes a wrapper that runs that nmcli with its own libnm and prints its
# path; fails loudly when the packages cannot be had.
#   NMCLI=$(bash Tests/Oracle/fetch-nmcli.sh [CACHE_DIR])
set -euo pipefail
cache="${1:-/var/cache/osconf2seed-oracle}/networkmanager"
wrapper="$cache/nmcli"
if [ ! -x "$wrapper" ]; then
    rm -rf "$cache"
    mkdir -p "$cache/debs" "$cache/root"
    (cd "$cache/debs" && apt-get -qq -o APT::Sandbox::User=root download network-manager libnm0 >/dev/null)
    for deb in "$cache"/debs/*.deb; do dpkg -x "$deb" "$cache/root"; done
    printf '#!/bin/sh\nLD_LIBRARY_PATH=%s exec %s "$@"\n' \
        "$cache/root/usr/lib/$(dpkg-architecture -qDEB_HOST_MULTIARCH 2>/dev/null || echo x86_64-linux-gnu)" \
        "$cache/root/usr/bin/nmcli" > "$wrapper"
    chmod 755 "$wrapper"
fi
"$wrapper" --version >/dev/null || { echo "fetch-nmcli: the unpacked nmcli does not run" >&2; exit 1; }
echo "$wrapper"
