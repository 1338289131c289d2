#!/usr/bin/env python3
"""Every model in mlperf-tiny/ and tflm-examples/ compiles and runs through
`tmlc run` on a seeded random input; outputs have the header's shape and
dtype and float outputs are finite. Models with ops tmlc does not support
(LSTM, SVDF, the custom signal ops) must be refused by `tmlc compile` with
exit status 1 and a diagnostic `op #N (NAME)` naming the op. The generated
C of every int8 model must compile with -std=c99 -Wall -Wextra -Werror
-pedantic under gcc, clang and arm-none-eabi-gcc (Cortex-M4), when present.
Usage: check_run_models.py --tmlc PATH --models DIR
"""
import argparse
import glob
import os
import re
import shutil
import subprocess
import sys
import tempfile

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import tmlc_harness as h  # noqa: E402

# model file -> the op the diagnostic must name
MUST_REFUSE = {
    "trained_lstm.tflite": "UNIDIRECTIONAL_SEQUENCE_LSTM",
    "trained_lstm_int8.tflite": "UNIDIRECTIONAL_SEQUENCE_LSTM",
    "keyword_scrambled.tflite": "SVDF",
    "keyword_scrambled_8bit.tflite": "SVDF",
    "audio_preprocessor_float.tflite": "CUSTOM",
    "audio_preprocessor_int8.tflite": "CUSTOM",
}


STRICT = ["-std=c99", "-Wall", "-Wextra", "-Werror", "-pedantic", "-O1", "-c"]
COMPILERS = [["gcc"], ["clang-19"], ["clang"],
             ["arm-none-eabi-gcc", "-mcpu=cortex-m4", "-mthumb"]]


def strict_compile(folder):
    """Problems compiling every .c of a generated folder, strictly."""
    problems, seen = [], set()
    sources = sorted(f for f in os.listdir(folder) if f.endswith(".c"))
    for cc in COMPILERS:
        if shutil.which(cc[0]) is None or cc[0].startswith("clang") and "clang" in seen:
            continue
        seen.add("clang" if cc[0].startswith("clang") else cc[0])
        r = subprocess.run(cc + STRICT + sources, cwd=folder,
                           capture_output=True, text=True)
        for f in os.listdir(folder):
            if f.endswith(".o"):
                os.remove(os.path.join(folder, f))
        if r.returncode != 0:
            problems.append(f"{cc[0]}: " + r.stderr.strip().splitlines()[0])
    return problems


def file_io_quant(model):
    """[(scale, zero_point) or None] of the model's inputs and outputs, read
    from the file with the frontend tests' FlatBuffers walker."""
    sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                    "..", "Frontend", "TFLite"))
    import struct
    import tflite_fb as fb
    mdl = fb.Model(model)
    res = []
    for slot in (1, 2):  # SubGraph.inputs, SubGraph.outputs
        p, n = mdl.sg.vector(slot)
        for k in range(n):
            t = mdl.tensors[struct.unpack_from("<i", mdl.buf, p + 4 + 4 * k)[0]]
            q = t.table(fb.T_QUANT)
            sv = q.vector(fb.Q_SCALE) if q else None
            if not sv or sv[1] == 0:
                res.append(None)
                continue
            zv = q.vector(fb.Q_ZERO_POINT)
            zp = struct.unpack_from("<q", mdl.buf, zv[0] + 4)[0] if zv and zv[1] else 0
            res.append((struct.unpack_from("<f", mdl.buf, sv[0] + 4)[0], zp))
    return res


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--tmlc", required=True)
    ap.add_argument("--models", required=True)
    a = ap.parse_args()
    h.models_or_skip(a.models, "mlperf-tiny", "tflm-examples")
    models = sorted(glob.glob(os.path.join(a.models, "mlperf-tiny", "*", "*.tflite")) +
                    glob.glob(os.path.join(a.models, "tflm-examples", "*.tflite")))
    failed, ran, refused = 0, 0, 0
    rng = np.random.default_rng(1234)
    for m in models:
        base = os.path.basename(m)
        with tempfile.TemporaryDirectory() as d:
            io, r = h.compile_model(a.tmlc, m, d)
            if base in MUST_REFUSE:
                want = MUST_REFUSE[base]
                ok = (io is None and r.returncode == 1 and
                      re.search(r"op #\d+ \(" + re.escape(want) + r"\)", r.stderr))
                print(f"{'PASS' if ok else 'FAIL'} {base}: refused "
                      f"(exit {r.returncode}): {r.stderr.strip()}")
                failed += not ok
                refused += bool(ok)
                continue
            if io is None:
                print(f"FAIL {base}: tmlc compile exit {r.returncode}: {r.stderr.strip()}")
                failed += 1
                continue
            try:
                xs = [h.random_input(s, rng) for s in io.inputs]
                ys = h.run_model(a.tmlc, m, xs, d)
            except RuntimeError as e:
                print(f"FAIL {base}: {e}")
                failed += 1
                continue
            problems = []
            # The header's SCALE / ZERO_POINT of every int8 I/O are the file's.
            for spec, fq in zip(io.inputs + io.outputs, file_io_quant(m)):
                if np.dtype(spec["dtype"]) != np.int8:
                    continue
                if fq is None or spec["scale"] is None or \
                        np.float32(spec["scale"]) != np.float32(fq[0]) or \
                        spec["zero_point"] != fq[1]:
                    problems.append(f"header quantization of '{spec['name']}' is "
                                    f"{spec['scale']}, {spec['zero_point']}; file: {fq}")
            if any(np.dtype(s["dtype"]) == np.int8 for s in io.inputs + io.outputs):
                problems += strict_compile(os.path.join(d, "c_m"))
            if len(ys) != len(io.outputs):
                problems.append(f"{len(ys)} outputs, header says {len(io.outputs)}")
            for y, s in zip(ys, io.outputs):
                if list(y.shape) != s["shape"] or y.dtype != s["dtype"]:
                    problems.append(f"output {y.dtype}{list(y.shape)}, header "
                                    f"{np.dtype(s['dtype'])}{s['shape']}")
                if y.dtype.kind == "f" and not np.all(np.isfinite(y)):
                    problems.append("non-finite float output")
            desc = ", ".join(f"{np.dtype(s['dtype'])}{s['shape']}" for s in io.inputs)
            print(f"{'FAIL' if problems else 'PASS'} {base}: ran on random {desc}"
                  + (": " + "; ".join(problems) if problems else ""))
            failed += bool(problems)
            ran += not problems
    print(f"{ran} models ran, {refused} refused as expected, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
