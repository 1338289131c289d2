#!/usr/bin/env python3
"""Writes small single-op int8 (and float<->int8) TFLite models, one per
case below, with `flatc` and the project's schema (frontends/tflite/schema/
tflite.fbs): the ops and parameter paths the MLPerf Tiny models do not
exercise (SAME padding, strides, depth multipliers, broadcasting, fused
activations, scale changes, every MEAN mode, ...). Seeded, so the files are
the same on every run.
Usage: make_op_models.py --schema tflite.fbs --out DIR [--flatc flatc]
Prints the written file names.
"""
import argparse
import json
import os
import subprocess
import sys

import numpy as np

T_F32, T_I32, T_I8 = "FLOAT32", "INT32", "INT8"


class Builder:
    def __init__(self):
        self.tensors, self.buffers, self.ops, self.codes = [], [{}], [], []

    def tensor(self, shape, ttype, scale=None, zp=None, data=None, qdim=0):
        t = {"shape": list(shape), "type": ttype, "name": f"t{len(self.tensors)}"}
        if scale is not None:
            scale = scale if isinstance(scale, list) else [scale]
            zp = zp if isinstance(zp, list) else [zp if zp is not None else 0] * len(scale)
            t["quantization"] = {"scale": [float(np.float32(s)) for s in scale],
                                 "zero_point": zp, "quantized_dimension": qdim}
        if data is not None:
            self.buffers.append({"data": list(np.asarray(data).tobytes())})
            t["buffer"] = len(self.buffers) - 1
        self.tensors.append(t)
        return len(self.tensors) - 1

    def op(self, code, inputs, outputs, opt_type=None, opts=None):
        if code not in self.codes:
            self.codes.append(code)
        o = {"opcode_index": self.codes.index(code), "inputs": inputs, "outputs": outputs}
        if opt_type:
            o["builtin_options_type"] = opt_type
            o["builtin_options"] = opts or {}
        self.ops.append(o)

    def model(self, inputs, outputs):
        return {"version": 3,
                "operator_codes": [{"deprecated_builtin_code": min(c, 127), "builtin_code": c}
                                   for c in self.codes],
                "subgraphs": [{"tensors": self.tensors, "inputs": inputs,
                               "outputs": outputs, "operators": self.ops}],
                "buffers": self.buffers}


OP = dict(ADD=0, AVERAGE_POOL_2D=1, CONCATENATION=2, CONV_2D=3, DEPTHWISE_CONV_2D=4,
          DEQUANTIZE=6, FULLY_CONNECTED=9, LOGISTIC=14, MAX_POOL_2D=17, MUL=18, RELU=19,
          RELU6=21, SOFTMAX=25, TANH=28, PAD=34, TRANSPOSE=39, MEAN=40, SUB=41,
          QUANTIZE=114, HARD_SWISH=117)
rng = np.random.default_rng(7)


def w8(shape):
    return rng.integers(-127, 128, size=shape, dtype=np.int64).astype(np.int8)


def b32(n, lim=2000):
    return rng.integers(-lim, lim, size=n, dtype=np.int64).astype(np.int32)


def unary(code, shape, sin, zin, sout, zout, opt=None):
    b = Builder()
    x = b.tensor(shape, T_I8, sin, zin)
    y = b.tensor(shape, T_I8, sout, zout)
    b.op(OP[code], [x], [y], *(opt or (None, None)))
    return b.model([x], [y])


def binary(code, sa, sb, qa, qb, qy, act=0):
    b = Builder()
    a = b.tensor(sa, T_I8, *qa)
    c = b.tensor(sb, T_I8, *qb)
    out = list(np.broadcast_shapes(tuple(sa), tuple(sb)))
    y = b.tensor(out, T_I8, *qy)
    name = {"ADD": "AddOptions", "SUB": "SubOptions", "MUL": "MulOptions"}[code]
    b.op(OP[code], [a, c], [y], name, {"fused_activation_function": act})
    return b.model([a, c], [y])


def conv(depthwise, stride, padding, act, mult=1):
    b = Builder()
    cin, cout = 3, (3 * mult if depthwise else 5)
    x = b.tensor([1, 9, 7, cin], T_I8, 0.05, -7)
    sc = [0.004 + 0.001 * k for k in range(cout)]
    wshape = [1, 3, 3, cout] if depthwise else [cout, 3, 3, cin]
    w = b.tensor(wshape, T_I8, sc, [0] * cout, w8(wshape), qdim=3 if depthwise else 0)
    bias = b.tensor([cout], T_I32, [0.05 * s for s in sc], [0] * cout, b32(cout))
    oh = (9 + stride - 1) // stride if padding == "SAME" else (9 - 3) // stride + 1
    ow = (7 + stride - 1) // stride if padding == "SAME" else (7 - 3) // stride + 1
    y = b.tensor([1, oh, ow, cout], T_I8, 0.07, 5)
    if depthwise:
        b.op(OP["DEPTHWISE_CONV_2D"], [x, w, bias], [y], "DepthwiseConv2DOptions",
             {"padding": padding, "stride_w": stride, "stride_h": stride,
              "depth_multiplier": mult, "fused_activation_function": act})
    else:
        b.op(OP["CONV_2D"], [x, w, bias], [y], "Conv2DOptions",
             {"padding": padding, "stride_w": stride, "stride_h": stride,
              "fused_activation_function": act})
    return b.model([x], [y])


