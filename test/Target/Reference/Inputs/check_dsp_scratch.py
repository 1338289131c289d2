#!/usr/bin/python3
"""The Cortex-M DSP conv's scratch lives in the arena: builds an int8 ONNX
model whose per-channel convs take the 4-pixel column path (filters of 72,
32, 256 and 576 values), compiles it for cortex-m4 and for the host, and
checks in the generated C:
  - every conv calls NAME_conv2d_s8_dsp_ws with `arena + OFF, BYTES`, OFF a
    multiple of 16, BYTES = 8 * kk + 128 (the 4-pixel column of kk int16
    values per pixel, and 32 int32 sums);
  - the region overlaps neither the call's input nor its output tensor;
  - NAME_ARENA_SIZE = max(host arena, max(OFF + BYTES)): exact, no slack;
then (with --qemu) runs it on QEMU mps2-an386 against the host build
(bench/run_bench.py, outputs byte for byte). Prints one OK line per check
group; exits 1 on the first failure."""
import argparse
import re
import subprocess
import sys
from pathlib import Path

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

REPO = Path(__file__).resolve().parents[4]


def build_model(path):
    rng = np.random.default_rng(7)
    nodes, inits = [], []
    layers = [(8, 32, 3, 1), (32, 256, 1, 0), (256, 64, 1, 0), (64, 16, 3, 1)]
    xs, xz = 0.05, 3
    cur = "x"
    for i, (ci, co, k, pad) in enumerate(layers):
        w = rng.integers(-127, 128, size=(co, ci, k, k), dtype=np.int8)
        ws = rng.uniform(0.005, 0.02, size=co).astype(np.float32)
        kk = ci * k * k
        ys = float(xs * ws.mean() * 74.0 * 74.0 * np.sqrt(kk) / 40.0)
        n = "c%d" % i
        inits += [
            numpy_helper.from_array(np.array(xs, np.float32), n + "_xs"),
            numpy_helper.from_array(np.array(xz, np.int8), n + "_xz"),
            numpy_helper.from_array(w, n + "_w"),
            numpy_helper.from_array(ws, n + "_ws"),
            numpy_helper.from_array(np.zeros(co, np.int8), n + "_wz"),
            numpy_helper.from_array(np.array(ys, np.float32), n + "_ys"),
            numpy_helper.from_array(np.array(-2, np.int8), n + "_yz"),
            numpy_helper.from_array(
                rng.integers(-2000, 2000, size=co).astype(np.int32), n + "_b"),
        ]
        out = "y" if i == len(layers) - 1 else n + "_out"
        nodes.append(helper.make_node(
            "QLinearConv",
            [cur, n + "_xs", n + "_xz", n + "_w", n + "_ws", n + "_wz",
             n + "_ys", n + "_yz", n + "_b"], [out],
            kernel_shape=[k, k], pads=[pad] * 4))
        cur, xs, xz = out, ys, -2
    g = helper.make_graph(
        nodes, "dsp_scratch",
        [helper.make_tensor_value_info("x", TensorProto.INT8, [1, 8, 8, 8])],
        [helper.make_tensor_value_info("y", TensorProto.INT8, [1, 16, 8, 8])],
        inits)
    m = helper.make_model(g, opset_imports=[helper.make_opsetid("", 13)])
    m.ir_version = 7
    onnx.checker.check_model(m)
    onnx.save(m, path)


def fail(msg):
    print("FAIL: " + msg)
    sys.exit(1)


def arena_size(hdr, up):
    m = re.search(r"#define %s_ARENA_SIZE (\d+)u" % up, hdr)
    if not m:
        fail("no %s_ARENA_SIZE" % up)
    return int(m.group(1))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--tmlc", required=True)
    ap.add_argument("--work", required=True)
    ap.add_argument("--qemu", action="store_true")
    a = ap.parse_args()
    work = Path(a.work)
    work.mkdir(parents=True, exist_ok=True)
    model = work / "dspscr.onnx"
    build_model(str(model))
    for tgt in ("cortex-m4", "host"):
        subprocess.run([a.tmlc, "compile", str(model), "-o", str(work / tgt),
                        "--name", "dspscr", "--target", tgt], check=True)
    src = (work / "cortex-m4" / "dspscr.c").read_text()
    m4 = arena_size((work / "cortex-m4" / "dspscr.h").read_text(), "DSPSCR")
    host = arena_size((work / "host" / "dspscr.h").read_text(), "DSPSCR")
    calls = re.findall(
        r"static const dspscr_conv_s8_params p = \{([^}]*)\};\n"
        r"\s*st = dspscr_conv2d_s8_dsp_ws\(([^;]*)\);", src)
    if len(calls) != 4:
        fail("expected 4 calls of dspscr_conv2d_s8_dsp_ws, found %d"
             % len(calls))
    end = 0
    for params, args in calls:
        v = [s.strip() for s in params.split(",")]
        (n, ih, iw, ic, oh, ow, oc, kh, kw) = [int(t) for t in v[:9]]
        groups = int(v[15])
        kk = kh * kw * ic // groups
        am = re.fullmatch(
            r"(.*), (\w+), (\w+), \(int8_t \*\)\(arena \+ (\d+)\), &p, "
            r"arena \+ (\d+), (\d+)", args.strip())
        if not am:
            fail("call without an arena scratch region: " + args)
        xin, yoff, off, nbytes = am.group(1), int(am.group(4)), \
            int(am.group(5)), int(am.group(6))
        if nbytes != 8 * kk + 128:
            fail("kk %d: %d scratch bytes, expected %d" % (kk, nbytes,
                                                          8 * kk + 128))
        if off % 16:
            fail("scratch offset %d not a multiple of 16" % off)
        spans = [(yoff, yoff + n * oh * ow * oc)]
        xm = re.search(r"arena \+ (\d+)", xin)
        if xm:
            spans.append((int(xm.group(1)),
                          int(xm.group(1)) + n * ih * iw * ic))
        for lo, hi in spans:
            if off < hi and lo < off + nbytes:
                fail("scratch [%d, %d) overlaps a tensor [%d, %d)"
                     % (off, off + nbytes, lo, hi))
        end = max(end, off + nbytes)
        print("layer kk=%d scratch=%d at %d" % (kk, nbytes, off))
    if m4 != max(host, end):
        fail("arena %d, expected max(%d, %d)" % (m4, host, end))
    print("OK arena %d = max(tensors %d, scratch end %d)" % (m4, host, end))
    if a.qemu:
        r = subprocess.run(
            ["/usr/bin/python3", str(REPO / "bench" / "run_bench.py"),
             "--tmlc", a.tmlc, "--reps", "1", "--model",
             "dspscr=%s:1" % model, "--core", "cortex-m4", "--work-dir",
             str(work / "bench")], stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT)
        out = r.stdout.decode("utf-8", "replace")
        if r.returncode != 0 or "| yes |" not in out:
            print(out)
            fail("the cortex-m4 run on QEMU differs from the host run")
        print("OK qemu cortex-m4 = host")
    return 0


if __name__ == "__main__":
    sys.exit(main())
