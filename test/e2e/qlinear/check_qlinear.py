#!/usr/bin/python3
"""ONNX integer ops end to end: QLinearConv, QLinearMatMul and MatMulInteger
models with random int8/uint8 weights (per-tensor and per-channel, symmetric
and asymmetric), written with onnx.helper, run by `tmlc run`.

Reference 1 (always): the ONNX operator definitions evaluated here in numpy,
independently of tmlc: exact integer sums (int64) of (x - x_zp) * (w - w_zp)
(+ bias), then y = saturate(rint(acc * x_scale * w_scale / y_scale) + y_zp)
in float64 with round-half-to-even.
Reference 2 (optional, --ort-modules DIR): onnxruntime-node through
test/e2e/ort_run.js on the same files.

Tolerances: MatMulInteger is exact (int32). For QLinearConv/QLinearMatMul,
tmlc requantizes either with TFLite's fixed-point multiplier (int8 kernels,
symmetric weights) or with a float32 multiply and half-away rounding
(asymmetric weights). TFLite writes M = m0 * 2^-e (m0 in [0.5, 1)) and
rounds twice: acc * m0 to an integer, then by the shift e, so it can leave
the exact value by half an intermediate step, 2^-(e+1) <= M output LSB;
the float path errs by ~1e-7 relative. So an output may differ by 1 LSB
only where acc * M lies within M of a .5 tie: checked per output, and at
most max(1, 1%) of the outputs may differ.

usage: check_qlinear.py TMLC WORKDIR [--ort-modules DIR]   (exit 77 if
numpy/onnx are missing)
"""
import argparse
import os
import shutil
import subprocess
import sys

try:
    import numpy as np
    import onnx
    from onnx import helper, numpy_helper, TensorProto
except ImportError as e:
    print("skipped: %s" % e)
    sys.exit(77)

HERE = os.path.dirname(os.path.abspath(__file__))
ORT_RUN = os.path.join(HERE, "..", "ort_run.js")
RNG = np.random.default_rng(20240611)
NP2ONNX = {np.dtype(np.int8): TensorProto.INT8, np.dtype(np.uint8): TensorProto.UINT8,
           np.dtype(np.float32): TensorProto.FLOAT, np.dtype(np.int32): TensorProto.INT32}


def rand_q(dtype, shape, lo=None, hi=None):
    info = np.iinfo(dtype)
    lo = info.min if lo is None else lo
    hi = info.max if hi is None else hi
    return RNG.integers(lo, hi + 1, size=shape).astype(dtype)


def saturate(v, dtype):
    info = np.iinfo(dtype)
    return np.clip(v, info.min, info.max).astype(dtype)


# acc * multiplier (float64, before rounding) of the last requant() call,
# used to check that every 1-LSB difference sits at a rounding tie.
LAST_REAL = {}


def requant(acc, mult, yzp, dtype):
    """ONNX: saturate(rint(acc * multiplier) + y_zero_point), float64."""
    real = acc.astype(np.float64) * mult
    LAST_REAL["y"] = (real, np.broadcast_to(mult, real.shape))
    return saturate(np.rint(real) + int(yzp), dtype)


def conv_int(x, w, pads, strides, group):
    """Exact int64 NCHW convolution of already zero-point-corrected values."""
    n, c, h, wd = x.shape
    m, cg, kh, kw = w.shape
    xp = np.zeros((n, c, h + pads[0] + pads[2], wd + pads[1] + pads[3]), np.int64)
    xp[:, :, pads[0]:pads[0] + h, pads[1]:pads[1] + wd] = x
    oh = (xp.shape[2] - kh) // strides[0] + 1
    ow = (xp.shape[3] - kw) // strides[1] + 1
    y = np.zeros((n, m, oh, ow), np.int64)
    mg = m // group
    for o in range(m):
        g = o // mg
        for i in range(oh):
            for j in range(ow):
                patch = xp[:, g * cg:(g + 1) * cg, i * strides[0]:i * strides[0] + kh,
                           j * strides[1]:j * strides[1] + kw]
                y[:, o, i, j] = (patch * w[o].astype(np.int64)).sum(axis=(1, 2, 3))
    return y


