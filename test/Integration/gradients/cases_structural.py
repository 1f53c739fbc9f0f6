"""FD cases: shape ops, reduce and training-mode dropout."""
import numpy as np

from fd_case import Case, randn


def t(*s):
    return "tensor<" + "".join(f"{d}x" for d in s) + "f64>"


X = t(2, 3, 4)
CASES = [
    Case("flatten", f"%y = nn.flatten %x0 {{axis = 2 : i64}} : ({X}) -> {t(6, 4)}", t(6, 4),
         [randn(2, 3, 4, seed=1)], op="nn.flatten"),
    Case("reshape", f"%y = nn.reshape %x0 : ({X}) -> {t(4, 6)}", t(4, 6), [randn(2, 3, 4, seed=2)],
         op="nn.reshape"),
    Case("transpose", f"%y = nn.transpose %x0 {{permutation = array<i64: 2, 0, 1>}} : ({X}) -> {t(4, 2, 3)}",
         t(4, 2, 3), [randn(2, 3, 4, seed=3)], op="nn.transpose"),
    Case("concat", f"%y = nn.concat %x0, %x1, %x0 {{axis = 1 : i64}} : ({X}, {t(2, 1, 4)}, {X}) -> {t(2, 7, 4)}",
         t(2, 7, 4), [randn(2, 3, 4, seed=4), randn(2, 1, 4, seed=5)], op="nn.concat"),
    Case("split_one_unused",
         f"""%a, %b, %c = nn.split %x0 {{axis = 2 : i64, sizes = array<i64: 1, 2, 1>}} : ({X}) -> ({t(2, 3, 1)}, {t(2, 3, 2)}, {t(2, 3, 1)})
             %y = nn.mul %a, %b : ({t(2, 3, 1)}, {t(2, 3, 2)}) -> {t(2, 3, 2)}""",
         t(2, 3, 2), [randn(2, 3, 4, seed=6)], op="nn.split"),
    Case("reduce_sum", f"%y = nn.reduce sum %x0 {{axes = array<i64: 0, 2>}} : ({X}) -> {t(3)}", t(3),
         [randn(2, 3, 4, seed=7)], op="nn.reduce"),
    Case("reduce_mean_keepdims", f"%y = nn.reduce mean %x0 {{axes = array<i64: -1>, keepdims}} : ({X}) -> {t(2, 3, 1)}",
         t(2, 3, 1), [randn(2, 3, 4, seed=8)], op="nn.reduce"),
    Case("reduce_max", f"%y = nn.reduce max %x0 {{axes = array<i64: 1>}} : ({X}) -> {t(2, 4)}", t(2, 4),
         [randn(2, 3, 4, seed=9)], op="nn.reduce"),
    Case("reduce_min", f"%y = nn.reduce min %x0 {{axes = array<i64: 0, 1, 2>}} : ({X}) -> tensor<f64>",
         "tensor<f64>", [randn(2, 3, 4, seed=10)], op="nn.reduce"),
    Case("reduce_prod", f"%y = nn.reduce prod %x0 {{axes = array<i64: 2>}} : ({X}) -> {t(2, 3)}", t(2, 3),
         [np.random.default_rng(11).uniform(0.5, 1.5, (2, 3, 4))], op="nn.reduce"),
    Case("dropout_training", f"%y = nn.dropout %x0 {{rate = 0.5 : f64}} : {X}", X,
         [randn(2, 3, 4, seed=12)], op="nn.dropout"),
    Case("dropout_inference", f"%y = nn.dropout %x0 {{rate = 0.5 : f64}} : {X}", X,
         [randn(2, 3, 4, seed=13)], options="training=false", op="nn.dropout"),
]
