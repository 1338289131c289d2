#!/usr/bin/python3
"""ONNX backend node-test conformance harness for tmlc.

Runs every ONNX backend node test (Debian's libonnx-testdata) through
`tmlc run` and compares the outputs with the reference outputs shipped with
the test, using the ONNX backend test tolerances (rtol=1e-3, atol=1e-7, NaN
matches NaN, exact for integer and bool types).

Each test is classified as
  PASS         every test_data_set_* matched,
  FAIL         wrong values/shape/dtype, missing output, crash, signal,
               timeout, unexpected exit code, or a rejection (exit 1) whose
               diagnostic does not say "unsupported",
  UNSUPPORTED  tmlc rejected the model with an "unsupported" diagnostic, or
               the harness itself cannot represent the test's tensors
               (sequence/optional/string/bfloat16 values).

A crash (signal, exit code other than 0, 1 or 2) is a bug for any test, in
scope or not: it makes the exit status non-zero, as does any test of the
expected-pass list that did not pass.

Usage:
  onnx_node_conformance.py --tmlc build/bin/tmlc [--jobs N] [-k SUBSTR]
  onnx_node_conformance.py --list-scope [all|in-scope|float-only]
  onnx_node_conformance.py --self-test
"""

import argparse
import concurrent.futures
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time

SCRIPT_DIR = os.path.dirname(os.path.abspath(__file__))
DEFAULT_DATA_DIR = "/usr/share/libonnx-testdata/data/node"
DEFAULT_EXPECTED = os.path.join(SCRIPT_DIR, "expected_pass.txt")

# The float32 op coverage promised by issue 2. A test is "in scope" when
# every node of its graph has one of these op types.
IN_SCOPE_OPS = frozenset("""
    Conv Gemm MatMul Add Sub Mul Div Pow Relu LeakyRelu PRelu Clip Sigmoid
    Tanh HardSigmoid HardSwish Softmax LogSoftmax Exp Log Sqrt Neg Abs
    Reciprocal Min Max MaxPool AveragePool GlobalAveragePool GlobalMaxPool
    BatchNormalization Reshape Flatten Transpose Concat Squeeze Unsqueeze Pad
    Slice Split Identity Dropout ReduceMean ReduceSum ReduceMax ReduceMin
    Constant ConstantOfShape Shape Cast Gather
""".split())

# ONNX backend test defaults (onnx/backend/test/runner).
RTOL = 1e-3
ATOL = 1e-7

PASS = "PASS"
FAIL = "FAIL"
UNSUPPORTED = "UNSUPPORTED"

_SANITIZE_RE = re.compile(r"[^A-Za-z0-9_.-]")


def sanitize(name):
    """Output file stem that tmlc run uses for a graph output name."""
    return _SANITIZE_RE.sub("_", name)


def one_line(text, limit=300):
    """Collapse text to a single printable line of bounded length."""
    text = " ".join(str(text).split())
    if len(text) > limit:
        text = text[:limit - 3] + "..."
    return text


# ---------------------------------------------------------------------------
# Model analysis (scope statistics and what the harness can represent)
# ---------------------------------------------------------------------------

def _elem_type_name(elem_type):
    import onnx
    try:
        return onnx.TensorProto.DataType.Name(elem_type)
    except ValueError:
        return "type#%d" % elem_type


