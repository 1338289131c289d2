#!/usr/bin/env python3
"""Writes ../canonicalize.mlir: one constant-folding case per foldable tml op.

The expected values are computed here with numpy (independently of the C++
folders) and written into the CHECK lines; rerun this script only to add
cases, never to "fix" a failing expectation.
"""
import os

import numpy as np

MLIR_TYPES = {np.float32: "f32", np.int64: "i64", np.int32: "i32", np.bool_: "i1"}


def ty(a):
    shape = "x".join(str(d) for d in a.shape)
    return "tensor<%s%s>" % (shape + "x" if a.ndim else "", MLIR_TYPES[a.dtype.type])


def fmt_attr(a):
    """Operand constant as MLIR text."""
    def el(v):
        if a.dtype == np.bool_:
            return "true" if v else "false"
        if a.dtype == np.float32:
            return repr(float(v))
        return str(int(v))
    def rec(x):
        if x.ndim == 0:
            return el(x.item())
        return "[" + ", ".join(rec(y) for y in x) + "]"
    return "dense<%s>" % rec(a)


def check_el(v, dtype):
    """A FileCheck pattern for one printed element."""
    if dtype == np.bool_:
        return "true" if v else "false"
    if dtype != np.float32:
        return str(int(v))
    f = np.float32(v)
    exact = "%e" % float(f)
    if float(exact) == float(f):
        return exact
    # Not exactly printable with 7 digits: match the first 6 significant
    # digits of numpy's shortest repr (values are kept in [0.1, 10)).
    assert 0.1 <= abs(float(f)) < 10, v
    s = np.format_float_positional(f, unique=True)
    sign = "-" if s.startswith("-") else ""
    s = s.lstrip("-")
    return sign + s[:7] + "{{[0-9]*}}"


def check_attr(a):
    if a.size >= 1 and len(set(a.flatten().tolist())) == 1:
        return "dense<%s>" % check_el(a.flatten()[0], a.dtype.type)  # splat
    def rec(x):
        if x.ndim == 0:
            return check_el(x.item(), a.dtype.type)
        return "{{\\[}}" + ", ".join(rec(y) for y in x) + "]"
    return "dense<%s>" % rec(a)


CASES = []


def case(name, op, inputs, result, attrs=""):
    CASES.append((name, op, inputs, result, attrs))


f32 = lambda x: np.array(x, dtype=np.float32)
i64 = lambda x: np.array(x, dtype=np.int64)
i32 = lambda x: np.array(x, dtype=np.int32)

m = f32([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]])
v = f32([0.5, -1.0, 2.0])
col = f32([[10.0], [-3.0]])

# Binary with broadcasting (row vector, column vector, scalar-shaped).
case("add_broadcast_row", "add", [m, v], m + v)
case("sub_broadcast_col", "sub", [m, col], m - col)
case("mul_broadcast_both", "mul", [col, v], col * v)
case("div", "div", [m, f32([[2.0], [4.0]])], m / f32([[2.0], [4.0]]))
case("pow", "pow", [f32([2.0, 3.0, 9.0]), f32([3.0, 2.0, 0.5])],
     np.power(f32([2.0, 3.0, 9.0]), f32([3.0, 2.0, 0.5])))
case("min", "min", [m, f32([2.5])], np.minimum(m, f32([2.5])))
case("max", "max", [m, f32([[3.5, 0.0, 7.0]])], np.maximum(m, f32([[3.5, 0.0, 7.0]])))
pr_x = f32([[-2.0, 3.0, -4.0], [1.0, -1.0, 0.0]])
case("prelu", "prelu", [pr_x, f32([0.5, 0.25, 2.0])],
     np.where(pr_x >= 0, pr_x, pr_x * f32([0.5, 0.25, 2.0])))
case("add_i64", "add", [i64([[1, 2], [3, 4]]), i64([100, -7])],
     i64([[1, 2], [3, 4]]) + i64([100, -7]))
case("mul_i32_wraps", "mul", [i32([65536, 3]), i32([65536, -5])],
     (i64([65536, 3]) * i64([65536, -5])).astype(np.int32))
case("div_i64_truncates", "div", [i64([7, -7, 9]), i64([2, 2, -4])],
     i64([3, -3, -2]))  # C division truncates toward zero

