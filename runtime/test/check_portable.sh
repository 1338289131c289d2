#!/bin/sh
# check_portable.sh - compile every runtime kernel file with gcc, clang and
# arm-none-eabi-gcc (Cortex-M4, hard float) under
#   -std=c99 -Wall -Wextra -Werror -pedantic -c
# exactly as a generated model folder holds them: all headers flat in one
# directory. Exits 0 if all compile, 1 on any warning or error, 77 (ctest
# SKIP) if a compiler is missing.
# Usage: check_portable.sh [runtime-source-dir]
set -u
root=${1:-$(dirname "$0")/..}
kdir="$root/kernels/reference"
idir="$root/include/tmlc"
for cc in gcc clang arm-none-eabi-gcc; do
  if ! command -v "$cc" >/dev/null 2>&1; then
    echo "SKIP: $cc not found"
    exit 77
  fi
done
# A flat copy, like the folder tmlc generates (catches includes that only
# work through the source tree's include paths).
tmp=$(mktemp -d "${TMPDIR:-/tmp}/tmlc_portable.XXXXXX") || exit 1
trap 'rm -rf "$tmp"' EXIT INT TERM
cp "$idir"/*.h "$kdir"/*.h "$kdir"/*.c "$tmp"/ 2>/dev/null
set -- "$tmp"/*.c
if [ ! -e "$1" ]; then
  echo "FAIL: no kernel sources in $kdir"
  exit 1
fi
common="-std=c99 -Wall -Wextra -Werror -pedantic -O2 -c"
fail=0
count=0
for src in "$tmp"/*.c; do
  name=$(basename "$src")
  for cc in gcc clang arm-none-eabi-gcc; do
    flags=$common
    if [ "$cc" = arm-none-eabi-gcc ]; then
      flags="$flags -mcpu=cortex-m4 -mthumb -mfloat-abi=hard -mfpu=fpv4-sp-d16"
    fi
    # -I. only: a kernel must find every header next to itself
    if ! (cd "$tmp" && $cc $flags -I. "$name" -o "$name.$cc.o") \
        >"$tmp/log" 2>&1; then
      echo "FAIL: $cc $name"
      cat "$tmp/log"
      fail=1
    fi
    count=$((count + 1))
  done
done
# tmlc renames the "tmlc_"/"TMLC_" prefixes when it copies these files, so
# every external symbol must carry the prefix and nothing may spell "tmlc"
# any other way.
if command -v nm >/dev/null 2>&1; then
  bad=$(nm -g --defined-only "$tmp"/*.gcc.o | awk 'NF == 3 { print $3 }' |
        grep -v '^tmlc_')
  if [ -n "$bad" ]; then
    echo "FAIL: external symbols without the tmlc_ prefix:"; echo "$bad"
    fail=1
  fi
fi
if grep -n -i 'tmlc' "$tmp"/*.c "$tmp"/*.h | sed 's/^[^:]*:[0-9]*://' |
    grep -o -i '[A-Za-z0-9_]*tmlc[A-Za-z0-9_]*' |
    grep -v -E '^(tmlc_|TMLC_)' | grep -v -x -E 'tmlc' | grep -q .; then
  echo "FAIL: identifiers spelling tmlc other than tmlc_/TMLC_:"
  grep -n -o -i '[A-Za-z0-9_]*tmlc[A-Za-z0-9_]*' "$tmp"/*.c "$tmp"/*.h |
    grep -v -E ':(tmlc_|TMLC_)' | grep -v -E ':tmlc$'
  fail=1
fi
if [ $fail -ne 0 ]; then
  exit 1
fi
echo "OK: $count compilations (gcc, clang, arm-none-eabi-gcc) without a warning"
exit 0
