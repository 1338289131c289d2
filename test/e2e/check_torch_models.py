#!/usr/bin/python3
"""End-to-end check: tmlc's generated C against PyTorch on the models in test/models/.

For every model in test/models/make_models.py:
  1. rebuild the torch module from its fixed seed (importing make_models.py) and require that a
     fresh ONNX export is byte-identical to the committed test/models/<name>.onnx, so the file
     tmlc compiles is exactly the module used as reference;
  2. draw 3 random inputs (numpy seed fixed per model), save them as .npy and run
         tmlc run test/models/<name>.onnx --input <name>=<file.npy> ... -o <dir>
     which must exit 0 and write <dir>/<sanitized output name>.npy for every output
     (sanitizing replaces each character outside [A-Za-z0-9_.-] by '_');
  3. compare each output with torch's float32 output (same shape, float32 dtype required).

Error measure, per element i of an output tensor b (torch) and a (tmlc):

        rel_i = |a_i - b_i| / max(|b_i|, s),   s = max(FLOOR_REL * max_j |b_j|, FLOOR_ABS)
        FLOOR_REL = 0.1, FLOOR_ABS = 1e-3

A model passes when rel_i <= 1e-5 for every element of every output on every input. Elements
at least a tenth of the tensor's largest magnitude are held to a true relative error of 1e-5;
smaller ones to an absolute error of 1e-5 * s. Why a floor that scales with the tensor: float32
rounding error in an output element is proportional to the magnitudes of the terms summed to
make it, which follow the tensor's scale, not the element's own (possibly cancelled) value.
A fixed floor, |a-b| / max(|b|, 1e-3), is not sound here: on kwsish, whose logits are at most
~0.33, torch float32 against torch float64 already scores 1.1e-5 under it (abs error 2.6e-8 on
a logit of 0.0022), so it would fail torch against itself. To show how much of the tolerance
float32 rounding alone takes, the checker prints the same measure between torch float32 and
torch float64 ("fp32 noise"); tmlc's error is expected to be of that order.

With --ort, onnxruntime-node (test/e2e/ort_run.js) runs the same files as a second, independent
reference: tmlc is compared with it by the same measure, and so is torch (a mismatch there
would mean the ONNX file does not represent the torch module). If node or the module is
missing, that part is skipped with a message.

Prints one line per model and ends with `N passed, M failed`; exit status 0 when all pass,
1 on any failure, 2 on a usage error, 77 (ctest SKIP_RETURN_CODE) when torch or numpy is
missing.
"""

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
import zlib

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))
MODELS_DIR = os.path.join(REPO, "test", "models")
ORT_RUN = os.path.join(HERE, "ort_run.js")

TOLERANCE = 1e-5
FLOOR_REL = 0.1
FLOOR_ABS = 1e-3
NUM_INPUTS = 3
SEED = 20240501
RUN_TIMEOUT = 600  # seconds per tmlc run

try:
    import numpy as np
    import torch
except ImportError as e:  # pragma: no cover - depends on the machine
    print("SKIPPED: %s (install python3-numpy and python3-torch)" % e)
    sys.exit(77)

sys.path.insert(0, MODELS_DIR)
import make_models  # noqa: E402


def sanitize(name):
    return re.sub(r"[^A-Za-z0-9_.-]", "_", name)


def rel_error(a, b):
    """Element-wise error of a against reference b, in float64; see the module docstring."""
    a = np.asarray(a, dtype=np.float64)
    b = np.asarray(b, dtype=np.float64)
    scale = max(FLOOR_REL * float(np.max(np.abs(b))) if b.size else 0.0, FLOOR_ABS)
    return np.abs(a - b) / np.maximum(np.abs(b), scale)


class Stats:
    """Running max abs / max rel error over several outputs and inputs."""

    def __init__(self):
        self.max_abs = 0.0
        self.max_rel = 0.0
        self.where = ""
        self.labels = set()  # inputs that contributed

    def add(self, a, b, where, label):
        self.labels.add(label)
        if a.size == 0:
            return
        diff = np.abs(a.astype(np.float64) - b.astype(np.float64))
        rel = rel_error(a, b)
        # NaN compares false everywhere; turn it into inf so it can only fail
        diff = np.where(np.isnan(diff), np.inf, diff)
        rel = np.where(np.isnan(rel), np.inf, rel)
        self.max_abs = max(self.max_abs, float(np.max(diff)))
        r = float(np.max(rel))
        if r > self.max_rel or not self.where:
            self.max_rel = r
            self.where = where

    def ok(self):
        return self.max_rel <= TOLERANCE

    def describe(self):
        if not self.labels:
            return "no outputs compared"
        return "max abs %.3g, max rel %.3g over %d/%d inputs" % (
            self.max_abs, self.max_rel, len(self.labels), NUM_INPUTS)


