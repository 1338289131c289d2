#!/usr/bin/python3
"""Build small PyTorch models with deterministic weights and export them to ONNX.

These models are the end-to-end test corpus for tmlc (see test/e2e/check_torch_models.py)
and the source of the shipped example in examples/.

    /usr/bin/python3 test/models/make_models.py            # write every .onnx (+ examples/)
    /usr/bin/python3 test/models/make_models.py --check    # export twice, require identical bytes
                                                           # and equality with the committed files

Every model is rebuilt from a fixed torch seed, so importing this module and calling
build_model(name) gives the exact torch module behind test/models/<name>.onnx; the e2e check
uses that module as the reference. Export settings: opset 13, static shapes,
do_constant_folding=True, fixed input/output names, eval mode (BatchNorm uses running stats).

The `mlp` model is trained for about a second on scikit-learn's 8x8 digits (bundled with
python3-sklearn, no download) so that examples/digits_mlp.onnx gives believable predictions.
Training runs on one thread in float32 with a fixed seed, which is deterministic on a given
torch build.
"""

import argparse
import contextlib
import io
import os
import sys
import tempfile

import numpy as np
import torch
from torch import nn

OPSET = 13
HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))
EXAMPLES = os.path.join(REPO, "examples")


@contextlib.contextmanager
def _single_thread():
    """Run torch on one thread so reductions happen in a fixed order."""
    old = torch.get_num_threads()
    torch.set_num_threads(1)
    try:
        yield
    finally:
        torch.set_num_threads(old)


def _randomize_batchnorm(module, gen):
    """Give every BatchNorm non-trivial running statistics and affine params.

    Fresh BatchNorm layers have mean 0 / var 1 / weight 1 / bias 0, which would make the
    normalization an identity and hide bugs in its lowering or folding.
    """
    for m in module.modules():
        if isinstance(m, (nn.BatchNorm1d, nn.BatchNorm2d)):
            n = m.num_features
            with torch.no_grad():
                m.running_mean.copy_(torch.randn(n, generator=gen) * 0.2)
                m.running_var.copy_(torch.rand(n, generator=gen) * 1.5 + 0.25)
                m.weight.copy_(torch.rand(n, generator=gen) + 0.5)
                m.bias.copy_(torch.randn(n, generator=gen) * 0.1)


# ---------------------------------------------------------------------------------------------
# mlp: the 8x8 digits classifier (also examples/digits_mlp.onnx)
# ---------------------------------------------------------------------------------------------

def load_digits_split():
    """scikit-learn's 8x8 digits scaled to [0, 1] as float32 NCHW, split 4:1 by index.

    Returns (x_train, y_train, x_test, y_test). Raises ImportError without python3-sklearn.
    """
    from sklearn.datasets import load_digits  # bundled data file, no network

    d = load_digits()
    x = (d.data.astype(np.float32) / 16.0).reshape(-1, 1, 8, 8)
    y = d.target.astype(np.int64)
    test = np.arange(len(y)) % 5 == 0
    return x[~test], y[~test], x[test], y[test]


def _train_digits(model, steps=300):
    x_train, y_train, _, _ = load_digits_split()
    xt = torch.from_numpy(x_train)
    yt = torch.from_numpy(y_train)
    logits_net = model[:-1]  # everything except the final Softmax
    opt = torch.optim.Adam(model.parameters(), lr=0.01)
    loss_fn = nn.CrossEntropyLoss()
    model.train()
    with _single_thread():
        for _ in range(steps):
            opt.zero_grad()
            loss = loss_fn(logits_net(xt), yt)
            loss.backward()
            opt.step()
    return model


def make_mlp():
    torch.manual_seed(1)
    model = nn.Sequential(
        nn.Flatten(),
        nn.Linear(64, 32),
        nn.ReLU(),
        nn.Linear(32, 10),
        nn.Softmax(dim=1),
    )
    return _train_digits(model)


# ---------------------------------------------------------------------------------------------
# cnn: a LeNet-like classifier (the first BatchNorm folds into its Conv at export)
# ---------------------------------------------------------------------------------------------

