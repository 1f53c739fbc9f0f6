"""End-to-end cases for nn.layer_norm, nn.rms_norm and nn.batch_norm
(inference) against PyTorch."""
import numpy as np
import torch
import torch.nn.functional as F

from e2e_case import Case, randn, uniform


def ty(shape, elt="f32"):
    return "tensor<" + "".join(f"{d}x" for d in shape) + elt + ">"


def norm_case(op, shape, operands, attrs="", elt="f32"):
    """@main(%x, <named operands>) with one norm op.

    operands: list of (keyword or None, shape); layer_norm/rms_norm name their
    optional operands (`scale %s bias %b`), batch_norm takes them positionally.
    """
    x = ty(shape, elt)
    types = [x] + [ty(s, elt) for _, s in operands]
    args = ", ".join(f"%a{i}: {t}" for i, t in enumerate(types))
    uses = "%a0"
    for i, (kw, _) in enumerate(operands, start=1):
        uses += f" {kw} %a{i}" if kw else f", %a{i}"
    attr = f" {{{attrs}}}" if attrs else ""
    return (f"func.func @main({args}) -> {x} {{\n"
            f"  %0 = nn.{op} {uses}{attr} : ({', '.join(types)}) -> {x}\n"
            f"  return %0 : {x}\n}}\n")


def rms_norm_ref(x, axis, eps, scale=None):
    dims = tuple(range(axis % x.dim(), x.dim()))
    y = x * torch.rsqrt(x.pow(2).mean(dims, keepdim=True) + eps)
    return y * scale if scale is not None else y


F64 = dict(dtype=np.float64)

