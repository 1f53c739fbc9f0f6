"""FD cases: nn.batch_norm (inference form), nn.layer_norm and nn.rms_norm
(through nn-decompose)."""
from fd_case import Case, randn, t


CASES = [
    Case("batch_norm",
         f"""%mean = arith.constant dense<[0.1, -0.2, 0.3]> : {t(3)}
             %var = arith.constant dense<[0.5, 1.5, 2.0]> : {t(3)}
             %y = nn.batch_norm %x0, %p0, %p1, %mean, %var : ({t(2, 3, 2, 2)}, {t(3)}, {t(3)}, {t(3)}, {t(3)}) -> {t(2, 3, 2, 2)}""",
         t(2, 3, 2, 2), [randn(2, 3, 2, 2, seed=1)], [randn(3, seed=2), randn(3, seed=3)],
         op="nn.batch_norm"),
    Case("layer_norm",
         f"%y = nn.layer_norm %x0 scale %p0 bias %p1 : ({t(2, 3, 4)}, {t(4)}, {t(4)}) -> {t(2, 3, 4)}",
         t(2, 3, 4), [randn(2, 3, 4, seed=1)], [randn(4, seed=2), randn(4, seed=3)],
         op="nn.layer_norm"),
    Case("layer_norm_axis1",
         f"%y = nn.layer_norm %x0 scale %p0 {{axis = 1 : i64}} : ({t(2, 3, 4)}, {t(3, 4)}) -> {t(2, 3, 4)}",
         t(2, 3, 4), [randn(2, 3, 4, seed=4)], [randn(3, 4, seed=5)], op="nn.layer_norm"),
    Case("rms_norm",
         f"%y = nn.rms_norm %x0 scale %p0 : ({t(3, 5)}, {t(5)}) -> {t(3, 5)}",
         t(3, 5), [randn(3, 5, seed=1)], [randn(5, seed=2)], op="nn.rms_norm"),
]
