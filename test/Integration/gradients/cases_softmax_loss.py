"""FD cases: the softmax family and the losses (targets get no gradient)."""
import numpy as np

from fd_case import Case, randn, rng


def t(*s, e="f64"):
    return "tensor<" + "".join(f"{d}x" for d in s) + e + ">"


X = t(3, 5)
labels = np.array([1, 4, 0], dtype=np.int64)
probs = rng(9).dirichlet(np.ones(5), 3)
mask = np.array([[True, False, True, True, False]] * 3)
CASES = [
    Case("softmax", f"%y = nn.softmax %x0 : ({X}) -> {X}", X, [randn(3, 5, seed=1)], op="nn.softmax"),
    Case("softmax_axis0_temperature",
         f"%y = nn.softmax %x0 {{axis = 0 : i64, temperature = 2.5 : f64}} : ({X}) -> {X}",
         X, [randn(3, 5, seed=2)], op="nn.softmax"),
    Case("softmax_bool_mask", f"%y = nn.softmax %x0 mask %x1 : ({X}, {t(3, 5, e='i1')}) -> {X}",
         X, [randn(3, 5, seed=3), mask], op="nn.softmax"),
    Case("softmax_float_mask", f"%y = nn.softmax %x0 mask %x1 : ({X}, {t(5)}) -> {X}",
         X, [randn(3, 5, seed=3), randn(5, seed=4)], op="nn.softmax"),
    Case("log_softmax", f"%y = nn.log_softmax %x0 {{temperature = 0.5 : f64}} : ({X}) -> {X}",
         X, [randn(3, 5, seed=5)], op="nn.log_softmax"),
    Case("log_softmax_bool_mask",
         f"""%l = nn.log_softmax %x0 mask %x1 : ({X}, {t(3, 5, e='i1')}) -> {X}
             %z = arith.constant dense<0.0> : {X}
             %y = nn.max %l, %z : ({X}, {X}) -> {X}""",
         X, [randn(3, 5, seed=6) - 3.0, mask], op="nn.log_softmax"),
    Case("sparsemax", f"%y = nn.sparsemax %x0 : ({X}) -> {X}", X,
         [np.array([[0.9, 0.1, 0.5, -0.7, 0.8], [2.0, -1.0, 0.3, 0.35, 1.7],
                    [0.05, 0.4, -0.2, 0.6, 0.1]])], op="nn.sparsemax"),
    Case("grid_softmax", f"%y = nn.grid_softmax %x0 {{groups = 2 : i64, temperature = 1.5 : f64}} : "
         f"({t(3, 6)}) -> {t(3, 6)}", t(3, 6), [randn(3, 6, seed=7)], op="nn.grid_softmax"),
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