def analyse_model(model_path):
    """Return a dict describing the test's model.

    Keys: ops (sorted list), in_scope, float_only, inputs (names of graph
    inputs that are not initializers, in order), outputs (graph output
    names, in order), harness_unsupported (reason string or None).
    """
    import onnx
    model = onnx.load(model_path)
    graph = model.graph
    ops = sorted({node.op_type for node in graph.node})
    in_scope = all(node.op_type in IN_SCOPE_OPS for node in graph.node)

    def is_float32(value_info):
        ttype = value_info.type
        return (ttype.WhichOneof("value") == "tensor_type"
                and ttype.tensor_type.elem_type == onnx.TensorProto.FLOAT)

    float_only = in_scope and all(
        is_float32(v) for v in list(graph.input) + list(graph.output))

    initializers = {init.name for init in graph.initializer}
    inputs = [v for v in graph.input if v.name not in initializers]
    outputs = list(graph.output)

    reason = None
    for kind, values in (("input", inputs), ("output", outputs)):
        for v in values:
            which = v.type.WhichOneof("value")
            if which != "tensor_type":
                reason = ("harness: graph %s '%s' is a %s, not a tensor"
                          % (kind, v.name, which or "value of unknown type"))
                break
            elem = v.type.tensor_type.elem_type
            if elem in (onnx.TensorProto.STRING, onnx.TensorProto.BFLOAT16,
                        onnx.TensorProto.UNDEFINED):
                reason = ("harness: graph %s '%s' has element type %s, which"
                          " has no faithful .npy form"
                          % (kind, v.name, _elem_type_name(elem)))
                break
        if reason:
            break

    return {
        "ops": ops,
        "in_scope": in_scope,
        "float_only": float_only,
        "inputs": [v.name for v in inputs],
        "outputs": [v.name for v in outputs],
        "harness_unsupported": reason,
    }


def load_tensor(path):
    """Load a TensorProto file as a numpy array."""
    import onnx
    from onnx import numpy_helper
    tensor = onnx.TensorProto()
    with open(path, "rb") as f:
        tensor.ParseFromString(f.read())
    if tensor.data_type in (onnx.TensorProto.STRING, onnx.TensorProto.BFLOAT16,
                            onnx.TensorProto.UNDEFINED):
        raise HarnessUnsupported(
            "harness: %s holds a %s tensor, which has no faithful .npy form"
            % (os.path.basename(path), _elem_type_name(tensor.data_type)))
    return numpy_helper.to_array(tensor)


class HarnessUnsupported(Exception):
    """The harness cannot represent this test's data."""


def numbered_files(dirpath, prefix):
    """Files prefix_<N>.pb in dirpath, as a dict N -> path."""
    found = {}
    pattern = re.compile(r"^%s_(\d+)\.pb$" % re.escape(prefix))
    for name in os.listdir(dirpath):
        m = pattern.match(name)
        if m:
            found[int(m.group(1))] = os.path.join(dirpath, name)
    return found


# ---------------------------------------------------------------------------
# Comparison
# ---------------------------------------------------------------------------

def compare_arrays(expected, actual):
    """None if actual matches expected, else a one-line reason."""
    import numpy as np
    if actual.dtype != expected.dtype:
        return "dtype %s, expected %s" % (actual.dtype, expected.dtype)
    if actual.shape != expected.shape:
        return "shape %s, expected %s" % (list(actual.shape),
                                          list(expected.shape))
    if expected.size == 0:
        return None
    kind = expected.dtype.kind
    if kind in "fc":
        exp = expected.astype(np.complex128 if kind == "c" else np.float64)
        act = actual.astype(exp.dtype)
        with np.errstate(invalid="ignore", over="ignore"):
            both_nan = np.isnan(exp) & np.isnan(act)
            equal = act == exp  # also covers matching infinities
            diff = np.abs(act - exp)
            close = diff <= ATOL + RTOL * np.abs(exp)
        ok = both_nan | equal | close
        if ok.all():
            return None
        bad = np.argwhere(~ok)
        first = tuple(int(i) for i in bad[0]) if bad.size else ()
        finite = np.isfinite(diff) & ~ok
        max_diff = float(diff[finite].max()) if finite.any() else float("nan")
        return ("%d of %d values differ (rtol=%g, atol=%g); first at %s: got"
                " %r, expected %r; max abs diff %.6g"
                % (int((~ok).sum()), expected.size, RTOL, ATOL, list(first),
                   actual[first].item(), expected[first].item(), max_diff))
    if kind in "biu":
        ok = actual == expected
        if ok.all():
            return None
        bad = np.argwhere(~ok)
        first = tuple(int(i) for i in bad[0]) if bad.size else ()
        return ("%d of %d values differ (exact); first at %s: got %r,"
                " expected %r" % (int((~ok).sum()), expected.size,
                                  list(first), actual[first].item(),
                                  expected[first].item()))
    return "cannot compare element type %s" % expected.dtype