def make_cnn():
    torch.manual_seed(2)
    model = nn.Sequential(
        nn.Conv2d(1, 8, 3, padding=1),
        nn.BatchNorm2d(8),
        nn.ReLU(),
        nn.MaxPool2d(2),
        nn.Conv2d(8, 16, 3),
        nn.ReLU(),
        nn.AdaptiveAvgPool2d(1),
        nn.Flatten(),
        nn.BatchNorm1d(16),  # not after a Conv, so it stays a BatchNormalization node
        nn.Linear(16, 10),
        nn.LogSoftmax(dim=1),
    )
    _randomize_batchnorm(model, torch.Generator().manual_seed(20))
    return model


# ---------------------------------------------------------------------------------------------
# mobile: MobileNetV3-flavoured blocks with two outputs
# ---------------------------------------------------------------------------------------------

class SqueezeExcite(nn.Module):
    def __init__(self, channels, squeezed):
        super().__init__()
        self.pool = nn.AdaptiveAvgPool2d(1)
        self.reduce = nn.Conv2d(channels, squeezed, 1)
        self.expand = nn.Conv2d(squeezed, channels, 1)
        self.gate = nn.Hardsigmoid()

    def forward(self, x):
        s = self.pool(x)
        s = torch.relu(self.reduce(s))
        s = self.gate(self.expand(s))
        return x * s


