#!/usr/bin/python3
"""Flash split of a generated model folder, compiled for a core.

    bench/flash_split.py --tmlc build/bin/tmlc --model kws.tflite --target cortex-m4 [--opt -Os]

Compiles every .c file of the folder `tmlc compile` writes with the core's gcc
flags (targets/data/<core>.json) and classifies the bytes of the objects by
symbol (arm-none-eabi-nm -S):
  weights       <name>_w<k> arrays (the model's weights and biases)
  quant params  <name>_q<k> arrays (per-channel multipliers, shifts, biases
                precomputed by the compiler)
  model code    everything else in <name>.c (the entry points, parameter
                structs)
  runtime       the kernel objects
Prints a table; no harness, startup code or C library is counted.
"""
import argparse, json, os, re, subprocess, sys, tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def flags_for(target):
    data = json.load(open(REPO / "targets" / "data" / (target + ".json")))
    if data.get("kind") == "board":
        data = json.load(open(REPO / "targets" / "data" / (data["core"] + ".json")))
    return data.get("gcc_flags", []), data.get("toolchain", "")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--tmlc", required=True)
    ap.add_argument("--model", required=True)
    ap.add_argument("--target", default="cortex-m4")
    ap.add_argument("--name", default="m")
    ap.add_argument("--opt", default="-Os")
    a = ap.parse_args()
    flags, tc = flags_for(a.target)
    cc = (tc + "-gcc") if tc else "gcc"
    nm = (tc + "-nm") if tc else "nm"
    with tempfile.TemporaryDirectory() as d:
        out = Path(d) / "gen"
        subprocess.run([a.tmlc, "compile", a.model, "-o", str(out), "--name", a.name,
                        "--target", a.target, "--no-fit-check"], check=True)
        sizes = {"weights": 0, "quant params": 0, "model code": 0, "runtime": 0}
        for c in sorted(out.glob("*.c")):
            obj = Path(d) / (c.stem + ".o")
            subprocess.run([cc] + flags + ["-std=c99", a.opt, "-ffunction-sections",
                           "-fdata-sections", "-c", str(c), "-o", str(obj)], check=True)
            syms = subprocess.run([nm, "-S", str(obj)], check=True,
                                  stdout=subprocess.PIPE).stdout.decode()
            for line in syms.splitlines():
                parts = line.split()
                if len(parts) != 4 or parts[2].lower() in "bu":
                    continue
                size, name = int(parts[1], 16), parts[3]
                if c.stem != a.name:
                    sizes["runtime"] += size
                elif re.fullmatch(re.escape(a.name) + r"_w\d+", name):
                    sizes["weights"] += size
                elif re.fullmatch(re.escape(a.name) + r"_q\d+", name):
                    sizes["quant params"] += size
                else:
                    sizes["model code"] += size
    print("| %s on %s (%s) | bytes |" % (os.path.basename(a.model), a.target, a.opt))
    print("|---|---:|")
    for k, v in sizes.items():
        print("| %s | %d |" % (k, v))
    print("| code + runtime (all but weights and quant params) | %d |" %
          (sizes["model code"] + sizes["runtime"]))
    return 0


if __name__ == "__main__":
    sys.exit(main())
