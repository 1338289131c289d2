#!/usr/bin/python3
"""Self-test of onnx_node_conformance.py (run it with --self-test).

Builds a small node-test tree of its own (models made with onnx.helper,
reference outputs computed here with numpy), runs the harness on it with
fake_tmlc.py as the compiler, and checks that every test is classified as
it must be, that crashes and regressions set the exit status, and that the
output is deterministic. Where Debian's libonnx-testdata is installed it
also runs a few real node tests through the fake compiler (which evaluates
Abs/Neg/Add/Mul/Identity itself) to check the real data plumbing.
"""

import json
import os
import shutil
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
FAKE_TMLC = os.path.join(HERE, "fake_tmlc.py")
REAL_DATA_DIR = "/usr/share/libonnx-testdata/data/node"
REAL_TESTS = ["test_abs", "test_neg", "test_add_bcast", "test_mul",
              "test_identity"]

# name -> (status, crash, substring the printed reason must contain)
EXPECT = {
    "pass": ("PASS", False, ""),
    "pass_int": ("PASS", False, ""),
    "pass_scalar": ("PASS", False, ""),
    "nan": ("PASS", False, ""),
    "tolerance": ("PASS", False, ""),
    "mapping": ("PASS", False, ""),
    "wrong": ("FAIL", False, "output 'y': 1 of 12 values differ"),
    "wrong_second": ("FAIL", False, "test_data_set_1: output 'y': 1 of 6"),
    "int_off_by_one": ("FAIL", False, "(exact)"),
    "dtype": ("FAIL", False, "dtype float64, expected float32"),
    "missing": ("FAIL", False, "y.npy not written"),
    "reject": ("FAIL", False, "rejected: model.onnx: node 'n0' (Add): error:"),
    "unsupported": ("UNSUPPORTED", False,
                    "model.onnx: node 'n0' (Foo): error: unsupported op"),
    "string": ("UNSUPPORTED", False, "harness: graph input 's'"),
    "sequence": ("UNSUPPORTED", False, "harness: graph input 'q' is a"
                 " sequence_type"),
    "segv": ("FAIL", True, "crash: killed by SIGSEGV"),
    "internal": ("FAIL", True, "crash: internal error, exit code 70"),
    "hang": ("FAIL", False, "timeout after"),
}
SLOW = {"hang", "segv", "internal"}