class InvertedResidual(nn.Module):
    """Depthwise 3x3 (groups=C) -> squeeze-excite -> pointwise 1x1, plus a residual Add."""

    def __init__(self, channels):
        super().__init__()
        self.dw = nn.Conv2d(channels, channels, 3, padding=1, groups=channels, bias=False)
        self.dw_bn = nn.BatchNorm2d(channels)
        self.act = nn.Hardswish()
        self.se = SqueezeExcite(channels, channels // 4)
        self.pw = nn.Conv2d(channels, channels, 1, bias=False)
        self.pw_bn = nn.BatchNorm2d(channels)

    def forward(self, x):
        y = self.act(self.dw_bn(self.dw(x)))
        y = self.se(y)
        y = self.pw_bn(self.pw(y))
        return x + y


class Mobile(nn.Module):
    def __init__(self):
        super().__init__()
        self.stem = nn.Conv2d(3, 16, 3, stride=2, padding=1, bias=False)
        self.stem_bn = nn.BatchNorm2d(16)
        self.stem_act = nn.Hardswish()
        self.block1 = InvertedResidual(16)
        self.block2 = InvertedResidual(16)
        # two branches, concatenated on channels
        self.branch_a = nn.Conv2d(16, 8, 1)
        self.branch_b = nn.Conv2d(16, 12, 3, padding=1, groups=4)
        self.relu6 = nn.ReLU6()
        self.pool = nn.AvgPool2d(2)
        self.gpool = nn.AdaptiveAvgPool2d(1)
        self.head = nn.Linear(20, 5)

    def forward(self, x):
        x = self.stem_act(self.stem_bn(self.stem(x)))   # 16x12x12
        x = self.block1(x)
        x = self.block2(x)
        x = torch.cat([self.branch_a(x), self.relu6(self.branch_b(x))], dim=1)  # 20x12x12
        x = self.pool(x)                                 # 20x6x6
        emb = torch.flatten(self.gpool(x), 1)            # 1x20
        return torch.sigmoid(self.head(emb)), emb


def make_mobile():
    torch.manual_seed(3)
    model = Mobile()
    _randomize_batchnorm(model, torch.Generator().manual_seed(30))
    return model


# ---------------------------------------------------------------------------------------------
# kwsish: a tiny DS-CNN keyword spotter over 49x10 MFCC-like features
# ---------------------------------------------------------------------------------------------

class DSBlock(nn.Module):
    def __init__(self, channels):
        super().__init__()
        self.dw = nn.Conv2d(channels, channels, 3, padding=1, groups=channels, bias=False)
        self.bn1 = nn.BatchNorm2d(channels)
        self.pw = nn.Conv2d(channels, channels, 1, bias=False)
        self.bn2 = nn.BatchNorm2d(channels)

    def forward(self, x):
        x = torch.relu(self.bn1(self.dw(x)))
        return torch.relu(self.bn2(self.pw(x)))


class KwsIsh(nn.Module):
    def __init__(self, channels=32, classes=12):
        super().__init__()
        # 10x4 kernel at stride 2; symmetric padding (5, 1) gives TensorFlow-'same'-sized 25x5.
        # (nn.ZeroPad2d with TF's asymmetric pads exports a Slice/Transpose/Reshape subgraph
        # that torch cannot fold and that leaves the output batch dimension symbolic.)
        self.conv = nn.Conv2d(1, channels, (10, 4), stride=2, padding=(5, 1))
        self.bn = nn.BatchNorm2d(channels)
        self.blocks = nn.Sequential(DSBlock(channels), DSBlock(channels))
        self.pool = nn.AvgPool2d((25, 5))
        self.fc = nn.Linear(channels, classes)

    def forward(self, x):
        x = torch.relu(self.bn(self.conv(x)))  # 32x25x5
        x = self.blocks(x)
        x = torch.flatten(self.pool(x), 1)
        return self.fc(x)


def make_kwsish():
    torch.manual_seed(4)
    model = KwsIsh()
    _randomize_batchnorm(model, torch.Generator().manual_seed(40))
    return model


# ---------------------------------------------------------------------------------------------
# attn: one self-attention block with LayerNorm over a 8x16 token sequence
# ---------------------------------------------------------------------------------------------

class Attn(nn.Module):
    def __init__(self, dim=16):
        super().__init__()
        self.q = nn.Linear(dim, dim)
        self.k = nn.Linear(dim, dim)
        self.v = nn.Linear(dim, dim)
        self.o = nn.Linear(dim, dim)
        self.norm = nn.LayerNorm(dim)
        self.head = nn.Linear(dim, 4)
        self.scale = 1.0 / float(dim) ** 0.5

    def forward(self, x):                                 # x: 1x8x16
        q, k, v = self.q(x), self.k(x), self.v(x)
        att = torch.softmax(torch.matmul(q, k.transpose(1, 2)) * self.scale, dim=-1)
        y = self.norm(x + self.o(torch.matmul(att, v)))
        return torch.tanh(self.head(y.mean(dim=1)))


def make_attn():
    torch.manual_seed(5)
    model = Attn()
    with torch.no_grad():  # non-trivial LayerNorm affine parameters
        g = torch.Generator().manual_seed(50)
        model.norm.weight.copy_(torch.rand(16, generator=g) + 0.5)
        model.norm.bias.copy_(torch.randn(16, generator=g) * 0.1)
    return model


# ---------------------------------------------------------------------------------------------
# registry and export
# ---------------------------------------------------------------------------------------------

# name -> (builder, [(input name, shape)], [output names], needs sklearn)
MODELS = {
    "mlp": (make_mlp, [("input", (1, 1, 8, 8))], ["probabilities"], True),
    "cnn": (make_cnn, [("input", (1, 1, 16, 16))], ["log_probs"], False),
    "mobile": (make_mobile, [("input", (1, 3, 24, 24))], ["score", "embedding"], False),
    "kwsish": (make_kwsish, [("input", (1, 1, 49, 10))], ["logits"], False),
    "attn": (make_attn, [("input", (1, 8, 16))], ["output"], False),
}


def build_model(name):
    """Return the eval-mode torch module behind test/models/<name>.onnx."""
    model = MODELS[name][0]()
    model.eval()
    return model


def input_specs(name):
    return MODELS[name][1]


def output_names(name):
    return MODELS[name][2]


def needs_sklearn(name):
    return MODELS[name][3]


def sklearn_available():
    try:
        import sklearn.datasets  # noqa: F401
        return True
    except ImportError:
        return False


def export_bytes(name, model=None):
    """Export model `name` to ONNX and return the file's bytes."""
    if model is None:
        model = build_model(name)
    model.eval()
    specs = input_specs(name)
    args = tuple(torch.zeros(shape, dtype=torch.float32) for _, shape in specs)
    buf = io.BytesIO()
    with torch.no_grad():
        torch.onnx.export(
            model,
            args if len(args) > 1 else args[0],
            buf,
            export_params=True,
            opset_version=OPSET,
            do_constant_folding=True,
            input_names=[n for n, _ in specs],
            output_names=output_names(name),
            training=torch.onnx.TrainingMode.EVAL,
            verbose=False,
        )
    return buf.getvalue()


def _write(path, data):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "wb") as f:
        f.write(data)


