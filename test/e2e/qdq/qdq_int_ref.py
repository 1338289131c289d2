"""The integer result a QDQ ONNX graph has under TFLite's int8 arithmetic,
computed in numpy from the .onnx file itself, independent of tmlc.

ONNX defines a QDQ island (DequantizeLinear -> float op -> QuantizeLinear) by
its float math; an integer runtime computes it the way TFLite does: int32
accumulation of (q_x - zp_x) * (q_w - zp_w), the bias quantized to int32 at
scale s_x * s_w[c] (half to even), requantization by the fixed-point
multiplier of s_x * s_w[c] / s_y (QuantizeMultiplier, then
MultiplyByQuantizedMultiplier), the fused ReLU as a clamp at the output zero
point. MaxPool and Flatten between a DequantizeLinear and a QuantizeLinear
with the same parameters act on the integers unchanged. The arithmetic
helpers come from test/tflite/tflite_int8_ref.py (written from TFLite's
published formulas). Only the node kinds a torch eager-PTQ export uses are
handled; anything else raises NotImplementedError.
"""
import os
import sys

import numpy as np
from onnx import numpy_helper

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "tflite"))
import tflite_int8_ref as t  # noqa: E402

_RANGE = {np.dtype(np.uint8): (0, 255), np.dtype(np.int8): (-128, 127)}


class Q:
    """Integers with their quantization: q (int64), scale, zero point, dtype."""
    def __init__(self, q, scale, zp, dtype):
        self.q, self.scale, self.zp, self.dtype = q, float(scale), int(zp), np.dtype(dtype)


class DQ:
    """A DequantizeLinear not yet consumed: the integers behind a float value."""
    def __init__(self, src):
        self.src = src


class Acc:
    """An int32 accumulator of a conv/gemm island, awaiting its QuantizeLinear."""
    def __init__(self, acc, s_in, s_w, relu=False):
        self.acc, self.s_in, self.s_w, self.relu = acc, s_in, s_w, relu


class Same:
    """MaxPool/Flatten/Relu applied to a DQ: exact on the integers if the
    QuantizeLinear that follows has the DQ's parameters."""
    def __init__(self, src, relu=False):
        self.src, self.relu = src, relu


def _attrs(node):
    from onnx import helper
    return {a.name: helper.get_attribute_value(a) for a in node.attribute}


def _quantize_float(x, scale, zp, dtype):
    lo, hi = _RANGE[np.dtype(dtype)]
    q = np.rint(np.asarray(x, np.float32) / np.float32(scale)) + int(zp)  # half to even
    return Q(np.clip(q, lo, hi).astype(np.int64), scale, zp, dtype)


def _conv(x, w, bias_real, s_w, attrs):
    xq = x.q - x.zp
    wq = w.q - np.asarray(w.zp_vec, np.int64).reshape(-1, 1, 1, 1)
    n, c, h, wd = xq.shape
    oc, ic, kh, kw = wq.shape
    if attrs.get("group", 1) != 1 or list(attrs.get("dilations", [1, 1])) != [1, 1]:
        raise NotImplementedError("grouped or dilated Conv")
    pt, pl, pb, pr = attrs.get("pads", [0, 0, 0, 0])
    sh, sw = attrs.get("strides", [1, 1])
    xp = np.zeros((n, c, h + pt + pb, wd + pl + pr), np.int64)
    xp[:, :, pt:pt + h, pl:pl + wd] = xq
    oh = (h + pt + pb - kh) // sh + 1
    ow = (wd + pl + pr - kw) // sw + 1
    acc = np.zeros((n, oc, oh, ow), np.int64)
    for i in range(kh):
        for j in range(kw):
            win = xp[:, :, i:i + sh * oh:sh, j:j + sw * ow:sw]
            acc += np.einsum("nchw,oc->nohw", win, wq[:, :, i, j])
    acc += _bias(bias_real, x.scale, s_w).reshape(1, -1, 1, 1)
    return Acc(acc, x.scale, s_w)


def _bias(real, s_in, s_w):
    if real is None:
        return np.zeros(len(s_w), np.int64)
    s = np.float64(s_in) * np.asarray(s_w, np.float64)
    return np.rint(np.asarray(real, np.float64) / s).astype(np.int64)


