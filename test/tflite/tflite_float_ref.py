"""Float math of a TFLite model, in numpy (float64), for the models Arm NN's
CpuRef backend refuses: the "hybrid" ones whose weights are int8 constants
with a scale while every activation is float32 (kws_ref_model_float32,
model_ToyCar_quant). For these the reference is the model's float math with
each weight tensor dequantized, (q - zero_point) * scale per channel along
its quantized_dimension.

The file is read with the test-side FlatBuffers walker
(test/Frontend/TFLite/tflite_fb.py, field slots of the TFLite schema), not
with tmlc's reader. Only the ops these models use are computed; any other op
raises NotImplementedError so a new model cannot pass unchecked.
"""
import os
import struct
import sys

import numpy as np

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "Frontend", "TFLite"))
import tflite_fb as fb  # noqa: E402

# Field slots (frontends/tflite/schema/tflite.fbs, i.e. TFLite's schema).
SG_OUTPUTS = 2
OP_OUTPUTS, OP_OPTIONS = 2, 4
BUF_DATA = 0
FLOAT32, INT32, INT8 = 0, 2, 9
SAME, VALID = 0, 1
ACT = {0: None, 1: (0.0, np.inf), 3: (0.0, 6.0), 2: (-1.0, 1.0)}
CONV_2D, DEPTHWISE_CONV_2D, FULLY_CONNECTED, AVERAGE_POOL_2D, MAX_POOL_2D = 3, 4, 9, 1, 17
RESHAPE, SOFTMAX, ADD = 22, 25, 0


def _vec(table, slot, fmt):
    """A vector of scalars (struct format letter `fmt`), [] when absent."""
    v = table.vector(slot)
    if v is None:
        return []
    p, n = v
    return list(struct.unpack_from("<%d%s" % (n, fmt), table.buf, p + 4))


def _ints(table, slot):
    return _vec(table, slot, "i")


class FloatModel:
    def __init__(self, path):
        self.m = fb.Model(path)
        self.buffers = self.m.root.vector_tables(fb.MODEL_BUFFERS)

    def _const(self, ti):
        t = self.m.tensors[ti]
        b = t.scalar(fb.T_BUFFER, "I")
        v = self.buffers[b].vector(BUF_DATA) if b < len(self.buffers) else None
        if v is None or v[1] == 0:
            return None
        p, n = v
        raw = bytes(self.m.buf[p + 4:p + 4 + n])
        shape = _ints(t, fb.T_SHAPE)
        typ = t.scalar(fb.T_TYPE, "b")
        if typ == FLOAT32:
            return np.frombuffer(raw, "<f4").reshape(shape).astype(np.float64)
        if typ == INT32 and not t.table(fb.T_QUANT):
            return np.frombuffer(raw, "<i4").reshape(shape)
        if typ in (INT8, INT32):
            q = np.frombuffer(raw, "<i1" if typ == INT8 else "<i4").reshape(shape).astype(np.float64)
            qt = t.table(fb.T_QUANT)
            scale = np.asarray(_vec(qt, fb.Q_SCALE, "f"), np.float64)
            zp = np.asarray(_vec(qt, fb.Q_ZERO_POINT, "q") or [0] * len(scale), np.float64)
            axis = qt.scalar(fb.Q_QDIM, "i")
            bshape = [1] * len(shape)
            if len(scale) > 1:
                bshape[axis] = len(scale)
            return (q - zp.reshape(bshape)) * scale.reshape(bshape)
        raise NotImplementedError("constant of tensor type %d" % typ)

    def run(self, inputs):
        sg, m = self.m.sg, self.m
        env = {}
        for i, x in zip(_ints(sg, fb.SG_INPUTS), inputs):
            env[i] = np.asarray(x, np.float64)

        def val(i):
            if i not in env:
                env[i] = self._const(i)
            return env[i]

        for op in m.ops:
            code = m.op_code(op)
            ins, outs = _ints(op, fb.OP_INPUTS), _ints(op, OP_OUTPUTS)
            o = op.table(OP_OPTIONS)
            out_shape = _ints(m.tensors[outs[0]], fb.T_SHAPE)
            if code in (CONV_2D, DEPTHWISE_CONV_2D):
                dw = code == DEPTHWISE_CONV_2D
                pad = o.scalar(0, "b")
                sw, sh = o.scalar(1, "i"), o.scalar(2, "i")
                act = o.scalar(4 if dw else 3, "b")
                dil_w, dil_h = (o.scalar(5, "i", 1), o.scalar(6, "i", 1)) if dw else \
                    (o.scalar(4, "i", 1), o.scalar(5, "i", 1))
                y = _conv(val(ins[0]), val(ins[1]), val(ins[2]) if len(ins) > 2 and ins[2] >= 0 else None,
                          (sh, sw), (dil_h, dil_w), pad, dw)
                y = _act(y, act)
            elif code == FULLY_CONNECTED:
                w = val(ins[1])
                x = val(ins[0]).reshape(-1, w.shape[1])
                y = x @ w.T
                if len(ins) > 2 and ins[2] >= 0:
                    y = y + val(ins[2])
                y = _act(y, o.scalar(0, "b") if o else 0)
            elif code in (AVERAGE_POOL_2D, MAX_POOL_2D):
                y = _pool(val(ins[0]), (o.scalar(4, "i"), o.scalar(3, "i")),
                          (o.scalar(2, "i"), o.scalar(1, "i")), o.scalar(0, "b"),
                          code == MAX_POOL_2D)
                y = _act(y, o.scalar(5, "b"))
            elif code == RESHAPE:
                y = val(ins[0]).reshape(out_shape)
            elif code == SOFTMAX:
                beta = o.scalar(0, "f") if o else 1.0
                x = val(ins[0])
                e = np.exp(beta * (x - x.max(axis=-1, keepdims=True)))
                y = e / e.sum(axis=-1, keepdims=True)
            else:
                raise NotImplementedError("op code %d" % code)
            env[outs[0]] = y.reshape(out_shape)
        return [env[i] for i in _ints(sg, SG_OUTPUTS)]


