"""End-to-end cases: cross_entropy, bce, bce_with_logits, mse against
PyTorch, for every reduction and both target kinds."""
import numpy as np
import torch
import torch.nn.functional as F

from e2e_case import Case, randn, rng, uniform

REDUCTIONS = ["mean", "sum", "none"]


def tt(shape, elt="f32"):
    dims = "".join(("?" if d is None else str(d)) + "x" for d in shape)
    return f"tensor<{dims}{elt}>"


def loss_text(op, in_type, target_type, out_type, attrs):
    attr = f" {{{', '.join(attrs)}}}" if attrs else ""
    return f"""
func.func @main(%x: {in_type}, %t: {target_type}) -> {out_type} {{
  %0 = nn.{op} %x, %t{attr} : ({in_type}, {target_type}) -> {out_type}
  return %0 : {out_type}
}}
"""


def softmax_np(z):
    e = np.exp(z - z.max(axis=1, keepdims=True))
    return (e / e.sum(axis=1, keepdims=True)).astype(z.dtype)


def reduce_ref(per, reduction):
    if reduction == "mean":
        return per.mean()
    if reduction == "sum":
        return per.sum()
    return per


B, C = 6, 5
logits = randn(B, C, seed=50)
labels = rng(51).integers(0, C, size=(B,)).astype(np.int64)
soft = softmax_np(randn(B, C, seed=52))       # probability targets
probs = softmax_np(randn(B, C, seed=53))      # probability inputs

CASES = []

# ---------------------------------------------------------------------------
# cross_entropy: {logits, probabilities} x {index, probability targets} x
# {mean, sum, none}; a dynamic batch in every other case.
# ---------------------------------------------------------------------------

for i, red in enumerate(REDUCTIONS):
    dynamic = i != 1
    b = None if dynamic else B
    out = tt(()) if red != "none" else tt((b,))
    suffix = f"{red}{'_dynbatch' if dynamic else ''}"
    attrs = [f"reduction = #nn.reduction<{red}>"]

    CASES.append(Case(
        f"ce_logits_index_{suffix}",
        loss_text("cross_entropy", tt((b, C)), tt((b,), "i64"), out, attrs),
        [logits, labels],
        lambda x, t, red=red: F.cross_entropy(x, t, reduction=red)))
    CASES.append(Case(
        f"ce_logits_prob_{suffix}",
        loss_text("cross_entropy", tt((b, C)), tt((b, C)), out, attrs),
        [logits, soft],
        lambda x, t, red=red: F.cross_entropy(x, t, reduction=red)))
    CASES.append(Case(
        f"ce_probs_index_{suffix}",
        loss_text("cross_entropy", tt((b, C)), tt((b,), "i64"), out,
                  ["from_logits = false"] + attrs),
        [probs, labels],
        lambda p, t, red=red: F.nll_loss(torch.log(p), t, reduction=red)))
    CASES.append(Case(
        f"ce_probs_prob_{suffix}",
        loss_text("cross_entropy", tt((b, C)), tt((b, C)), out,
                  ["from_logits = false"] + attrs),
        [probs, soft],
        lambda p, t, red=red: reduce_ref(-(t * torch.log(p)).sum(1), red)))

CASES += [
    Case("ce_logits_index_large_logits",
         loss_text("cross_entropy", tt((B, C)), tt((B,), "i64"), tt(()), []),
         [(100 * logits).astype(np.float32), labels],
         lambda x, t: F.cross_entropy(x, t),
         note="logits of magnitude ~100: exp overflows without the max "
              "subtraction"),
    Case("ce_logits_index_f64",
         loss_text("cross_entropy", tt((None, C), "f64"), tt((None,), "i64"),
                   tt((), "f64"), []),
         [logits.astype(np.float64), labels],
         lambda x, t: F.cross_entropy(x, t), rtol=1e-10),
    Case("ce_logits_prob_none_f64",
         loss_text("cross_entropy", tt((B, C), "f64"), tt((B, C), "f64"),
                   tt((B,), "f64"), ["reduction = #nn.reduction<none>"]),
         [logits.astype(np.float64), soft.astype(np.float64)],
         lambda x, t: F.cross_entropy(x, t, reduction="none"), rtol=1e-10),
]

# ---------------------------------------------------------------------------
# bce, bce_with_logits, mse
# ---------------------------------------------------------------------------

