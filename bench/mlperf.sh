#!/usr/bin/env bash
# The benchmark behind docs/performance.md: the MLPerf Tiny int8 models on
# every emulated core (instructions counted on QEMU with the TCG plugin).
#   bash bench/mlperf.sh [build/bin/tmlc] [out-dir]
# Needs ../shared/models (the MLPerf Tiny files), the cross toolchains and QEMU.
set -euo pipefail
cd "$(dirname "$0")/.."
TMLC=${1:-build/bin/tmlc}
OUT=${2:-bench/results}
M=${TMLC_MODELS_DIR:-../shared/models}/mlperf-tiny
mkdir -p "$OUT"
/usr/bin/python3 bench/run_bench.py --tmlc "$TMLC" \
  --model kws=$M/kws/kws_ref_model.tflite:2656768 \
  --model vww=$M/vww/vww_96_int8.tflite:7489664 \
  --model ic=$M/ic/pretrainedResnet_quant.tflite:12501632 \
  --model ad=$M/ad/ad01_int8.tflite:264192 \
  --core cortex-m3 --core cortex-m4 --core cortex-m7 --core cortex-m33 \
  --core cortex-m55 --core rv32imc \
  --json "$OUT/mlperf.json" --markdown "$OUT/mlperf.md"
