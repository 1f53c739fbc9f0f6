"""FD cases: nn.dense and nn.matmul (epilogues, batched broadcast) and nn.conv
(1-D / 2-D, strides, asymmetric padding, dilations, groups, bias)."""
from fd_case import arr, away_from_zero, Case, randn, t, tshape


def conv(name, n, cin, size, cout, kernel, strides, padding, dilations,
         groups=1, bias=False, seed=0):
    s = len(size)
    out = [(size[i] + padding[i] + padding[s + i] - dilations[i] * (kernel[i] - 1)
            - 1) // strides[i] + 1 for i in range(s)]
    x = randn(n, cin, *size, seed=seed)
    w = randn(cout, cin // groups, *kernel, seed=seed + 1)
    params = [w] + ([randn(cout, seed=seed + 2)] if bias else [])
    operands = "%x0, %p0" + (", %p1" if bias else "")
    types = [tshape(x.shape), tshape(w.shape)] + ([tshape((cout,))] if bias else [])
    attrs = ", ".join([arr("strides", strides), arr("padding", padding),
                       arr("dilations", dilations), f"groups = {groups} : i64"])
    y = tshape((n, cout, *out))
    return Case(name, f"%y = nn.conv {operands} {{{attrs}}} : ({', '.join(types)}) -> {y}",
                y, [x], params, op="nn.conv")


CASES = [
    Case("dense_bias", f"%y = nn.dense %x0, %p0, %p1 : ({t(4, 3)}, {t(5, 3)}, {t(5)}) -> {t(4, 5)}",
         t(4, 5), [randn(4, 3, seed=1)], [randn(5, 3, seed=2), randn(5, seed=3)], op="nn.dense"),
    Case("dense_3d_relu_epilogue",
         f"%y = nn.dense %x0, %p0, %p1 {{activation = #nn.activation<relu>}} : "
         f"({t(2, 3, 4)}, {t(5, 4)}, {t(5)}) -> {t(2, 3, 5)}",
         t(2, 3, 5), [away_from_zero(2, 3, 4, seed=1)], [randn(5, 4, seed=2), randn(5, seed=3)],
         op="nn.dense"),
    Case("dense_elu_epilogue_nobias",
         f"%y = nn.dense %x0, %p0 {{activation = #nn.activation<elu, 0.5 : f64>}} : "
         f"({t(4, 3)}, {t(2, 3)}) -> {t(4, 2)}",
         t(4, 2), [randn(4, 3, seed=4)], [randn(2, 3, seed=5)], op="nn.dense"),
    Case("matmul_batched_broadcast",
         f"%y = nn.matmul %x0, %x1 : ({t(2, 3, 4)}, {t(4, 5)}) -> {t(2, 3, 5)}",
         t(2, 3, 5), [randn(2, 3, 4, seed=1), randn(4, 5, seed=2)], op="nn.matmul"),
    Case("matmul_bias_gelu",
         f"%y = nn.matmul %x0, %x1, %x2 {{activation = #nn.activation<gelu>}} : "
         f"({t(2, 1, 3, 4)}, {t(3, 4, 2)}, {t(2)}) -> {t(2, 3, 3, 2)}",
         t(2, 3, 3, 2), [randn(2, 1, 3, 4, seed=1), randn(3, 4, 2, seed=2), randn(2, seed=3)],
         op="nn.matmul"),
    conv("conv2d_s2_p1_d2_g2_bias", 2, 4, (7, 8), 6, (3, 3), (2, 2), (1, 1, 1, 1),
         (2, 2), groups=2, bias=True, seed=10),
    conv("conv2d_plain", 1, 3, (5, 5), 2, (3, 2), (1, 1), (0, 0, 0, 0), (1, 1), seed=11),
    conv("conv2d_asym_pad_s3_g2", 2, 2, (6, 7), 4, (2, 3), (3, 2), (0, 2, 1, 1), (1, 2),
         groups=2, bias=True, seed=12),
    conv("conv2d_depthwise", 1, 3, (5, 6), 3, (3, 3), (1, 2), (1, 1, 1, 1), (1, 1),
         groups=3, seed=13),
    conv("conv1d_asym_pad_bias", 2, 3, (9,), 4, (3,), (2,), (2, 1), (1,), bias=True, seed=14),
    conv("conv1d_dil3_groups4", 1, 4, (10,), 4, (2,), (1,), (0, 3), (3,), groups=4, seed=15),
]
