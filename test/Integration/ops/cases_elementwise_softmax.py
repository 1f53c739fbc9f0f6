"""End-to-end cases for nn.softmax, nn.log_softmax, nn.sparsemax and
nn.grid_softmax against PyTorch (own references for sparsemax and
grid_softmax)."""
import numpy as np
import torch

from e2e_case import Case, randn, rng, uniform
from nnc_testing.reference import grid_softmax as grid_softmax_ref
from nnc_testing.reference import sparsemax as sparsemax_ref


def ty(shape, elt="f32"):
    return "tensor<" + "".join(f"{d}x" for d in shape) + elt + ">"


def op_case(op, shape, attrs="", mask=None, elt="f32"):
    """@main(%x[, %mask]) with one softmax-family op; mask = (shape, elt)."""
    t = ty(shape, elt)
    attr = f" {{{attrs}}}" if attrs else ""
    if mask is None:
        return (f"func.func @main(%x: {t}) -> {t} {{\n"
                f"  %0 = nn.{op} %x{attr} : ({t}) -> {t}\n"
                f"  return %0 : {t}\n}}\n")
    m = ty(*mask)
    return (f"func.func @main(%x: {t}, %m: {m}) -> {t} {{\n"
            f"  %0 = nn.{op} %x mask %m{attr} : ({t}, {m}) -> {t}\n"
            f"  return %0 : {t}\n}}\n")


def exp_of(mlir):
    """Appends nn.exp to @main's single result (keeps references finite where
    log_softmax gives -inf at masked positions)."""
    head, ret = mlir.rsplit("  return %0 : ", 1)
    t = ret.split(" ")[0].strip().rstrip("\n}")
    return head + f"  %1 = nn.exp %0 : {t}\n  return %1 : {t}\n}}\n"


def masked_softmax(x, keep, dim, temperature=1.0, log=False):
    """Boolean mask semantics of nn.softmax: masked positions are 0 (-inf for
    log_softmax); a fully masked row is all 0 (all -inf)."""
    s = (x / temperature).masked_fill(~keep, float("-inf"))
    if log:
        out = torch.log_softmax(s, dim)
        full = (~keep).expand_as(x).all(dim, keepdim=True).expand_as(x)
        return out.masked_fill(full, float("-inf"))
    out = torch.softmax(s, dim)
    return torch.nan_to_num(out, nan=0.0).masked_fill(~keep, 0.0)


