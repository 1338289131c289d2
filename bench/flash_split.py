#!/usr/bin/python3
"""Flash split of a generated model folder as a firmware ships it.

    bench/flash_split.py --tmlc build/bin/tmlc --model kws.tflite --target cortex-m4 [--opt -Os]
                         [--max-code BYTES] [--symbols]

Compiles every .c file of the folder `tmlc compile` writes with the core's gcc
flags (targets/data/<core>.json), -ffunction-sections -fdata-sections, links
them with a minimal main() that calls NAME_run once (newlib's startup,
nosys.specs for a cross toolchain), with --gc-sections and no LTO, and reads
the linker map: every input section that survives the link is attributed to
the object it came from:
  weights       <name>_w<k> arrays (the model's weights and biases) and
                <name>_wp<k> (weights and biases the compiler re-laid out or
                folded, e.g. zero-point corrections in a bias)
  quant params  <name>_q<k> arrays (per-channel requantization multipliers
                and shifts, and other tables derived from the model's scales)
  model code    everything else of <name>.c (the entry points, parameter
                structs)
  runtime       the kernel objects of the folder
Startup code, main(), libc and libgcc are reported on a separate line and not
counted in "code + runtime". --max-code N makes the exit status 1 when code +
runtime exceeds N bytes (the property tested by ctest flash-kws-m4;
--skip-missing exits 77 when the model or the cross compiler is missing);
--symbols also lists the runtime's surviving sections by size.
"""
import argparse, json, os, re, shutil, subprocess, sys, tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def flags_for(target):
    data = json.load(open(REPO / "targets" / "data" / (target + ".json")))
    if data.get("kind") == "board":
        data = json.load(open(REPO / "targets" / "data" / (data["core"] + ".json")))
    return data.get("gcc_flags", []), data.get("toolchain", "")


MAIN = """#include "%(name)s.h"
static uint8_t arena[%(up)s_ARENA_SIZE] __attribute__((aligned(%(up)s_ARENA_ALIGN)));
static const void *ins[%(up)s_NUM_INPUTS + 1];
static void *outs[%(up)s_NUM_OUTPUTS + 1];
int main(void) { return %(name)s_run(arena, ins, outs); }
"""


def parse_map(path):
    """(section, size, object file) of every input section in the output."""
    text = open(path).read()
    start = text.find("Linker script and memory map")
    if start < 0:
        sys.exit("flash_split: no memory map in " + path)
    rows = []
    pending = None
    for line in text[start:].splitlines():
        if pending is not None:
            m = re.match(r"^\s+0x([0-9a-f]+)\s+0x([0-9a-f]+)\s+(\S+)", line)
            if m:
                rows.append((pending, int(m.group(2), 16), m.group(3)))
            pending = None
            continue
        m = re.match(r"^ (\.\S+)\s+0x([0-9a-f]+)\s+0x([0-9a-f]+)\s+(\S+)", line)
        if m:
            rows.append((m.group(1), int(m.group(3), 16), m.group(4)))
            continue
        m = re.match(r"^ (\.\S+)$", line)
        if m:
            pending = m.group(1)
    return rows


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--tmlc", required=True)
    ap.add_argument("--model", required=True)
    ap.add_argument("--target", default="cortex-m4")
    ap.add_argument("--name", default="m")
    ap.add_argument("--opt", default="-Os")
    ap.add_argument("--max-code", type=int, default=None)
    ap.add_argument("--symbols", action="store_true")
    ap.add_argument("--skip-missing", action="store_true",
                    help="exit 77 (ctest's skip) when the model or the compiler is missing")
    a = ap.parse_args()
    flags, tc = flags_for(a.target)
    cc = (tc + "-gcc") if tc else "gcc"
    if a.skip_missing:
        if not os.path.exists(a.model):
            print("flash_split: skipped, no model " + a.model)
            return 77
        if shutil.which(cc) is None:
            print("flash_split: skipped, no " + cc)
            return 77
    specs = ["--specs=nosys.specs"] if tc else []
    with tempfile.TemporaryDirectory() as d:
        d = Path(d)
        out = d / "gen"
        objdir = d / "obj"
        objdir.mkdir()
        subprocess.run([a.tmlc, "compile", a.model, "-o", str(out), "--name", a.name,
                        "--target", a.target, "--no-fit-check"], check=True)
        common = flags + ["-std=c99", a.opt, "-ffunction-sections", "-fdata-sections"]
        objs = []
        for c in sorted(out.glob("*.c")):
            obj = objdir / (c.stem + ".o")
            subprocess.run([cc] + common + ["-c", str(c), "-o", str(obj)], check=True)
            objs.append(obj)
        mainc = d / "flash_main.c"
        mainc.write_text(MAIN % {"name": a.name, "up": a.name.upper()})
        mapf = d / "fw.map"
        subprocess.run([cc] + common + specs + ["-I", str(out), str(mainc)] +
                       [str(o) for o in objs] +
                       ["-Wl,--gc-sections", "-Wl,-Map=" + str(mapf),
                        "-o", str(d / "fw.elf")], check=True)
        sizes = {"weights": 0, "quant params": 0, "model code": 0, "runtime": 0}
        other = 0
        runtime_syms = []
        model_obj = str(objdir / (a.name + ".o"))
        for sec, size, obj in parse_map(str(mapf)):
            if size == 0 or sec.startswith((".debug", ".comment", ".ARM.attributes")):
                continue
            if sec.startswith((".bss", ".noinit", ".stack", ".heap")):
                continue
            if obj == model_obj:
                tail = sec.split(".")[-1]
                if re.fullmatch(re.escape(a.name) + r"_wp?\d+", tail):
                    sizes["weights"] += size
                elif re.fullmatch(re.escape(a.name) + r"_q\d+", tail):
                    sizes["quant params"] += size
                else:
                    sizes["model code"] += size
            elif obj.startswith(str(objdir)):
                sizes["runtime"] += size
                runtime_syms.append((size, sec, os.path.basename(obj)))
            else:
                other += size
    code = sizes["model code"] + sizes["runtime"]
    print("| %s on %s (%s, linked, --gc-sections) | bytes |" %
          (os.path.basename(a.model), a.target, a.opt))
    print("|---|---:|")
    for k, v in sizes.items():
        print("| %s | %d |" % (k, v))
    print("| code + runtime (all but weights and quant params) | %d |" % code)
    print("| not counted: startup, main, libc, libgcc | %d |" % other)
    if a.symbols:
        print()
        for size, sec, obj in sorted(runtime_syms, reverse=True):
            print("%6d  %s  (%s)" % (size, sec, obj))
    if a.max_code is not None and code > a.max_code:
        print("flash_split: code + runtime %d B exceeds %d B" % (code, a.max_code),
              file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
