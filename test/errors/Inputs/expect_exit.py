#!/usr/bin/env python3
"""Runs a command and checks how it failed.

usage: expect_exit.py CODE [--no-output DIR] -- CMD ARGS...

Asserts that CMD exits with exactly CODE (a crash is a negative code), that
its stderr holds exactly one diagnostic line (the usage hint "Try 'tmlc
--help'..." that follows a usage error is allowed as a second line), and,
with --no-output, that DIR is absent or empty afterwards. Prints the stderr
to stdout for FileCheck; exits 1 with a reason when a check fails.
"""
import os
import subprocess
import sys


def main():
    args = sys.argv[1:]
    sep = args.index("--")
    opts, cmd = args[:sep], args[sep + 1:]
    code = int(opts[0])
    outdir = None
    if "--no-output" in opts:
        outdir = opts[opts.index("--no-output") + 1]
    p = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    err = p.stderr.decode("utf-8", "replace")
    sys.stdout.write(err)
    problems = []
    if p.returncode != code:
        problems.append("exit code %d, expected %d" % (p.returncode, code))
    lines = [l for l in err.splitlines() if l.strip()]
    diags = [l for l in lines if not l.startswith("Try 'tmlc --help'")]
    if len(diags) != 1:
        problems.append("%d diagnostic lines on stderr, expected 1" % len(diags))
    if outdir and os.path.isdir(outdir) and os.listdir(outdir):
        problems.append("output folder %s is not empty: %s" % (outdir, sorted(os.listdir(outdir))))
    if problems:
        sys.stdout.write("EXPECT_EXIT FAILED: " + "; ".join(problems) + "\n")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