# Unary.
u = f32([-1.5, 0.25, 2.0, 4.0])
pos = f32([0.25, 1.0, 2.0, 4.0])
case("relu", "relu", [u], np.maximum(u, 0))
case("neg", "neg", [u], -u)
case("abs", "abs", [u], np.abs(u))
case("sqrt", "sqrt", [pos], np.sqrt(pos))
case("reciprocal", "reciprocal", [pos], 1 / pos)
case("exp", "exp", [f32([0.0, 1.0, 2.0])], np.exp(f32([0.0, 1.0, 2.0])))
case("log", "log", [f32([1.5, 3.0, 9.0])], np.log(f32([1.5, 3.0, 9.0])))
case("tanh", "tanh", [f32([0.5, 1.0, 2.0])], np.tanh(f32([0.5, 1.0, 2.0])))
case("sigmoid", "sigmoid", [f32([0.0, 1.0, 3.0])],
     1 / (1 + np.exp(-f32([0.0, 1.0, 3.0]))))
hs = f32([-4.0, -1.5, 0.0, 1.5, 4.0])
case("hard_swish", "hard_swish", [hs], hs * np.clip(hs / 6 + 0.5, 0, 1))
case("leaky_relu", "leaky_relu", [u], np.where(u >= 0, u, 0.5 * u),
     "{alpha = 5.000000e-01 : f32}")
hsig = f32([-5.0, -1.0, 0.0, 1.0, 5.0])
case("hard_sigmoid", "hard_sigmoid", [hsig],
     np.clip(0.25 * hsig + 0.5, 0, 1),
     "{alpha = 2.500000e-01 : f32, beta = 5.000000e-01 : f32}")
case("clip", "clip", [u], np.clip(u, -1.0, 2.5),
     "{max = 2.500000e+00 : f64, min = -1.000000e+00 : f64}")
case("relu_i64", "relu", [i64([-3, 0, 5])], i64([0, 0, 5]))
case("neg_i32", "neg", [i32([-3, 0, 5])], i32([3, 0, -5]))

# Cast.
cf = f32([-1.75, -0.5, 0.0, 2.9, 7.0])
CASES.append(("cast_f32_to_i32", "cast", [cf], np.trunc(cf).astype(np.int32), ""))
CASES.append(("cast_f32_to_i1", "cast", [cf], cf != 0, ""))
CASES.append(("cast_i64_to_f32", "cast", [i64([-3, 0, 1 << 12, 5])],
              i64([-3, 0, 1 << 12, 5]).astype(np.float32), ""))
CASES.append(("cast_i64_to_i32_wraps", "cast", [i64([1 << 32 | 5, -1, 1 << 31])],
              i64([1 << 32 | 5, -1, 1 << 31]).astype(np.int32), ""))

# Data movement.
t = np.arange(24, dtype=np.float32).reshape(2, 3, 4)
CASES.append(("reshape", "reshape", [m], m.reshape(3, 2), ""))
CASES.append(("transpose", "transpose", [t], t.transpose(2, 0, 1),
              "{perm = array<i64: 2, 0, 1>}"))
CASES.append(("concat_axis1", "concat", [m, f32([[7.0], [8.0]])],
              np.concatenate([m, f32([[7.0], [8.0]])], axis=1), "{axis = 1 : i64}"))
CASES.append(("concat_i64", "concat", [i64([1, 2]), i64([3]), i64([4, 5])],
              i64([1, 2, 3, 4, 5]), "{axis = 0 : i64}"))
# starts/steps: axis 0 from 1 backwards, axis 2 from 3 backwards by 2.
CASES.append(("slice_negative_steps", "slice", [t], t[1::-1, 0:3:2, 3::-2],
              "{starts = array<i64: 1, 0, 3>, steps = array<i64: -1, 2, -2>}"))
CASES.append(("gather_axis1_negative_index", "gather", [m, i64([2, -3, 1])],
              m[:, [2, 0, 1]], "{axis = 1 : i64}"))
CASES.append(("gather_2d_indices", "gather", [t, i32([[1, 0], [1, 1]])],
              t[[[1, 0], [1, 1]]], "{axis = 0 : i64}"))

# Reductions.
r = f32([[[1.0, -2.0], [3.0, 4.0], [0.5, 6.0]], [[-1.0, 2.0], [8.0, 0.25], [2.0, -3.0]]])
CASES.append(("reduce_sum", "reduce_sum", [r], r.sum(axis=1),
              "{axes = array<i64: 1>, keepdims = false}"))
