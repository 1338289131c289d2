#!/usr/bin/env python3
"""Single-op int8 models (make_op_models.py) through tmlc and Arm NN 20.08
CpuRef on seeded random inputs: SAME/VALID padding, strides, depth
multipliers, broadcasting, fused activations, scale changes and every MEAN
mode -- the parameter paths the MLPerf models leave out. A wrong multiplier,
shift, offset or clamp shows up as a large difference; rounding-boundary
cases (Arm NN decodes to float, TFLite rescales in fixed point) as 1 LSB.
Fails beyond TOL LSB (int8) or 1e-6 relative (float); prints a table with
the largest difference and the fraction of bit-identical outputs.
Usage: check_ops_armnn.py --tmlc PATH --schema tflite.fbs [--flatc flatc]
"""
import argparse
import contextlib
import io
import os
import subprocess
import sys
import tempfile

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import check_armnn as ca  # noqa: E402
import tmlc_harness as h  # noqa: E402

TOL = 1
# Where the 1-LSB differences come from, per family (TFLite is the oracle):
#  - conv/depthwise/requantize/concat with rescale: TFLite rescales the int32
#    accumulator with MultiplyByQuantizedMultiplier (fixed point, rounding
#    right shift); Arm NN multiplies in float and rounds to nearest.
#  - average pool: TFLite divides the int32 sum with rounding half away from
#    zero; Arm NN averages in float.
#  - MEAN with equal input/output quantization: TFLite's reference_ops::Mean
#    truncates the integer division (C semantics); Arm NN rounds its float
#    mean, so about half the outputs differ by 1.
# PAD: Arm NN 20.08 fills int8 padding with 0 instead of the zero point;
# TFLite pads with the output zero point (pad.cc). Checked separately:
# every value tmlc writes inside the input's footprint equals Arm NN's,
# and every padded value is the zero point.
PAD_CASE = "op_pad"
# Ops whose Arm NN CpuRef implementation computes a transcendental in float
# (exp, 1/(1+exp), tanh) where TFLite uses gemmlowp fixed point.
TOL_OP = {"op_softmax": 1, "op_logistic": 1, "op_tanh": 1, "op_hard_swish": 1}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--tmlc", required=True)
    ap.add_argument("--schema", required=True)
    ap.add_argument("--flatc", default="flatc")
    ap.add_argument("--seeds", type=int, default=3)
    a = ap.parse_args()
    ann = ca.load_armnn()
    rows, failed = [], 0
    with tempfile.TemporaryDirectory() as d:
        models = subprocess.run(
            [sys.executable, os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                          "make_op_models.py"),
             "--schema", a.schema, "--out", d, "--flatc", a.flatc],
            check=True, capture_output=True, text=True).stdout.split()
        for m in models:
            base = os.path.basename(m)[:-len(".tflite")]
            mio, r = h.compile_model(a.tmlc, m, d)
            if mio is None:
                rows.append((base, "tmlc refused: " + r.stderr.strip()[:60], "", "FAIL"))
                failed += 1
                continue
            worst, same, total, note, isfloat = 0.0, 0, 0, "", False
            for seed in range(a.seeds):
                rng = np.random.default_rng(100 + seed)
                xs = [h.random_input(s, rng) * (np.float32(3) if s["dtype"] == np.float32 else 1)
                      for s in mio.inputs]
                try:
                    with contextlib.redirect_stdout(io.StringIO()):
                        ref, _ = ca.armnn_run(ann, m, xs)
                except Exception as e:
                    note = "refused by Arm NN: " + str(e).strip().splitlines()[0][:50]
                    break
                y = h.run_model(a.tmlc, m, xs, d)[0]
                rf = ref[0].reshape(y.shape)
                if base == PAD_CASE:
                    # [1,3,4,2] padded by [[0,0],[1,2],[2,0],[0,0]], zp 7
                    inner = np.zeros(y.shape, bool)
                    inner[:, 1:4, 2:6, :] = True
                    if not np.all(y[~inner] == mio.outputs[0]["zero_point"]):
                        worst = max(worst, 99.0)
                    y, rf = y[inner], rf[inner]
                if y.dtype == np.int8:
                    diff = np.abs(y.astype(np.int32) - rf.astype(np.int32))
                else:
                    isfloat = True
                    diff = np.abs(y.astype(np.float64) - rf) / (1e-30 + np.abs(rf).max())
                worst = max(worst, float(diff.max()))
                same += int((diff == 0).sum())
                total += diff.size
            if note:
                rows.append((base, note, "", "untested"))
                continue
            tol = 1e-6 if isfloat else TOL_OP.get(base, TOL)
            ok = worst <= tol
            failed += not ok
            if base == PAD_CASE:
                base += " (interior; border = zp)"
            rows.append((base, f"{worst:.3g} {'rel' if isfloat else 'LSB'}",
                         f"{100.0 * same / max(total, 1):.1f}%", "ok" if ok else "FAIL"))
    w = max(len(r[0]) for r in rows)
    print(f"{'case':<{w}}  {'max |tmlc - Arm NN|':<24}  {'identical':<9}  result")
    for r in rows:
        print(f"{r[0]:<{w}}  {r[1]:<24}  {r[2]:<9}  {r[3]}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
