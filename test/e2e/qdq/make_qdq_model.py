#!/usr/bin/python3
"""QDQ end-to-end check: a small CNN quantized with torch eager post-training
quantization (fbgemm), exported to ONNX (opset 13, QuantizeLinear/
DequantizeLinear), compiled and run by `tmlc run`. Two references:
  - qdq_int_ref.py: the same graph under TFLite's int8 arithmetic, computed in
    numpy from the .onnx file. tmlc's int8 kernels implement exactly that
    arithmetic, so every output must be equal, bit for bit.
  - torch's own quantized model (fbgemm). fbgemm requantizes with a float
    multiplier where TFLite uses a fixed-point one, so results that lie near
    a rounding tie in a hidden layer can come out one LSB apart and the next
    layer can carry that into a second output LSB: at most 2 LSB, and at
    least 95% of outputs within 1 LSB.

usage: make_qdq_model.py TMLC WORKDIR    (exit 77 if torch is missing)
"""
import os
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

try:
    import numpy as np
    import torch
    import torch.nn as nn
    import torch.ao.quantization as tq
    import onnx
    import qdq_int_ref
except ImportError as e:
    print("skipped: %s" % e)
    sys.exit(77)


class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.quant = tq.QuantStub()
        self.dequant = tq.DeQuantStub()
        self.c1 = nn.Conv2d(1, 8, 3, padding=1)
        self.r1 = nn.ReLU()
        self.pool = nn.MaxPool2d(2)
        self.c2 = nn.Conv2d(8, 16, 3, stride=1)
        self.r2 = nn.ReLU()
        self.fc1 = nn.Linear(16 * 4 * 4, 32)
        self.r3 = nn.ReLU()
        self.fc2 = nn.Linear(32, 10)

    def forward(self, x):
        x = self.quant(x)
        x = self.pool(self.r1(self.c1(x)))
        x = self.r2(self.c2(x))
        x = torch.flatten(x, 1)
        x = self.r3(self.fc1(x))
        x = self.fc2(x)
        return self.dequant(x)


def main():
    tmlc, work = sys.argv[1], sys.argv[2]
    os.makedirs(work, exist_ok=True)
    torch.manual_seed(1)
    m = Net().eval()
    m.qconfig = tq.get_default_qconfig("fbgemm")
    # torch 1.13 cannot export a fused linear_relu: fc1's ReLU stays apart.
    tq.fuse_modules(m, [["c1", "r1"], ["c2", "r2"]], inplace=True)
    tq.prepare(m, inplace=True)
    with torch.no_grad():
        for _ in range(16):
            m(torch.randn(8, 1, 12, 12))
    tq.convert(m, inplace=True)
    model = os.path.join(work, "qdq_cnn.onnx")
    torch.onnx.export(m, torch.randn(1, 1, 12, 12), model, opset_version=13,
                      input_names=["x"], output_names=["y"])
    out_scale = float(m.fc2.scale)
    worst = 0.0
    diffs = []
    proto = onnx.load(model)
    int_mismatch = 0
    int_total = 0
    for k in range(16):
        x = torch.randn(1, 1, 12, 12) * (0.5 + (k % 8) * 0.25)
        with torch.no_grad():
            ref = m(x).numpy()
        xin = os.path.join(work, "x%d.npy" % k)
        np.save(xin, x.numpy())
        odir = os.path.join(work, "out%d" % k)
        r = subprocess.run([tmlc, "run", model, "--input", "x=" + xin,
                            "-o", odir], capture_output=True, text=True)
        if r.returncode != 0:
            print("tmlc run failed:\n" + r.stderr)
            return 1
        got = np.load(os.path.join(odir, "y.npy"))
        if got.shape != ref.shape:
            print("shape mismatch: %s vs %s" % (got.shape, ref.shape))
            return 1
        want = qdq_int_ref.run(proto, x.numpy())["y"]
        int_total += want.size
        int_mismatch += int(np.count_nonzero(got != want))
        worst = max(worst, float(np.abs(got - ref).max()))
        diffs.extend((np.abs(got - ref) / out_scale).round().ravel().tolist())
    print("max |tmlc - torch| = %.6g (output scale %.6g, %.3f LSB)"
          % (worst, out_scale, worst / out_scale))
    hist = {d: diffs.count(d) for d in sorted(set(diffs))}
    print("outputs by |diff| in LSB: %s" % hist)
    print("tmlc vs the TFLite-int8 semantics of the graph: %d of %d outputs differ"
          % (int_mismatch, int_total))
    if int_mismatch:
        print("FAIL: tmlc's int8 result is not TFLite's integer arithmetic")
        return 1
    within1 = sum(1 for d in diffs if d <= 1) / len(diffs)
    # fbgemm requantizes with a float multiplier, TFLite's kernels with a
    # fixed-point one: near-ties round apart by one LSB in a hidden layer,
    # which the next layer can carry into a second output LSB.
    if worst > 2.0001 * out_scale or within1 < 0.95:
        print("FAIL: more than 2 LSB, or fewer than 95% within 1 LSB")
        return 1
    print("PASS")
    return 0


if __name__ == "__main__":
    sys.exit(main())
