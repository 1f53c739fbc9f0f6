"""FD cases: nn.conv (1-D / 2-D, strides, asymmetric padding, dilations,
groups, bias), nn.pool (max / avg, 1-D / 2-D, ceil_mode,
count_include_pad), nn.global_pool and nn.embedding (repeated indices)."""
import numpy as np

from fd_case import Case, randn


def t(shape, elt="f64"):
    return "tensor<" + "".join(f"{d}x" for d in shape) + elt + ">"


def arr(name, values):
    return f"{name} = array<i64: {', '.join(str(v) for v in values)}>"


def conv(name, n, cin, size, cout, kernel, strides, padding, dilations,
         groups=1, bias=False, seed=0):
    s = len(size)
    out = [(size[i] + padding[i] + padding[s + i] - dilations[i] * (kernel[i] - 1)
            - 1) // strides[i] + 1 for i in range(s)]
    x = randn(n, cin, *size, seed=seed)
    w = randn(cout, cin // groups, *kernel, seed=seed + 1)
    params = [w] + ([randn(cout, seed=seed + 2)] if bias else [])
    operands = "%x0, %p0" + (", %p1" if bias else "")
    types = [t(x.shape), t(w.shape)] + ([t((cout,))] if bias else [])
    attrs = ", ".join([arr("strides", strides), arr("padding", padding),
                       arr("dilations", dilations), f"groups = {groups} : i64"])
    y = t((n, cout, *out))
    return Case(name, f"%y = nn.conv {operands} {{{attrs}}} : ({', '.join(types)}) -> {y}",
                y, [x], params, op="nn.conv")


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
    y = t((n, c, *out))
    return Case(name, f"%y = nn.pool {kind} %x0 {{{', '.join(attrs)}}} : ({t(x.shape)}) -> {y}",
                y, [x], op="nn.pool")


def global_pool(name, kind, n, c, size, seed=0):
    x = randn(n, c, *size, seed=seed)
    y = t((n, c) + (1,) * len(size))
    return Case(name, f"%y = nn.global_pool {kind} %x0 : ({t(x.shape)}) -> {y}",
                y, [x], op="nn.global_pool")


def embedding(name, indices, vocab, dim, seed=0):
    idx = np.array(indices, dtype=np.int64)
    table = randn(vocab, dim, seed=seed)
    y = t(idx.shape + (dim,))
    return Case(name, f"%y = nn.embedding %x0, %p0 : ({t(idx.shape, 'i64')}, {t(table.shape)}) -> {y}",
                y, [idx], [table], op="nn.embedding")


CASES = [
    conv("conv2d_s2_p1_d2_g2_bias", 2, 4, (7, 8), 6, (3, 3), (2, 2), (1, 1, 1, 1),
         (2, 2), groups=2, bias=True, seed=10),
    conv("conv2d_plain", 1, 3, (5, 5), 2, (3, 2), (1, 1), (0, 0, 0, 0), (1, 1), seed=11),
    conv("conv2d_asym_pad_s3_g2", 2, 2, (6, 7), 4, (2, 3), (3, 2), (0, 2, 1, 1), (1, 2),
         groups=2, bias=True, seed=12),
    conv("conv2d_depthwise", 1, 3, (5, 6), 3, (3, 3), (1, 2), (1, 1, 1, 1), (1, 1),
         groups=3, seed=13),
    conv("conv1d_asym_pad_bias", 2, 3, (9,), 4, (3,), (2,), (2, 1), (1,), bias=True, seed=14),
    conv("conv1d_dil3_groups4", 1, 4, (10,), 4, (2,), (1,), (0, 3), (3,), groups=4, seed=15),
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
    embedding("embedding_repeated", [[1, 3, 1, 5], [0, 1, 3, 3]], 6, 3, seed=40),
    embedding("embedding_1d", [2, 2, 0, 3, 2], 4, 2, seed=41),
]
