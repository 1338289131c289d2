#!/usr/bin/env bash
# Second command of the README: configure, build and run every test
# (lit, gtest, runtime C tests, ONNX conformance, end-to-end models, QEMU).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh
bash scripts/build.sh
cd build
ctest --output-on-failure -j "$(nproc)" --timeout 3000
