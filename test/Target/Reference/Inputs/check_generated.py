#!/usr/bin/env python3
"""Compiles tmlc's generated folders with a C compiler and checks them.

usage: check_generated.py --tmlc TMLC --work DIR --cc CC [--nm NM]
                          [--cflags "..."] [--target T] MODEL...

For every model: `tmlc compile MODEL -o DIR/<name> --name <name>` (name =
the file stem), then compile every .c of the folder with CC CFLAGS -c (any
warning is an error through -Werror in CFLAGS, and any output on stderr is
reported too) and check, with NM on the objects:
  * every external symbol defined by the objects starts with "<name>_";
  * no object has writable data (nm types D/d/B/b/C/G/g/S/s): all
    file-scope variables are const;
and on the sources:
  * no malloc/calloc/realloc/free, printf family or <stdio.h>/<stdlib.h>;
  * no absolute path and no time stamp-looking string.
Prints "OK <name> <n> files" per model; exits 1 on the first problem.
"""
import argparse
import os
import re
import shlex
import subprocess
import sys

FORBIDDEN = [
    (re.compile(r"\b(malloc|calloc|realloc|free)\s*\("), "heap call"),
    (re.compile(r"\b(s?n?printf|fprintf|puts|putchar|fopen)\s*\("), "stdio call"),
    (re.compile(r"#\s*include\s*[<\"](stdio|stdlib)\.h[>\"]"), "stdio/stdlib include"),
    (re.compile(r"(?<![\w.*])/(usr|home|tmp|work|opt|root)/"), "absolute path"),
    (re.compile(r"\b(19|20)\d\d-\d\d-\d\d\b"), "date"),
]
WRITABLE = set("DdBbCGgSs")


def fail(msg):
    print("FAIL: " + msg)
    sys.exit(1)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--tmlc", required=True)
    ap.add_argument("--work", required=True)
    ap.add_argument("--cc", required=True)
    ap.add_argument("--nm", default="nm")
    ap.add_argument("--cflags", default="")
    ap.add_argument("--target", default="", help="passed to tmlc compile --target")
    ap.add_argument("models", nargs="+")
    a = ap.parse_args()
    for model in a.models:
        name = re.sub(r"\W", "_", os.path.splitext(os.path.basename(model))[0]).lower()
        out = os.path.join(a.work, name)
        target = ["--target", a.target, "--no-fit-check"] if a.target else []
        r = subprocess.run([a.tmlc, "compile", model, "-o", out, "--name", name] + target,
                           capture_output=True, text=True)
        if r.returncode != 0:
            fail("%s: tmlc exit %d: %s" % (model, r.returncode, r.stderr))
        files = sorted(os.listdir(out))
        for f in files:
            if not re.fullmatch(re.escape(name) + r"(_\w+)?\.[ch]", f):
                fail("%s: file %s is not named after the model" % (name, f))
            text = open(os.path.join(out, f), encoding="utf-8").read()
            for rx, what in FORBIDDEN:
                m = rx.search(text)
                if m:
                    fail("%s/%s: %s: %r" % (name, f, what, m.group(0)))
        objs = []
        for f in files:
            if not f.endswith(".c"):
                continue
            obj = os.path.join(out, f[:-2] + ".o")
            cmd = [a.cc] + shlex.split(a.cflags) + ["-c", os.path.join(out, f), "-o", obj]
            r = subprocess.run(cmd, capture_output=True, text=True)
            if r.returncode != 0 or r.stderr.strip():
                fail("%s: %s\n%s" % (name, " ".join(cmd), r.stderr))
            objs.append(obj)
        r = subprocess.run([a.nm, "--defined-only"] + objs, capture_output=True, text=True)
        if r.returncode != 0:
            fail("%s: nm failed: %s" % (name, r.stderr))
        n_ext = 0
        for line in r.stdout.splitlines():
            parts = line.split()
            if len(parts) != 3:
                continue
            _, kind, sym = parts
            if kind in WRITABLE:
                fail("%s: writable data symbol %s (%s)" % (name, sym, kind))
            if kind.isupper():
                n_ext += 1
                if not sym.startswith(name + "_"):
                    fail("%s: external symbol %s lacks the prefix %s_" % (name, sym, name))
        if n_ext == 0:
            fail("%s: no external symbols found" % name)
        for o in objs:
            os.remove(o)
        print("OK %s %d files" % (name, len(files)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