CASES = [
    # --------------------------------------------------------- layer_norm
    Case(name="layer_norm_last_affine_dyn",
         mlir=norm_case("layer_norm", ["?", 16], [("scale", [16]), ("bias", [16])]),
         inputs=[randn(4, 16, seed=1) * 3 + 1, randn(16, seed=2), randn(16, seed=3)],
         reference=lambda x, s, b: F.layer_norm(x, (16,), s, b, 1e-5)),
    Case(name="layer_norm_no_affine",
         mlir=norm_case("layer_norm", ["?", 8], []),
         inputs=[randn(3, 8, seed=4)],
         reference=lambda x: F.layer_norm(x, (8,), eps=1e-5)),
    Case(name="layer_norm_scale_only_eps",
         mlir=norm_case("layer_norm", ["?", 5, 6], [("scale", [6])], "epsilon = 1.0e-3 : f64"),
         inputs=[randn(2, 5, 6, seed=5), randn(6, seed=6)],
         reference=lambda x, s: F.layer_norm(x, (6,), s, None, 1e-3)),
    Case(name="layer_norm_bias_only",
         mlir=norm_case("layer_norm", ["?", 7], [("bias", [7])]),
         inputs=[randn(3, 7, seed=7), randn(7, seed=8)],
         reference=lambda x, b: F.layer_norm(x, (7,), None, b, 1e-5)),
    Case(name="layer_norm_axis1_two_dims",
         mlir=norm_case("layer_norm", ["?", 4, 6], [("scale", [4, 6]), ("bias", [4, 6])],
                        "axis = 1 : i64"),
         inputs=[randn(2, 4, 6, seed=9), randn(4, 6, seed=10), randn(4, 6, seed=11)],
         reference=lambda x, s, b: F.layer_norm(x, (4, 6), s, b, 1e-5)),
    Case(name="layer_norm_negative_axis",
         mlir=norm_case("layer_norm", ["?", 3, 4, 5], [("scale", [4, 5])], "axis = -2 : i64"),
         inputs=[randn(2, 3, 4, 5, seed=12), randn(4, 5, seed=13)],
         reference=lambda x, s: F.layer_norm(x, (4, 5), s, None, 1e-5)),
    Case(name="layer_norm_axis0_whole_tensor",
         mlir=norm_case("layer_norm", [3, 4], [], "axis = 0 : i64"),
         inputs=[randn(3, 4, seed=14)],
         reference=lambda x: F.layer_norm(x, (3, 4), eps=1e-5)),
    Case(name="layer_norm_large_offset",
         mlir=norm_case("layer_norm", ["?", 32], [("scale", [32]), ("bias", [32])]),
         inputs=[randn(2, 32, seed=15) + 1000.0, randn(32, seed=16), randn(32, seed=17)],
         reference=lambda x, s, b: F.layer_norm(x, (32,), s, b, 1e-5),
         rtol=1e-4, note="mean 1000, deviation 1: float32 cancellation in x - mean"),
    Case(name="layer_norm_f64",
         mlir=norm_case("layer_norm", ["?", 10], [("scale", [10]), ("bias", [10])], elt="f64"),
         inputs=[randn(3, 10, seed=18, **F64), randn(10, seed=19, **F64), randn(10, seed=20, **F64)],
         reference=lambda x, s, b: F.layer_norm(x, (10,), s, b, 1e-5), rtol=1e-12),
    # ----------------------------------------------------------- rms_norm
    Case(name="rms_norm_scale_dyn",
         mlir=norm_case("rms_norm", ["?", 16], [("scale", [16])]),
         inputs=[randn(4, 16, seed=21) * 2, randn(16, seed=22)],
         reference=lambda x, s: rms_norm_ref(x, -1, 1e-6, s)),
    Case(name="rms_norm_no_scale_eps",
         mlir=norm_case("rms_norm", ["?", 8], [], "epsilon = 1.0e-2 : f64"),
         inputs=[randn(3, 8, seed=23) * 0.1],
         reference=lambda x: rms_norm_ref(x, -1, 1e-2)),
    Case(name="rms_norm_axis1_3d",
         mlir=norm_case("rms_norm", ["?", 3, 4], [("scale", [3, 4])], "axis = 1 : i64"),
         inputs=[randn(2, 3, 4, seed=24), randn(3, 4, seed=25)],
         reference=lambda x, s: rms_norm_ref(x, 1, 1e-6, s)),
    Case(name="rms_norm_f64",
         mlir=norm_case("rms_norm", ["?", 6], [("scale", [6])], elt="f64"),
         inputs=[randn(3, 6, seed=26, **F64), randn(6, seed=27, **F64)],
         reference=lambda x, s: rms_norm_ref(x, -1, 1e-6, s), rtol=1e-12),
    # --------------------------------------------------------- batch_norm
    Case(name="batch_norm_2d_dyn",
         mlir=norm_case("batch_norm", ["?", 3, 4, 5], [(None, [3])] * 4),
         inputs=[randn(2, 3, 4, 5, seed=28), randn(3, seed=29), randn(3, seed=30),
                 randn(3, seed=31), uniform(3, low=0.5, high=2.0, seed=32)],
         reference=lambda x, s, b, m, v: F.batch_norm(x, m, v, s, b, training=False, eps=1e-5)),
    Case(name="batch_norm_1d_eps",
         mlir=norm_case("batch_norm", ["?", 4, 6], [(None, [4])] * 4, "epsilon = 1.0e-3 : f64"),
         inputs=[randn(3, 4, 6, seed=33), randn(4, seed=34), randn(4, seed=35),
                 randn(4, seed=36), uniform(4, low=0.1, high=2.0, seed=37)],
         reference=lambda x, s, b, m, v: F.batch_norm(x, m, v, s, b, training=False, eps=1e-3)),
    Case(name="batch_norm_features",
         mlir=norm_case("batch_norm", ["?", 5], [(None, [5])] * 4),
         inputs=[randn(4, 5, seed=38), randn(5, seed=39), randn(5, seed=40),
                 randn(5, seed=41), uniform(5, low=0.5, high=2.0, seed=42)],
         reference=lambda x, s, b, m, v: F.batch_norm(x, m, v, s, b, training=False, eps=1e-5)),
    Case(name="batch_norm_f64",
         mlir=norm_case("batch_norm", ["?", 2, 3, 3], [(None, [2])] * 4, elt="f64"),
         inputs=[randn(2, 2, 3, 3, seed=43, **F64), randn(2, seed=44, **F64), randn(2, seed=45, **F64),
                 randn(2, seed=46, **F64), uniform(2, low=0.5, high=2.0, seed=47, **F64)],
         reference=lambda x, s, b, m, v: F.batch_norm(x, m, v, s, b, training=False, eps=1e-5),
         rtol=1e-12),
]

# ------------------------------------------------ fully dynamic shapes
CASES += [
    Case(name="layer_norm_dynamic_features",
         mlir=norm_case("layer_norm", ["?", "?"], []),
         inputs=[randn(3, 9, seed=48)],
         reference=lambda x: F.layer_norm(x, (9,), eps=1e-5)),
    Case(name="layer_norm_axis1_dynamic",
         mlir=norm_case("layer_norm", ["?", "?", 4], [("scale", ["?", 4]), ("bias", ["?", 4])],
                        "axis = 1 : i64"),
         inputs=[randn(2, 3, 4, seed=49), randn(3, 4, seed=50), randn(3, 4, seed=51)],
         reference=lambda x, s, b: F.layer_norm(x, (3, 4), s, b, 1e-5)),
    Case(name="rms_norm_dynamic_features",
         mlir=norm_case("rms_norm", ["?", "?"], [("scale", ["?"])]),
         inputs=[randn(3, 9, seed=52), randn(9, seed=53)],
         reference=lambda x, s: rms_norm_ref(x, -1, 1e-6, s)),
    Case(name="batch_norm_dynamic_spatial",
         mlir=norm_case("batch_norm", ["?", 3, "?"], [(None, [3])] * 4),
         inputs=[randn(2, 3, 7, seed=54), randn(3, seed=55), randn(3, seed=56),
                 randn(3, seed=57), uniform(3, low=0.5, high=2.0, seed=58)],
         reference=lambda x, s, b, m, v: F.batch_norm(x, m, v, s, b, training=False, eps=1e-5)),
]

