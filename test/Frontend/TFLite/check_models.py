#!/usr/bin/python3
"""Check the TFLite frontend on every real model under a models directory.

For each .tflite file (recursively):
  - `tflite-dump FILE` exits 0 (loads, verifies, validates);
  - `tflite-dump --ops FILE` gives the same op histogram as an independent
    walk of the file with tflite_fb.py (effective code = max(deprecated,
    builtin), names from the BuiltinOperator enum of the schema, custom ops
    by custom_code);
  - `tflite-dump --check-ops FILE` accepts the model iff every op is in the
    planned op set below, and otherwise prints exactly one line naming the
    first unsupported op by index and name, exit 1.
Models listed with --must-refuse must be among the refused ones.
With --import-tool (tflite-to-tml), each accepted model must also import into
a verified tml module (exit 0, a func @main), and each refused model must be
refused by the importer with the same one-line diagnostic.

usage: check_models.py --models DIR --tool EXE --schema tflite.fbs
                       [--must-refuse NAME]...
"""
import argparse
import os
import re
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from tflite_fb import Model  # noqa: E402

# The issue-3 op set (frontends/tflite plannedSupportedBuiltins()).
PLANNED = {"CONV_2D", "DEPTHWISE_CONV_2D", "FULLY_CONNECTED", "ADD", "SUB",
           "MUL", "AVERAGE_POOL_2D", "MAX_POOL_2D", "MEAN", "RESHAPE",
           "SQUEEZE", "SOFTMAX", "LOGISTIC", "TANH", "RELU", "RELU6",
           "HARD_SWISH", "PAD", "CONCATENATION", "QUANTIZE", "DEQUANTIZE",
           "TRANSPOSE"}


def builtin_names(schema):
    text = open(schema).read()
    body = re.search(r"enum BuiltinOperator : int \{(.*?)\}", text, re.S).group(1)
    return {int(v): k for k, v in re.findall(r"(\w+)\s*=\s*(\d+)", body)}


def reference_ops(path, names):
    m = Model(path)
    ops = []
    for op in m.ops:
        oc = m.opcodes[op.scalar(0, "I")]
        code = max(oc.scalar(0, "b"), oc.scalar(3, "i"))
        name = names.get(code, "BUILTIN_%d" % code)
        ops.append((name, oc.string(1) if name == "CUSTOM" else ""))
    return ops


def run(cmd):
    p = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=120)
    return p.returncode, p.stdout.decode(), p.stderr.decode()


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--models", required=True)
    ap.add_argument("--tool", required=True)
    ap.add_argument("--schema", required=True)
    ap.add_argument("--must-refuse", action="append", default=[])
    ap.add_argument("--import-tool")
    args = ap.parse_args()
    names = builtin_names(args.schema)
    files = sorted(os.path.join(d, f) for d, _, fs in os.walk(args.models)
                   for f in fs if f.endswith(".tflite"))
    if not files:
        print("no .tflite files under " + args.models)
        return 1
    failures, refused = [], set()
    for path in files:
        base = os.path.basename(path)
        problems = []
        rc, out, err = run([args.tool, path])
        if rc != 0:
            problems.append("dump exit %d: %s" % (rc, err.strip()))
        ref = reference_ops(path, names)
        hist = {}
        for name, custom in ref:
            key = "CUSTOM:" + custom if name == "CUSTOM" else name
            hist[key] = hist.get(key, 0) + 1
        expected = " ".join("%sx%d" % (k, hist[k]) for k in sorted(hist))
        rc, out, err = run([args.tool, "--ops", path])
        if rc != 0 or out.strip() != expected:
            problems.append("op histogram: got '%s', reference '%s'" % (out.strip(), expected))
        first_bad = next(((i, n, c) for i, (n, c) in enumerate(ref) if n not in PLANNED), None)
        rc, out, err = run([args.tool, "--check-ops", path])
        if first_bad is None:
            if rc != 0:
                problems.append("--check-ops refused a supported model: " + err.strip())
        else:
            i, n, c = first_bad
            want = "%s: op #%d (%s): error: unsupported op '%s'" % (base, i, n, c or n)
            if rc != 1 or err.splitlines() != [want]:
                problems.append("--check-ops: exit %d, stderr %r, expected %r" % (rc, err, want))
            else:
                refused.add(base)
        if args.import_tool:
            rc, out, err = run([args.import_tool, path])
            if first_bad is None:
                if rc != 0 or "func.func @main" not in out:
                    problems.append("import failed (exit %d): %s" % (rc, err.strip()))
            elif rc != 1 or err.splitlines() != [want]:
                problems.append("import: exit %d, stderr %r, expected %r" % (rc, err, want))
        status = "FAIL" if problems else "PASS"
        print("%s %s: %s%s" % (status, base, expected,
                               "" if first_bad is None else "  [refused: op #%d %s]" %
                               (first_bad[0], first_bad[2] or first_bad[1])))
        for p in problems:
            print("    " + p)
        if problems:
            failures.append(base)
    for name in args.must_refuse:
        if name not in refused:
            print("FAIL %s was not refused by --check-ops" % name)
            failures.append(name)
    print("%d models, %d failed" % (len(files), len(failures)))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