def build_tree(root):
    """Write one node test per EXPECT entry; return {name: (in_scope,
    float_only)} computed from what was built."""
    import numpy as np
    import onnx
    from onnx import TensorProto, helper, numpy_helper

    rng = np.random.RandomState(7)
    scope = {}

    def write(name, nodes, inputs, outputs, data_sets, initializers=()):
        graph = helper.make_graph(nodes, "g_" + name, inputs, outputs,
                                  initializer=list(initializers))
        model = helper.make_model(
            graph, opset_imports=[helper.make_opsetid("", 13)])
        test_dir = os.path.join(root, "test_selftest_" + name)
        os.makedirs(test_dir)
        onnx.save(model, os.path.join(test_dir, "model.onnx"))
        for k, (ins, outs) in enumerate(data_sets):
            ds = os.path.join(test_dir, "test_data_set_%d" % k)
            os.makedirs(ds)
            for prefix, arrays in (("input", ins), ("output", outs)):
                for i, arr in enumerate(arrays):
                    with open(os.path.join(ds, "%s_%d.pb" % (prefix, i)),
                              "wb") as f:
                        f.write(numpy_helper.from_array(arr).SerializeToString())
        ops = [n.op_type for n in nodes]
        in_scope = all(op in ("Abs", "Neg", "Add", "Mul", "Identity")
                       for op in ops)
        types = [v.type for v in list(inputs) + list(outputs)]
        float_only = in_scope and all(
            t.WhichOneof("value") == "tensor_type"
            and t.tensor_type.elem_type == TensorProto.FLOAT for t in types)
        scope["test_selftest_" + name] = (in_scope, float_only)

    f32 = TensorProto.FLOAT

    def unary(name, op, x, shape=None, dtype=f32):
        shape = list(x.shape) if shape is None else shape
        ref = {"Abs": np.abs, "Neg": np.negative}[op](x).astype(x.dtype)
        write(name, [helper.make_node(op, ["x"], ["y"], name="n0")],
              [helper.make_tensor_value_info("x", dtype, shape)],
              [helper.make_tensor_value_info("y", dtype, shape)],
              [([x], [ref])])

    for name in ("pass", "wrong", "tolerance", "dtype", "missing", "reject",
                 "segv", "internal", "hang"):
        unary(name, "Abs", rng.randn(3, 4).astype(np.float32))
    unary("pass_scalar", "Abs", np.array(-2.5, dtype=np.float32), shape=[])
    unary("nan", "Abs", np.array([np.nan, -np.inf, np.inf, -1.0, 0.0],
                                 dtype=np.float32))

    # Two data sets; the fake compiler is wrong only on the second one.
    a = np.abs(rng.randn(2, 3).astype(np.float32)) + 0.5
    write("wrong_second", [helper.make_node("Neg", ["x"], ["y"], name="n0")],
          [helper.make_tensor_value_info("x", f32, [2, 3])],
          [helper.make_tensor_value_info("y", f32, [2, 3])],
          [([a], [-a]), ([-a], [a])])

    # Exact integer comparison: 100000 vs 100001 is within rtol, must fail.
    for name in ("pass_int", "int_off_by_one"):
        x = np.array([1, -7, 50000], dtype=np.int32)
        y = np.array([2, 3, 50000], dtype=np.int32)
        write(name, [helper.make_node("Add", ["x", "y"], ["z"], name="n0")],
              [helper.make_tensor_value_info("x", TensorProto.INT32, [3]),
               helper.make_tensor_value_info("y", TensorProto.INT32, [3])],
              [helper.make_tensor_value_info("z", TensorProto.INT32, [3])],
              [([x, y], [x + y])])

    # Input mapping skips initializers; output names need sanitizing.
    x = rng.randn(2, 3).astype(np.float32)
    w = rng.randn(2, 3).astype(np.float32)
    b = rng.randn(3).astype(np.float32)
    write("mapping",
          [helper.make_node("Mul", ["x:0", "w"], ["t"], name="n0"),
           helper.make_node("Add", ["t", "b"], ["out:0/y"], name="n1"),
           helper.make_node("Identity", ["b"], ["z"], name="n2")],
          [helper.make_tensor_value_info("x:0", f32, [2, 3]),
           helper.make_tensor_value_info("w", f32, [2, 3]),
           helper.make_tensor_value_info("b", f32, [3])],
          [helper.make_tensor_value_info("out:0/y", f32, [2, 3]),
           helper.make_tensor_value_info("z", f32, [3])],
          [([x, b], [x * w + b, b])],
          initializers=[numpy_helper.from_array(w, "w")])

    write("unsupported",
          [helper.make_node("Foo", ["x"], ["y"], name="n0")],
          [helper.make_tensor_value_info("x", f32, [2])],
          [helper.make_tensor_value_info("y", f32, [2])],
          [([np.ones(2, np.float32)], [np.ones(2, np.float32)])])

    write("string",
          [helper.make_node("Identity", ["s"], ["t"], name="n0")],
          [helper.make_tensor_value_info("s", TensorProto.STRING, [2])],
          [helper.make_tensor_value_info("t", TensorProto.STRING, [2])],
          [([np.array(["a", "b"], dtype=object)],
            [np.array(["a", "b"], dtype=object)])])

    seq_in = helper.make_tensor_sequence_value_info("q", f32, [2])
    seq_out = helper.make_tensor_sequence_value_info("r", f32, [2])
    write("sequence", [helper.make_node("Identity", ["q"], ["r"], name="n0")],
          [seq_in], [seq_out], [([], [])])
    return scope


