#!/bin/sh
# virt-customize (libguestfs-tools) recipe: installs osconf2seed's .deb into an existing Debian
# or Ubuntu disk image, in place. dpkg runs inside the image, so the package's postinst enables
# the boot job the way `osconf2seed install --root /` does.
#   sh contrib/recipes/virt-customize/install-deb.sh DISK DEB [VIRT-CUSTOMIZE-OPTION...]
# DISK: the image (raw, qcow2, ...; with its fstab, as libguestfs inspects it to find the root).
# DEB: osconf2seed_VERSION_amd64.deb. Further options go to virt-customize before -a DISK
# (e.g. --format raw).
# libguestfs boots a small appliance under QEMU: where KVM is missing or broken, run with
# LIBGUESTFS_BACKEND_SETTINGS=force_tcg.
set -eu
[ $# -ge 2 ] || { echo "usage: install-deb.sh DISK DEB [VIRT-CUSTOMIZE-OPTION...]" >&2; exit 64; }
disk=$1 deb=$2
shift 2
[ -f "$deb" ] || { echo "install-deb.sh: $deb: no such file" >&2; exit 66; }
# The .deb goes in under a fixed name, so that the command below does not depend on its version.
stage=$(mktemp -d)
trap 'rm -rf "$stage"' EXIT
cp "$deb" "$stage/osconf2seed.deb"
virt-customize "$@" -a "$disk" --no-network \
    --copy-in "$stage/osconf2seed.deb:/tmp" \
    --run-command 'dpkg -i /tmp/osconf2seed.deb' \
    --delete /tmp/osconf2seed.deb