def make_inputs(name):
    """NUM_INPUTS lists of (input name, float32 array), from a seed fixed per model."""
    rng = np.random.default_rng([SEED, zlib.crc32(name.encode())])
    sets = []
    for _ in range(NUM_INPUTS):
        feeds = []
        for in_name, shape in make_models.input_specs(name):
            if name == "mlp":  # digit images: pixel intensities in [0, 1]
                x = rng.uniform(0.0, 1.0, size=shape)
            else:
                x = rng.standard_normal(size=shape)
            feeds.append((in_name, x.astype(np.float32)))
        sets.append(feeds)
    return sets


def torch_outputs(model, feeds, dtype=torch.float32):
    with torch.no_grad():
        args = [torch.from_numpy(x).to(dtype) for _, x in feeds]
        out = model(*args)
    if isinstance(out, torch.Tensor):
        out = (out,)
    return [o.to(torch.float32 if dtype == torch.float32 else torch.float64).numpy() for o in out]


def run_tool(cmd, outdir, out_names, env=None):
    """Run a `tmlc run`-style command; return (list of arrays, None) or (None, error text)."""
    try:
        p = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env,
                           timeout=RUN_TIMEOUT)
    except subprocess.TimeoutExpired:
        return None, "timed out after %d s" % RUN_TIMEOUT
    except OSError as e:
        return None, "cannot execute %s: %s" % (cmd[0], e)
    if p.returncode != 0:
        err = p.stderr.decode(errors="replace").strip().splitlines()
        tail = "\n".join("      | " + line for line in err[-8:])
        return None, "exit status %d\n%s" % (p.returncode, tail)
    arrays = []
    for n in out_names:
        path = os.path.join(outdir, sanitize(n) + ".npy")
        if not os.path.exists(path):
            return None, "exit 0 but no output file %s" % os.path.basename(path)
        try:
            arrays.append(np.load(path, allow_pickle=False))
        except Exception as e:  # malformed file written by the tool under test
            return None, "cannot read %s: %s" % (os.path.basename(path), e)
    return arrays, None


def compare(got, ref, out_names, stats, label):
    """Shape/dtype check plus error accumulation; returns an error string or None."""
    for n, a, b in zip(out_names, got, ref):
        if a.shape != b.shape:
            return "output '%s': shape %s, expected %s" % (n, a.shape, b.shape)
        if a.dtype != np.float32:
            return "output '%s': dtype %s, expected float32" % (n, a.dtype)
        stats.add(a, b, "%s, output '%s'" % (label, n), label)
    return None


def find_ort(modules_dir):
    """Return (node path, env) if node and onnxruntime-node are usable, else (None, reason)."""
    node = shutil.which("node")
    if not node:
        return None, "node not found"
    if not modules_dir:
        return None, "no --ort-modules folder given"
    if not os.path.isdir(os.path.join(modules_dir, "onnxruntime-node")):
        return None, "%s has no onnxruntime-node" % modules_dir
    env = dict(os.environ)
    env["NODE_PATH"] = os.path.abspath(modules_dir)
    return (node, env), None