# ---------------------------------------------------------------------------
# Running one test
# ---------------------------------------------------------------------------

def run_process(cmd, timeout):
    """Run cmd in its own process group; kill the whole group on timeout.

    Returns (returncode or None on timeout, stdout, stderr, seconds).
    """
    start = time.monotonic()
    proc = subprocess.Popen(cmd, stdin=subprocess.DEVNULL,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            start_new_session=True)
    try:
        out, err = proc.communicate(timeout=timeout)
        rc = proc.returncode
    except subprocess.TimeoutExpired:
        try:
            os.killpg(proc.pid, signal.SIGKILL)
        except OSError:
            pass
        out, err = proc.communicate()
        rc = None
    # Reap anything the tool left behind in its group (e.g. a hung child).
    try:
        os.killpg(proc.pid, signal.SIGKILL)
    except OSError:
        pass
    return (rc, out.decode("utf-8", "replace"), err.decode("utf-8", "replace"),
            time.monotonic() - start)


def diagnostic_line(stderr):
    """The diagnostic line of a rejection: first line with 'error:', else the
    first non-empty line."""
    lines = [l.strip() for l in stderr.splitlines() if l.strip()]
    for line in lines:
        if "error:" in line:
            return line
    return lines[0] if lines else "(no diagnostic on stderr)"


def signal_name(num):
    try:
        return signal.Signals(num).name
    except ValueError:
        return "signal %d" % num


def run_data_set(tmlc, model_path, info, set_dir, work, timeout):
    """Run one test_data_set_*. Returns (status, reason, crashed)."""
    import numpy as np
    in_dir = os.path.join(work, "inputs")
    out_dir = os.path.join(work, "out")
    os.makedirs(in_dir, exist_ok=True)
    if os.path.exists(out_dir):
        shutil.rmtree(out_dir)
    os.makedirs(out_dir)

    cmd = [tmlc, "run", model_path]
    for index, path in sorted(numbered_files(set_dir, "input").items()):
        if index >= len(info["inputs"]):
            return (FAIL, "harness: %s has no matching graph input (graph has"
                    " %d non-initializer inputs)"
                    % (os.path.basename(path), len(info["inputs"])), False)
        array = load_tensor(path)
        if array.dtype == object or array.dtype.kind in "OUSV":
            raise HarnessUnsupported("harness: input %d has dtype %s"
                                     % (index, array.dtype))
        npy = os.path.join(in_dir, "input_%d.npy" % index)
        # np.ascontiguousarray would turn a 0-d tensor into shape [1].
        np.save(npy, np.array(array, order="C", copy=True),
                allow_pickle=False)
        cmd += ["--input", "%s=%s" % (info["inputs"][index], npy)]
    cmd += ["-o", out_dir]

    try:
        rc, _out, err, _secs = run_process(cmd, timeout)
    except OSError as exc:
        return (FAIL, "cannot execute tmlc: %s" % one_line(exc), False)
    if rc is None:
        return (FAIL, "timeout after %gs" % timeout, False)
    if rc < 0:
        return (FAIL, "crash: killed by %s; %s"
                % (signal_name(-rc), diagnostic_line(err)), True)
    if rc == 1:
        diag = diagnostic_line(err)
        if "unsupported" in diag.lower():
            return (UNSUPPORTED, diag, False)
        return (FAIL, "rejected: %s" % diag, False)
    if rc == 2:
        return (FAIL, "usage error (exit 2): %s" % diagnostic_line(err), False)
    if rc != 0:
        return (FAIL, "crash: internal error, exit code %d; %s"
                % (rc, diagnostic_line(err)), True)

    expected_outputs = numbered_files(set_dir, "output")
    for index, path in sorted(expected_outputs.items()):
        if index >= len(info["outputs"]):
            return (FAIL, "harness: %s has no matching graph output"
                    % os.path.basename(path), False)
        name = info["outputs"][index]
        expected = load_tensor(path)
        got_path = os.path.join(out_dir, sanitize(name) + ".npy")
        if not os.path.isfile(got_path):
            return (FAIL, "output '%s': %s.npy not written"
                    % (name, sanitize(name)), False)
        try:
            actual = np.load(got_path, allow_pickle=False)
        except Exception as exc:  # malformed .npy written by tmlc
            return (FAIL, "output '%s': unreadable .npy: %s"
                    % (name, one_line(exc)), False)
        if not isinstance(actual, np.ndarray):
            return (FAIL, "output '%s': .npy is not a single array" % name,
                    False)
        reason = compare_arrays(expected, actual)
        if reason:
            return (FAIL, "output '%s': %s" % (name, reason), False)
    return (PASS, "", False)


