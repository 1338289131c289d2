#!/usr/bin/python3
"""Cross-compile C sources for an emulated board, run them under QEMU and
measure them.

    run_on_qemu.py --board mps2-an386 --src-dir out/kws --main kws_main.c
    run_on_qemu.py --target stm32l4r5 --src-dir out/kws --main kws_main.c \
        --compare-host --json result.json

What it does:
  1. compiles every .c file of each --src-dir plus --main with the board's
     core flags (read from targets/data/<core>.json), -O2,
     -ffunction-sections -fdata-sections -Wl,--gc-sections, and links them
     with this folder's startup code and the board's linker script;
  2. runs the ELF under qemu-system-<arm|riscv32> with semihosting and
     '-icount shift=0,align=off,sleep=off', with insn_count_plugin.so,
     which counts executed instructions in total and in each measurement
     window (between calls of tmlc_bench_begin() and tmlc_bench_end(), see
     harness.h);
  3. reports the program's output (semihosting), exit status, stack
     high-water mark, instruction counts, and flash/RAM use, with flash split
     into weights (symbols matching --weights-pattern) and everything else;
  4. with --compare-host, builds the same sources for the host with the host
     C compiler and checks that the outputs are identical.

Exit status: the program's exit status when it ran and (if asked) matched
the host; 1 on an output mismatch; 2 on a harness or build error; 77 when
the cross compiler or QEMU is missing (ctest SKIP_RETURN_CODE).
"""

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent.parent
DEFAULT_TARGETS_DIR = REPO / "targets" / "data"

# QEMU board -> how to build and run for it. The core's compiler flags come
# from the target description (targets/data/<core>.json).
BOARDS = {
    "mps2-an385": dict(core="cortex-m3", qemu="qemu-system-arm",
                       machine="mps2-an385", ld="mps2-an385.ld", arch="arm"),
    "mps2-an386": dict(core="cortex-m4", qemu="qemu-system-arm",
                       machine="mps2-an386", ld="mps2-an386.ld", arch="arm"),
    "mps2-an500": dict(core="cortex-m7", qemu="qemu-system-arm",
                       machine="mps2-an500", ld="mps2-an500.ld", arch="arm"),
    "mps2-an505": dict(core="cortex-m33", qemu="qemu-system-arm",
                       machine="mps2-an505", ld="mps2-an505.ld", arch="arm"),
    "mps3-an547": dict(core="cortex-m55", qemu="qemu-system-arm",
                       machine="mps3-an547", ld="mps3-an547.ld", arch="arm"),
    # QEMU's micro:bit is an nRF51 with a Cortex-M0; ARMv6-M code built for
    # the Cortex-M0+ runs on it unchanged.
    "microbit": dict(core="cortex-m0plus", qemu="qemu-system-arm",
                     machine="microbit", ld="microbit.ld", arch="arm"),
    "virt-rv32": dict(core="rv32imc", qemu="qemu-system-riscv32",
                      machine="virt", ld="virt-rv32.ld", arch="riscv",
                      qemu_extra=["-bios", "none"]),
}

QEMU_COMMON = ["-nographic", "-monitor", "none", "-serial", "none",
               "-semihosting-config", "enable=on,target=native",
               "-icount", "shift=0,align=off,sleep=off"]

COMMON_CFLAGS = ["-O2", "-g", "-std=c99", "-ffunction-sections",
                 "-fdata-sections", "-ffp-contract=off"]

DEFAULT_WEIGHTS_PATTERN = r"_w(eights?)?(_|[0-9]|$)"


class HarnessError(Exception):
    pass


class Skip(Exception):
    pass


def load_target(targets_dir, name):
    path = Path(targets_dir) / (name + ".json")
    if not path.is_file():
        raise HarnessError("unknown target '%s' (no %s)" % (name, path))
    with open(path) as f:
        try:
            return json.load(f)
        except json.JSONDecodeError as e:
            raise HarnessError("%s: %s" % (path, e))


