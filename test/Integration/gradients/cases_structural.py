"""FD cases: nn.pool (max / avg, 1-D / 2-D, ceil_mode, count_include_pad),
nn.global_pool, shape ops, reduce and training-mode dropout."""
import numpy as np

from fd_case import arr, Case, randn, t, tshape


def pool_out(i, k, s, pb, pe, ceil):
    o = (i + pb + pe - k + (s - 1 if ceil else 0)) // s + 1
    if ceil and (o - 1) * s >= i + pb:
        o -= 1
    return o


def pool(name, kind, n, c, size, kernel, strides, padding, ceil=False,
         include_pad=False, seed=0):
    s = len(size)
    out = [pool_out(size[i], kernel[i], strides[i], padding[i], padding[s + i], ceil)
           for i in range(s)]
    attrs = [arr("kernel_shape", kernel), arr("strides", strides), arr("padding", padding)]
    if ceil:
        attrs.append("ceil_mode")
    if include_pad:
        attrs.append("count_include_pad")
    x = randn(n, c, *size, seed=seed)
    y = tshape((n, c, *out))
    return Case(name, f"%y = nn.pool {kind} %x0 {{{', '.join(attrs)}}} : ({tshape(x.shape)}) -> {y}",
                y, [x], op="nn.pool")


def global_pool(name, kind, n, c, size, seed=0):
    x = randn(n, c, *size, seed=seed)
    y = tshape((n, c) + (1,) * len(size))
    return Case(name, f"%y = nn.global_pool {kind} %x0 : ({tshape(x.shape)}) -> {y}",
                y, [x], op="nn.global_pool")


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
    pool("maxpool2d_k3s2_p1", "max", 2, 3, (7, 8), (3, 3), (2, 2), (1, 1, 1, 1), seed=20),
    pool("maxpool2d_ceil", "max", 1, 2, (7, 6), (3, 2), (2, 3), (1, 0, 1, 0), ceil=True,
         seed=21),
    pool("maxpool2d_k2s1", "max", 1, 2, (5, 5), (2, 2), (1, 1), (0, 0, 0, 0), seed=22),
    pool("avgpool2d_pad", "avg", 2, 2, (7, 8), (3, 3), (2, 2), (1, 1, 1, 1), seed=23),
    pool("avgpool2d_pad_include", "avg", 2, 2, (7, 8), (3, 3), (2, 2), (1, 1, 1, 1),
         include_pad=True, seed=24),
    pool("avgpool2d_ceil_include", "avg", 1, 2, (7, 6), (3, 2), (2, 3), (1, 0, 1, 0),
         ceil=True, include_pad=True, seed=25),
    pool("avgpool2d_ceil", "avg", 1, 2, (7, 6), (3, 2), (2, 3), (1, 0, 1, 0), ceil=True,
         seed=26),
    pool("maxpool1d_ceil", "max", 2, 3, (11,), (3,), (2,), (1, 1), ceil=True, seed=27),
    pool("avgpool1d_ceil", "avg", 2, 3, (11,), (4,), (3,), (2, 2), ceil=True, seed=28),
    pool("avgpool1d_include", "avg", 2, 3, (10,), (3,), (2,), (1, 1), include_pad=True,
         seed=29),
    global_pool("global_max2d", "max", 2, 3, (4, 5), seed=30),
    global_pool("global_avg2d", "avg", 2, 3, (4, 5), seed=31),
    global_pool("global_max1d", "max", 2, 3, (7,), seed=32),
    global_pool("global_avg1d", "avg", 2, 3, (7,), seed=33),
]
