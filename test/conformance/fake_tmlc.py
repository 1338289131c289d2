#!/usr/bin/python3
"""A stand-in for `tmlc run`, used only by the harness self-test.

It implements the `tmlc run MODEL --input NAME=FILE.npy ... -o OUTDIR`
command line and misbehaves on purpose depending on the name of the test
directory holding MODEL (test_selftest_<behaviour>):

  pass, nan, tolerance, mapping   evaluate the model with numpy and write
                                  the outputs (tolerance: off by rtol 1e-4)
  wrong                           one output value off by 1e-2
  wrong_second                    wrong only when the first input value is
                                  negative (used for a second data set)
  int_off_by_one                  one int32 value off by one
  dtype                           outputs written as float64
  missing                         exit 0 without writing outputs
  unsupported                     exit 1, "unsupported op" diagnostic
  reject                          exit 1, a diagnostic without "unsupported"
  segv                            kill itself with SIGSEGV
  internal                        exit 70
  hang                            sleep (with a sleeping child) forever

Usage errors exit 2, as tmlc does. The inputs given must be exactly the
graph inputs that are not initializers, with the declared shapes and types.
"""

import os
import re
import signal
import sys
import time


def usage(msg):
    print("fake_tmlc: error: %s" % msg, file=sys.stderr)
    sys.exit(2)


def parse(argv):
    if len(argv) < 2 or argv[0] != "run":
        usage("expected 'run MODEL --input NAME=FILE ... -o OUTDIR'")
    model = argv[1]
    inputs, outdir = {}, None
    i = 2
    while i < len(argv):
        arg = argv[i]
        if arg == "--input" and i + 1 < len(argv):
            name, sep, path = argv[i + 1].partition("=")
            if not sep or not name or not path:
                usage("bad --input '%s'" % argv[i + 1])
            if name in inputs:
                usage("input '%s' given twice" % name)
            inputs[name] = path
            i += 2
        elif arg == "-o" and i + 1 < len(argv):
            outdir = argv[i + 1]
            i += 2
        else:
            usage("unexpected argument '%s'" % arg)
    if outdir is None:
        usage("missing -o OUTDIR")
    return model, inputs, outdir


def evaluate(model, feeds):
    """A tiny numpy interpreter for Abs, Neg, Add, Mul, Identity."""
    import numpy as np
    from onnx import numpy_helper
    env = dict(feeds)
    for init in model.graph.initializer:
        env[init.name] = numpy_helper.to_array(init)
    for node in model.graph.node:
        args = [env[n] for n in node.input]
        if node.op_type == "Abs":
            out = np.abs(args[0])
        elif node.op_type == "Neg":
            out = np.negative(args[0])
        elif node.op_type == "Add":
            out = np.add(args[0], args[1])
        elif node.op_type == "Mul":
            out = np.multiply(args[0], args[1])
        elif node.op_type == "Identity":
            out = args[0]
        else:
            print("%s: node '%s' (%s): error: unsupported op '%s'"
                  % (os.path.basename(sys.argv[2]), node.name, node.op_type,
                     node.op_type), file=sys.stderr)
            sys.exit(1)
        env[node.output[0]] = out.astype(args[0].dtype)
    return [env[o.name] for o in model.graph.output]


def main(argv):
    model_path, input_files, outdir = parse(argv)
    behaviour = re.sub(r"^test_selftest_", "",
                       os.path.basename(os.path.dirname(
                           os.path.abspath(model_path))))
    diag_file = os.path.basename(model_path)

    if behaviour == "hang":
        import subprocess
        subprocess.Popen(["sleep", "120"])
        time.sleep(120)
        return 0
    if behaviour == "segv":
        sys.stdout.flush()
        os.kill(os.getpid(), signal.SIGSEGV)
        time.sleep(5)
        return 0
    if behaviour == "internal":
        print("fake_tmlc: internal compiler error", file=sys.stderr)
        return 70
    if behaviour == "unsupported":
        print("%s: node 'n0' (Foo): error: unsupported op 'Foo'" % diag_file,
              file=sys.stderr)
        return 1
    if behaviour == "reject":
        print("%s: node 'n0' (Add): error: inconsistent shapes [2] and [3]"
              % diag_file, file=sys.stderr)
        return 1

    import numpy as np
    import onnx
    from onnx import mapping
    model = onnx.load(model_path)
    inits = {i.name for i in model.graph.initializer}
    feeds = {}
    for vi in model.graph.input:
        if vi.name in inits:
            if vi.name in input_files:
                usage("'%s' is an initializer, not an input" % vi.name)
            continue
        if vi.name not in input_files:
            usage("missing --input for '%s'" % vi.name)
        arr = np.load(input_files.pop(vi.name), allow_pickle=False)
        ttype = vi.type.tensor_type
        want_dtype = mapping.TENSOR_TYPE_TO_NP_TYPE[ttype.elem_type]
        want_shape = tuple(d.dim_value for d in ttype.shape.dim)
        if arr.dtype != want_dtype or arr.shape != want_shape:
            print("%s: error: input '%s' is %s%s, expected %s%s"
                  % (diag_file, vi.name, arr.dtype, list(arr.shape),
                     np.dtype(want_dtype), list(want_shape)), file=sys.stderr)
            return 1
        feeds[vi.name] = arr
    if input_files:
        usage("unknown input(s) %s" % sorted(input_files))

    outputs = evaluate(model, feeds)
    first_input = next(iter(feeds.values())) if feeds else None
    if behaviour == "missing":
        return 0
    if behaviour == "wrong" or (behaviour == "wrong_second"
                                and first_input.flat[0] < 0):
        outputs[0] = outputs[0].copy()
        outputs[0].flat[0] += 1e-2
    elif behaviour == "tolerance":
        outputs = [o * np.asarray(1 + 1e-4, dtype=o.dtype) for o in outputs]
    elif behaviour == "int_off_by_one":
        outputs[0] = outputs[0].copy()
        outputs[0].flat[-1] += 1
    elif behaviour == "dtype":
        outputs = [o.astype(np.float64) for o in outputs]

    os.makedirs(outdir, exist_ok=True)
    for vi, arr in zip(model.graph.output, outputs):
        stem = re.sub(r"[^A-Za-z0-9_.-]", "_", vi.name)
        np.save(os.path.join(outdir, stem + ".npy"), arr, allow_pickle=False)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