def resolve_board(args):
    """Returns (board name, core description)."""
    if args.board:
        if args.board not in BOARDS:
            raise HarnessError("unknown board '%s'; known: %s" %
                               (args.board, ", ".join(sorted(BOARDS))))
        board = args.board
        core = load_target(args.targets_dir, BOARDS[board]["core"])
        return board, core
    t = load_target(args.targets_dir, args.target)
    if t.get("kind") == "board":
        t = load_target(args.targets_dir, t["core"])
    q = t.get("qemu")
    if not q or q.get("board") not in BOARDS:
        raise HarnessError("target '%s' has no QEMU board" % args.target)
    return q["board"], t


def tool(name):
    p = shutil.which(name)
    if not p:
        raise Skip("'%s' not found on PATH" % name)
    return p


def run(cmd, **kw):
    return subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                          universal_newlines=True, **kw)


def build_plugin(work):
    so = work / "insn_count_plugin.so"
    src = HERE / "insn_count_plugin.c"
    cc = shutil.which("cc") or shutil.which("gcc")
    if not cc:
        raise Skip("no host C compiler for the instruction-count plugin")
    r = run([cc, "-O2", "-shared", "-fPIC", "-fvisibility=hidden",
             "-std=c99", "-D_POSIX_C_SOURCE=200809L", "-o", str(so), str(src)])
    if r.returncode != 0:
        raise HarnessError("building the plugin failed:\n" + r.stderr)
    return so


def collect_sources(args):
    srcs = []
    incs = []
    main_file = None
    if args.main:
        main_file = Path(args.main).resolve()
        if not main_file.is_file():
            raise HarnessError("--main '%s' does not exist" % args.main)
    for d in args.src_dir:
        d = Path(d).resolve()
        if not d.is_dir():
            raise HarnessError("--src-dir '%s' is not a directory" % d)
        srcs += sorted(str(p) for p in d.glob("*.c") if p != main_file)
        incs.append(str(d))
    if main_file:
        srcs.append(str(main_file))
        incs.append(str(main_file.parent))
    for s in args.src:
        p = Path(s).resolve()
        if not p.is_file():
            raise HarnessError("--src '%s' does not exist" % s)
        if str(p) not in srcs:
            srcs.append(str(p))
    if not srcs:
        raise HarnessError("no C sources given")
    incs += [str(Path(i).resolve()) for i in args.include]
    return srcs, list(dict.fromkeys(incs))


def cross_compile(board, core, srcs, incs, args, work):
    b = BOARDS[board]
    prefix = core.get("toolchain")
    if not prefix:
        raise HarnessError("core '%s' names no toolchain" % core["name"])
    gcc = tool(prefix + "-gcc")
    elf = work / ("%s.elf" % board)
    cmd = [gcc] + list(core.get("gcc_flags", [])) + COMMON_CFLAGS
    if b["arch"] == "riscv":
        # Debian ships no newlib for riscv64-unknown-elf; picolibc it is
        # (package picolibc-riscv64-unknown-elf).
        cmd += ["--specs=picolibc.specs"]
        startup = [str(HERE / "startup_rv.S"), str(HERE / "startup_rv.c")]
    else:
        startup = [str(HERE / "startup_cm.c")]
    cmd += ["-I" + str(HERE)] + ["-I" + i for i in incs]
    cmd += args.cflag
    cmd += ["-nostartfiles", "-L" + str(HERE), "-L" + str(HERE / "boards"),
            "-T", b["ld"], "-Wl,--gc-sections",
            "-Wl,-Map=" + str(work / (board + ".map"))]
    cmd += startup + [str(HERE / "harness_io.c")] + srcs
    cmd += ["-lm", "-lc", "-lgcc", "-o", str(elf)]
    t0 = time.time()
    r = run(cmd)
    dt = time.time() - t0
    if r.returncode != 0:
        raise HarnessError("cross compile failed (%s):\n%s\n%s" %
                           (" ".join(cmd), r.stdout, r.stderr))
    return elf, dt, prefix


