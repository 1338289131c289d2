#!/usr/bin/python3
"""`tmlc --subgraph N` / `--signature KEY` on a TFLite file with two subgraphs.

The file is built from TFLM's hello_world_float.tflite with flatc (Debian's
flatbuffers-compiler) and the project's schema: a JSON dump gets a second
subgraph holding only the first two FULLY_CONNECTED+RELU layers, output the
hidden tensor, and a second signature 'hidden' naming it. Checks:
  - --subgraph 1 and --signature hidden compute relu(relu(x W0^T + b0) W1^T
    + b1) with the weights decoded in numpy from the file's own buffers;
  - the default, --subgraph 0 and --signature serving_default agree with
    each other and differ from subgraph 1 (the choice takes effect);
  - --subgraph 2, --signature nope, both flags, either flag on an ONNX
    model, and --input-shape naming no input or changing a TFLite input's
    fixed shape exit 2 with one diagnostic and no output folder.
usage: check_subgraphs.py --tmlc TMLC --flatc FLATC --schema FBS --models DIR --work DIR
"""
import argparse
import copy
import json
import os
import shutil
import subprocess
import sys

try:
    import numpy as np
except ImportError as e:
    print("skipped: %s" % e)
    sys.exit(77)

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "tflite"))
import tmlc_harness as h  # noqa: E402


def run(tmlc, model, x, out, *flags):
    os.makedirs(out, exist_ok=True)
    return h.run_model(tmlc, model, [x], out, extra=flags)




def main():
    ap = argparse.ArgumentParser()
    for k in ("tmlc", "flatc", "schema", "models", "work"):
        ap.add_argument("--" + k, required=True)
    a = ap.parse_args()
    src = os.path.join(a.models, "tflm-examples", "hello_world_float.tflite")
    if not os.path.exists(src):
        print("skipped: %s not found" % src)
        return 77
    shutil.rmtree(a.work, ignore_errors=True)
    os.makedirs(a.work)
    subprocess.run([a.flatc, "--json", "--strict-json", "--raw-binary", "-o", a.work, a.schema,
                    "--", src], check=True)
    j = json.load(open(os.path.join(a.work, "hello_world_float.json")))
    sg0 = j["subgraphs"][0]
    sg1 = copy.deepcopy(sg0)
    sg1["operators"] = sg0["operators"][:2]
    hidden = sg0["operators"][1]["outputs"][0]
    sg1["outputs"] = [hidden]
    sg1["name"] = "hidden"
    j["subgraphs"].append(sg1)
    j["signature_defs"].append({"signature_key": "hidden", "subgraph_index": 1,
                                "inputs": [{"name": "x", "tensor_index": sg0["inputs"][0]}],
                                "outputs": [{"name": "h", "tensor_index": hidden}]})
    with open(os.path.join(a.work, "two.json"), "w") as f:
        json.dump(j, f)
    subprocess.run([a.flatc, "--binary", "-o", a.work, a.schema, os.path.join(a.work, "two.json")],
                   check=True)
    # (the schema's file_extension names the output two.tflite)
    model = os.path.join(a.work, "two.tflite")

    def weights(op, k):
        t = sg0["tensors"][sg0["operators"][op]["inputs"][k]]
        data = bytes(j["buffers"][t["buffer"]]["data"])
        return np.frombuffer(data, "<f4").reshape(t["shape"]).astype(np.float64)

    x = np.array([[1.3]], np.float32)
    h = np.maximum(x.astype(np.float64) @ weights(0, 1).T + weights(0, 2), 0)
    want = np.maximum(h @ weights(1, 1).T + weights(1, 2), 0)
    fails = 0
    w = os.path.join(a.work, "r")
    for flags in (["--subgraph", "1"], ["--signature", "hidden"]):
        y = run(a.tmlc, model, x, w + "_".join(flags), *flags)
        if len(y) != 1 or y[0].shape != (1, 16) or np.abs(y[0] - want).max() > 1e-5 * (1 + np.abs(want).max()):
            print("FAIL %s: got %s want %s" % (flags, [v.ravel()[:4] for v in y], want.ravel()[:4]))
            fails += 1
        else:
            print("ok %s: 16 hidden values match numpy (max diff %.3g)" % (flags, np.abs(y[0] - want).max()))
    main_out = [run(a.tmlc, model, x, w + "_".join(f), *f)[0] for f in
                ([], ["--subgraph", "0"], ["--signature", "serving_default"])]
    if any(m.shape != (1, 1) or not np.array_equal(m, main_out[0]) for m in main_out):
        print("FAIL: default, --subgraph 0 and --signature serving_default differ: %s" % main_out)
        fails += 1
    else:
        print("ok default = --subgraph 0 = --signature serving_default (shape (1, 1))")
    onnx = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "..", "examples",
                        "digits_mlp.onnx")
    for flags, model_path in ((["--subgraph", "2"], model), (["--signature", "nope"], model),
                              (["--subgraph", "1", "--signature", "hidden"], model),
                              (["--subgraph", "0"], onnx),
                              (["--input-shape", "nope=1x1"], model),
                              (["--input-shape", "serving_default_dense_input:0=2x1"], model)):
        out = os.path.join(a.work, "bad")
        shutil.rmtree(out, ignore_errors=True)
        r = subprocess.run([a.tmlc, "compile", model_path, "-o", out] + flags,
                           capture_output=True, text=True)
        lines = [l for l in r.stderr.splitlines() if "error:" in l]
        if r.returncode != 2 or len(lines) != 1 or os.path.exists(out):
            print("FAIL %s: exit %d, stderr %r, output left: %s" % (flags, r.returncode, r.stderr,
                                                                   os.path.exists(out)))
            fails += 1
        else:
            print("ok %s: exit 2: %s" % (flags, lines[0].split("error: ", 1)[1]))
    return 1 if fails else 0


if __name__ == "__main__":
    sys.exit(main())
