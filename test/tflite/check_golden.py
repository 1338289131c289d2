#!/usr/bin/env python3
"""The MLPerf Tiny golden vectors (TFLite Micro reference kernels, see
mlperf-tiny/README.md) must come out of `tmlc run` bit for bit:
  - KWS DS-CNN int8 on kws_input_int8_10x49_0.bin -> 12 int8 scores
  - AD autoencoder int8 on window 0 -> 640 int8 values
Each runs with the portable kernels and, with --target, with the kernel
family a target selects (e.g. cortex-m4: the *_dsp kernels; on the host
they build with their portable fallbacks).
Usage: check_golden.py --tmlc PATH --models DIR [--target T ...]
"""
import argparse
import os
import sys
import tempfile

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import tmlc_harness as h  # noqa: E402

CASES = [
    ("mlperf-tiny/kws/kws_ref_model.tflite",
     "mlperf-tiny/test-vectors/kws_input_int8_10x49_0.bin", (1, 49, 10, 1),
     "mlperf-tiny/test-vectors/kws_ref_model.tflm_reference_output_int8_12.bin"),
    ("mlperf-tiny/ad/ad01_int8.tflite",
     "mlperf-tiny/test-vectors/ad01_input_int8_window0_640.bin", (1, 640),
     "mlperf-tiny/test-vectors/ad01_int8.tflm_reference_output_window0_int8_640.bin"),
]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--tmlc", required=True)
    ap.add_argument("--models", required=True)
    ap.add_argument("--target", action="append", default=[])
    a = ap.parse_args()
    for model, inp, _, gold in CASES:
        h.models_or_skip(a.models, model, inp, gold)
    failed = 0
    for (model, inp, shape, gold), target in [(c, t) for t in [None] + a.target
                                              for c in CASES]:
        x = np.fromfile(os.path.join(a.models, inp), dtype=np.int8).reshape(shape)
        want = np.fromfile(os.path.join(a.models, gold), dtype=np.int8)
        with tempfile.TemporaryDirectory() as d:
            got = h.run_model(a.tmlc, os.path.join(a.models, model), [x], d,
                              extra=["--target", target] if target else [])[0]
        got = got.reshape(-1)
        if got.dtype != np.int8 or got.shape != want.shape:
            print(f"FAIL {model}: output {got.dtype}{got.shape}, golden int8{want.shape}")
            failed += 1
            continue
        diff = np.abs(got.astype(np.int32) - want.astype(np.int32))
        n = int((diff != 0).sum())
        status = "PASS" if n == 0 else "FAIL"
        failed += n != 0
        print(f"{status} {os.path.basename(model)}"
              f"{' --target ' + target if target else ''}: {want.size} int8 outputs, "
              f"{n} differ from the TFLM golden (max {int(diff.max())} LSB)")
        if n:
            print("  tmlc  :", got[:16].tolist())
            print("  golden:", want[:16].tolist())
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