def _act(y, act):
    if act not in ACT:
        raise NotImplementedError("activation %d" % act)
    return y if ACT[act] is None else np.clip(y, *ACT[act])


def _pads(n, k, s, d, pad):
    eff = (k - 1) * d + 1
    if pad == VALID:
        return (n - eff) // s + 1, 0
    out = (n + s - 1) // s
    return out, max((out - 1) * s + eff - n, 0) // 2


def _conv(x, w, b, stride, dil, pad, depthwise):
    n, h, wd, c = x.shape
    if depthwise:
        _, kh, kw, oc = w.shape
    else:
        oc, kh, kw, _ = w.shape
    oh, pt = _pads(h, kh, stride[0], dil[0], pad)
    ow, pl = _pads(wd, kw, stride[1], dil[1], pad)
    ph = max((oh - 1) * stride[0] + (kh - 1) * dil[0] + 1 - h - pt, 0)
    pw = max((ow - 1) * stride[1] + (kw - 1) * dil[1] + 1 - wd - pl, 0)
    xp = np.zeros((n, h + pt + ph, wd + pl + pw, c))
    xp[:, pt:pt + h, pl:pl + wd, :] = x
    y = np.zeros((n, oh, ow, oc))
    mult = oc // c
    for i in range(kh):
        for j in range(kw):
            win = xp[:, i * dil[0]:i * dil[0] + stride[0] * (oh - 1) + 1:stride[0],
                     j * dil[1]:j * dil[1] + stride[1] * (ow - 1) + 1:stride[1], :]
            if depthwise:
                y += np.repeat(win, mult, axis=3) * w[0, i, j, :]
            else:
                y += np.einsum("nhwc,oc->nhwo", win, w[:, i, j, :])
    return y if b is None else y + b


def _pool(x, k, stride, pad, is_max):
    n, h, wd, c = x.shape
    oh, pt = _pads(h, k[0], stride[0], 1, pad)
    ow, pl = _pads(wd, k[1], stride[1], 1, pad)
    y = np.zeros((n, oh, ow, c))
    for i in range(oh):
        for j in range(ow):
            r0, c0 = i * stride[0] - pt, j * stride[1] - pl
            win = x[:, max(r0, 0):min(r0 + k[0], h), max(c0, 0):min(c0 + k[1], wd), :]
            y[:, i, j, :] = win.max(axis=(1, 2)) if is_max else win.mean(axis=(1, 2))
    return y