def run_test(job):
    """Worker entry: run every data set of one test. Never raises."""
    name, data_dir, tmlc, work_root, timeout = job
    result = {"name": name, "status": FAIL, "reason": "", "crash": False,
              "in_scope": False, "float_only": False, "ops": [],
              "seconds": 0.0}
    start = time.monotonic()
    try:
        test_dir = os.path.join(data_dir, name)
        model_path = os.path.join(test_dir, "model.onnx")
        try:
            info = analyse_model(model_path)
        except Exception as exc:
            result["reason"] = "harness: cannot load model: %s" % one_line(exc)
            result["status"] = UNSUPPORTED
            return result
        result.update(ops=info["ops"], in_scope=info["in_scope"],
                      float_only=info["float_only"])
        if info["harness_unsupported"]:
            result.update(status=UNSUPPORTED,
                          reason=info["harness_unsupported"])
            return result
        sets = sorted(d for d in os.listdir(test_dir)
                      if d.startswith("test_data_set_")
                      and os.path.isdir(os.path.join(test_dir, d)))
        if not sets:
            result["reason"] = "harness: no test_data_set_* directory"
            return result
        outcomes = []
        for data_set in sets:
            work = os.path.join(work_root, name, data_set)
            os.makedirs(work, exist_ok=True)
            try:
                status, reason, crashed = run_data_set(
                    tmlc, model_path, info, os.path.join(test_dir, data_set),
                    work, timeout)
            except HarnessUnsupported as exc:
                status, reason, crashed = UNSUPPORTED, str(exc), False
            outcomes.append((data_set, status, reason, crashed))
            if crashed:
                break
        crashes = [o for o in outcomes if o[3]]
        fails = [o for o in outcomes if o[1] == FAIL]
        unsupported = [o for o in outcomes if o[1] == UNSUPPORTED]
        pick = (crashes or fails or unsupported or [None])[0]
        if pick is None:
            result["status"] = PASS
        else:
            data_set, status, reason, crashed = pick
            if len(sets) > 1:
                reason = "%s: %s" % (data_set, reason)
            result.update(status=status, reason=reason, crash=crashed)
    except Exception as exc:
        result.update(status=FAIL, crash=False,
                      reason="harness error: %s: %s"
                      % (type(exc).__name__, one_line(exc)))
    finally:
        result["seconds"] = round(time.monotonic() - start, 3)
    return result


# ---------------------------------------------------------------------------
# Driver
# ---------------------------------------------------------------------------

def list_tests(data_dir, substring):
    names = []
    for entry in sorted(os.listdir(data_dir)):
        if not os.path.isfile(os.path.join(data_dir, entry, "model.onnx")):
            continue
        if substring and substring not in entry:
            continue
        names.append(entry)
    return names


def read_name_list(path):
    """Test names from a file: one per line, '#' starts a comment."""
    names = []
    if not path or not os.path.isfile(path):
        return names
    with open(path) as f:
        for line in f:
            line = line.split("#", 1)[0].strip()
            if line:
                names.append(line)
    return names


def list_scope(args):
    names = list_tests(args.data_dir, args.filter)
    in_scope, float_only = [], []
    for name in names:
        try:
            info = analyse_model(os.path.join(args.data_dir, name,
                                              "model.onnx"))
        except Exception as exc:
            print("warning: %s: cannot load model: %s" % (name, one_line(exc)),
                  file=sys.stderr)
            continue
        if info["in_scope"]:
            in_scope.append(name)
        if info["float_only"]:
            float_only.append(name)
    if args.list_scope in ("all", "in-scope"):
        print("# in-scope: every node op is in the issue-2 op list: %d of %d"
              " tests" % (len(in_scope), len(names)))
        for name in in_scope:
            print(name)
    if args.list_scope in ("all", "float-only"):
        print("# float-only: in scope and every graph input and output is"
              " float32: %d of %d tests" % (len(float_only), len(names)))
        for name in float_only:
            print(name)
    return 0


