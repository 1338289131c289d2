#!/usr/bin/env python3
"""Converts an ONNX textual model to a binary .onnx file.

usage: txt2onnx.py INPUT.onnxtxt OUTPUT.onnx

Lines of INPUT starting with '//' (lit RUN/CHECK lines) are dropped; the
rest is parsed with onnx.parser.parse_model. Initializers can't be written in
the ONNX text syntax of onnx 1.12, so a line
    # init NAME DTYPE DIMS VALUES...
(e.g. '# init w float 2x3 1 2 3 4 5 6') adds an initializer; the '#' lines
are removed before parsing as well.
"""
import sys

import numpy as np
import onnx
import onnx.numpy_helper
import onnx.parser

DTYPES = {"float": np.float32, "int64": np.int64, "int32": np.int32,
          "double": np.float64, "bool": np.bool_, "uint8": np.uint8,
          "int8": np.int8}


def main():
    if len(sys.argv) != 3:
        sys.exit("usage: txt2onnx.py INPUT.onnxtxt OUTPUT.onnx")
    text, inits = [], []
    with open(sys.argv[1]) as f:
        for line in f:
            s = line.strip()
            if s.startswith("//"):
                continue
            if s.startswith("# init "):
                parts = s.split()[2:]
                name, dtype, dims = parts[0], parts[1], parts[2]
                shape = [] if dims == "scalar" else [int(d) for d in dims.split("x")]
                values = np.array([float(v) for v in parts[3:]]).astype(DTYPES[dtype])
                inits.append(onnx.numpy_helper.from_array(values.reshape(shape), name))
                continue
            if s.startswith("#"):
                continue
            text.append(line)
    model = onnx.parser.parse_model("".join(text))
    model.graph.initializer.extend(inits)
    onnx.checker.check_model(model)
    onnx.save(model, sys.argv[2])


if __name__ == "__main__":
    main()
