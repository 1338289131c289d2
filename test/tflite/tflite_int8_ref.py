"""A small numpy model of TFLite's int8 reference arithmetic, written from
TFLite's published formulas (QuantizeMultiplier, MultiplyByQuantizedMultiplier
= SaturatingRoundingDoublingHighMul + RoundingDivideByPOT, the integer
AveragePool and Mean rules) and independent of tmlc's C kernels. It decides
the cases where tmlc and Arm NN disagree by one LSB.
"""
import math

import numpy as np

I32_MIN, I32_MAX = -(1 << 31), (1 << 31) - 1


def quantize_multiplier(real):
    if real == 0.0:
        return 0, 0
    q, shift = math.frexp(real)
    qf = q * (1 << 31)
    q_fixed = int(math.floor(abs(qf) + 0.5)) * (1 if qf >= 0 else -1)  # std::round
    if q_fixed == (1 << 31):
        q_fixed //= 2
        shift += 1
    if shift < -31:
        return 0, 0
    return q_fixed, shift


def _srdhm(a, b):
    a = a.astype(np.int64)
    ab = a * np.int64(b)
    nudge = np.where(ab >= 0, 1 << 30, 1 - (1 << 30))
    s = ab + nudge
    q = np.where(s >= 0, s // (1 << 31), -((-s) // (1 << 31)))  # C division
    sat = (a == I32_MIN) & (b == I32_MIN)
    return np.where(sat, I32_MAX, q)


def _rdbpot(x, e):
    mask = (1 << e) - 1
    rem = x & mask
    thr = (mask >> 1) + (x < 0)
    return (x >> e) + (rem > thr)


def mbqm(x, mult, shift):
    """MultiplyByQuantizedMultiplier on an int array."""
    x = np.asarray(x, np.int64)
    left = shift if shift > 0 else 0
    right = 0 if shift > 0 else -shift
    return _rdbpot(_srdhm(x * (1 << left), mult), right)


def requantize(x, in_scale, in_zp, out_scale, out_zp, lo=-128, hi=127):
    m, s = quantize_multiplier(float(np.float32(in_scale)) / float(np.float32(out_scale)))
    y = mbqm(x.astype(np.int64) - in_zp, m, s) + out_zp
    return np.clip(y, lo, hi).astype(np.int8)


def avg_pool(x, kh, kw, sh, sw, pad_t, pad_l, out_hw, lo=-128, hi=127):
    n, h, w, c = x.shape
    oh, ow = out_hw
    y = np.zeros((n, oh, ow, c), np.int64)
    for i in range(oh):
        for j in range(ow):
            r0, c0 = i * sh - pad_t, j * sw - pad_l
            rs = slice(max(r0, 0), min(r0 + kh, h))
            cs = slice(max(c0, 0), min(c0 + kw, w))
            win = x[:, rs, cs, :].astype(np.int64)
            cnt = win.shape[1] * win.shape[2]
            acc = win.sum(axis=(1, 2))
            y[:, i, j, :] = np.where(acc > 0, (acc + cnt // 2) // cnt,
                                     -((-(acc - cnt // 2)) // cnt))
    return np.clip(y, lo, hi).astype(np.int8)


def mean_same_scale(x, axes):
    s = x.astype(np.int64).sum(axis=tuple(axes))
    n = int(np.prod([x.shape[a] for a in axes]))
    return (np.sign(s) * (np.abs(s) // n)).astype(np.int8)  # C truncation


def conv2d(x, w, bias, in_zp, in_scale, w_scales, out_scale, out_zp, stride,
           pads, out_hw, lo=-128, hi=127):
    """CONV_2D, NHWC/OHWI, per-channel (multiplier in double)."""
    n, h, wd, c = x.shape
    oc, kh, kw, _ = w.shape
    oh, ow = out_hw
    xp = np.full((n, h + pads[0] + pads[2], wd + pads[1] + pads[3], c), in_zp, np.int64)
    xp[:, pads[0]:pads[0] + h, pads[1]:pads[1] + wd, :] = x
    y = np.zeros((n, oh, ow, oc), np.int64)
    for o in range(oc):
        m, s = quantize_multiplier(float(np.float32(in_scale)) * float(np.float32(w_scales[o]))
                                   / float(np.float32(out_scale)))
        for i in range(oh):
            for j in range(ow):
                win = xp[:, i * stride:i * stride + kh, j * stride:j * stride + kw, :] - in_zp
                acc = (win * w[o].astype(np.int64)).sum(axis=(1, 2, 3)) + int(bias[o])
                y[:, i, j, o] = mbqm(acc, m, s) + out_zp
    return np.clip(y, lo, hi).astype(np.int8)