def summary_counts(results):
    counts = {PASS: 0, FAIL: 0, UNSUPPORTED: 0, "crash": 0,
              "total": len(results)}
    for r in results:
        counts[r["status"]] += 1
        if r["crash"]:
            counts["crash"] += 1
    return counts


def format_counts(label, counts):
    return ("%-18s %4d tests: %4d passed, %4d failed (%d crashed),"
            " %4d unsupported" % (label, counts["total"], counts[PASS],
                                  counts[FAIL], counts["crash"],
                                  counts[UNSUPPORTED]))


def by_op_counts(results):
    """{op: counts} over the tests whose graph uses op."""
    table = {}
    for r in results:
        for op in r["ops"]:
            table.setdefault(op, []).append(r)
    return {op: summary_counts(rs) for op, rs in sorted(table.items())}


def run_suite(args):
    tmlc = args.tmlc
    if not tmlc:
        print("error: --tmlc PATH is required", file=sys.stderr)
        return 2
    if not (os.path.isfile(tmlc) and os.access(tmlc, os.X_OK)):
        print("error: tmlc '%s' is not an executable file" % tmlc,
              file=sys.stderr)
        return 2
    tmlc = os.path.abspath(tmlc)
    if not os.path.isdir(args.data_dir):
        print("error: data directory '%s' not found" % args.data_dir,
              file=sys.stderr)
        return 2
    names = list_tests(args.data_dir, args.filter)
    expected = read_name_list(args.expected)

    if args.work_dir:
        work_root = os.path.abspath(args.work_dir)
        os.makedirs(work_root, exist_ok=True)
        cleanup = False
    else:
        work_root = tempfile.mkdtemp(prefix="tmlc-conformance-")
        cleanup = True

    jobs = [(name, os.path.abspath(args.data_dir), tmlc, work_root,
             args.timeout) for name in names]
    results = []
    progress = sys.stderr.isatty()
    try:
        if args.jobs <= 1:
            for i, job in enumerate(jobs):
                results.append(run_test(job))
                if progress:
                    print("\r[%d/%d] %s" % (i + 1, len(jobs), job[0]),
                          end="\033[K", file=sys.stderr, flush=True)
        else:
            with concurrent.futures.ProcessPoolExecutor(
                    max_workers=args.jobs) as pool:
                futures = {pool.submit(run_test, job): job[0] for job in jobs}
                done = 0
                for future in concurrent.futures.as_completed(futures):
                    name = futures[future]
                    try:
                        results.append(future.result())
                    except Exception as exc:
                        results.append({
                            "name": name, "status": FAIL, "crash": False,
                            "reason": "harness worker failed: %s"
                                      % one_line(exc),
                            "in_scope": False, "float_only": False,
                            "ops": [], "seconds": 0.0})
                    done += 1
                    if progress:
                        print("\r[%d/%d] %s" % (done, len(jobs), name),
                              end="\033[K", file=sys.stderr, flush=True)
    finally:
        if progress:
            print("\r\033[K", end="", file=sys.stderr, flush=True)
        if cleanup:
            shutil.rmtree(work_root, ignore_errors=True)

    results.sort(key=lambda r: r["name"])
    for r in results:
        if r["status"] == PASS:
            print("PASS %s" % r["name"])
        else:
            print("%s %s: %s" % (r["status"], r["name"], one_line(r["reason"])))

    by_name = {r["name"]: r for r in results}
    regressions = []
    for name in sorted(set(expected)):
        if args.filter and args.filter not in name:
            continue
        r = by_name.get(name)
        if r is None:
            regressions.append((name, "test not found in %s" % args.data_dir))
        elif r["status"] != PASS:
            regressions.append((name, "%s: %s" % (r["status"],
                                                  one_line(r["reason"]))))
    crashes = [r for r in results if r["crash"]]

    if args.write_expected:
        with open(args.write_expected, "w") as f:
            for r in results:
                if r["status"] == PASS:
                    f.write(r["name"] + "\n")

    whole = summary_counts(results)
    scoped = summary_counts([r for r in results if r["in_scope"]])
    floats = summary_counts([r for r in results if r["float_only"]])

    per_op = by_op_counts(results)

    if args.report:
        with open(args.report, "w") as f:
            json.dump({"tmlc": tmlc, "data_dir": os.path.abspath(args.data_dir),
                       "filter": args.filter, "rtol": RTOL, "atol": ATOL,
                       "summary": {"suite": whole, "in_scope": scoped,
                                   "float_only": floats},
                       "by_op": per_op,
                       "regressions": [n for n, _ in regressions],
                       "results": results}, f, indent=1, sort_keys=True)
            f.write("\n")

    for name, reason in regressions:
        print("REGRESSION %s: %s" % (name, reason))
    for r in crashes:
        print("CRASH %s: %s" % (r["name"], one_line(r["reason"])))
    if args.by_op:
        print("== by op: tests using the op (in-scope ops marked *) ==")
        for op, counts in per_op.items():
            print(format_counts(op + ("*" if op in IN_SCOPE_OPS else ""),
                                counts))
    print("== summary ==")
    print(format_counts("suite", whole))
    print(format_counts("in-scope", scoped))
    print(format_counts("float-only", floats))
    expected_run = [n for n in set(expected)
                    if not args.filter or args.filter in n]
    print("expected to pass: %d, regressions: %d, crashes: %d"
          % (len(expected_run), len(regressions), len(crashes)))
    print("%d passed, %d failed, %d skipped"
          % (whole[PASS], whole[FAIL], whole[UNSUPPORTED]))
    sys.stdout.flush()
    return 1 if (regressions or crashes) else 0