def fully_connected(act):
    b = Builder()
    x = b.tensor([2, 16], T_I8, 0.1, 3)
    w = b.tensor([6, 16], T_I8, 0.0123, 0, w8([6, 16]))
    bias = b.tensor([6], T_I32, float(np.float32(0.1) * np.float32(0.0123)), 0, b32(6))
    y = b.tensor([2, 6], T_I8, 0.3, -10)
    b.op(OP["FULLY_CONNECTED"], [x, w, bias], [y], "FullyConnectedOptions",
         {"fused_activation_function": act})
    return b.model([x], [y])


def pool(code, padding, act):
    b = Builder()
    x = b.tensor([1, 7, 6, 4], T_I8, 0.1, -5)
    o = [1, 4, 3, 4] if padding == "SAME" else [1, 3, 2, 4]
    y = b.tensor(o, T_I8, 0.1, -5)
    b.op(OP[code], [x], [y], "Pool2DOptions",
         {"padding": padding, "stride_w": 2, "stride_h": 2, "filter_width": 3,
          "filter_height": 2, "fused_activation_function": act})
    return b.model([x], [y])


def mean(axes, keep, qin, qout, shape=(1, 5, 4, 3)):
    b = Builder()
    x = b.tensor(list(shape), T_I8, *qin)
    ax = b.tensor([len(axes)], T_I32, data=np.array(axes, np.int32))
    out = [1 if i in axes else d for i, d in enumerate(shape)] if keep else \
        [d for i, d in enumerate(shape) if i not in axes]
    y = b.tensor(out, T_I8, *qout)
    b.op(OP["MEAN"], [x, ax], [y], "ReducerOptions", {"keep_dims": keep})
    return b.model([x], [y])


def concat(same):
    b = Builder()
    q1, q2 = ((0.1, 2), (0.1, 2)) if same else ((0.1, 2), (0.25, -9))
    a = b.tensor([1, 3, 2, 2], T_I8, *q1)
    c = b.tensor([1, 3, 2, 3], T_I8, *q2)
    y = b.tensor([1, 3, 2, 5], T_I8, *((0.1, 2) if same else (0.2, 1)))
    b.op(OP["CONCATENATION"], [a, c], [y], "ConcatenationOptions", {"axis": 3})
    return b.model([a, c], [y])


def pad():
    b = Builder()
    x = b.tensor([1, 3, 4, 2], T_I8, 0.1, 7)
    p = b.tensor([4, 2], T_I32, data=np.array([[0, 0], [1, 2], [2, 0], [0, 0]], np.int32))
    y = b.tensor([1, 6, 6, 2], T_I8, 0.1, 7)
    b.op(OP["PAD"], [x, p], [y])
    return b.model([x], [y])


def transpose():
    b = Builder()
    x = b.tensor([1, 3, 4, 2], T_I8, 0.1, 7)
    p = b.tensor([4], T_I32, data=np.array([0, 3, 1, 2], np.int32))
    y = b.tensor([1, 2, 3, 4], T_I8, 0.1, 7)
    b.op(OP["TRANSPOSE"], [x, p], [y], "TransposeOptions", {})
    return b.model([x], [y])


def quantize(kind):
    b = Builder()
    if kind == "float_to_int8":
        x = b.tensor([2, 8], T_F32)
        y = b.tensor([2, 8], T_I8, 0.0137, -4)
        b.op(OP["QUANTIZE"], [x], [y])
    elif kind == "int8_to_float":
        x = b.tensor([2, 8], T_I8, 0.0137, -4)
        y = b.tensor([2, 8], T_F32)
        b.op(OP["DEQUANTIZE"], [x], [y])
    else:
        x = b.tensor([2, 8], T_I8, 0.0137, -4)
        y = b.tensor([2, 8], T_I8, 0.03, 11)
        b.op(OP["QUANTIZE"], [x], [y])
    return b.model([x], [y])


def softmax():
    b = Builder()
    x = b.tensor([3, 10], T_I8, 0.07, 4)
    y = b.tensor([3, 10], T_I8, 1 / 256, -128)
    b.op(OP["SOFTMAX"], [x], [y], "SoftmaxOptions", {"beta": 1.0})
    return b.model([x], [y])