CASES.append(("reduce_mean_keepdims", "reduce_mean", [r], r.mean(axis=(0, 2), keepdims=True),
              "{axes = array<i64: 0, 2>, keepdims = true}"))
CASES.append(("reduce_max", "reduce_max", [r], r.max(axis=2),
              "{axes = array<i64: 2>, keepdims = false}"))
CASES.append(("reduce_min_all", "reduce_min", [r], r.min(axis=(0, 1, 2), keepdims=True),
              "{axes = array<i64: 0, 1, 2>, keepdims = true}"))

out = ["// Constant folding of every foldable tml op. Expected values were computed",
       "// with numpy by Inputs/gen_canonicalize.py, independently of the folders.",
       "// RUN: tmlc-opt %s -canonicalize | FileCheck %s", ""]
for name, op, inputs, result, attrs in CASES:
    result = np.asarray(result)
    args = []
    body = []
    for k, a in enumerate(inputs):
        body.append("  %%c%d = tml.constant %s : %s" % (k, fmt_attr(a), ty(a)))
        args.append("%%c%d" % k)
    sep = " " + attrs + " " if attrs else " "
    body.append("  %%r = tml.%s %s%s: (%s) -> %s" % (
        op, ", ".join(args), sep, ", ".join(ty(a) for a in inputs), ty(result)))
    out.append("// CHECK-LABEL: func.func @%s()" % name)
    out.append("// CHECK-NEXT: %%[[R:.*]] = tml.constant %s : %s" % (check_attr(result), ty(result)))
    out.append("// CHECK-NEXT: return %[[R]]")
    out.append("func.func @%s() -> %s {" % (name, ty(result)))
    out.extend(body)
    out.append("  return %%r : %s" % ty(result))
    out.append("}")
    out.append("")

# Ops whose operands are not all constant stay; a cast to the same type and
# an identity transpose/slice fold away to their operand.
out += """// CHECK-LABEL: func.func @not_constant(
// CHECK: tml.add
// CHECK: tml.sigmoid
func.func @not_constant(%x: tensor<3xf32>) -> tensor<3xf32> {
  %c = tml.constant dense<[1.0, 2.0, 3.0]> : tensor<3xf32>
  %0 = tml.add %x, %c : (tensor<3xf32>, tensor<3xf32>) -> tensor<3xf32>
  %1 = tml.sigmoid %0 : (tensor<3xf32>) -> tensor<3xf32>
  return %1 : tensor<3xf32>
}

// CHECK-LABEL: func.func @identities(
// CHECK-SAME: %[[X:[a-z0-9]+]]: tensor<2x3xf32>
// CHECK-NEXT: return %[[X]]
func.func @identities(%x: tensor<2x3xf32>) -> tensor<2x3xf32> {
  %0 = tml.cast %x : (tensor<2x3xf32>) -> tensor<2x3xf32>
  %1 = tml.transpose %0 {perm = array<i64: 0, 1>} : (tensor<2x3xf32>) -> tensor<2x3xf32>
  %2 = tml.slice %1 {starts = array<i64: 0, 0>, steps = array<i64: 1, 1>} : (tensor<2x3xf32>) -> tensor<2x3xf32>
  %3 = tml.reshape %2 : (tensor<2x3xf32>) -> tensor<6xf32>
  %4 = tml.reshape %3 : (tensor<6xf32>) -> tensor<2x3xf32>
  %5 = tml.concat %4 {axis = 0 : i64} : (tensor<2x3xf32>) -> tensor<2x3xf32>
  return %5 : tensor<2x3xf32>
}

// Integer division by zero is left for the run-time check.
// CHECK-LABEL: func.func @div_by_zero_not_folded(
// CHECK: tml.div
func.func @div_by_zero_not_folded() -> tensor<2xi64> {
  %a = tml.constant dense<[4, 5]> : tensor<2xi64>
  %b = tml.constant dense<[2, 0]> : tensor<2xi64>
  %0 = tml.div %a, %b : (tensor<2xi64>, tensor<2xi64>) -> tensor<2xi64>
  return %0 : tensor<2xi64>
}
""".splitlines()

here = os.path.dirname(os.path.abspath(__file__))
with open(os.path.join(here, "..", "canonicalize.mlir"), "w") as f:
    f.write("\n".join(out) + "\n")