def check_model(name, tmlc, work, ort):
    """Check one model; returns True when it passes. Prints its report lines."""
    lines = []
    onnx_path = os.path.join(MODELS_DIR, name + ".onnx")
    out_names = make_models.output_names(name)

    model = make_models.build_model(name)
    fresh = make_models.export_bytes(name, model)
    try:
        with open(onnx_path, "rb") as f:
            committed = f.read()
    except OSError as e:
        print("%-8s FAIL  cannot read %s: %s" % (name, onnx_path, e))
        return False
    export_ok = fresh == committed
    if not export_ok:
        lines.append("    %s differs from a fresh export of make_models.py (%d vs %d bytes); "
                     "regenerate with test/models/make_models.py" %
                     (os.path.relpath(onnx_path, REPO), len(committed), len(fresh)))

    tm, noise, ort_tm, ort_torch = Stats(), Stats(), Stats(), Stats()
    errors = []
    for i, feeds in enumerate(make_inputs(name)):
        label = "input %d" % i
        d = os.path.join(work, name, "in%d" % i)
        os.makedirs(d)
        args = []
        for in_name, x in feeds:
            p = os.path.join(d, sanitize(in_name) + ".npy")
            np.save(p, x)
            args.append("%s=%s" % (in_name, p))
        ref = torch_outputs(model, feeds)
        ref64 = torch_outputs(model.double(), feeds, torch.float64)
        model.float()
        for n, a, b in zip(out_names, ref, ref64):
            noise.add(a, b, "%s, output '%s'" % (label, n), label)

        outdir = os.path.join(d, "tmlc_out")
        cmd = [tmlc, "run", onnx_path]
        for a in args:
            cmd += ["--input", a]
        cmd += ["-o", outdir]
        got, err = run_tool(cmd, outdir, out_names)
        if err is None:
            err = compare(got, ref, out_names, tm, label)
        if err is not None:
            errors.append("%s: tmlc run: %s" % (label, err))

        if ort is not None:
            node, env = ort
            ort_dir = os.path.join(d, "ort_out")
            ort_got, oerr = run_tool([node, ORT_RUN, onnx_path, ort_dir] + args, ort_dir,
                                     out_names, env)
            if oerr is None:
                oerr = compare(ort_got, ref, out_names, ort_torch, label)
            if oerr is None and got is not None and err is None:
                for n, a, b in zip(out_names, got, ort_got):
                    ort_tm.add(a, b, "%s, output '%s'" % (label, n), label)
            if oerr is not None:
                errors.append("%s: onnxruntime: %s" % (label, oerr))

    ok = export_ok and not errors and tm.ok()
    summary = "%s (fp32 noise %.3g)" % (tm.describe(), noise.max_rel)
    if ort is not None:
        ok = ok and ort_tm.ok() and ort_torch.ok()
        summary += "; vs onnxruntime: %s; onnxruntime vs torch: max rel %.3g" % (
            ort_tm.describe(), ort_torch.max_rel)
    print("%-8s %s  %s" % (name, "PASS" if ok else "FAIL", summary))
    if not tm.ok():
        lines.append("    tmlc vs torch: rel error %.3g > %g at %s" % (tm.max_rel, TOLERANCE,
                                                                      tm.where))
    if ort is not None and not ort_tm.ok():
        lines.append("    tmlc vs onnxruntime: rel error %.3g > %g at %s" % (
            ort_tm.max_rel, TOLERANCE, ort_tm.where))
    if ort is not None and not ort_torch.ok():
        lines.append("    onnxruntime vs torch: rel error %.3g > %g at %s (reference disagreement)"
                     % (ort_torch.max_rel, TOLERANCE, ort_torch.where))
    for e in errors:
        lines.append("    " + e)
    for line in lines:
        print(line)
    sys.stdout.flush()
    return ok


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--tmlc", default=os.path.join(REPO, "build", "bin", "tmlc"),
                    help="tmlc executable (default: %(default)s)")
    ap.add_argument("--ort", action="store_true",
                    help="also compare with onnxruntime-node (skipped if node or the module "
                         "is missing)")
    ap.add_argument("--ort-modules", default=os.environ.get("TMLC_ORT_NODE_MODULES", ""),
                    help="node_modules folder holding onnxruntime-node "
                         "(default: $TMLC_ORT_NODE_MODULES)")
    ap.add_argument("--keep", metavar="DIR",
                    help="keep inputs and outputs in DIR, which must be new or empty "
                         "(default: a temporary folder, removed)")
    ap.add_argument("models", nargs="*", help="subset of: " + ", ".join(make_models.MODELS))
    args = ap.parse_args(argv)

    names = args.models or list(make_models.MODELS)
    for n in names:
        if n not in make_models.MODELS:
            ap.error("unknown model '%s' (known: %s)" % (n, ", ".join(make_models.MODELS)))
    if not (os.path.isfile(args.tmlc) and os.access(args.tmlc, os.X_OK)):
        print("check_torch_models.py: error: tmlc not found or not executable: %s" % args.tmlc,
              file=sys.stderr)
        return 2

    ort = None
    if args.ort:
        ort, why = find_ort(args.ort_modules)
        if ort is None:
            print("onnxruntime reference SKIPPED: %s" % why)

    if args.keep:
        work = os.path.abspath(args.keep)
        if os.path.exists(work) and (not os.path.isdir(work) or os.listdir(work)):
            print("check_torch_models.py: error: --keep %s: exists and is not an empty folder"
                  % work, file=sys.stderr)
            return 2
        os.makedirs(work, exist_ok=True)
    else:
        work = tempfile.mkdtemp(prefix="tmlc-e2e-")

    torch.set_num_threads(1)  # reproducible reference numbers
    have_sklearn = make_models.sklearn_available()
    passed = failed = 0
    try:
        for name in names:
            if make_models.needs_sklearn(name) and not have_sklearn:
                # The model's weights come from training on sklearn's digits; without them
                # the reference cannot be rebuilt. Counted as a failure so CI cannot go green
                # on a machine that silently lost a model.
                print("%-8s FAIL  needs python3-sklearn to rebuild its reference "
                      "(apt-get install python3-sklearn)" % name)
                failed += 1
                continue
            if check_model(name, args.tmlc, work, ort):
                passed += 1
            else:
                failed += 1
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)
    print("%d passed, %d failed" % (passed, failed))
    return 0 if failed == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
