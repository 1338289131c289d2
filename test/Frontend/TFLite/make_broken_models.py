#!/usr/bin/python3
"""Generate a corpus of broken .tflite files for the TFLite frontend tests.

Each case is a real model from ../shared/models (or plain bytes) with one
targeted defect, written by patching bytes at offsets found by walking the
FlatBuffers structure with the small reader in tflite_fb.py (Debian has no
python3 flatbuffers module). Writes <out>/<case>.tflite and <out>/manifest.json, which
lists for every case the file, whether the unsupported-op check must be
enabled, and a regular expression the single diagnostic line must match.

usage: make_broken_models.py --models DIR --out DIR
"""
import argparse
import json
import os
import struct
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from tflite_fb import *  # noqa: F401,F403  (FbTable, Model, slots)


def need(pos, what):
    if pos is None:
        sys.exit("make_broken_models: field not stored in the base model: " + what)
    return pos


def quant(t):
    return t.table(T_QUANT)


def has_scales(t):
    q = quant(t)
    return q is not None and q.vector(Q_SCALE) is not None and q.vector(Q_SCALE)[1] > 0


def esc(s):
    import re
    return re.escape(s)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--models", required=True, help="../shared/models")
    ap.add_argument("--out", required=True)
    args = ap.parse_args()
    os.makedirs(args.out, exist_ok=True)
    hello = os.path.join(args.models, "tflm-examples", "hello_world_int8.tflite")
    kws = os.path.join(args.models, "mlperf-tiny", "kws", "kws_ref_model.tflite")
    cases = []

    def emit(case, data, pattern, check_ops=False):
        fname = case + ".tflite"
        with open(os.path.join(args.out, fname), "wb") as f:
            f.write(bytes(data))
        cases.append({"case": case, "file": fname, "check_ops": check_ops,
                      "pattern": "^" + esc(fname) + ": " + pattern + "$"})

    # --- file-level ---------------------------------------------------------
    m = Model(hello)
    emit("truncated", m.buf[:len(m.buf) // 2],
         r"error: file is corrupt or truncated \(FlatBuffers verification failed\)")

    m = Model(hello)
    # Point the subgraphs vector far outside the file.
    m.put(need(m.root.field_pos(MODEL_SUBGRAPHS), "Model.subgraphs"), "I", 0x7ffffff0)
    emit("bad_offset", m.buf,
         r"error: file is corrupt or truncated \(FlatBuffers verification failed\)")

    emit("not_flatbuffer", b"this is a plain text file, not a TFLite model\n" * 4,
         r"error: not a TFLite model \(file identifier is not 'TFL3'\)")

    emit("empty", b"", r"error: file is too small to be a TFLite model \(0 bytes\)")

    # --- tensor-level -------------------------------------------------------
    m = Model(hello)
    i, t = m.first_tensor(lambda t: t.scalar(T_BUFFER, "I") > 0, "with a buffer")
    m.put(need(t.field_pos(T_BUFFER), "Tensor.buffer"), "I", 999)
    emit("buffer_index_out_of_range", m.buf,
         r"tensor #%d '%s': error: buffer index 999 is out of range \(the model has \d+ buffers\).*"
         % (i, esc(t.string(T_NAME))))

    m = Model(hello)
    i, t = m.first_tensor(lambda t: m.buffer_size(t.scalar(T_BUFFER, "I")) > 0 and
                          t.vector(T_SHAPE) and t.vector(T_SHAPE)[1] == 2,
                          "2-D constant")
    sp, _ = t.vector(T_SHAPE)
    m.put(sp + 4 + 4, "i", struct.unpack_from("<i", m.buf, sp + 8)[0] + 1)
    emit("tensor_size_mismatch", m.buf,
         r"tensor #%d '%s': error: buffer \d+ holds \d+ bytes but shape \[.*\] of \w+ needs \d+ bytes.*"
         % (i, esc(t.string(T_NAME))))

    m = Model(hello)
    # The subgraph's first input: an activation, so no byte-size check applies.
    i = struct.unpack_from("<i", m.buf, need(m.sg.vector(SG_INPUTS), "inputs")[0] + 4)[0]
    t = m.tensors[i]
    sp, _ = t.vector(T_SHAPE)
    m.put(sp + 4, "i", -3)
    emit("negative_dim", m.buf,
         r"tensor #%d '%s': error: dimension 0 is negative \(-3\).*"
         % (i, esc(t.string(T_NAME))))

    for case, value, msg in (("zero_scale", 0.0, r"quantization scale #0 is zero"),
                             ("negative_scale", -0.5,
                              r"quantization scale #0 is negative \(-0\.5\)"),
                             ("nan_scale", float("nan"),
                              r"quantization scale #0 is not finite")):
        m = Model(hello)
        i, t = m.first_tensor(has_scales, "with scales")
        sp, _ = quant(t).vector(Q_SCALE)
        m.put(sp + 4, "f", value)
        emit(case, m.buf, r"tensor #%d '%s': error: %s.*" % (i, esc(t.string(T_NAME)), msg))

    m = Model(hello)
    i, t = m.first_tensor(has_scales, "with scales")
    zp, n = need(quant(t).vector(Q_ZERO_POINT), "zero_point")
    m.put(zp, "I", n - 1)  # shorter vector: still verifies, count now wrong
    emit("zero_point_count_mismatch", m.buf,
         r"tensor #%d '%s': error: quantization has 1 scales but 0 zero points.*"
         % (i, esc(t.string(T_NAME))))

    # Per-channel cases on the KWS depthwise weights (quantized_dimension 3).
    m = Model(kws)
    dw_i, dw = m.first_op(4)
    w_idx = struct.unpack_from("<i", m.buf, dw.vector(OP_INPUTS)[0] + 4 + 4)[0]
    t = m.tensors[w_idx]
    q = quant(t)
    nscales = q.vector(Q_SCALE)[1]
    m.put(need(q.field_pos(Q_QDIM), "quantized_dimension"), "i", 1)
    shape1 = struct.unpack_from("<i", m.buf, t.vector(T_SHAPE)[0] + 4 + 4)[0]
    emit("per_channel_length_mismatch", m.buf,
         r"tensor #%d '%s': error: per-channel quantization has %d scales but "
         r"dimension 1 has %d channels \(input 1 of op #%d DEPTHWISE_CONV_2D\)"
         % (w_idx, esc(t.string(T_NAME)), nscales, shape1, dw_i))

    m = Model(kws)
    t = m.tensors[w_idx]
    m.put(quant(t).field_pos(Q_QDIM), "i", 7)
    emit("quantized_dimension_out_of_range", m.buf,
         r"tensor #%d '%s': error: quantized_dimension 7 is out of range for a "
         r"tensor of rank 4.*" % (w_idx, esc(t.string(T_NAME))))

    # --- operator-level -----------------------------------------------------
    m = Model(kws)
    dw_i, dw = m.first_op(4)
    m.put(need(dw.field_pos(OP_OPCODE_INDEX), "Operator.opcode_index"), "I", 200)
    emit("bad_opcode_index", m.buf,
         r"op #%d \(UNKNOWN\): error: opcode index 200 is out of range "
         r"\(the model has \d+ operator codes\)" % dw_i)

    m = Model(kws)
    dw_i, dw = m.first_op(4)
    ip, _ = dw.vector(OP_INPUTS)
    m.put(ip + 4, "i", 4242)
    emit("tensor_index_out_of_range", m.buf,
         r"op #%d \(DEPTHWISE_CONV_2D\): error: input #0 refers to tensor 4242 "
         r"but the subgraph has \d+ tensors" % dw_i)

    m = Model(kws)
    dw_i, dw = m.first_op(4)
    # DepthwiseConv2DOptions (2) -> PadOptions (22): wrong table for the op.
    # (An empty table, so the verifier accepts the bytes and validation must
    # catch the mismatch.)
    m.put(need(dw.field_pos(OP_OPTIONS_TYPE), "builtin_options_type"), "B", 22)
    emit("options_type_mismatch", m.buf,
         r"op #%d \(DEPTHWISE_CONV_2D\): error: builtin_options is PadOptions "
         r"but DEPTHWISE_CONV_2D takes DepthwiseConv2DOptions" % dw_i)

    m = Model(kws)
    sm_i, sm = m.first_op(25)
    oc = m.opcodes[sm.scalar(OP_OPCODE_INDEX, "I")]
    m.put(need(oc.field_pos(OC_DEPRECATED), "deprecated_builtin_code"), "b", 50)
    if oc.field_pos(OC_BUILTIN) is not None:
        m.put(oc.field_pos(OC_BUILTIN), "i", 50)
    emit("unsupported_op", m.buf,
         r"op #%d \(LOG_SOFTMAX\): error: unsupported op 'LOG_SOFTMAX'" % sm_i,
         check_ops=True)

    with open(os.path.join(args.out, "manifest.json"), "w") as f:
        json.dump(cases, f, indent=1)
    print("wrote %d broken models to %s" % (len(cases), args.out))


if __name__ == "__main__":
    main()
