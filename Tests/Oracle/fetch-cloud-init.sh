#!/usr/bin/env bash
# Unpacks other releases of Debian's cloud-init package (bullseye: 20.4, trixie: 25.1) into a
# cache outside the repository, without installing them, so the oracle suite can run their
# code against our seeds. Prints nothing on success; fails loudly when a release cannot be had.
#   bash Tests/Oracle/fetch-cloud-init.sh [CACHE_DIR]
set -euo pipefail
cache="${1:-/var/cache/osconf2seed-oracle}"
mkdir -p "$cache"

# The Debian mirror this machine already uses.
mirror=$(grep -hoE '^URIs: *\S+' /etc/apt/sources.list.d/debian.sources 2>/dev/null | head -n1 | awk '{print $2}')
[ -n "$mirror" ] || mirror=$(grep -hoE '^deb +\S+' /etc/apt/sources.list 2>/dev/null | head -n1 | awk '{print $2}')
[ -n "$mirror" ] || mirror="http://deb.debian.org/debian"

for suite in bullseye trixie; do
    target="$cache/$suite"
    [ -f "$target/usr/lib/python3/dist-packages/cloudinit/version.py" ] && continue
    work="$cache/.apt-$suite"
    rm -rf "$work" "$target"
    mkdir -p "$work/lists/partial" "$work/archives/partial" "$target"
    echo "deb [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] $mirror $suite main" > "$work/sources.list"
    apt_options=(-o "Dir::Etc::SourceList=$work/sources.list" -o "Dir::Etc::SourceParts=/dev/null"
        -o "Dir::State::Lists=$work/lists" -o "Dir::State::status=/dev/null" -o "APT::Sandbox::User=root" -o "Dir::Cache::Archives=$work/archives" -o "Dir::Cache=$work")
    apt-get "${apt_options[@]}" -qq update
    version=$(apt-cache "${apt_options[@]}" show cloud-init | sed -n 's/^Version: //p' | sort -V | tail -n1)
    [ -n "$version" ] || { echo "fetch-cloud-init: no cloud-init in $suite at $mirror" >&2; exit 1; }
    (cd "$work" && apt-get "${apt_options[@]}" -qq download "cloud-init=$version")
    dpkg -x "$work"/cloud-init_*.deb "$target"
    rm -rf "$work"
done
