#!/usr/bin/env bash
# Unpacks Debian's systemd-resolved into a cache outside the repository, without installing
# it: an installed systemd-resolved would start and take over the test machine's
# /etc/resolv.conf. The package is taken at exactly the version of the installed systemd, so
# that the daemon finds the private library it was built against (libsystemd-shared-252.so of
# the installed libsystemd-shared, in /usr/lib/<multiarch>/systemd). Prints the daemon's path;
# fails loudly when the package cannot be had or the daemon does not run.
#   RESOLVED=$(bash Tests/Oracle/fetch-resolved.sh [CACHE_DIR])
set -euo pipefail
version=$(dpkg-query -W -f='${Version}' systemd)
cache="${1:-/var/cache/osconf2seed-oracle}/systemd-resolved-$version"
daemon="$cache/systemd-resolved"
if [ ! -x "$daemon" ]; then
    rm -rf "$cache"
    mkdir -p "$cache/debs" "$cache/root"
    (cd "$cache/debs" && apt-get -qq -o APT::Sandbox::User=root download "systemd-resolved=$version" >/dev/null) || {
        echo "fetch-resolved: the archive has no systemd-resolved $version, the installed systemd's" \
            "version (apt-get update, or upgrade systemd to a version it has)" >&2
        exit 1
    }
    dpkg-deb -x "$cache"/debs/systemd-resolved_*.deb "$cache/root"
    # Found whichever of /lib and /usr/lib the package puts it in.
    ln -s "$(find "$cache/root" -name systemd-resolved -type f -perm -u+x | head -n1)" "$daemon"
fi
"$daemon" --version >/dev/null || { echo "fetch-resolved: the unpacked systemd-resolved does not run" >&2; exit 1; }
echo "$daemon"