class Checker:
    def __init__(self):
        self.failures = 0

    def check(self, cond, what):
        if cond:
            print("selftest ok: %s" % what)
        else:
            print("selftest FAILED: %s" % what)
            self.failures += 1
        return cond


def run_harness(harness, args):
    cmd = [sys.executable, harness] + args
    proc = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                          timeout=600)
    out = proc.stdout.decode()
    return proc.returncode, out, proc.stderr.decode()


def test_lines(out):
    return [l for l in out.splitlines()
            if l.split(" ", 1)[0] in ("PASS", "FAIL", "UNSUPPORTED")]


def main(harness):
    c = Checker()
    tmp = tempfile.mkdtemp(prefix="tmlc-conformance-selftest-")
    try:
        full = os.path.join(tmp, "full")
        os.makedirs(full)
        scope = build_tree(full)
        fast = os.path.join(tmp, "fast")
        os.makedirs(fast)
        for name in EXPECT:
            if name not in SLOW:
                os.symlink(os.path.join(full, "test_selftest_" + name),
                           os.path.join(fast, "test_selftest_" + name))

        def listfile(fname, names):
            path = os.path.join(tmp, fname)
            with open(path, "w") as f:
                f.write("# expected to pass\n")
                for n in names:
                    f.write("test_selftest_%s  # comment\n" % n)
            return path

        passing = sorted(n for n, e in EXPECT.items() if e[0] == "PASS")
        n_pass = len(passing)
        n_fail = sum(1 for e in EXPECT.values() if e[0] == "FAIL")
        n_skip = sum(1 for e in EXPECT.values() if e[0] == "UNSUPPORTED")

        # Run A: everything, in parallel; crashes make the status non-zero.
        report = os.path.join(tmp, "report.json")
        written = os.path.join(tmp, "written.txt")
        start = time.monotonic()
        rc, out, err = run_harness(harness, [
            "--tmlc", FAKE_TMLC, "--data-dir", full, "--jobs", "2",
            "--timeout", "8", "--expected", listfile("a.txt", passing),
            "--report", report, "--write-expected", written])
        elapsed = time.monotonic() - start
        c.check(elapsed < 120, "hung test is killed with its children"
                " (run took %.1fs)" % elapsed)
        lines = test_lines(out)
        c.check(lines == sorted(lines, key=lambda l: l.split()[1]),
                "per-test lines are sorted by test name")
        c.check(len(lines) == len(EXPECT), "one line per test (%d)"
                % len(lines))
        with open(report) as f:
            results = {r["name"]: r for r in json.load(f)["results"]}
        for name, (status, crash, reason) in sorted(EXPECT.items()):
            full_name = "test_selftest_" + name
            line = [l for l in lines if l.split()[1].rstrip(":") == full_name]
            ok = (len(line) == 1 and line[0].startswith(status + " ")
                  and reason in line[0]
                  and results[full_name]["crash"] == crash)
            c.check(ok, "%s classified %s%s (%s)"
                    % (full_name, status, " crash" if crash else "",
                       line[0] if line else "no line"))
        c.check(rc == 1, "exit status 1 when a test crashed (got %d)" % rc)
        crash_lines = [l.split()[1].rstrip(":") for l in out.splitlines()
                       if l.startswith("CRASH ")]
        c.check(crash_lines == ["test_selftest_internal",
                                "test_selftest_segv"],
                "CRASH lines name exactly the crashed tests: %s" % crash_lines)
        c.check(not [l for l in out.splitlines()
                     if l.startswith("REGRESSION")],
                "no REGRESSION when every expected test passed")
        last = out.rstrip("\n").splitlines()[-1] if out.strip() else ""
        c.check(last == "%d passed, %d failed, %d skipped"
                % (n_pass, n_fail, n_skip), "closing line: %r" % last)
        with open(written) as f:
            c.check(f.read().split() == ["test_selftest_" + n
                                         for n in passing],
                    "--write-expected lists exactly the passing tests")
        want_scope = sum(1 for v in scope.values() if v[0])
        want_float = sum(1 for v in scope.values() if v[1])
        c.check(("%-18s %4d tests" % ("in-scope", want_scope)) in out
                and ("%-18s %4d tests" % ("float-only", want_float)) in out,
                "summary counts %d in scope, %d float-only"
                % (want_scope, want_float))

        # Run B: no crashes, all expected passed -> 0; same lines serially.
        rc, out_b, _ = run_harness(harness, [
            "--tmlc", FAKE_TMLC, "--data-dir", fast, "--jobs", "1",
            "--expected", listfile("b.txt", passing)])
        c.check(rc == 0, "exit status 0 without crash or regression (got %d)"
                % rc)
        c.check(test_lines(out_b) == [l for l in lines
                                      if l.split()[1].rstrip(":")[14:]
                                      not in SLOW],
                "serial run prints the same lines as the parallel run")

        # Run C: expected tests that fail or do not exist are regressions.
        rc, out_c, _ = run_harness(harness, [
            "--tmlc", FAKE_TMLC, "--data-dir", fast, "--jobs", "2",
            "--expected", listfile("c.txt", ["pass", "wrong", "unsupported",
                                             "nonexistent"])])
        regs = sorted(l.split()[1].rstrip(":") for l in out_c.splitlines()
                      if l.startswith("REGRESSION "))
        c.check(rc == 1, "exit status 1 on regression (got %d)" % rc)
        c.check(regs == ["test_selftest_nonexistent",
                         "test_selftest_unsupported", "test_selftest_wrong"],
                "REGRESSION lines for failed/unsupported/missing expected"
                " tests: %s" % regs)

        # Run D: the filter limits both the tests and the expected list.
        rc, out_d, _ = run_harness(harness, [
            "--tmlc", FAKE_TMLC, "--data-dir", full, "-k", "_int",
            "--expected", listfile("d.txt", ["pass", "pass_int"])])
        names_d = [l.split()[1].rstrip(":") for l in test_lines(out_d)]
        c.check(names_d == ["test_selftest_int_off_by_one",
                            "test_selftest_internal", "test_selftest_pass_int"]
                and rc == 1,
                "-k selects by substring (%s), crash still fails (rc %d)"
                % (names_d, rc))
        rc, out_d2, _ = run_harness(harness, [
            "--tmlc", FAKE_TMLC, "--data-dir", full, "-k", "pass_int",
            "--expected", os.path.join(tmp, "does-not-exist.txt")])
        c.check(rc == 0 and out_d2.rstrip().endswith(
            "1 passed, 0 failed, 0 skipped"),
            "missing expected file is an empty list (rc %d)" % rc)

        # Run E: --list-scope needs no tmlc.
        rc, out_e, _ = run_harness(harness, ["--data-dir", full,
                                             "--list-scope"])
        listed = [l for l in out_e.splitlines() if not l.startswith("#")]
        want = (sorted(n for n, v in scope.items() if v[0])
                + sorted(n for n, v in scope.items() if v[1]))
        c.check(rc == 0 and listed == want,
                "--list-scope lists in-scope then float-only tests")

        # Run F: a few real node tests through the fake compiler.
        if os.path.isdir(REAL_DATA_DIR):
            real = os.path.join(tmp, "real")
            os.makedirs(real)
            for name in REAL_TESTS:
                os.symlink(os.path.join(REAL_DATA_DIR, name),
                           os.path.join(real, name))
            rc, out_f, _ = run_harness(harness, [
                "--tmlc", FAKE_TMLC, "--data-dir", real, "--jobs", "2",
                "--expected", listfile("f.txt", [])])
            c.check(rc == 0 and test_lines(out_f) == ["PASS " + n for n in
                                                      sorted(REAL_TESTS)],
                    "real node tests %s pass through the fake compiler"
                    % ", ".join(REAL_TESTS))
        else:
            print("selftest skipped: %s not installed" % REAL_DATA_DIR)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)

    if c.failures:
        print("selftest: %d check(s) FAILED" % c.failures)
        return 1
    print("selftest: all checks passed")
    return 0
