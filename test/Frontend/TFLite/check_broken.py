#!/usr/bin/python3
"""Run a TFLite-consuming tool over the broken-model corpus.

For every case in <corpus>/manifest.json (see make_broken_models.py) checks:
  - the tool is not killed by a signal (no crash, no abort),
  - exit status 1,
  - exactly one line on stderr, matching the case's pattern (file name and
    op/tensor index included),
  - nothing on stderr that looks like a sanitizer report.

usage: check_broken.py --corpus DIR --tool EXE [--tool-arg ARG]...
                       [--op-check-arg ARG] [--only CASE]

--tool-arg is passed before the model file (e.g. `compile` for tmlc);
--op-check-arg is added for cases that need the unsupported-op check
(default `--check-ops`, the tflite-dump flag). Exit 0 iff every case passes.
"""
import argparse
import json
import os
import re
import subprocess
import sys


def run_case(args, case):
    path = os.path.join(args.corpus, case["file"])
    if args.no_output and os.path.isdir(args.no_output):
        import shutil
        shutil.rmtree(args.no_output)
    cmd = [args.tool] + list(args.tool_arg)
    if case.get("check_ops") and args.op_check_arg:
        cmd.append(args.op_check_arg)
    cmd.append(path)
    try:
        p = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                           timeout=60)
    except subprocess.TimeoutExpired:
        return "timed out"
    err = p.stderr.decode("utf-8", "replace")
    lines = err.splitlines()
    if p.returncode < 0:
        return "killed by signal %d; stderr:\n%s" % (-p.returncode, err)
    if "Sanitizer" in err or "runtime error:" in err:
        return "sanitizer report:\n" + err
    if p.returncode != 1:
        return "exit status %d (expected 1); stderr:\n%s" % (p.returncode, err)
    if len(lines) != 1:
        return "expected exactly one line on stderr, got %d:\n%s" % (len(lines), err)
    if args.no_output and os.path.exists(args.no_output):
        return "output folder %s was written" % args.no_output
    if not re.match(case["pattern"], lines[0]):
        return "diagnostic does not match\n  got:      %s\n  expected: /%s/" % (
            lines[0], case["pattern"])
    return None


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--corpus", required=True)
    ap.add_argument("--tool", required=True)
    ap.add_argument("--tool-arg", action="append", default=[])
    ap.add_argument("--op-check-arg", default="--check-ops")
    ap.add_argument("--only")
    ap.add_argument("--no-output", help="folder the tool must not create")
    args = ap.parse_args()
    with open(os.path.join(args.corpus, "manifest.json")) as f:
        cases = json.load(f)
    if args.only:
        cases = [c for c in cases if c["case"] == args.only]
        if not cases:
            sys.exit("no case named " + args.only)
    failed = 0
    for case in cases:
        problem = run_case(args, case)
        if problem:
            failed += 1
            print("FAIL %s: %s" % (case["case"], problem))
        else:
            print("PASS %s" % case["case"])
    print("%d passed, %d failed" % (len(cases) - failed, failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
