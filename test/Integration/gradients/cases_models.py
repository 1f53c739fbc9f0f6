"""FD cases: whole models ending in their loss (sampled entries for the
larger weights): an MLP, a small CNN and a pre-norm transformer block."""
import numpy as np

from fd_case import Case, randn, t


labels = np.array([2, 0, 1, 2], dtype=np.int64)

MLP = Case(
    "mlp",
    f"""%h = nn.dense %x0, %p0, %p1 {{activation = #nn.activation<relu>}} : ({t(4, 8)}, {t(16, 8)}, {t(16)}) -> {t(4, 16)}
        %h2 = nn.dense %h, %p2, %p3 {{activation = #nn.activation<tanh>}} : ({t(4, 16)}, {t(12, 16)}, {t(12)}) -> {t(4, 12)}
        %z = nn.dense %h2, %p4, %p5 : ({t(4, 12)}, {t(3, 12)}, {t(3)}) -> {t(4, 3)}
        %y = nn.cross_entropy %z, %x1 : ({t(4, 3)}, {t(4, e='i64')}) -> tensor<f64>""",
    "tensor<f64>", [randn(4, 8, seed=1), labels],
    [randn(16, 8, seed=2) * 0.4, randn(16, seed=3) * 0.1, randn(12, 16, seed=4) * 0.3,
     randn(12, seed=5) * 0.1, randn(3, 12, seed=6) * 0.3, randn(3, seed=7) * 0.1],
    loss=True)

CNN = Case(
    "cnn",
    f"""%c = nn.conv %x0, %p0, %p1 {{padding = array<i64: 1, 1, 1, 1>, activation = #nn.activation<relu>}} : ({t(4, 1, 6, 6)}, {t(3, 1, 3, 3)}, {t(3)}) -> {t(4, 3, 6, 6)}
        %m = nn.pool max %c {{kernel_shape = array<i64: 2, 2>, strides = array<i64: 2, 2>}} : ({t(4, 3, 6, 6)}) -> {t(4, 3, 3, 3)}
        %c2 = nn.conv %m, %p2 {{activation = #nn.activation<silu>}} : ({t(4, 3, 3, 3)}, {t(4, 3, 2, 2)}) -> {t(4, 4, 2, 2)}
        %f = nn.flatten %c2 : ({t(4, 4, 2, 2)}) -> {t(4, 16)}
        %z = nn.dense %f, %p3, %p4 : ({t(4, 16)}, {t(3, 16)}, {t(3)}) -> {t(4, 3)}
        %y = nn.cross_entropy %z, %x1 : ({t(4, 3)}, {t(4, e='i64')}) -> tensor<f64>""",
    "tensor<f64>", [randn(4, 1, 6, 6, seed=1), labels],
    [randn(3, 1, 3, 3, seed=2) * 0.5, randn(3, seed=3) * 0.1, randn(4, 3, 2, 2, seed=4) * 0.4,
     randn(3, 16, seed=5) * 0.3, randn(3, seed=6) * 0.1],
    loss=True)

E, L = 8, 3
TRANSFORMER = Case(
    "transformer_block",
    f"""%n1 = nn.layer_norm %x0 scale %p0 bias %p1 : ({t(2, L, E)}, {t(E)}, {t(E)}) -> {t(2, L, E)}
        %a = nn.attention %n1, %n1, %n1 weights(%p2, %p3, %p4, %p5) biases(%p6, %p7, %p8, %p9) {{num_heads = 2 : i64, causal}} : ({t(2, L, E)}, {t(2, L, E)}, {t(2, L, E)}, {t(E, E)}, {t(E, E)}, {t(E, E)}, {t(E, E)}, {t(E)}, {t(E)}, {t(E)}, {t(E)}) -> {t(2, L, E)}
        %r1 = nn.add %x0, %a : ({t(2, L, E)}, {t(2, L, E)}) -> {t(2, L, E)}
        %n2 = nn.layer_norm %r1 scale %p10 bias %p11 : ({t(2, L, E)}, {t(E)}, {t(E)}) -> {t(2, L, E)}
        %f1 = nn.dense %n2, %p12, %p13 {{activation = #nn.activation<gelu>}} : ({t(2, L, E)}, {t(16, E)}, {t(16)}) -> {t(2, L, 16)}
        %f2 = nn.dense %f1, %p14, %p15 : ({t(2, L, 16)}, {t(E, 16)}, {t(E)}) -> {t(2, L, E)}
        %r2 = nn.add %r1, %f2 : ({t(2, L, E)}, {t(2, L, E)}) -> {t(2, L, E)}
        %pool = nn.reduce mean %r2 {{axes = array<i64: 1>}} : ({t(2, L, E)}) -> {t(2, E)}
        %z = nn.dense %pool, %p16 : ({t(2, E)}, {t(3, E)}) -> {t(2, 3)}
        %y = nn.cross_entropy %z, %x1 : ({t(2, 3)}, {t(2, e='i64')}) -> tensor<f64>""",
    "tensor<f64>", [randn(2, L, E, seed=1), labels[:2]],
    [1 + 0.1 * randn(E, seed=2), 0.1 * randn(E, seed=3)]
    + [randn(E, E, seed=s) * 0.35 for s in range(4, 8)]
    + [randn(E, seed=s) * 0.1 for s in range(8, 12)]
    + [1 + 0.1 * randn(E, seed=12), 0.1 * randn(E, seed=13),
       randn(16, E, seed=14) * 0.35, randn(16, seed=15) * 0.1,
       randn(E, 16, seed=16) * 0.25, randn(E, seed=17) * 0.1, randn(3, E, seed=18) * 0.35],
    loss=True)

CASES = [MLP, CNN, TRANSFORMER]