def read_symbols(prefix, elf):
    """name -> (address, size, type letter) from nm -S."""
    r = run([tool(prefix + "-nm"), "-S", str(elf)])
    if r.returncode != 0:
        raise HarnessError("nm failed: " + r.stderr)
    syms = {}
    for line in r.stdout.splitlines():
        parts = line.split()
        if len(parts) == 4:
            addr, size, typ, name = parts
            syms[name] = (int(addr, 16), int(size, 16), typ)
        elif len(parts) == 3:
            addr, typ, name = parts
            syms[name] = (int(addr, 16), 0, typ)
    return syms


def read_sections(prefix, elf):
    """section -> (size, address) from size -A."""
    r = run([tool(prefix + "-size"), "-A", str(elf)])
    if r.returncode != 0:
        raise HarnessError("size failed: " + r.stderr)
    secs = {}
    for line in r.stdout.splitlines()[2:]:
        parts = line.split()
        if len(parts) == 3 and parts[1].isdigit():
            secs[parts[0]] = (int(parts[1]), int(parts[2]))
    return secs


def memory_report(syms, secs, pattern):
    def sz(name):
        return secs.get(name, (0, 0))[0]
    text = sz(".text")
    rodata = sz(".rodata") + sz(".ARM.extab") + sz(".ARM.exidx")
    data = sz(".data") + sz(".tdata")
    bss = sz(".bss") + sz(".tbss")
    flash = text + rodata + data
    rx = re.compile(pattern)
    wsyms = sorted((n, s[1]) for n, s in syms.items()
                   if rx.search(n) and s[2] in "rRdDtT" and s[1] > 0)
    weights = sum(s for _, s in wsyms)
    return {
        "text": text, "rodata": rodata, "data": data, "bss": bss,
        "flash_total": flash, "weights_bytes": weights,
        "code_and_other_bytes": flash - weights,
        "weights_symbols": len(wsyms),
        "ram_static": data + bss,
    }


def run_qemu(board, elf, plugin, syms, args, work):
    b = BOARDS[board]
    qemu = tool(b["qemu"])
    counts = work / "counts.txt"
    if counts.exists():
        counts.unlink()
    pargs = ["out=" + str(counts)]
    for marker, key in (("tmlc_bench_begin", "begin"),
                        ("tmlc_bench_end", "end")):
        if marker in syms:
            pargs.append("%s=0x%x" % (key, syms[marker][0] & ~1))
    ranges = []
    for name in args.range:
        if name not in syms or syms[name][1] == 0:
            raise HarnessError("--range: no sized symbol '%s' in the ELF" % name)
        lo = syms[name][0] & ~1
        hi = lo + syms[name][1]
        pargs.append("range=0x%x:0x%x" % (lo, hi))
        ranges.append(name)
    cmd = [qemu, "-M", b["machine"]] + b.get("qemu_extra", []) + QEMU_COMMON
    cmd += ["-plugin", str(plugin) + "," + ",".join(pargs),
            "-kernel", str(elf)]
    t0 = time.time()
    try:
        r = run(cmd, timeout=args.timeout)
    except subprocess.TimeoutExpired:
        raise HarnessError("QEMU timed out after %s s (%s)" %
                           (args.timeout, " ".join(cmd)))
    dt = time.time() - t0
    # With target=native, QEMU 7.2 writes semihosting output to stderr.
    text = r.stdout + r.stderr
    return r.returncode, text, counts, ranges, dt, cmd


def parse_counts(path, ranges):
    res = {"insns_total": None, "loads_total": None, "stores_total": None,
           "windows": [], "ranges": {}}
    if not path.exists():
        return res
    for line in path.read_text().splitlines():
        kv = dict(p.split("=", 1) for p in line.split() if "=" in p)
        if "total_insns" in kv:
            res["insns_total"] = int(kv["total_insns"])
        elif "total_loads" in kv:
            res["loads_total"] = int(kv["total_loads"])
        elif "total_stores" in kv:
            res["stores_total"] = int(kv["total_stores"])
        elif "window" in kv:
            res["windows"].append({"insns": int(kv["insns"]),
                                   "loads": int(kv["loads"]),
                                   "stores": int(kv["stores"])})
        elif "range" in kv:
            i = int(kv["range"])
            res["ranges"][ranges[i]] = int(kv["insns"])
    return res


