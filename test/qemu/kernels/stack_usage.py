#!/usr/bin/python3
"""Issue 4's stack rule as a check: no Cortex-M DSP or Helium kernel function
keeps more than 1 KiB on the stack. Compiles every
runtime/kernels/cortexm/*_dsp.c (M4, M7, M33) and *_mve.c (M55, hard float)
with arm-none-eabi-gcc -fstack-usage for each core and optimization level
given (the generated code's builds use -O2 and -Os) and fails (exit 1) when
any function's frame exceeds --max bytes or is not static (dynamic or
bounded allocas). Prints the largest frame per file. Exit 77 without the
cross compiler."""
import argparse
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
KDIR = ROOT / "runtime" / "kernels" / "cortexm"
CORES = {"cortex-m4": ["-mcpu=cortex-m4", "-mthumb"],
         "cortex-m7": ["-mcpu=cortex-m7", "-mthumb"],
         "cortex-m33": ["-mcpu=cortex-m33", "-mthumb"],
         "cortex-m55": ["-mcpu=cortex-m55", "-mthumb", "-mfloat-abi=hard"]}
# The kernels each core's builds use.
KERNELS = {"cortex-m55": "*_mve.c"}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--cc", default="arm-none-eabi-gcc")
    ap.add_argument("--max", type=int, default=1024)
    ap.add_argument("--opt", action="append", default=[])
    ap.add_argument("--core", action="append", default=[])
    a = ap.parse_args()
    if not shutil.which(a.cc):
        print("SKIP: %s not found" % a.cc)
        return 77
    opts = a.opt or ["-O2", "-Os"]
    cores = a.core or sorted(CORES)
    bad = 0
    with tempfile.TemporaryDirectory() as tmp:
        for core in cores:
            for opt in opts:
                for src in sorted(KDIR.glob(KERNELS.get(core, "*_dsp.c"))):
                    obj = Path(tmp) / (src.stem + ".o")
                    su = obj.with_suffix(".su")
                    subprocess.run(
                        [a.cc] + CORES[core] +
                        [opt, "-std=c99", "-fstack-usage", "-c", str(src),
                         "-o", str(obj), "-I", str(KDIR),
                         "-I", str(ROOT / "runtime" / "include" / "tmlc"),
                         "-I", str(ROOT / "runtime" / "kernels" / "reference")],
                        check=True)
                    rows = []
                    for line in su.read_text().splitlines():
                        where, size, kind = line.rsplit("\t", 2)
                        rows.append((int(size), kind, where.rsplit(":", 1)[-1]))
                    rows.sort(reverse=True)
                    size, kind, fn = rows[0] if rows else (0, "static", "-")
                    over = [r for r in rows if r[0] > a.max or r[1] != "static"]
                    print("%-10s %-3s %-32s max %5d B (%s)%s" % (
                        core, opt, src.name, size, fn,
                        "" if not over else "  OVER: " +
                        ", ".join("%s %d %s" % (r[2], r[0], r[1]) for r in over)))
                    bad += len(over)
    if bad:
        print("FAIL: %d kernel function(s) above %d bytes of stack" % (bad, a.max))
        return 1
    print("PASS: every DSP/Helium kernel function within %d bytes of stack" % a.max)
    return 0


if __name__ == "__main__":
    sys.exit(main())
