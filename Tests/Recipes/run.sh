#!/usr/bin/env bash
# Builds images with the image-builder recipes of contrib/recipes and checks what each put into
# the image: osconf2seed's package installed from the given .deb, its binary, the boot job's
# unit and its enabled link, cloud-init's datasource drop-in, the kernel and initramfs.
#   bash Tests/Recipes/run.sh DEB [RECIPE...]      RECIPE: mkosi, virt-customize (default: both)
#   bash Tests/Recipes/run.sh DEB --check TREE     only the checks of osconf2seed, on a root tree
# DEB is osconf2seed_VERSION_amd64.deb (bash contrib/release.sh OUTDIR writes it). Needs root.
# Installs the builders it lacks from Debian's packages. Outputs stay for the end-to-end suite:
#   mkosi: $RECIPES_WORK/mkosi/tree, a root directory tree
#   virt-customize: $RECIPES_WORK/virt-customize/disk.img, a raw disk (partition 1 the root)
#     made from a debootstrapped Debian 12 with cloud-init, then customised by the recipe
# RECIPES_WORK defaults to /var/tmp/osconf2seed-recipes; downloaded packages are kept in
# RECIPES_CACHE (default /var/cache/osconf2seed-recipes) so that a rebuild skips the downloads.
set -euo pipefail
cd "$(dirname "$0")/../.."
REPO=$PWD