p = uniform(4, 3, low=0.02, high=0.98, seed=54)
t01 = (uniform(4, 3, seed=55) > 0).astype(np.float32)   # hard labels
tsoft = uniform(4, 3, low=0.0, high=1.0, seed=56)       # soft labels
z = (3 * randn(4, 3, seed=57)).astype(np.float32)
# p = 0 and 1 exactly: the log clamp at -100 decides the value.
p_edge = np.array([[0.0, 1.0, 0.5], [1.0, 0.0, 1e-30]], dtype=np.float32)
t_edge = np.array([[0.0, 1.0, 1.0], [0.0, 1.0, 1.0]], dtype=np.float32)

for i, red in enumerate(REDUCTIONS):
    dynamic = i != 1
    shape = (None, 3) if dynamic else (4, 3)
    out = tt(()) if red != "none" else tt(shape)
    suffix = f"{red}{'_dynbatch' if dynamic else ''}"
    attrs = [f"reduction = #nn.reduction<{red}>"]
    CASES += [
        Case(f"bce_{suffix}", loss_text("bce", tt(shape), tt(shape), out, attrs),
             [p, t01], lambda x, t, red=red:
                 F.binary_cross_entropy(x, t, reduction=red)),
        Case(f"bce_soft_targets_{suffix}",
             loss_text("bce", tt(shape), tt(shape), out, attrs),
             [p, tsoft], lambda x, t, red=red:
                 F.binary_cross_entropy(x, t, reduction=red)),
        Case(f"bce_with_logits_{suffix}",
             loss_text("bce_with_logits", tt(shape), tt(shape), out, attrs),
             [z, tsoft], lambda x, t, red=red:
                 F.binary_cross_entropy_with_logits(x, t, reduction=red)),
        Case(f"mse_{suffix}", loss_text("mse", tt(shape), tt(shape), out, attrs),
             [z, randn(4, 3, seed=58)], lambda x, t, red=red:
                 F.mse_loss(x, t, reduction=red)),
    ]

CASES += [
    Case("bce_clamp_log_none",
         loss_text("bce", tt((2, 3)), tt((2, 3)), tt((2, 3)),
                   ["reduction = #nn.reduction<none>"]),
         [p_edge, t_edge],
         lambda x, t: F.binary_cross_entropy(x, t, reduction="none")),
    Case("bce_clamp_log_mean",
         loss_text("bce", tt((2, 3)), tt((2, 3)), tt(()), []),
         [p_edge, t_edge], lambda x, t: F.binary_cross_entropy(x, t)),
    Case("bce_with_logits_extreme_none",
         loss_text("bce_with_logits", tt((2, 3)), tt((2, 3)), tt((2, 3)),
                   ["reduction = #nn.reduction<none>"]),
         [np.array([[-100.0, 100.0, 0.0], [50.0, -50.0, 1e-3]], np.float32),
          np.array([[1.0, 0.0, 0.5], [1.0, 1.0, 0.0]], np.float32)],
         lambda x, t: F.binary_cross_entropy_with_logits(x, t, reduction="none"),
         note="|x| up to 100: exp(x) would overflow in the naive formula"),
    Case("bce_with_logits_3d_f64",
         loss_text("bce_with_logits", tt((None, 2, 3), "f64"),
                   tt((None, 2, 3), "f64"), tt((), "f64"), []),
         [randn(2, 2, 3, seed=59, dtype=np.float64),
          uniform(2, 2, 3, low=0.0, high=1.0, seed=60, dtype=np.float64)],
         lambda x, t: F.binary_cross_entropy_with_logits(x, t), rtol=1e-10),
    Case("mse_4d_f64_sum",
         loss_text("mse", tt((None, 2, 2, 3), "f64"), tt((None, 2, 2, 3), "f64"),
                   tt((), "f64"), ["reduction = #nn.reduction<sum>"]),
         [randn(2, 2, 2, 3, seed=61, dtype=np.float64),
          randn(2, 2, 2, 3, seed=62, dtype=np.float64)],
         lambda x, t: F.mse_loss(x, t, reduction="sum"), rtol=1e-10),
]

CASES += [
    Case("bce_with_logits_confident_none",
         loss_text("bce_with_logits", tt((1, 3)), tt((1, 3)), tt((1, 3)),
                   ["reduction = #nn.reduction<none>"]),
         [np.array([[20.0, -20.0, 15.0]], np.float32),
          np.array([[1.0, 0.0, 1.0]], np.float32)],
         lambda x, t: F.binary_cross_entropy_with_logits(
             x.double(), t.double(), reduction="none").float(),
         note="every loss is log1p(exp(-|x|)) ~ 2e-9..3e-7; the reference is "
              "computed in f64 because torch 1.13's f32 kernel computes "
              "log(1 + exp(-|x|)) and rounds these to 0 / 17% off; needs an "
              "accurate log1p (math.log1p lowered as log(1 + x) fails)"),
]