def run(model, x):
    """Evaluates `model` (an onnx.ModelProto) on float input x; returns the
    float output(s) as a dict name -> np.float32 array."""
    g = model.graph
    env = {i.name: numpy_helper.to_array(i) for i in g.initializer}
    env[g.input[0].name] = np.asarray(x, np.float32)
    for node in g.node:
        op, ins, a = node.op_type, [env.get(n) for n in node.input], _attrs(node)
        if op == "Constant":
            out = numpy_helper.to_array(a["value"])
        elif op == "ConstantOfShape":
            out = np.full(tuple(ins[0]), numpy_helper.to_array(a["value"])[0])
        elif op == "Cast":
            v = ins[0]
            if isinstance(v, Q):
                out = v  # uint8 -> uint8 (torch's quint8 export): the integers are unchanged
            else:
                out = np.asarray(v).astype({1: np.float32, 2: np.uint8, 3: np.int8, 6: np.int32}[a["to"]])
        elif op == "QuantizeLinear":
            v, s, zp = ins[0], float(ins[1]), ins[2]
            dtype = np.asarray(zp).dtype
            lo, hi = _RANGE[dtype]
            zp = int(zp)
            if isinstance(v, Acc):
                y = np.zeros_like(v.acc)
                for c in range(v.acc.shape[1]):
                    m, sh = t.quantize_multiplier(float(np.float32(v.s_in)) * float(np.float32(v.s_w[c]))
                                                  / float(np.float32(s)))
                    y[:, c] = t.mbqm(v.acc[:, c], m, sh) + zp
                y = np.clip(y, max(lo, zp) if v.relu else lo, hi)
                out = Q(y, s, zp, dtype)
            elif isinstance(v, Same):
                src = v.src
                if (np.float32(src.scale) != np.float32(s)) or src.zp != zp or src.dtype != dtype:
                    raise NotImplementedError("requantizing MaxPool/Flatten/Relu")
                out = Q(np.maximum(src.q, zp) if v.relu else src.q, s, zp, dtype)
            elif isinstance(v, np.ndarray):
                out = _quantize_float(v, s, zp, dtype)
            else:
                raise NotImplementedError("QuantizeLinear of %s" % type(v).__name__)
        elif op == "DequantizeLinear":
            v = ins[0]
            s = np.asarray(ins[1], np.float32)
            zp = np.asarray(ins[2]) if len(ins) > 2 and ins[2] is not None else np.zeros(s.shape, np.int64)
            if isinstance(v, Q):
                out = DQ(v)
            else:  # a constant: weights (int8, per channel along axis 0) or an int32 bias
                arr = np.asarray(v)
                if arr.dtype == np.int32:
                    out = ((arr.astype(np.float32) - zp.astype(np.float32)) * s).astype(np.float32)
                else:
                    w = Q(arr.astype(np.int64), 0.0, 0, arr.dtype)
                    w.scales = np.broadcast_to(s, (arr.shape[0],)).astype(np.float32)
                    w.zp_vec = np.broadcast_to(zp.astype(np.int64), (arr.shape[0],))
                    out = DQ(w)
        elif op == "Conv":
            x_, w_ = ins[0].src, ins[1].src
            out = _conv(x_, w_, ins[2] if len(ins) > 2 else None, w_.scales, a)
        elif op == "Gemm":
            if a.get("transB", 0) != 1 or a.get("transA", 0) or a.get("alpha", 1.0) != 1.0 \
                    or a.get("beta", 1.0) != 1.0:
                raise NotImplementedError("Gemm other than x @ W^T + b")
            x_, w_ = ins[0].src, ins[1].src
            wq = w_.q - w_.zp_vec.reshape(-1, 1)
            acc = (x_.q - x_.zp) @ wq.T + _bias(ins[2] if len(ins) > 2 else None, x_.scale, w_.scales)
            out = Acc(acc, x_.scale, w_.scales)
        elif op == "Relu":
            v = ins[0]
            if isinstance(v, Acc):
                v.relu = True
                out = v
            elif isinstance(v, DQ):
                out = Same(v.src, relu=True)
            else:
                raise NotImplementedError("float Relu")
        elif op == "MaxPool":
            src = ins[0].src
            k, st = a["kernel_shape"], a.get("strides", [1, 1])
            if any(a.get("pads", [0, 0, 0, 0])) or a.get("ceil_mode", 0):
                raise NotImplementedError("padded MaxPool")
            n, c, h, w = src.q.shape
            oh, ow = (h - k[0]) // st[0] + 1, (w - k[1]) // st[1] + 1
            y = np.full((n, c, oh, ow), np.iinfo(np.int64).min, np.int64)
            for i in range(k[0]):
                for j in range(k[1]):
                    y = np.maximum(y, src.q[:, :, i:i + st[0] * oh:st[0], j:j + st[1] * ow:st[1]])
            out = Same(Q(y, src.scale, src.zp, src.dtype))
        elif op == "Flatten":
            src = ins[0].src
            out = Same(Q(src.q.reshape(src.q.shape[0], -1), src.scale, src.zp, src.dtype))
        else:
            raise NotImplementedError(op)
        env[node.output[0]] = out
    res = {}
    for o in g.output:
        v = env[o.name]
        if isinstance(v, DQ):
            v = ((v.src.q - v.src.zp).astype(np.float32) * np.float32(v.src.scale)).astype(np.float32)
        res[o.name] = np.asarray(v, np.float32)
    return res
