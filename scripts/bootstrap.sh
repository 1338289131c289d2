#!/usr/bin/env bash
# First command of the README: install what is missing, build, then compile
# and run the example model shipped in examples/ and print its output.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh
bash scripts/build.sh
out=$(mktemp -d)
build/bin/tmlc compile examples/digits_mlp.onnx -o "$out/digits" --name digits
echo "generated C: $(ls "$out/digits" | tr '\n' ' ')"
build/bin/tmlc run examples/digits_mlp.onnx --input input=examples/digit_7.npy -o "$out/run"
/usr/bin/python3 -c "
import numpy as np
p = np.load('$out/run/probabilities.npy')
print('class probabilities:', ' '.join('%d:%.4f' % (i, v) for i, v in enumerate(p[0])))
print('predicted digit:', int(p.argmax()))"
rm -rf "$out"
