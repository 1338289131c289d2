#!/usr/bin/python3
"""Instructions per MAC of the int8 kernels on M4 and M55 (QEMU, exact
instruction counts): runs bench.c on mps2-an386 and mps3-an547 and prints
a markdown table. Usage: test/qemu/kernels/bench.py"""
import json, os, re, subprocess, sys, tempfile
here = os.path.dirname(os.path.abspath(__file__))
root = os.path.abspath(os.path.join(here, "..", "..", ".."))
ref = os.path.join(root, "runtime", "kernels", "reference")
res = {}
for board in ("mps2-an386", "mps3-an547"):
    js = tempfile.mktemp(suffix=".json")
    cmd = ["/usr/bin/python3", os.path.join(root, "test/qemu/run_on_qemu.py"),
           "--board", board, "--src-dir", os.path.join(root, "runtime/kernels/cortexm"),
           "--src", os.path.join(ref, "tmlc_conv2d_s8.c"),
           "--src", os.path.join(ref, "tmlc_depthwise_conv2d_s8.c"),
           "--src", os.path.join(ref, "tmlc_fully_connected_s8.c"),
           "--main", os.path.join(here, "bench.c"),
           "-I", os.path.join(root, "runtime/include/tmlc"), "-I", ref,
           "--json", js, "--quiet"]
    r = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, universal_newlines=True)
    if r.returncode != 0:
        sys.exit("bench failed on %s:\n%s%s" % (board, r.stdout, r.stderr))
    d = json.load(open(js)); os.unlink(js)
    if "DIFFER" in d["output"]:
        sys.exit("outputs differ on " + board)
    shapes = re.findall(r"^(\S+) macs=(\d+)$", d["output"], re.M)
    w = [x["insns"] for x in d["windows"]]
    res[board] = [(n, int(m), w[3 * i:3 * i + 3]) for i, (n, m) in enumerate(shapes)]
print("| shape | MACs | M4 portable insn/MAC | M4 DSP insn/MAC | M4 DSP MAC/insn | M55 portable insn/MAC | M55 DSP insn/MAC | M55 MVE insn/MAC | M55 MVE MAC/insn |")
print("|---|---|---|---|---|---|---|---|---|")
for (n, m, a), (_, _, b) in zip(res["mps2-an386"], res["mps3-an547"]):
    print("| %s | %d | %.2f | %.2f | %.2f | %.2f | %.2f | %.3f | %.2f |" % (
        n, m, a[0] / m, a[1] / m, m / a[1], b[0] / m, b[1] / m, b[2] / m, m / b[2]))