def main(argv=None):
    parser = argparse.ArgumentParser(
        description="Run the ONNX backend node tests through `tmlc run`.")
    parser.add_argument("--tmlc", help="path to the tmlc executable")
    parser.add_argument("--data-dir", default=DEFAULT_DATA_DIR,
                        help="directory of node tests (default: %(default)s)")
    parser.add_argument("--expected", default=DEFAULT_EXPECTED,
                        help="file listing tests expected to pass"
                             " (default: %(default)s; missing = empty)")
    parser.add_argument("--jobs", "-j", type=int, default=os.cpu_count() or 1,
                        help="parallel tests (default: %(default)s)")
    parser.add_argument("-k", "--filter", default="",
                        help="only tests whose name contains SUBSTRING")
    parser.add_argument("--write-expected", metavar="FILE",
                        help="write the names of passing tests to FILE")
    parser.add_argument("--timeout", type=float, default=120.0,
                        help="seconds per tmlc invocation (default: 120)")
    parser.add_argument("--work-dir",
                        help="keep per-test files here (default: a temporary"
                             " directory, removed afterwards)")
    parser.add_argument("--report", metavar="FILE.json",
                        help="write a JSON report")
    parser.add_argument("--by-op", action="store_true",
                        help="also print pass/fail/unsupported counts per op")
    parser.add_argument("--list-scope", nargs="?", const="all",
                        choices=["all", "in-scope", "float-only"],
                        help="print the in-scope / float-only test names"
                             " and counts, then exit (tmlc not needed)")
    parser.add_argument("--self-test", action="store_true",
                        help="check the harness against a fake tmlc")
    args = parser.parse_args(argv)
    if args.jobs < 1:
        parser.error("--jobs must be at least 1")
    if args.timeout <= 0:
        parser.error("--timeout must be positive")

    if args.self_test:
        sys.path.insert(0, SCRIPT_DIR)
        import conformance_selftest
        return conformance_selftest.main(os.path.abspath(__file__))
    if args.list_scope:
        return list_scope(args)
    return run_suite(args)


if __name__ == "__main__":
    sys.exit(main())
