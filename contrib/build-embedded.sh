#!/usr/bin/env bash
# Builds a fully static osconf2seed with Embedded Swift, for x86_64 or aarch64, from the same
# sources as the SwiftPM build (issue 18): the Swift toolchain has no Linux SDK for aarch64,
# but it ships Embedded Swift's standard library for aarch64-none-none-elf, and Debian the rest
# (gcc-aarch64-linux-gnu, libc6-dev-arm64-cross: glibc's headers and static library).
#   bash contrib/build-embedded.sh ARCH OUTFILE        ARCH: x86_64 | aarch64
# The binary is not stripped (contrib/release.sh strips it). Environment:
#   SWIFT_TOOLCHAIN  the toolchain's root (default: the one `swiftc` is in, e.g. /opt/swift)
#   OSCONF2SEED_COMMIT  the commit for --version (default: unknown, as a plain `swift build`)
#   OSCONF2SEED_SWIFTPM_RESOURCES  SwiftPM's generated embedded_resources.swift, if any: the
#                    templates generated here must be byte-identical to it (see below).
# Steps: the three Swift modules of Package.swift (OSConfTemplates, OSConfKit, osconf2seed),
# each compiled whole-module in Embedded mode; the C shim (Sources/CShim) with the C compiler
# of the target; linked with gcc -static through the toolchain's lld (the GNU linker refuses a
# copy relocation the Embedded objects need), with Embedded Swift's Unicode data tables.
set -euo pipefail
[ $# = 2 ] || { echo "usage: bash contrib/build-embedded.sh x86_64|aarch64 OUTFILE" >&2; exit 64; }
ARCH=$1
OUTFILE=$(realpath -m "$2")
cd "$(dirname "$0")/.."
ROOT=$PWD
TOOLCHAIN=${SWIFT_TOOLCHAIN:-$(cd "$(dirname "$(realpath "$(command -v swiftc)")")/../.." && pwd)}
EMBEDDED=$TOOLCHAIN/usr/lib/swift/embedded
COMMIT=${OSCONF2SEED_COMMIT:-unknown}

case "$ARCH" in
x86_64)
    TARGET=x86_64-unknown-linux-gnu
    CC=gcc
    CLANG_FLAGS=()
    ;;
aarch64)
    # The bare-metal triple (the only aarch64 one Embedded Swift ships) with glibc's headers
    # for aarch64 Linux: the Clang importer then sees the same declarations as the C compiler.
    TARGET=aarch64-none-none-elf
    CC=aarch64-linux-gnu-gcc
    CLANG_FLAGS=(-Xcc -isystem -Xcc /usr/aarch64-linux-gnu/include
        -Xcc -D__linux__ -Xcc -D__linux -Xcc -D__gnu_linux__ -Xcc -D__unix__ -Xcc -D__unix)
    ;;
*) echo "build-embedded.sh: ARCH is x86_64 or aarch64, not '$ARCH'" >&2; exit 64 ;;
esac
command -v "$CC" >/dev/null || { echo "build-embedded.sh: $CC is missing (Debian: gcc-aarch64-linux-gnu)" >&2; exit 69; }

WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT

# The templates: SwiftPM's `.embedInCode` generates `PackageResources` from the files that
# Package.swift lists; a plain swiftc build has no such step, so it is done here from the same
# list (read from Package.swift, the one definition), naming each array as SwiftPM does (the
# file name with every character that is not a letter, digit or underscore made an
# underscore), in SwiftPM's order and layout. ServiceTemplates.swift names the arrays: a name
# that drifted fails the compile; with OSCONF2SEED_SWIFTPM_RESOURCES the whole file is
# compared with SwiftPM's.
python3 - "$ROOT" "$WORK/embedded_resources.swift" <<'EOF'
import re, sys
root, out = sys.argv[1], sys.argv[2]
names = re.findall(r'\.embedInCode\("([^"]+)"\)', open(f"{root}/Package.swift").read())
if not names:
    sys.exit("build-embedded.sh: no .embedInCode resources in Package.swift")
lines = ["struct PackageResources {"]
for name in sorted(names):
    identifier = re.sub(r"[^A-Za-z0-9_]", "_", name)
    if identifier[0].isdigit():
        identifier = "_" + identifier
    data = open(f"{root}/Templates/{name}", "rb").read()
    lines.append(f"static let {identifier}: [UInt8] = [{','.join(str(b) for b in data)}]")
open(out, "w").write("\n".join(lines) + "\n}")
EOF
if [ -n "${OSCONF2SEED_SWIFTPM_RESOURCES:-}" ]; then
    cmp "$OSCONF2SEED_SWIFTPM_RESOURCES" "$WORK/embedded_resources.swift" || {
        echo "build-embedded.sh: the generated templates differ from SwiftPM's $OSCONF2SEED_SWIFTPM_RESOURCES" >&2
        exit 70
    }
fi

SWIFTC=(swiftc -target "$TARGET" -enable-experimental-feature Embedded -wmo -O -swift-version 6
    -parse-as-library -I "$WORK" "${CLANG_FLAGS[@]}"
    -Xcc -I -Xcc Sources/CShim/include -Xcc -DOSCONF2SEED_EMBEDDED)
module() { # NAME SOURCES...
    local name=$1
    shift
    "${SWIFTC[@]}" -module-name "$name" -emit-module -emit-module-path "$WORK/$name.swiftmodule" \
        -c -o "$WORK/$name.o" "$@"
}
module OSConfTemplates Templates/*.swift "$WORK/embedded_resources.swift"
mapfile -t kit < <(find Sources/OSConfKit -name '*.swift' | LC_ALL=C sort)
module OSConfKit "${kit[@]}"
# main.swift is top-level code: not -parse-as-library.
"${SWIFTC[@]/-parse-as-library/}" -module-name osconf2seed -c -o "$WORK/osconf2seed.o" Sources/osconf2seed/main.swift

objects=("$WORK"/OSConfTemplates.o "$WORK"/OSConfKit.o "$WORK"/osconf2seed.o)
for source in Sources/CShim/*.c; do
    object=$WORK/cshim-$(basename "$source" .c).o
    "$CC" -O2 -c -I Sources/CShim/include -DOSCONF2SEED_EMBEDDED "-DOSCONF2SEED_COMMIT=\"$COMMIT\"" \
        -o "$object" "$source"
    objects+=("$object")
done

mkdir -p "$(dirname "$OUTFILE")"
"$CC" -static -fuse-ld=lld -B"$TOOLCHAIN/usr/bin" -o "$OUTFILE" "${objects[@]}" \
    "$EMBEDDED/$TARGET/libswiftUnicodeDataTables.a" -lm
echo "$OUTFILE: osconf2seed for $ARCH (Embedded Swift)" >&2