# ------------------------------------ batch_norm folded into conv / dense
# Constant weights and statistics: nn-fold-batch-norm folds them at compile
# time (f64 arithmetic, one rounding), so the folded f32 layer differs from
# PyTorch's unfolded one by rounding only.


def dense_attr(a):
    vals = ", ".join(repr(float(v)) for v in np.asarray(a, np.float64).ravel())
    return f"dense<[{vals}]> : {ty(a.shape)}" if a.ndim == 1 else (
        "dense<" + np.array2string(np.asarray(a, np.float32), separator=", ",
                                   threshold=1 << 30, floatmode="unique")
        + f"> : {ty(a.shape)}")


def bn_consts(c, seed):
    return (randn(c, seed=seed), randn(c, seed=seed + 1), randn(c, seed=seed + 2),
            uniform(c, low=0.5, high=2.0, seed=seed + 3))


_cw, _cb = randn(8, 3, 3, 3, seed=60) * 0.3, randn(8, seed=61)
_cg, _cbeta, _cm, _cv = bn_consts(8, 62)
_dw = randn(6, 16, seed=70) * 0.3
_dg, _dbeta, _dm, _dv = bn_consts(6, 72)


def _stats(g, b, m, v):
    return "".join(f"  %{n} = arith.constant {dense_attr(a)}\n"
                   for n, a in zip(("g", "beta", "m", "v"), (g, b, m, v)))


CASES += [
    Case(name="batch_norm_folded_into_conv",
         mlir=("func.func @main(%x: tensor<2x3x8x8xf32>) -> tensor<2x8x8x8xf32> {\n"
               f"  %w = arith.constant {dense_attr(_cw)}\n"
               f"  %b = arith.constant {dense_attr(_cb)}\n" + _stats(_cg, _cbeta, _cm, _cv) +
               "  %c = nn.conv %x, %w, %b {padding = array<i64: 1, 1, 1, 1>} : (tensor<2x3x8x8xf32>, tensor<8x3x3x3xf32>, tensor<8xf32>) -> tensor<2x8x8x8xf32>\n"
               "  %n = nn.batch_norm %c, %g, %beta, %m, %v {epsilon = 1.0e-3 : f64} : (tensor<2x8x8x8xf32>, tensor<8xf32>, tensor<8xf32>, tensor<8xf32>, tensor<8xf32>) -> tensor<2x8x8x8xf32>\n"
               "  %r = nn.relu %n : tensor<2x8x8x8xf32>\n"
               "  return %r : tensor<2x8x8x8xf32>\n}\n"),
         inputs=[randn(2, 3, 8, 8, seed=65)],
         reference=lambda x: F.relu(F.batch_norm(
             F.conv2d(x, torch.from_numpy(_cw), torch.from_numpy(_cb), padding=1),
             torch.from_numpy(_cm), torch.from_numpy(_cv), torch.from_numpy(_cg),
             torch.from_numpy(_cbeta), training=False, eps=1e-3)),
         rtol=1e-5),
    Case(name="batch_norm_folded_into_dense",
         mlir=("func.func @main(%x: tensor<?x16xf32>) -> tensor<?x6xf32> {\n"
               f"  %w = arith.constant {dense_attr(_dw)}\n" + _stats(_dg, _dbeta, _dm, _dv) +
               "  %d = nn.dense %x, %w : (tensor<?x16xf32>, tensor<6x16xf32>) -> tensor<?x6xf32>\n"
               "  %n = nn.batch_norm %d, %g, %beta, %m, %v : (tensor<?x6xf32>, tensor<6xf32>, tensor<6xf32>, tensor<6xf32>, tensor<6xf32>) -> tensor<?x6xf32>\n"
               "  return %n : tensor<?x6xf32>\n}\n"),
         inputs=[randn(5, 16, seed=75)],
         reference=lambda x: F.batch_norm(
             x @ torch.from_numpy(_dw).T, torch.from_numpy(_dm), torch.from_numpy(_dv),
             torch.from_numpy(_dg), torch.from_numpy(_dbeta), training=False, eps=1e-5),
         rtol=1e-5),
]
