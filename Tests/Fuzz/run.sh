#!/usr/bin/env bash
# Builds the libFuzzer target over the parser and the renderers and runs it.
#   bash Tests/Fuzz/run.sh [SECONDS]      (default 60)
# The corpus grows in .build/fuzz/corpus (seeded from Tests/Fuzz/corpus); crashes are written
# to .build/fuzz/ as crash-*; each one found becomes a regression fixture under Tests/Fuzz/corpus.
set -euo pipefail
cd "$(dirname "$0")/../.."
seconds="${1:-60}"
out=.build/fuzz
mkdir -p "$out/corpus"
# SwiftPM generates the accessors for the embedded templates; the fuzz build reuses them. The
# templates module is built on its own (not instrumented: it is constant data) and linked in.
swift build --product osconf2seed >/dev/null
templates=$(find .build/debug/OSConfTemplates.build -name '*.swift')
[ -n "$templates" ] || { echo "no generated template sources under .build/debug" >&2; exit 1; }
mkdir -p "$out/modules"
swiftc -parse-as-library -O -module-name OSConfTemplates -emit-module \
    -emit-module-path "$out/modules/OSConfTemplates.swiftmodule" -emit-library -static \
    -o "$out/libOSConfTemplates.a" $(find Templates -name '*.swift') $templates
# The C shim (system calls Swift cannot make directly) is plain C: compiled once, linked in.
mkdir -p "$out/cshim"
for source in Sources/CShim/*.c; do
    clang -c -O2 -I Sources/CShim/include -o "$out/cshim/$(basename "$source" .c).o" "$source"
done
swiftc -sanitize=fuzzer,address -parse-as-library -O -module-name OSConfKit -I "$out/modules" \
    -I Sources/CShim/include $(find Sources/OSConfKit -name '*.swift') Tests/Fuzz/FuzzTarget.swift \
    "$out/libOSConfTemplates.a" "$out"/cshim/*.o \
    -o "$out/osconf-fuzz"
cp -n Tests/Fuzz/corpus/* "$out/corpus/" 2>/dev/null || true
"$out/osconf-fuzz" -max_total_time="$seconds" -max_len=4096 -print_final_stats=1 -artifact_prefix="$out/" \
    "$out/corpus" 2>&1 | tee "$out/last-run.log" | grep -E '^(#[0-9]+.*(DONE|pulse)|stat::|==[0-9]+==|SUMMARY|Done)' || true
grep -q 'stat::number_of_executed_units' "$out/last-run.log"
! grep -q -E 'ERROR: (libFuzzer|AddressSanitizer)|Fatal error' "$out/last-run.log"
