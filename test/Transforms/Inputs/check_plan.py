#!/usr/bin/env python3
"""Checks the arena plan printed by `tmlc-opt -tmlc-plan-memory` (stdin).

For every function it recomputes tensor lifetimes from the printed IR (by
itself, not with the pass's code) and asserts:
  * each value that must live in the arena (an op result that is not a
    constant, not a reshape view and not returned directly) has an offset,
    and no other value has one;
  * offsets are multiples of ALIGN;
  * two buffers whose lifetimes [definition, last use of it or of a view of
    it] intersect do not share bytes (a buffer returned through a view lives
    to the end);
  * tmlc.arena_size is exactly the largest offset + size.
usage: check_plan.py ALIGN < ir.mlir ; prints one line per function.
"""
import re
import sys

BYTES = {"f32": 4, "f64": 8, "f16": 2, "i1": 1, "i8": 1, "i16": 2, "i32": 4, "i64": 8}


def nbytes(t):
    m = re.fullmatch(r"tensor<((?:\d+x)*)(\w+)>", t.strip())
    n = 1
    for d in m.group(1).split("x")[:-1]:
        n *= int(d)
    return n * BYTES[m.group(2)]


def check_func(name, size_attr, lines, align):
    defs, order, uses, root = {}, {}, {}, {}
    ret = []
    for k, line in enumerate(lines):
        m = re.match(r"\s*(%\w+) = (tml\.\w+)(.*)", line)
        if m:
            v, op, rest = m.groups()
            result_type = rest.rsplit("->", 1)[-1].strip() if "->" in rest else rest.rsplit(":", 1)[-1]
            off = re.search(r"tmlc\.arena_offset = (\d+)", rest)
            defs[v] = dict(op=op, size=nbytes(result_type), offset=int(off.group(1)) if off else None)
            order[v] = k
            operands = re.findall(r"%\w+", rest.split(":")[0].split("{")[0])
            for o in operands:
                uses.setdefault(o, []).append(k)
            root[v] = root.get(operands[0], operands[0]) if op == "tml.reshape" else v
        m = re.match(r"\s*return (.*?)(:|$)", line)
        if m:
            ret = re.findall(r"%\w+", m.group(1))
            end = len(lines)
            for o in ret:
                uses.setdefault(o, []).append(k)
    direct = {v for v in ret if v in defs and defs[v]["op"] not in ("tml.reshape", "tml.constant")}
    buffers = {}
    for v, d in defs.items():
        must = d["op"] not in ("tml.reshape", "tml.constant") and v not in direct
        assert (d["offset"] is not None) == must, "%s: %s offset %s, expected %s" % (name, v, d["offset"], "one" if must else "none")
        if must:
            assert d["offset"] % align == 0, "%s: %s offset %d not aligned" % (name, v, d["offset"])
            buffers[v] = [order[v], order[v], d["offset"], d["size"]]
    for v, ks in uses.items():
        r = root.get(v, v)
        if r in buffers:
            buffers[r][1] = max([buffers[r][1]] + ks)
    for v in ret:
        r = root.get(v, v)
        if r in buffers and v not in direct:
            buffers[r][1] = len(lines)
    items = sorted(buffers.items())
    for i, (a, (b0, e0, o0, s0)) in enumerate(items):
        for c, (b1, e1, o1, s1) in items[i + 1:]:
            if b0 <= e1 and b1 <= e0:
                assert o0 + s0 <= o1 or o1 + s1 <= o0, "%s: %s and %s are live together but overlap" % (name, a, c)
    expected = max([o + s for (_, _, o, s) in buffers.values()] + [0])
    assert size_attr == expected, "%s: arena_size %d, buffers end at %d" % (name, size_attr, expected)
    print("PLAN-OK %s buffers=%d arena=%d" % (name, len(buffers), size_attr))


def main():
    align = int(sys.argv[1])
    text = sys.stdin.read().splitlines()
    k = 0
    while k < len(text):
        m = re.match(r"\s*func\.func @(\w+).*tmlc\.arena_size = (\d+)", text[k])
        if m:
            body = []
            k += 1
            while not re.match(r"\s*}$", text[k]):
                body.append(text[k])
                k += 1
            check_func(m.group(1), int(m.group(2)), body, align)
        k += 1


if __name__ == "__main__":
    main()
