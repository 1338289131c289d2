"""Shared helpers of the test/tflite checks: compile a model with tmlc,
read its I/O description from the generated header, run it on NPY inputs.

Exit code 77 (ctest SKIP_RETURN_CODE) when the shared models are absent.
"""
import os
import re
import subprocess
import sys
import tempfile

import numpy as np

SKIP = 77

DTYPES = {"F32": np.float32, "I8": np.int8, "U8": np.uint8, "I16": np.int16,
          "I32": np.int32, "I64": np.int64}


def models_or_skip(models_dir, *rel):
    for r in rel:
        if not os.path.exists(os.path.join(models_dir, r)):
            print(f"SKIP: {os.path.join(models_dir, r)} is missing "
                  "(set -DTMLC_MODELS_DIR=...)")
            sys.exit(SKIP)


class ModelIO:
    """Inputs/outputs of a compiled model: (name, shape, dtype, scale, zp)."""

    def __init__(self, header_text, name):
        up = name.upper()
        self.inputs, self.outputs = [], []
        for kind, lst in (("INPUT", self.inputs), ("OUTPUT", self.outputs)):
            k = 0
            while True:
                p = f"{up}_{kind}{k}_"
                m = re.search(rf"#define {p}SHAPE \{{([^}}]*)\}}", header_text)
                if not m:
                    break
                shape = [int(v) for v in m.group(1).split(",") if v.strip()]
                rank = int(re.search(rf"#define {p}RANK (\d+)", header_text).group(1))
                shape = shape[:rank]
                dt = re.search(rf"#define {p}DTYPE {up}_DTYPE_(\w+)", header_text).group(1)
                nm = re.search(rf'#define {p}NAME "([^"]*)"', header_text).group(1)
                sc = re.search(rf"#define {p}SCALE ([0-9eE.+-]+)f?", header_text)
                zp = re.search(rf"#define {p}ZERO_POINT (-?\d+)", header_text)
                lst.append(dict(name=nm, shape=shape, dtype=DTYPES[dt],
                                scale=float(sc.group(1)) if sc else None,
                                zero_point=int(zp.group(1)) if zp else None))
                k += 1


def compile_model(tmlc, model, workdir, name="m"):
    out = os.path.join(workdir, "c_" + name)
    r = subprocess.run([tmlc, "compile", model, "-o", out, "--name", name],
                       capture_output=True, text=True)
    if r.returncode != 0:
        return None, r
    with open(os.path.join(out, name + ".h")) as f:
        return ModelIO(f.read(), name), r


def run_model(tmlc, model, inputs, workdir, extra=()):
    """Runs `tmlc run`; inputs is a list of arrays in model order. Returns
    the outputs in model order."""
    args = [tmlc, "run", model, "-o", os.path.join(workdir, "out")] + list(extra)
    for k, x in enumerate(inputs):
        p = os.path.join(workdir, f"in{k}.npy")
        np.save(p, x)
        args += ["--input", p]
    r = subprocess.run(args, capture_output=True, text=True)
    if r.returncode != 0:
        raise RuntimeError(f"tmlc run {model} exited {r.returncode}: {r.stderr.strip()}")
    files = [l.split(" ", 1)[1] for l in r.stdout.splitlines() if l.startswith("wrote ")]
    return [np.load(f) for f in files]


def random_input(spec, rng):
    shape, dt = spec["shape"], spec["dtype"]
    if np.issubdtype(dt, np.integer):
        info = np.iinfo(dt)
        return rng.integers(info.min, info.max + 1, size=shape, dtype=np.int64).astype(dt)
    return rng.uniform(-1.0, 1.0, size=shape).astype(dt)
