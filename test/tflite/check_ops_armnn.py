#!/usr/bin/env python3
"""Single-op int8 models (make_op_models.py) through tmlc and Arm NN 20.08
CpuRef on seeded random inputs: SAME/VALID padding, strides, depth
multipliers, broadcasting, fused activations, scale changes and every MEAN
mode -- the parameter paths the MLPerf models leave out. A wrong multiplier,
shift, offset or clamp shows up as a large difference; rounding-boundary
cases (Arm NN decodes to float, TFLite rescales in fixed point) as 1 LSB.
Fails beyond TOL LSB (int8) or 1e-6 relative (float); prints a table with
the largest difference and the fraction of bit-identical outputs. Where the
two round differently (requantize, concat with rescale, average pool,
same-scale MEAN, conv), tmlc must also equal -- exactly -- a numpy model
of TFLite's integer rules (tflite_int8_ref.py): column "vs TFLite rules".
Quantized models tmlc does not support (uint8, int16, an int8 op without
a kernel, an int8 SOFTMAX whose output quantization TFLite forbids) must be
refused with exit 1, a diagnostic naming the op, and no output folder.
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
import make_op_models as mom  # noqa: E402
import tflite_int8_ref as ref8  # noqa: E402
import tmlc_harness as h  # noqa: E402


def _q(t):
    q = t["quantization"]
    return q["scale"], q["zero_point"]


def _data(model, t, dtype):
    return np.frombuffer(bytes(model["buffers"][t["buffer"]]["data"]), dtype=dtype)


def _act(scale, zp, act):
    """TFLite CalculateActivationRangeQuantized (float math)."""
    qz = lambda f: zp + int(np.round(np.float32(f) / np.float32(scale)))
    lo, hi = -128, 127
    if act in (1, 3):
        lo = max(lo, qz(0.0))
    if act == 3:
        hi = min(hi, qz(6.0))
    return lo, hi


def oracle(name, model, xs):
    """TFLite's int8 result from the numpy model of its arithmetic, for the
    cases where Arm NN and TFLite round differently; None otherwise."""
    sg = model["subgraphs"][0]
    T, op = sg["tensors"], sg["operators"][0]
    ins = [T[i] for i in op["inputs"]]
    out = T[op["outputs"][0]]
    if "quantization" not in out:
        return None
    (os_, oz) = _q(out)
    if name == "op_requantize":
        (s, z) = _q(ins[0])
        return ref8.requantize(xs[0], s[0], z[0], os_[0], oz[0])
    if name == "op_concat_requant":
        parts = [ref8.requantize(x, _q(t)[0][0], _q(t)[1][0], os_[0], oz[0])
                 for x, t in zip(xs, ins)]
        return np.concatenate(parts, axis=3)
    if name.startswith("op_avgpool"):
        o = op["builtin_options"]
        kh, kw, st = o["filter_height"], o["filter_width"], o["stride_h"]
        h, w = ins[0]["shape"][1:3]
        oh, ow = out["shape"][1:3]
        pt = max((oh - 1) * st + kh - h, 0) // 2 if o["padding"] == "SAME" else 0
        pl = max((ow - 1) * st + kw - w, 0) // 2 if o["padding"] == "SAME" else 0
        lo, hi = _act(os_[0], oz[0], o["fused_activation_function"])
        return ref8.avg_pool(xs[0], kh, kw, st, st, pt, pl, (oh, ow), lo, hi)
    if name == "op_mean_same_scale":
        return ref8.mean_same_scale(xs[0], list(_data(model, ins[1], np.int32)))
    if name.startswith("op_conv_"):
        o = op["builtin_options"]
        w = _data(model, ins[1], np.int8).reshape(ins[1]["shape"])
        b = _data(model, ins[2], np.int32)
        st = o["stride_h"]
        h, wd = ins[0]["shape"][1:3]
        oh, ow = out["shape"][1:3]
        kh, kw = ins[1]["shape"][1:3]
        pads = [0, 0, 0, 0]
        if o["padding"] == "SAME":
            th = max((oh - 1) * st + kh - h, 0)
            tw = max((ow - 1) * st + kw - wd, 0)
            pads = [th // 2, tw // 2, th - th // 2, tw - tw // 2]
        lo, hi = _act(os_[0], oz[0], o["fused_activation_function"])
        (s, z) = _q(ins[0])
        return ref8.conv2d(xs[0], w, b, z[0], s[0], _q(ins[1])[0], os_[0], oz[0],
                           st, pads, (oh, ow), lo, hi)
    return None

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
    dicts = {name: make() for name, make in mom.CASES.items()}  # same seed, same order
    with tempfile.TemporaryDirectory() as d:
        models = subprocess.run(
            [sys.executable, os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                          "make_op_models.py"),
             "--schema", a.schema, "--out", d, "--flatc", a.flatc],
            check=True, capture_output=True, text=True).stdout.split()
        for m in models:
            base = os.path.basename(m)[:-len(".tflite")]
            if base in mom.REFUSE_CASES:
                opname = mom.REFUSE_CASES[base][0]
                out = os.path.join(d, "refused_" + base)
                r = subprocess.run([a.tmlc, "compile", m, "-o", out],
                                   capture_output=True, text=True)
                ok = (r.returncode == 1 and not os.path.exists(out) and
                      f"op #0 ({opname}): error: unsupported" in r.stderr)
                failed += not ok
                rows.append((base, "refused: " + r.stderr.strip().split("error: ", 1)[-1][:50],
                             "", "-", "ok" if ok else "FAIL"))
                continue
            mio, r = h.compile_model(a.tmlc, m, d)
            if mio is None:
                rows.append((base, "tmlc refused: " + r.stderr.strip()[:60], "", "-", "FAIL"))
                failed += 1
                continue
            worst, same, total, note, isfloat = 0.0, 0, 0, "", False
            oracle_diff = None
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
                want = oracle(base, dicts[base], xs)
                if want is not None:
                    od = int(np.abs(y.astype(np.int32) - want.reshape(y.shape).astype(np.int32)).max())
                    oracle_diff = max(oracle_diff or 0, od)
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
                rows.append((base, note, "", "-", "untested"))
                continue
            tol = 1e-6 if isfloat else TOL_OP.get(base, TOL)
            ok = worst <= tol and not oracle_diff
            orc = "-" if oracle_diff is None else f"{oracle_diff} LSB"
            failed += not ok
            if base == PAD_CASE:
                base += " (interior; border = zp)"
            rows.append((base, f"{worst:.3g} {'rel' if isfloat else 'LSB'}",
                         f"{100.0 * same / max(total, 1):.1f}%", orc, "ok" if ok else "FAIL"))
    w = max(len(r[0]) for r in rows)
    print(f"{'case':<{w}}  {'max |tmlc - Arm NN|':<24}  {'identical':<9}  "
          f"{'vs TFLite rules':<15}  result")
    for r in rows:
        print(f"{r[0]:<{w}}  {r[1]:<24}  {r[2]:<9}  {r[3]:<15}  {r[4]}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