CASES = [
    # ------------------------------------------------------------ softmax
    Case(name="softmax_last_dyn", mlir=op_case("softmax", ["?", 10]),
         inputs=[randn(4, 10, seed=1) * 3], reference=lambda x: torch.softmax(x, -1)),
    Case(name="softmax_axis0", mlir=op_case("softmax", ["?", 6], "axis = 0 : i64"),
         inputs=[randn(5, 6, seed=2)], reference=lambda x: torch.softmax(x, 0)),
    Case(name="softmax_middle_axis_3d", mlir=op_case("softmax", [2, 5, 3], "axis = 1 : i64"),
         inputs=[randn(2, 5, 3, seed=3)], reference=lambda x: torch.softmax(x, 1)),
    Case(name="softmax_negative_axis", mlir=op_case("softmax", ["?", 4, 3], "axis = -2 : i64"),
         inputs=[randn(2, 4, 3, seed=4)], reference=lambda x: torch.softmax(x, -2)),
    Case(name="softmax_temperature", mlir=op_case("softmax", ["?", 8], "temperature = 0.5 : f64"),
         inputs=[randn(3, 8, seed=5)], reference=lambda x: torch.softmax(x / 0.5, -1)),
    Case(name="softmax_large_logits", mlir=op_case("softmax", [2, 4]),
         inputs=[np.array([[1000.0, 1001.0, 999.0, -1000.0], [-500.0, -501.0, -502.0, -503.0]],
                          dtype=np.float32)],
         reference=lambda x: torch.softmax(x, -1)),
    Case(name="softmax_f64", mlir=op_case("softmax", ["?", 7], "temperature = 2.0 : f64", elt="f64"),
         inputs=[randn(3, 7, seed=6, dtype=np.float64)],
         reference=lambda x: torch.softmax(x / 2.0, -1), rtol=1e-12),
    Case(name="softmax_bool_mask_broadcast",
         mlir=op_case("softmax", ["?", 4, 6], mask=([4, 6], "i1")),
         inputs=[randn(2, 4, 6, seed=7), rng(8).random((4, 6)) > 0.3],
         reference=lambda x, m: masked_softmax(x, m, -1)),
    Case(name="softmax_bool_mask_fully_masked_row",
         mlir=op_case("softmax", [3, 4], "temperature = 2.0 : f64", mask=([3, 4], "i1")),
         inputs=[randn(3, 4, seed=9),
                 np.array([[True, False, True, True], [False] * 4, [True] * 4])],
         reference=lambda x, m: masked_softmax(x, m, -1, 2.0)),
    Case(name="softmax_bool_mask_axis0",
         mlir=op_case("softmax", ["?", 5], "axis = 0 : i64", mask=(["?", 5], "i1")),
         inputs=[randn(4, 5, seed=10), rng(11).random((4, 5)) > 0.4],
         reference=lambda x, m: masked_softmax(x, m, 0)),
    Case(name="softmax_float_mask_causal",
         mlir=op_case("softmax", ["?", 4, 4], "temperature = 0.5 : f64", mask=([4, 4], "f32")),
         inputs=[randn(2, 4, 4, seed=12),
                 np.triu(np.full((4, 4), -np.inf, dtype=np.float32), 1)],
         reference=lambda x, m: torch.softmax(x / 0.5 + m, -1)),
    # causal: key j of query i kept when j <= i (top-left aligned when
    # Lq != Lk, as torch.ones(Lq, Lk).tril()), computed in the kernel.
    Case(name="softmax_causal_lq_lt_lk",
         mlir=op_case("softmax", [2, 5, 7], "causal, temperature = 0.5 : f64"),
         inputs=[randn(2, 5, 7, seed=40)],
         reference=lambda x: masked_softmax(
             x, torch.ones(5, 7, dtype=torch.bool).tril(), -1, 0.5)),
    Case(name="softmax_causal_bool_mask",
         mlir=op_case("softmax", ["?", 6, 6], "causal", mask=(["?", 1, 6], "i1")),
         inputs=[randn(3, 6, 6, seed=41), rng(42).random((3, 1, 6)) > 0.3],
         reference=lambda x, m: masked_softmax(
             x, m & torch.ones(6, 6, dtype=torch.bool).tril(), -1)),
    Case(name="softmax_causal_long_rows",
         mlir=op_case("softmax", [1, 2, 300, 300], "causal"),
         inputs=[randn(1, 2, 300, 300, seed=43)],
         reference=lambda x: masked_softmax(
             x, torch.ones(300, 300, dtype=torch.bool).tril(), -1)),
    Case(name="softmax_float_mask_additive_rows",
         mlir=op_case("softmax", ["?", 3, 5], mask=(["?", 1, 5], "f32")),
         inputs=[randn(2, 3, 5, seed=13), randn(2, 1, 5, seed=14)],
         reference=lambda x, m: torch.softmax(x + m, -1)),
    # -------------------------------------------------------- log_softmax
    Case(name="log_softmax_last_dyn", mlir=op_case("log_softmax", ["?", 10]),
         inputs=[randn(4, 10, seed=15) * 3], reference=lambda x: torch.log_softmax(x, -1)),
    Case(name="log_softmax_axis1_temperature",
         mlir=op_case("log_softmax", ["?", 6, 3], "axis = 1 : i64, temperature = 3.0 : f64"),
         inputs=[randn(2, 6, 3, seed=16)], reference=lambda x: torch.log_softmax(x / 3.0, 1)),
    Case(name="log_softmax_large_logits", mlir=op_case("log_softmax", [1, 3]),
         inputs=[np.array([[1000.0, 0.0, -1000.0]], dtype=np.float32)],
         reference=lambda x: torch.log_softmax(x, -1)),
    Case(name="log_softmax_f64", mlir=op_case("log_softmax", ["?", 5], elt="f64"),
         inputs=[randn(3, 5, seed=17, dtype=np.float64)],
         reference=lambda x: torch.log_softmax(x, -1), rtol=1e-12),
    # Masked positions of a log_softmax are -inf: these cases return
    # exp(log_softmax) so that the reference is finite.
    Case(name="log_softmax_bool_mask",
         mlir=exp_of(op_case("log_softmax", ["?", 6], mask=([1, 6], "i1"))),
         inputs=[randn(3, 6, seed=18), np.array([[True, True, False, True, False, True]])],
         reference=lambda x, m: torch.exp(masked_softmax(x, m, -1, log=True)),
         note="exp of the result: masked positions are -inf"),
    Case(name="log_softmax_bool_mask_fully_masked_row",
         mlir=exp_of(op_case("log_softmax", [2, 3], mask=([2, 3], "i1"))),
         inputs=[randn(2, 3, seed=19), np.array([[True, False, True], [False, False, False]])],
         reference=lambda x, m: torch.exp(masked_softmax(x, m, -1, log=True)),
         note="exp of the result: masked positions are -inf"),
    Case(name="log_softmax_float_mask",
         mlir=op_case("log_softmax", ["?", 4], "temperature = 0.5 : f64", mask=(["?", 4], "f32")),
         inputs=[randn(3, 4, seed=20), randn(3, 4, seed=21)],
         reference=lambda x, m: torch.log_softmax(x / 0.5 + m, -1)),
    # ---------------------------------------------------------- sparsemax
    Case(name="sparsemax_last_dyn", mlir=op_case("sparsemax", ["?", 8]),
         inputs=[randn(5, 8, seed=22) * 2], reference=lambda x: sparsemax_ref(x, -1)),
    Case(name="sparsemax_axis0", mlir=op_case("sparsemax", [6, 3], "axis = 0 : i64"),
         inputs=[randn(6, 3, seed=23)], reference=lambda x: sparsemax_ref(x, 0)),
    Case(name="sparsemax_middle_axis", mlir=op_case("sparsemax", ["?", 5, 4], "axis = 1 : i64"),
         inputs=[randn(2, 5, 4, seed=24)], reference=lambda x: sparsemax_ref(x, 1)),
    Case(name="sparsemax_ties_and_uniform", mlir=op_case("sparsemax", [4, 4]),
         inputs=[np.array([[1.0, 1.0, 0.0, -1.0], [0.5, 0.5, 0.5, 0.5],
                           [3.0, 0.0, 0.0, 0.0], [0.1, 0.2, 0.3, 0.25]], dtype=np.float32)],
         reference=lambda x: sparsemax_ref(x, -1)),
    Case(name="sparsemax_large_values", mlir=op_case("sparsemax", [2, 5]),
         inputs=[np.array([[1000.0, 1000.5, 999.0, 1000.2, 990.0],
                           [-50.0, -49.5, -49.9, -60.0, -49.6]], dtype=np.float32)],
         reference=lambda x: sparsemax_ref(x, -1)),
    Case(name="sparsemax_f64", mlir=op_case("sparsemax", ["?", 6], elt="f64"),
         inputs=[randn(4, 6, seed=25, dtype=np.float64)],
         reference=lambda x: sparsemax_ref(x, -1), rtol=1e-12),
    # ------------------------------------------------------- grid_softmax
    Case(name="grid_softmax_groups3_dyn", mlir=op_case("grid_softmax", ["?", 12], "groups = 3 : i64"),
         inputs=[randn(4, 12, seed=26)], reference=lambda x: grid_softmax_ref(x, 3)),
    Case(name="grid_softmax_temperature_3d",
         mlir=op_case("grid_softmax", ["?", 2, 8], "groups = 4 : i64, temperature = 0.25 : f64"),
         inputs=[randn(2, 2, 8, seed=27)], reference=lambda x: grid_softmax_ref(x, 4, 0.25)),
    Case(name="grid_softmax_groups1", mlir=op_case("grid_softmax", [3, 5], "groups = 1 : i64"),
         inputs=[randn(3, 5, seed=28)], reference=lambda x: grid_softmax_ref(x, 1)),
    Case(name="grid_softmax_1d", mlir=op_case("grid_softmax", [6], "groups = 2 : i64"),
         inputs=[randn(6, seed=29)], reference=lambda x: grid_softmax_ref(x, 2)),
    Case(name="grid_softmax_f64", mlir=op_case("grid_softmax", ["?", 6], "groups = 2 : i64, temperature = 2.0 : f64",
                                               elt="f64"),
         inputs=[randn(3, 6, seed=30, dtype=np.float64)],
         reference=lambda x: grid_softmax_ref(x, 2, 2.0), rtol=1e-12),
]

# ------------------------------------------------ fully dynamic shapes
CASES += [
    Case(name="softmax_all_dynamic_masked",
         mlir=op_case("softmax", ["?", "?"], mask=(["?", "?"], "i1")),
         inputs=[randn(3, 5, seed=31), rng(32).random((3, 5)) > 0.3],
         reference=lambda x, m: masked_softmax(x, m, -1)),
    Case(name="log_softmax_dynamic_axis0", mlir=op_case("log_softmax", ["?", "?"], "axis = 0 : i64"),
         inputs=[randn(4, 3, seed=33)], reference=lambda x: torch.log_softmax(x, 0)),
    Case(name="sparsemax_all_dynamic", mlir=op_case("sparsemax", ["?", "?"]),
         inputs=[randn(3, 7, seed=34)], reference=lambda x: sparsemax_ref(x, -1)),
    Case(name="grid_softmax_dynamic_last",
         mlir=op_case("grid_softmax", ["?", "?"], "groups = 4 : i64"),
         inputs=[randn(2, 12, seed=35)], reference=lambda x: grid_softmax_ref(x, 4)),
]
