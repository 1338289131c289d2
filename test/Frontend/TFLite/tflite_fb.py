"""Minimal read-only FlatBuffers walker for .tflite files (test helper).

Debian 12 has no python3 flatbuffers module; this reads just enough of the
format (tables, vectors, strings) to find fields by slot number. Slot numbers
are those of frontends/tflite/schema/tflite.fbs. It trusts its input: use it
on real models only, never on the broken corpus.
"""
import os
import struct
import sys


class FbTable:
    """Read-only view of one FlatBuffers table (slot N = Nth declared field)."""

    def __init__(self, buf, pos):
        self.buf = buf
        self.pos = pos
        soff = struct.unpack_from("<i", buf, pos)[0]
        self.vt = pos - soff
        self.vt_size = struct.unpack_from("<H", buf, self.vt)[0]

    def field_pos(self, slot):
        """Absolute position of field `slot`, or None when it is absent."""
        entry = 4 + 2 * slot
        if entry >= self.vt_size:
            return None
        off = struct.unpack_from("<H", self.buf, self.vt + entry)[0]
        return self.pos + off if off else None

    def scalar(self, slot, fmt, default=0):
        p = self.field_pos(slot)
        return default if p is None else struct.unpack_from("<" + fmt, self.buf, p)[0]

    def _indirect(self, slot):
        p = self.field_pos(slot)
        if p is None:
            return None
        return p + struct.unpack_from("<I", self.buf, p)[0]

    def table(self, slot):
        p = self._indirect(slot)
        return None if p is None else FbTable(self.buf, p)

    def vector(self, slot):
        """(position of the length word, length) or None."""
        p = self._indirect(slot)
        if p is None:
            return None
        return p, struct.unpack_from("<I", self.buf, p)[0]

    def vector_tables(self, slot):
        v = self.vector(slot)
        if v is None:
            return []
        p, n = v
        out = []
        for i in range(n):
            e = p + 4 + 4 * i
            out.append(FbTable(self.buf, e + struct.unpack_from("<I", self.buf, e)[0]))
        return out

    def string(self, slot):
        v = self.vector(slot)
        if v is None:
            return ""
        p, n = v
        return bytes(self.buf[p + 4:p + 4 + n]).decode("utf-8", "replace")


# Field slots of the TFLite schema (see frontends/tflite/schema/tflite.fbs).
MODEL_OPCODES, MODEL_SUBGRAPHS, MODEL_BUFFERS = 1, 2, 4
SG_TENSORS, SG_INPUTS, SG_OPERATORS = 0, 1, 3
T_SHAPE, T_TYPE, T_BUFFER, T_NAME, T_QUANT = 0, 1, 2, 3, 4
Q_SCALE, Q_ZERO_POINT, Q_QDIM = 2, 3, 6
OP_OPCODE_INDEX, OP_INPUTS, OP_OPTIONS_TYPE = 0, 1, 3
OC_DEPRECATED, OC_BUILTIN = 0, 3

BUILTIN_NAMES = {3: "CONV_2D", 4: "DEPTHWISE_CONV_2D", 9: "FULLY_CONNECTED",
                 25: "SOFTMAX", 50: "LOG_SOFTMAX"}


class Model:
    def __init__(self, path):
        self.name = os.path.basename(path)
        with open(path, "rb") as f:
            self.buf = bytearray(f.read())
        self.root = FbTable(self.buf, struct.unpack_from("<I", self.buf, 0)[0])
        self.sg = self.root.vector_tables(MODEL_SUBGRAPHS)[0]
        self.tensors = self.sg.vector_tables(SG_TENSORS)
        self.ops = self.sg.vector_tables(SG_OPERATORS)
        self.opcodes = self.root.vector_tables(MODEL_OPCODES)

    def buffer_size(self, index):
        buffers = self.root.vector_tables(MODEL_BUFFERS)
        if index >= len(buffers):
            return 0
        v = buffers[index].vector(0)
        return 0 if v is None else v[1]

    def op_code(self, op):
        oc = self.opcodes[op.scalar(OP_OPCODE_INDEX, "I")]
        return max(oc.scalar(OC_DEPRECATED, "b"), oc.scalar(OC_BUILTIN, "i"))

    def put(self, pos, fmt, value):
        struct.pack_into("<" + fmt, self.buf, pos, value)

    def first_tensor(self, pred, what):
        for i, t in enumerate(self.tensors):
            if pred(t):
                return i, t
        sys.exit("make_broken_models: %s: no tensor %s" % (self.name, what))

    def first_op(self, code):
        for i, op in enumerate(self.ops):
            if self.op_code(op) == code:
                return i, op
        sys.exit("make_broken_models: %s: no op with code %d" % (self.name, code))