CASES = {
    "op_conv_same_s2_relu6": lambda: conv(False, 2, "SAME", 3),
    "op_conv_valid_s1": lambda: conv(False, 1, "VALID", 0),
    "op_dwconv_same_m2_relu": lambda: conv(True, 1, "SAME", 1, mult=2),
    "op_dwconv_valid_s2": lambda: conv(True, 2, "VALID", 0),
    "op_fc_relu": lambda: fully_connected(1),
    "op_maxpool_same_relu6": lambda: pool("MAX_POOL_2D", "SAME", 3),
    "op_avgpool_same": lambda: pool("AVERAGE_POOL_2D", "SAME", 0),
    "op_avgpool_valid_relu": lambda: pool("AVERAGE_POOL_2D", "VALID", 1),
    "op_add_bcast_relu": lambda: binary("ADD", [1, 4, 4, 3], [1, 1, 1, 3], (0.05, -3), (0.11, 9), (0.09, 2), 1),
    "op_sub": lambda: binary("SUB", [1, 4, 4, 3], [1, 4, 4, 3], (0.05, -3), (0.02, 9), (0.06, 0)),
    "op_mul_bcast": lambda: binary("MUL", [2, 5], [1, 5], (0.05, -3), (0.11, 9), (0.04, 2)),
    "op_mean_spatial": lambda: mean([1, 2], True, (0.1, 3), (0.05, -2)),
    "op_mean_rescale": lambda: mean([1, 2], False, (0.1, 3), (0.05, -2)),
    "op_mean_same_scale": lambda: mean([2], False, (0.1, 3), (0.1, 3)),
    "op_logistic": lambda: unary("LOGISTIC", [2, 40], 0.08, 5, 1 / 256, -128),
    "op_tanh": lambda: unary("TANH", [2, 40], 0.03, -6, 1 / 128, 0),
    "op_hard_swish": lambda: unary("HARD_SWISH", [2, 40], 0.05, 10, 0.03, -20),
    "op_relu": lambda: unary("RELU", [2, 40], 0.05, 10, 0.03, -20),
    "op_relu6": lambda: unary("RELU6", [2, 40], 0.05, 10, 0.05, 10),
    "op_concat_same": lambda: concat(True),
    "op_concat_requant": lambda: concat(False),
    "op_pad": pad,
    "op_transpose": transpose,
    "op_quantize": lambda: quantize("float_to_int8"),
    "op_dequantize": lambda: quantize("int8_to_float"),
    "op_requantize": lambda: quantize("int8_to_int8"),
    "op_softmax": softmax,
}


def _single(code, ttype, qin, qout, opt=(None, None), shape=(1, 8)):
    b = Builder()
    x = b.tensor(list(shape), ttype, *qin)
    y = b.tensor(list(shape), ttype, *qout)
    b.op(code, [x], [y], *opt)
    return b.model([x], [y])


# Quantized models tmlc must refuse at compile time (exit 1, "op #0 (NAME)").
REFUSE_CASES = {
    "refuse_uint8_relu": ("RELU", lambda: _single(OP["RELU"], "UINT8", (0.1, 128), (0.1, 128))),
    "refuse_int16_relu": ("RELU", lambda: _single(OP["RELU"], "INT16", (0.1, 0), (0.1, 0))),
    "refuse_int8_leaky_relu": ("LEAKY_RELU", lambda: _single(
        98, T_I8, (0.1, 0), (0.1, 0), ("LeakyReluOptions", {"alpha": 0.1}))),
    "refuse_int8_softmax_scale": ("SOFTMAX", lambda: _single(
        OP["SOFTMAX"], T_I8, (0.1, 0), (0.2, 3), ("SoftmaxOptions", {"beta": 1.0}))),
}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--schema", required=True)
    ap.add_argument("--out", required=True)
    ap.add_argument("--flatc", default="flatc")
    a = ap.parse_args()
    os.makedirs(a.out, exist_ok=True)
    for name, make in list(CASES.items()) + [(k, v[1]) for k, v in REFUSE_CASES.items()]:
        js = os.path.join(a.out, name + ".json")
        with open(js, "w") as f:
            json.dump(make(), f)
        r = subprocess.run([a.flatc, "--binary", "-o", a.out, a.schema, js],
                           capture_output=True, text=True)
        if r.returncode != 0:
            sys.exit(f"flatc failed on {name}: {r.stderr}")
        # the schema's file_extension makes flatc write <name>.tflite
        os.remove(js)
        print(os.path.join(a.out, name + ".tflite"))
    return 0


if __name__ == "__main__":
    sys.exit(main())
