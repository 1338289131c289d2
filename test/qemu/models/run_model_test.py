#!/usr/bin/python3
"""Compiles one model for a core, runs it on the core's QEMU board and
checks its outputs equal the host build's (bench/run_bench.py --reps 1).
Exit 77 (skip) when the model file or the tools are missing."""
import argparse
import os
import shutil
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[3]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--tmlc", required=True)
    ap.add_argument("--core", required=True)
    ap.add_argument("--model", required=True, help="PATH:MACS")
    ap.add_argument("--work-dir", required=True)
    a = ap.parse_args()
    path = a.model.rsplit(":", 1)[0]
    if not os.path.exists(path):
        print("SKIP: model %s not found" % path)
        return 77
    tools = ["qemu-system-riscv32" if a.core.startswith("rv") else "qemu-system-arm",
             "riscv64-unknown-elf-gcc" if a.core.startswith("rv") else "arm-none-eabi-gcc"]
    for t in tools:
        if not shutil.which(t):
            print("SKIP: %s not found on PATH" % t)
            return 77
    shutil.rmtree(a.work_dir, ignore_errors=True)
    name = Path(path).stem.replace("-", "_").lower()
    cmd = ["/usr/bin/python3", str(REPO / "bench" / "run_bench.py"), "--tmlc", a.tmlc,
           "--reps", "1", "--model", "%s=%s" % ("m_" + name, a.model),
           "--core", a.core, "--work-dir", a.work_dir]
    p = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    out = p.stdout.decode("utf-8", "replace")
    print(out)
    if p.returncode != 0 or "| yes |" not in out:
        print("FAIL: the %s run on %s did not match the host run" % (name, a.core))
        return 1
    print("PASS: %s on %s equals the host run" % (name, a.core))
    return 0


if __name__ == "__main__":
    sys.exit(main())
