# The preamble that contrib/debian/build-deb.sh and contrib/rpm/build-rpm.sh share, sourced
# by each with its own arguments:
#   bash contrib/debian/build-deb.sh BINARY VERSION OUTDIR [ARCH]
#   bash contrib/rpm/build-rpm.sh    BINARY VERSION OUTDIR [ARCH]
# ARCH is the binary's machine, x86_64 (the default) or aarch64; each script names it in its
# own packaging's terms (Debian: amd64, arm64). Sets BINARY, VERSION, OUT, ARCH, ROOT (the
# checkout), STAGE (an empty scratch directory, removed on exit), SOURCE_DATE_EPOCH (the
# commit's time unless set: every time stamp in the packages) and umask 022.
[ $# = 3 ] || [ $# = 4 ] || {
    echo "usage: $(basename "$0") BINARY VERSION OUTDIR [x86_64|aarch64]" >&2
    exit 64
}
BINARY=$1 VERSION=$2 OUT=$3 ARCH=${4:-x86_64}
case "$ARCH" in
x86_64 | aarch64) ;;
*) echo "$(basename "$0"): ARCH is x86_64 or aarch64, not '$ARCH'" >&2; exit 64 ;;
esac
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
export SOURCE_DATE_EPOCH=${SOURCE_DATE_EPOCH:-$(git -C "$ROOT" log -1 --format=%ct HEAD)}
STAGE=$(mktemp -d)
trap 'rm -rf "$STAGE"' EXIT
umask 022
