#!/usr/bin/env bash
# Installs the Debian 12 packages tmlc needs to build and test (idempotent:
# installs only what is missing; needs root or sudo).
set -euo pipefail
PKGS=(
  cmake ninja-build g++ ccache clang clang-19
  libmlir-19-dev mlir-19-tools llvm-19-dev llvm-19-tools
  libflatbuffers-dev flatbuffers-compiler
  libonnx-dev libprotobuf-dev protobuf-compiler libfmt-dev libgtest-dev
  libonnx-testdata python3-onnx python3-numpy python3-torch python3-sklearn
  python3-pyarmnn libarmnn-cpuref-backend22 libarmnntfliteparser22
  gcc-arm-none-eabi picolibc-arm-none-eabi libnewlib-arm-none-eabi qemu-system-arm
  gcc-riscv64-unknown-elf picolibc-riscv64-unknown-elf qemu-system-misc
)
missing=()
for p in "${PKGS[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -eq 0 ]; then
  echo "install-deps: all ${#PKGS[@]} packages present"
  exit 0
fi
SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"
echo "install-deps: installing ${missing[*]}"
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
