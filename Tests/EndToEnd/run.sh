#!/usr/bin/env bash
# End-to-end harness: real Debian 11/12/13 images booted under QEMU with an os.conf on partition 1.
#   bash Tests/EndToEnd/run.sh [SCENARIO...]      (no SCENARIO: every scenario)
#   bash Tests/EndToEnd/run.sh --list
#   bash Tests/EndToEnd/run.sh --trees [FLAVOUR...]  (only build the cached image trees, three at once)
# Needs root (debootstrap, chroot). Environment knobs: the README's end-to-end section.
set -euo pipefail
cd "$(dirname "$0")/../.."

say() { printf '== %s\n' "$*" >&2; }
die() { printf 'e2e: %s\n' "$*" >&2; exit 2; }

[ "$(id -u)" = 0 ] || die "run as root: debootstrap and chroot need it"

# Debian packages the harness drives. Installed only when missing; a failure stops the run.
# libguestfs-tools and a kernel for its appliance: the virt-customize scenario's recipe.
# The arm64 image: qemu-user-static and binfmt-support run its tree's second stage,
# qemu-system-arm and qemu-efi-aarch64 (AAVMF) boot it.
PACKAGES=(debootstrap qemu-system-x86 ovmf e2fsprogs dosfstools mtools fdisk genisoimage openssl openssh-client python3
    coreutils libguestfs-tools linux-image-amd64 qemu-user-static binfmt-support qemu-system-arm qemu-efi-aarch64)
missing=()
for package in "${PACKAGES[@]}"; do
    dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done
if ((${#missing[@]})); then
    say "installing ${missing[*]}"
    apt-get update -qq || die "apt-get update failed"
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null \
        || die "could not install: ${missing[*]}"
fi
[ -f /usr/share/ovmf/OVMF.fd ] || die "OVMF.fd is missing after installing ovmf"
[ -f /usr/share/qemu-efi-aarch64/QEMU_EFI.fd ] || die "QEMU_EFI.fd is missing after installing qemu-efi-aarch64"
for tool in debootstrap qemu-system-x86_64 qemu-system-aarch64 qemu-aarch64-static update-binfmts genisoimage \
    mkfs.ext4 e2fsck debugfs mkfs.vfat mcopy mmd sfdisk openssl ssh-keygen virt-customize; do
    command -v "$tool" >/dev/null || die "$tool is missing after installing its package"
done

# The binaries under test and the Debian package of the scenarios that install osconf2seed the
# way image builders do: contrib/release.sh's (Tests/run.sh sets all three). OSCONF2SEED (the
# x86_64 binary), OSCONF2SEED_DEB (its .deb) and OSCONF2SEED_AARCH64 (the arm64 scenario's
# binary) name them; any one unset builds the release artifacts into .build-e2e/dist and takes
# it from there.
if { [ -z "${OSCONF2SEED:-}" ] || [ -z "${OSCONF2SEED_DEB:-}" ] || [ -z "${OSCONF2SEED_AARCH64:-}" ]; } &&
    [ "${1:-}" != --list ] && [ "${1:-}" != --trees ]; then
    say "building the release artifacts (contrib/release.sh .build-e2e/dist)"
    rm -rf .build-e2e/dist
    nice -n 5 bash contrib/release.sh .build-e2e/dist >&2
    for arch in x86_64 aarch64; do
        tar -xzf .build-e2e/dist/osconf2seed-*-$arch-linux.tar.gz -C .build-e2e/dist --strip-components=1 \
            --wildcards '*/osconf2seed'
        mv .build-e2e/dist/osconf2seed ".build-e2e/dist/osconf2seed-$arch"
    done
    OSCONF2SEED=${OSCONF2SEED:-$PWD/.build-e2e/dist/osconf2seed-x86_64}
    OSCONF2SEED_DEB=${OSCONF2SEED_DEB:-$(ls "$PWD"/.build-e2e/dist/osconf2seed_*_amd64.deb)}
    OSCONF2SEED_AARCH64=${OSCONF2SEED_AARCH64:-$PWD/.build-e2e/dist/osconf2seed-aarch64}
fi
export OSCONF2SEED="${OSCONF2SEED:-}" OSCONF2SEED_DEB="${OSCONF2SEED_DEB:-}" OSCONF2SEED_AARCH64="${OSCONF2SEED_AARCH64:-}"

exec /usr/bin/python3 Tests/EndToEnd/e2e.py "$@"