def const(name, arr):
    return numpy_helper.from_array(np.asarray(arr), name)


def save_model(path, nodes, inputs, outputs, inits, opset=10):
    g = helper.make_graph(nodes, os.path.basename(path)[:-5], inputs, outputs, inits)
    m = helper.make_model(g, opset_imports=[helper.make_opsetid("", opset)])
    m.ir_version = 7
    onnx.checker.check_model(m)
    onnx.save(m, path)


def qlinearconv_case(name, xdt, wdt, ydt, cin, cout, k, pads, strides, group,
                     per_channel, symmetric, bias):
    x = rand_q(xdt, (1, cin, 9, 9))
    xs, xzp = np.float32(RNG.uniform(0.01, 0.05)), xdt(rand_q(xdt, ()) // 4 + (64 if xdt == np.uint8 else 0))
    nsc = cout if per_channel else 1
    ws = RNG.uniform(0.002, 0.02, nsc).astype(np.float32)
    if symmetric:  # w - zp fits int8
        wzp = np.full(nsc, 128 if wdt == np.uint8 else 0, wdt)
        w = rand_q(wdt, (cout, cin // group, k, k))
    else:
        wzp = rand_q(wdt, (nsc,), 0 if wdt == np.uint8 else -20, 40 if wdt == np.uint8 else 20)
        w = rand_q(wdt, (cout, cin // group, k, k))
    ys, yzp = np.float32(RNG.uniform(0.05, 0.2)), ydt(128 if ydt == np.uint8 else 3)
    inits = [const("xs", xs), const("xzp", xzp), const("w", w), const("ws", ws if per_channel else ws[0]),
             const("wzp", wzp if per_channel else wzp[0]), const("ys", ys), const("yzp", yzp)]
    ins = ["x", "xs", "xzp", "w", "ws", "wzp", "ys", "yzp"]
    b = None
    if bias:
        b = RNG.integers(-3000, 3000, cout).astype(np.int32)
        inits.append(const("B", b))
        ins.append("B")
    node = helper.make_node("QLinearConv", ins, ["y"], name="qconv", pads=pads,
                            strides=strides, group=group, kernel_shape=[k, k])
    # reference
    wz = (wzp if per_channel else np.full(cout, wzp[0])).astype(np.int64)
    wc = w.astype(np.int64) - wz[:, None, None, None]
    acc = conv_int(x.astype(np.int64) - int(xzp), wc, pads, strides, group)
    if b is not None:
        acc += b.astype(np.int64)[None, :, None, None]
    mult = (np.float64(xs) * (ws if per_channel else np.full(cout, ws[0])).astype(np.float64)
            / np.float64(ys))[None, :, None, None]
    ref = requant(acc, mult, yzp, ydt)
    vin = [helper.make_tensor_value_info("x", NP2ONNX[np.dtype(xdt)], list(x.shape))]
    vout = [helper.make_tensor_value_info("y", NP2ONNX[np.dtype(ydt)], list(ref.shape))]
    return name, [node], vin, vout, inits, {"x": x}, {"y": (ref, LAST_REAL["y"])}, False


def qlinearmatmul_case(name, adt, bdt, ydt, ashape, n, per_col, symmetric):
    k = ashape[-1]
    a = rand_q(adt, ashape)
    asc, azp = np.float32(RNG.uniform(0.01, 0.05)), adt(rand_q(adt, ()) // 4)
    nsc = n if per_col else 1
    bsc = RNG.uniform(0.002, 0.02, nsc).astype(np.float32)
    if symmetric:
        bzp = np.full(nsc, 128 if bdt == np.uint8 else 0, bdt)
    else:
        bzp = rand_q(bdt, (nsc,), 0 if bdt == np.uint8 else -20, 60 if bdt == np.uint8 else 20)
    bm = rand_q(bdt, (k, n))
    ys, yzp = np.float32(RNG.uniform(0.05, 0.3)), ydt(100 if ydt == np.uint8 else -5)
    inits = [const("as", np.array([asc], np.float32)), const("azp", np.array([azp], adt)),
             const("b", bm), const("bs", bsc), const("bzp", bzp),
             const("ys", np.array([ys], np.float32)), const("yzp", np.array([yzp], ydt))]
    node = helper.make_node("QLinearMatMul", ["a", "as", "azp", "b", "bs", "bzp", "ys", "yzp"],
                            ["y"], name="qmm")
    bz = np.broadcast_to(bzp.astype(np.int64), (n,))
    acc = np.matmul(a.astype(np.int64) - int(azp), bm.astype(np.int64) - bz[None, :])
    mult = np.float64(asc) * np.broadcast_to(bsc.astype(np.float64), (n,)) / np.float64(ys)
    ref = requant(acc, mult, yzp, ydt)
    vin = [helper.make_tensor_value_info("a", NP2ONNX[np.dtype(adt)], list(a.shape))]
    vout = [helper.make_tensor_value_info("y", NP2ONNX[np.dtype(ydt)], list(ref.shape))]
    return name, [node], vin, vout, inits, {"a": a}, {"y": (ref, LAST_REAL["y"])}, False


def matmulinteger_case(name, adt, bdt, m, k, n, per_row, per_col):
    a = rand_q(adt, (m, k))
    bm = rand_q(bdt, (k, n))
    azp = rand_q(adt, (m,) if per_row else (1,))
    bzp = rand_q(bdt, (n,) if per_col else (1,))
    inits = [const("b", bm), const("azp", azp), const("bzp", bzp)]
    node = helper.make_node("MatMulInteger", ["a", "b", "azp", "bzp"], ["y"], name="mmi")
    ac = a.astype(np.int64) - (azp.astype(np.int64)[:, None] if per_row else int(azp[0]))
    bc = bm.astype(np.int64) - (bzp.astype(np.int64)[None, :] if per_col else int(bzp[0]))
    ref = (ac @ bc).astype(np.int32)
    vin = [helper.make_tensor_value_info("a", NP2ONNX[np.dtype(adt)], [m, k])]
    vout = [helper.make_tensor_value_info("y", TensorProto.INT32, [m, n])]
    return name, [node], vin, vout, inits, {"a": a}, {"y": (ref, None)}, True


def cases():
    u8, s8 = np.uint8, np.int8
    return [
        qlinearconv_case("conv_s8_perchannel_bias", s8, s8, s8, 4, 8, 3, [1, 1, 1, 1], [1, 1], 1, True, True, True),
        qlinearconv_case("conv_u8_pertensor_stride2", u8, u8, u8, 3, 6, 3, [0, 1, 1, 0], [2, 2], 1, False, True, True),
        qlinearconv_case("conv_u8_depthwise", u8, u8, u8, 4, 4, 3, [1, 1, 1, 1], [1, 1], 4, True, True, False),
        qlinearconv_case("conv_u8_asymmetric_w", u8, u8, u8, 3, 5, 3, [1, 1, 1, 1], [1, 1], 1, True, False, True),
        qlinearconv_case("conv_s8_asymmetric_w_1x1", s8, s8, u8, 8, 4, 1, [0, 0, 0, 0], [1, 1], 1, False, False, False),
        qlinearmatmul_case("matmul_s8_percol_3d", s8, s8, s8, (2, 3, 16), 8, True, True),
        qlinearmatmul_case("matmul_u8_pertensor", u8, u8, u8, (5, 24), 7, False, True),
        qlinearmatmul_case("matmul_u8_asymmetric_b", u8, u8, u8, (4, 12), 6, True, False),
        matmulinteger_case("matmulinteger_u8_s8_perrow_percol", u8, s8, 4, 32, 5, True, True),
        matmulinteger_case("matmulinteger_s8_u8_scalar", s8, u8, 3, 300, 9, False, False),
    ]


def write_npy(path, arr):
    np.save(path, arr)


def run_tmlc(tmlc, model, inputs, outdir):
    args = [tmlc, "run", model, "-o", outdir]
    for k, f in inputs.items():
        args += ["--input", "%s=%s" % (k, f)]
    r = subprocess.run(args, capture_output=True, text=True)
    if r.returncode != 0:
        raise RuntimeError("tmlc run failed (%d): %s" % (r.returncode, r.stderr.strip()))


def run_ort(modules, model, inputs, outdir):
    env = dict(os.environ, NODE_PATH=os.path.abspath(modules))
    args = ["node", ORT_RUN, model, outdir] + ["%s=%s" % kv for kv in inputs.items()]
    r = subprocess.run(args, capture_output=True, text=True, env=env)
    if r.returncode != 0:
        raise RuntimeError("ort_run.js failed (%d): %s" % (r.returncode, r.stderr.strip()))


# onnxruntime 1.x CPU kernels that do not exist: (case, reason).
ORT_MISSING = {
    "conv_s8_asymmetric_w_1x1": "no QLinearConv kernel for int8 x with uint8 y",
    "matmulinteger_u8_s8_perrow_percol": "MatMulInteger takes only a scalar a_zero_point",
}


def compare(label, got, ref, exact, real=None):
    """Exact, or: at most 1 LSB, at most max(1, 1%) outputs differ, and each
    differing output lies at a rounding tie (|frac(acc * M) - 0.5| <= M)."""
    if got.dtype != ref.dtype or got.shape != ref.shape:
        return False, "%s: dtype/shape %s%s, expected %s%s" % (label, got.dtype, got.shape,
                                                                ref.dtype, ref.shape)
    d = np.abs(got.astype(np.int64) - ref.astype(np.int64))
    same = int((d == 0).sum())
    msg = "%s: %d/%d identical, max diff %d" % (label, same, d.size, int(d.max()))
    if exact:
        return int(d.max()) == 0, msg
    ok = int(d.max()) <= 1 and d.size - same <= max(1, 0.01 * d.size)
    if ok and real is not None and same < d.size:
        val, mult = real
        frac = np.abs(np.abs(val[d != 0]) % 1.0 - 0.5)
        msg += ", differing at |frac - 0.5| = %.2g (M = %.2g)" % (
            frac.max(), mult[d != 0][np.argmax(frac)])
        ok = bool(np.all(frac <= mult[d != 0]))
    return ok, msg


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("tmlc")
    ap.add_argument("workdir")
    ap.add_argument("--ort-modules", default="")
    opts = ap.parse_args()
    shutil.rmtree(opts.workdir, ignore_errors=True)
    os.makedirs(opts.workdir)
    use_ort = bool(opts.ort_modules) and shutil.which("node") is not None
    if opts.ort_modules and not use_ort:
        print("note: node not found, onnxruntime reference skipped")
    failures = 0
    for name, nodes, vin, vout, inits, inputs, refs, exact in cases():
        d = os.path.join(opts.workdir, name)
        os.makedirs(d)
        model = os.path.join(d, "model.onnx")
        save_model(model, nodes, vin, vout, inits)
        files = {}
        for k, v in inputs.items():
            files[k] = os.path.join(d, k + ".npy")
            write_npy(files[k], v)
        try:
            run_tmlc(opts.tmlc, model, files, os.path.join(d, "tmlc"))
            for k, (ref, real) in refs.items():
                got = np.load(os.path.join(d, "tmlc", k + ".npy"))
                ok, msg = compare(name + " tmlc vs numpy", got, ref, exact, real)
                print(("PASS " if ok else "FAIL ") + msg)
                failures += not ok
                if use_ort and name in ORT_MISSING:
                    print("note: %s: onnxruntime not compared (%s)" % (name, ORT_MISSING[name]))
                elif use_ort:
                    run_ort(opts.ort_modules, model, files, os.path.join(d, "ort"))
                    ort = np.load(os.path.join(d, "ort", k + ".npy"))
                    ok2, msg2 = compare(name + " tmlc vs onnxruntime", got, ort, exact)
                    ok3, msg3 = compare(name + " onnxruntime vs numpy", ort, ref, exact, real)
                    print(("PASS " if ok2 else "FAIL ") + msg2)
                    print(("PASS " if ok3 else "FAIL ") + msg3)
                    failures += (not ok2) + (not ok3)
        except RuntimeError as e:
            print("FAIL %s: %s" % (name, e))
            failures += 1
    print("%d failure(s)" % failures)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