def split_output(text):
    """Program lines vs '@tmlc ' metadata lines (stack, faults)."""
    prog, meta = [], {}
    fault = None
    for line in text.splitlines():
        if line.startswith("@tmlc "):
            body = line[len("@tmlc "):]
            if body.startswith("fault") or body.startswith("unexpected"):
                fault = body
            for p in body.split():
                if "=" in p:
                    k, v = p.split("=", 1)
                    meta[k] = v
        else:
            prog.append(line)
    return "\n".join(prog) + ("\n" if prog else ""), meta, fault


def host_run(srcs, incs, args, work):
    cc = shutil.which("cc") or shutil.which("gcc")
    if not cc:
        raise HarnessError("--compare-host: no host C compiler")
    exe = work / "host.exe"
    cmd = [cc] + COMMON_CFLAGS + ["-I" + str(HERE)] + ["-I" + i for i in incs]
    cmd += args.cflag + [str(HERE / "harness_io.c"), str(HERE / "host_port.c")]
    cmd += srcs + ["-lm", "-o", str(exe)]
    r = run(cmd)
    if r.returncode != 0:
        raise HarnessError("host compile failed:\n" + r.stderr)
    try:
        r = run([str(exe)], timeout=args.timeout)
    except subprocess.TimeoutExpired:
        raise HarnessError("host run timed out")
    return r.returncode, r.stdout


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    g = ap.add_mutually_exclusive_group()
    g.add_argument("--board", help="QEMU board: " + ", ".join(sorted(BOARDS)))
    g.add_argument("--target", help="a target of targets/data (core or "
                   "board); runs on the QEMU board of its core")
    ap.add_argument("--list-boards", action="store_true")
    ap.add_argument("--src-dir", action="append", default=[],
                    help="folder whose .c files are compiled (repeatable)")
    ap.add_argument("--src", action="append", default=[],
                    help="one more C source (repeatable)")
    ap.add_argument("--main", help="the C file holding main()")
    ap.add_argument("-I", "--include", action="append", default=[])
    ap.add_argument("--cflag", action="append", default=[],
                    help="extra compiler flag for board and host builds "
                    "(repeatable; use --cflag=-DX=1)")
    ap.add_argument("--weights-pattern", default=DEFAULT_WEIGHTS_PATTERN,
                    help="regex on symbol names (nm -S) counted as weights "
                    "(default %(default)s)")
    ap.add_argument("--range", action="append", default=[],
                    help="also count instructions inside function SYMBOL")
    ap.add_argument("--compare-host", action="store_true",
                    help="build and run on the host too; outputs must match")
    ap.add_argument("--expect-exit", type=int, default=None,
                    help="exit status the program must return "
                    "(default: the host's with --compare-host)")
    ap.add_argument("--expect-windows", type=int, default=None,
                    help="fail unless the plugin saw exactly N measurement "
                    "windows, each with a non-zero count, and the stack "
                    "high-water mark was reported")
    ap.add_argument("--timeout", type=float, default=120.0)
    ap.add_argument("--targets-dir", default=str(DEFAULT_TARGETS_DIR))
    ap.add_argument("--work-dir", help="keep build products here")
    ap.add_argument("--json", help="write the result as JSON to this file")
    ap.add_argument("--quiet", action="store_true",
                    help="do not echo the program's output")
    args = ap.parse_args(argv)

    if args.list_boards:
        for n in sorted(BOARDS):
            print("%-12s core=%-14s %s -M %s" % (n, BOARDS[n]["core"],
                                                 BOARDS[n]["qemu"],
                                                 BOARDS[n]["machine"]))
        return 0
    if not args.board and not args.target:
        ap.error("one of --board or --target is required")

    tmp = None
    try:
        if args.work_dir:
            work = Path(args.work_dir)
            work.mkdir(parents=True, exist_ok=True)
        else:
            tmp = tempfile.mkdtemp(prefix="tmlc-qemu-")
            work = Path(tmp)
        board, core = resolve_board(args)
        srcs, incs = collect_sources(args)
        tool(BOARDS[board]["qemu"])
        elf, compile_s, prefix = cross_compile(board, core, srcs, incs, args,
                                               work)
        plugin = build_plugin(work)
        syms = read_symbols(prefix, elf)
        secs = read_sections(prefix, elf)
        mem = memory_report(syms, secs, args.weights_pattern)
        rc, text, counts_path, ranges, run_s, qcmd = run_qemu(
            board, elf, plugin, syms, args, work)
        counts = parse_counts(counts_path, ranges)
        prog_out, meta, fault = split_output(text)
        result = {
            "board": board, "core": core["name"],
            "machine": BOARDS[board]["machine"],
            "exit_code": rc, "fault": fault,
            "output": prog_out,
            "stack_used": int(meta["stack_used"]) if "stack_used" in meta else None,
            "stack_size": int(meta["stack_size"]) if "stack_size" in meta else None,
            "compile_seconds": round(compile_s, 3),
            "run_seconds": round(run_s, 3),
            "memory": mem, "elf": str(elf), "qemu_command": " ".join(qcmd),
        }
        result.update(counts)
        ok = True
        expect = args.expect_exit
        if args.compare_host:
            hrc, hout = host_run(srcs, incs, args, work)
            result["host_exit_code"] = hrc
            result["host_match"] = (hout == prog_out)
            if expect is None:
                expect = hrc
            if not result["host_match"]:
                ok = False
        if expect is not None and rc != expect:
            ok = False
        problems = []
        if args.expect_windows is not None:
            w = counts["windows"]
            if len(w) != args.expect_windows:
                problems.append("expected %d measurement windows, the plugin "
                                "saw %d" % (args.expect_windows, len(w)))
            if any(x["insns"] <= 0 for x in w):
                problems.append("a measurement window counted no instructions")
            if not result["stack_used"]:
                problems.append("no stack high-water report")
            if not counts["insns_total"]:
                problems.append("no instruction count from the plugin")
        if problems:
            ok = False
        if not args.quiet:
            sys.stdout.write(prog_out)
        w = counts["windows"]
        print("== %s (%s): exit=%d%s" % (board, core["name"], rc,
                                         (" FAULT: " + fault) if fault else ""))
        print("   insns total=%s loads=%s stores=%s" %
              (counts["insns_total"], counts["loads_total"],
               counts["stores_total"]))
        if w:
            print("   windows=%d insns per window: %s" %
                  (len(w), ", ".join(str(x["insns"]) for x in w[:8]) +
                   (" ..." if len(w) > 8 else "")))
        for n, c in counts["ranges"].items():
            print("   range %s: %d insns" % (n, c))
        print("   stack used=%s of %s bytes" % (result["stack_used"],
                                                 result["stack_size"]))
        print("   flash=%d (weights=%d, code+other=%d) ram_static=%d" %
              (mem["flash_total"], mem["weights_bytes"],
               mem["code_and_other_bytes"], mem["ram_static"]))
        if args.compare_host:
            print("   host comparison: %s" %
                  ("identical" if result["host_match"] else "MISMATCH"))
            if not result["host_match"]:
                hpath = work / "host_output.txt"
                hpath.write_text(hout)
                (work / "board_output.txt").write_text(prog_out)
                print("   (outputs kept in %s)" % work)
        if args.json:
            with open(args.json, "w") as f:
                json.dump(result, f, indent=2, sort_keys=True)
                f.write("\n")
        if not ok:
            if expect is not None and rc != expect:
                print("FAIL: exit status %d, expected %d" % (rc, expect))
            for p in problems:
                print("FAIL: " + p)
            return 1
        return rc
    except Skip as e:
        print("SKIP: %s" % e)
        return 77
    except HarnessError as e:
        print("run_on_qemu: error: %s" % e, file=sys.stderr)
        return 2
    finally:
        if tmp and not os.environ.get("TMLC_KEEP_WORK"):
            shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
