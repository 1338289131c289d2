#!/bin/sh
# run.sh BOARD [extra run_on_qemu.py args] - the bit-exactness test of the
# Cortex-M int8 kernels on one QEMU board (also built for the host, whose
# output must be the same).
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../../.." && pwd)
board=$1
shift
py=/usr/bin/python3
[ -x "$py" ] || py=python3
ref="$root/runtime/kernels/reference"
exec "$py" "$root/test/qemu/run_on_qemu.py" --board "$board" \
  --src-dir "$root/runtime/kernels/cortexm" \
  --src "$ref/tmlc_conv2d_s8.c" --src "$ref/tmlc_depthwise_conv2d_s8.c" \
  --src "$ref/tmlc_fully_connected_s8.c" --src "$ref/tmlc_add_s8.c" \
  --main "$here/main.c" \
  -I "$root/runtime/include/tmlc" -I "$ref" \
  --cflag=-Wall --cflag=-Wextra --cflag=-Werror --cflag=-pedantic \
  --compare-host --timeout 300 "$@"