def digit_example():
    """The first test-split digit labelled 7, as a 1x1x8x8 float32 array."""
    _, _, x_test, y_test = load_digits_split()
    idx = int(np.nonzero(y_test == 7)[0][0])
    return x_test[idx:idx + 1].copy()


def digits_accuracy(model):
    _, _, x_test, y_test = load_digits_split()
    with torch.no_grad():
        pred = model(torch.from_numpy(x_test)).argmax(dim=1).numpy()
    return float((pred == y_test).mean()), len(y_test)


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--out-dir", default=HERE, help="where <name>.onnx go (default: %(default)s)")
    ap.add_argument("--examples-dir", default=EXAMPLES,
                    help="where digits_mlp.onnx and digit_7.npy go (default: %(default)s)")
    ap.add_argument("--no-examples", action="store_true", help="do not write examples/")
    ap.add_argument("--check", action="store_true",
                    help="write nothing; export every model twice and require byte-identical "
                         "results equal to the files in --out-dir / --examples-dir")
    ap.add_argument("models", nargs="*", help="subset of: " + ", ".join(MODELS))
    args = ap.parse_args(argv)

    names = args.models or list(MODELS)
    for n in names:
        if n not in MODELS:
            ap.error("unknown model '%s' (known: %s)" % (n, ", ".join(MODELS)))
    have_sklearn = sklearn_available()

    failures = 0
    for name in names:
        if needs_sklearn(name) and not have_sklearn:
            print("%-8s SKIPPED: needs python3-sklearn (apt-get install python3-sklearn)" % name)
            failures += 1 if args.check else 0
            continue
        model = build_model(name)
        first = export_bytes(name, model)
        path = os.path.join(args.out_dir, name + ".onnx")
        if args.check:
            second = export_bytes(name, build_model(name))
            same_twice = first == second
            try:
                with open(path, "rb") as f:
                    same_file = f.read() == first
            except OSError:
                same_file = False
            ok = same_twice and same_file
            failures += 0 if ok else 1
            print("%-8s %s (%d bytes; two exports identical: %s; equals %s: %s)" % (
                name, "OK" if ok else "FAIL", len(first), same_twice,
                os.path.relpath(path), same_file))
        else:
            _write(path, first)
            print("wrote %s (%d bytes)" % (os.path.relpath(path), len(first)))
        if name == "mlp":
            acc, n = digits_accuracy(model)
            print("         digits test accuracy %.3f on %d images" % (acc, n))
            if not args.no_examples:
                ex_model = os.path.join(args.examples_dir, "digits_mlp.onnx")
                ex_input = os.path.join(args.examples_dir, "digit_7.npy")
                digit = digit_example()
                if args.check:
                    ok = os.path.exists(ex_model) and open(ex_model, "rb").read() == first
                    ok = ok and np.array_equal(np.load(ex_input), digit)
                    failures += 0 if ok else 1
                    print("%-8s %s (examples/digits_mlp.onnx and digit_7.npy up to date)" % (
                        "example", "OK" if ok else "FAIL"))
                else:
                    _write(ex_model, first)
                    os.makedirs(args.examples_dir, exist_ok=True)
                    np.save(ex_input, digit)
                    with torch.no_grad():
                        probs = model(torch.from_numpy(digit)).numpy()[0]
                    print("wrote %s and %s; torch says class %d (p=%.4f)" % (
                        os.path.relpath(ex_model), os.path.relpath(ex_input),
                        int(probs.argmax()), float(probs.max())))
    if args.check:
        print("%d model checks failed" % failures if failures else "all exports reproducible")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
