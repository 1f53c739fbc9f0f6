"""FD cases: the losses (class-index targets get no gradient)."""
import numpy as np

from fd_case import Case, randn, rng, t


X = t(3, 5)
labels = np.array([1, 4, 0], dtype=np.int64)
probs = rng(9).dirichlet(np.ones(5), 3)
CASES = [
    Case("cross_entropy_index_mean", f"%y = nn.cross_entropy %x0, %x1 : ({X}, {t(3, e='i64')}) -> tensor<f64>",
         "tensor<f64>", [randn(3, 5, seed=1), labels], loss=True, op="nn.cross_entropy"),
    Case("cross_entropy_index_none",
         f"%y = nn.cross_entropy %x0, %x1 {{reduction = #nn.reduction<none>}} : ({X}, {t(3, e='i64')}) -> {t(3)}",
         t(3), [randn(3, 5, seed=2), labels], op="nn.cross_entropy"),
    Case("cross_entropy_probs_sum",
         f"%y = nn.cross_entropy %x0, %x1 {{reduction = #nn.reduction<sum>}} : ({X}, {X}) -> tensor<f64>",
         "tensor<f64>", [randn(3, 5, seed=3), probs], loss=True, op="nn.cross_entropy"),
    Case("cross_entropy_on_probabilities",
         f"""%p = nn.softmax %x0 : ({X}) -> {X}
             %y = nn.cross_entropy %p, %x1 {{from_logits = false}} : ({X}, {t(3, e='i64')}) -> tensor<f64>""",
         "tensor<f64>", [randn(3, 5, seed=4), labels], loss=True, op="nn.cross_entropy"),
    Case("bce", f"%y = nn.bce %x0, %x1 : ({X}, {X}) -> tensor<f64>", "tensor<f64>",
         [rng(1).uniform(0.1, 0.9, (3, 5)), rng(2).uniform(0, 1, (3, 5))], loss=True, op="nn.bce"),
    Case("bce_with_logits_none",
         f"%y = nn.bce_with_logits %x0, %x1 {{reduction = #nn.reduction<none>}} : ({X}, {X}) -> {X}",
         X, [randn(3, 5, seed=3), rng(4).uniform(0, 1, (3, 5))], op="nn.bce_with_logits"),
    Case("mse", f"%y = nn.mse %x0, %x1 : ({X}, {X}) -> tensor<f64>", "tensor<f64>",
         [randn(3, 5, seed=5), randn(3, 5, seed=6)], loss=True, op="nn.mse"),
]