[ $# -ge 1 ] || { echo "usage: bash Tests/Recipes/run.sh DEB [mkosi|virt-customize...]" >&2; exit 64; }
DEB=$(realpath -e "$1") || { echo "Tests/Recipes/run.sh: $1: no such file" >&2; exit 66; }
shift
RECIPES=("$@")
((${#RECIPES[@]})) || RECIPES=(mkosi virt-customize)
WORK=${RECIPES_WORK:-/var/tmp/osconf2seed-recipes}
CACHE=${RECIPES_CACHE:-/var/cache/osconf2seed-recipes}

say() { printf '\n== %s\n' "$*"; }
fail() { echo "FAIL [$recipe]: $*" >&2; exit 1; }

need() {  # Debian packages that hold a builder, installed when missing
    local missing=() package
    for package in "$@"; do
        dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
    done
    ((${#missing[@]})) || return 0
    say "installing ${missing[*]}"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

# What the .deb says about itself, compared with what the image holds.
DEB_VERSION=$(dpkg-deb -f "$DEB" Version)
DEB_BIN=$(mktemp -d)
trap 'rm -rf "$DEB_BIN"' EXIT
dpkg-deb -x "$DEB" "$DEB_BIN"

# Checks what osconf2seed's package put into a root tree ($1), read with the image's own
# dpkg-query and the files.
check_osconf2seed() {
    local tree=$1 status unit link
    status=$(chroot "$tree" dpkg-query -W -f='${Status} ${Version}' osconf2seed 2>&1) || fail "dpkg-query: $status"
    [ "$status" = "install ok installed $DEB_VERSION" ] || fail "osconf2seed's package status is '$status'"
    cmp -s "$tree/usr/sbin/osconf2seed" "$DEB_BIN/usr/sbin/osconf2seed" ||
        fail "/usr/sbin/osconf2seed is not the binary of $DEB"
    unit="$tree/etc/systemd/system/osconf2seed.service"
    [ -f "$unit" ] || fail "no /etc/systemd/system/osconf2seed.service"
    grep -q '^ExecStart=/usr/sbin/osconf2seed ' "$unit" || fail "the unit does not start /usr/sbin/osconf2seed"
    link=$(readlink "$tree/etc/systemd/system/sysinit.target.wants/osconf2seed.service") ||
        fail "the boot job is not enabled (no sysinit.target.wants/osconf2seed.service link)"
    [ "$link" = /etc/systemd/system/osconf2seed.service ] || fail "the enabled link points to $link"
    grep -qx 'datasource_list: \[ NoCloud, None \]' "$tree/etc/cloud/cloud.cfg.d/99_osconf2seed.cfg" ||
        fail "no cloud-init datasource drop-in naming NoCloud"
    grep -qx 'link etc/systemd/system/sysinit.target.wants/osconf2seed.service' "$tree/var/lib/osconf2seed/installed" ||
        fail "the install manifest does not list the enabled link"
    chroot "$tree" /usr/sbin/osconf2seed --version >/dev/null || fail "osconf2seed --version fails in the image"
}

# Checks the rest of an image a recipe built whole: what the end-to-end suite needs to boot it
# as its cloud flavour (Debian 12, cloud-init, ifupdown, systemd).
check_cloud_image() {
    local tree=$1 package
    for package in cloud-init ifupdown systemd-sysv openssh-server linux-image-amd64; do
        chroot "$tree" dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" ||
            fail "$package is not installed"
    done
    if chroot "$tree" dpkg-query -W -f='${Status}' systemd-resolved 2>/dev/null | grep -q "install ok installed"; then
        fail "systemd-resolved is installed (an ifupdown image does not use it)"
    fi
    compgen -G "$tree/boot/vmlinuz-*" >/dev/null || fail "no kernel in /boot"
    compgen -G "$tree/boot/initrd.img-*" >/dev/null || fail "no initramfs in /boot"
    ! compgen -G "$tree/etc/ssh/ssh_host_*" >/dev/null || fail "SSH host keys are baked into the image"
    # The image's first boot: with /etc/machine-id uninitialized, systemd applies the preset
    # policy (enable only) before any unit runs. Done by systemctl on a hard-linked copy (new
    # links only: the tree's files are not touched); it must enable nothing.
    local copy="$tree.first-boot" before after
    rm -rf "$copy"
    cp -al "$tree" "$copy"
    before=$(cd "$copy/etc/systemd/system" && find . -type l | sort)
    systemctl --root "$copy" preset-all --preset-mode=enable-only >/dev/null 2>&1
    after=$(cd "$copy/etc/systemd/system" && find . -type l | sort)
    rm -rf "$copy"
    [ "$before" = "$after" ] || fail "the first boot's preset policy enables more units: $(comm -13 <(echo "$before") <(echo "$after") | tr '\n' ' ')"
}

build_mkosi() {
    need mkosi debootstrap
    local out="$WORK/mkosi/tree" started
    mkdir -p "$WORK/mkosi" "$CACHE/mkosi"
    started=$SECONDS
    # mkosi's workspace goes next to its output (same file system: the tree is moved, not
    # copied). Not through TMPDIR: mkosi 14 passes its environment on to the packages'
    # maintainer scripts in the image, where that directory does not exist.
    env -u TMPDIR mkosi -C "$REPO/contrib/recipes/mkosi" --environment "OSCONF2SEED_DEB=$DEB" \
        --cache "$CACHE/mkosi" --workspace-dir "$WORK/mkosi" --output "$out" --force build
    echo "mkosi: built $out in $((SECONDS - started)) s"
    check_osconf2seed "$out"
    check_cloud_image "$out"
}

# virt-customize works on an existing image. The test's image: Debian 12 minbase with systemd
# and cloud-init (debootstrap, cached by its package list), on a raw disk whose partition 1 is
# the root file system, mounted by UUID in its fstab as on a cloud image.
VC_PACKAGES=systemd-sysv,cloud-init,python3-cffi-backend,ifupdown,udev
build_virt_customize() {
    need libguestfs-tools linux-image-amd64 debootstrap e2fsprogs fdisk
    local dir="$WORK/virt-customize" base started key uuid=0e2e7ec1-0000-4000-8000-0000000000c1
    key=$(printf '%s\n' bookworm minbase "$VC_PACKAGES" | sha256sum | cut -c1-12)
    base="$CACHE/virt-customize/base-$key"
    mkdir -p "$dir" "$CACHE/virt-customize"
    if [ ! -e "$base/.complete" ]; then
        rm -rf "$base.building"
        debootstrap --variant=minbase --include="$VC_PACKAGES" bookworm "$base.building" http://deb.debian.org/debian
        chroot "$base.building" apt-get clean
        touch "$base.building/.complete"
        rm -rf "$base"
        mv "$base.building" "$base"
    fi
    rm -rf "$dir/root" "$dir/root.img" "$dir/disk.img"
    cp -a --reflink=auto "$base" "$dir/root"
    rm "$dir/root/.complete"
    echo "UUID=$uuid / ext4 errors=remount-ro 0 1" >"$dir/root/etc/fstab"
    truncate -s 2G "$dir/root.img"
    mkfs.ext4 -q -F -U "$uuid" -L root -d "$dir/root" "$dir/root.img"
    rm -rf "$dir/root"
    truncate -s $((2048 + 2 * 1024 * 1024 + 1024))K "$dir/disk.img"
    printf 'label: dos\nstart=2048, size=%d, type=83\n' $((2 * 1024 * 1024 * 2)) | sfdisk -q "$dir/disk.img"
    dd if="$dir/root.img" of="$dir/disk.img" bs=1M seek=1 conv=sparse,notrunc status=none
    rm -f "$dir/root.img"

    started=$SECONDS
    # KVM may be there but unusable (nested, as on this project's CI machine): TCG always works.
    LIBGUESTFS_BACKEND=direct LIBGUESTFS_BACKEND_SETTINGS=${LIBGUESTFS_BACKEND_SETTINGS:-force_tcg} \
        sh "$REPO/contrib/recipes/virt-customize/install-deb.sh" "$dir/disk.img" "$DEB" --format raw
    echo "virt-customize: customised $dir/disk.img in $((SECONDS - started)) s"

    # The result is read without libguestfs: the root partition is copied out and its files
    # dumped with debugfs, then checked like a tree.
    rm -rf "$dir/tree" "$dir/p1.img"
    dd if="$dir/disk.img" of="$dir/p1.img" bs=1M skip=1 status=none
    mkdir "$dir/tree"
    debugfs -R "rdump / $dir/tree" "$dir/p1.img" >/dev/null 2>&1
    rm -f "$dir/p1.img"
    check_osconf2seed "$dir/tree"
}

if [ "${RECIPES[0]}" = --check ]; then
    [ ${#RECIPES[@]} = 2 ] || { echo "usage: bash Tests/Recipes/run.sh DEB --check TREE" >&2; exit 64; }
    recipe=check
    check_osconf2seed "${RECIPES[1]}"
    echo "check ${RECIPES[1]}: ok"
    exit 0
fi

for recipe in "${RECIPES[@]}"; do
    say "recipe $recipe"
    case "$recipe" in
    mkosi) build_mkosi ;;
    virt-customize) build_virt_customize ;;
    *) echo "Tests/Recipes/run.sh: no recipe '$recipe'" >&2; exit 64 ;;
    esac
    echo "recipe $recipe: ok"
done
