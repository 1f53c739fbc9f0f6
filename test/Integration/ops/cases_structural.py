"""End-to-end cases: pool, global_pool, flatten, reshape, transpose, concat,
split, reduce, dropout against PyTorch."""
import numpy as np
import torch
import torch.nn.functional as F

from e2e_case import Case, randn

# ---------------------------------------------------------------------------
# helpers
# ---------------------------------------------------------------------------


def tt(shape, elt="f32"):
    """MLIR tensor type; `None` in `shape` is a dynamic dimension."""
    dims = "".join(("?" if d is None else str(d)) + "x" for d in shape)
    return f"tensor<{dims}{elt}>"


def dyn(shape):
    """`shape` with a dynamic batch (first) dimension."""
    return (None,) + tuple(shape[1:])


def unary(op_text, in_type, out_type):
    """@main(%x) -> one result computed by `op_text` (uses %x)."""
    return f"""
func.func @main(%x: {in_type}) -> {out_type} {{
  %0 = {op_text}
  return %0 : {out_type}
}}
"""


def pool_case(name, kind, x, kernel, strides=None, padding=None, ceil=False,
              include=False, out_shape=None, dynamic=False, reference=None,
              elt="f32"):
    attrs = [f"kernel_shape = array<i64: {', '.join(map(str, kernel))}>"]
    if strides:
        attrs.append(f"strides = array<i64: {', '.join(map(str, strides))}>")
    if padding:
        attrs.append(f"padding = array<i64: {', '.join(map(str, padding))}>")
    if ceil:
        attrs.append("ceil_mode")
    if include:
        attrs.append("count_include_pad")
    in_shape = dyn(x.shape) if dynamic else x.shape
    out = dyn(out_shape) if dynamic else out_shape
    it, ot = tt(in_shape, elt), tt(out, elt)
    text = unary(f"nn.pool {kind} %x {{{', '.join(attrs)}}} : ({it}) -> {ot}",
                 it, ot)
    return Case(name, text, [x], reference)


def avg_pool_asym(x, kernel, strides, padding, include):
    """Average pooling with asymmetric ONNX padding [begins..., ends...],
    windows counting padded positions (include) or only input ones."""
    n = len(kernel)
    pads = []
    for i in reversed(range(n)):  # F.pad wants the last dim first
        pads += [padding[i], padding[n + i]]
    pool = F.avg_pool2d if n == 2 else F.avg_pool1d
    summed = pool(F.pad(x, pads), kernel, strides, divisor_override=1) \
        if n == 2 else pool(F.pad(x, pads), kernel, strides) * kernel[0]
    ones = torch.ones_like(x)
    mask = F.pad(ones, pads, value=1.0 if include else 0.0)
    count = pool(mask, kernel, strides, divisor_override=1) \
        if n == 2 else pool(mask, kernel, strides) * kernel[0]
    return summed / count


CASES = []

# ---------------------------------------------------------------------------
# pool
# ---------------------------------------------------------------------------

x8 = randn(2, 3, 8, 8, seed=1)
x9 = randn(2, 3, 9, 9, seed=2)
x8c = randn(1, 2, 8, 8, seed=3)
x10 = randn(2, 3, 10, seed=4)
x7x9 = randn(2, 2, 7, 9, seed=5)

CASES += [
    pool_case("pool_max2d_k2s2", "max", x8, [2, 2], [2, 2],
              out_shape=(2, 3, 4, 4),
              reference=lambda x: F.max_pool2d(x, 2, 2)),
    pool_case("pool_max2d_k3s2p1_dynbatch", "max", x9, [3, 3], [2, 2],
              [1, 1, 1, 1], out_shape=(2, 3, 5, 5), dynamic=True,
              reference=lambda x: F.max_pool2d(x, 3, 2, 1)),
    pool_case("pool_max2d_stride1_default", "max", x8c, [3, 3],
              out_shape=(1, 2, 6, 6),
              reference=lambda x: F.max_pool2d(x, 3, 1)),
    pool_case("pool_max2d_ceil", "max", x8c, [3, 3], [2, 2], ceil=True,
              out_shape=(1, 2, 4, 4),
              reference=lambda x: F.max_pool2d(x, 3, 2, ceil_mode=True)),
    pool_case("pool_max2d_ceil_pad", "max", x8c, [3, 3], [2, 2],
              [1, 1, 1, 1], ceil=True, out_shape=(1, 2, 5, 5),
              reference=lambda x: F.max_pool2d(x, 3, 2, 1, ceil_mode=True)),
    pool_case("pool_max2d_rect", "max", x7x9, [2, 3], [1, 2], [0, 1, 0, 1],
              out_shape=(2, 2, 6, 5),
              reference=lambda x: F.max_pool2d(x, (2, 3), (1, 2), (0, 1))),
    pool_case("pool_max2d_asym_pad", "max", x8c, [3, 3], [2, 2],
              [1, 0, 0, 1], out_shape=(1, 2, 4, 4),
              reference=lambda x: F.max_pool2d(
                  F.pad(x, (0, 1, 1, 0), value=float("-inf")), 3, 2)),
    pool_case("pool_max1d_k3s2p1", "max", x10, [3], [2], [1, 1],
              out_shape=(2, 3, 5),
              reference=lambda x: F.max_pool1d(x, 3, 2, 1)),
    pool_case("pool_max1d_ceil_dynbatch", "max", x10, [3], [2], ceil=True,
              out_shape=(2, 3, 5), dynamic=True,
              reference=lambda x: F.max_pool1d(x, 3, 2, ceil_mode=True)),
    pool_case("pool_max2d_f64", "max", x9.astype(np.float64), [3, 3], [2, 2],
              [1, 1, 1, 1], out_shape=(2, 3, 5, 5), elt="f64",
              reference=lambda x: F.max_pool2d(x, 3, 2, 1)),

    pool_case("pool_avg2d_k2s2", "avg", x8, [2, 2], [2, 2],
              out_shape=(2, 3, 4, 4),
              reference=lambda x: F.avg_pool2d(x, 2, 2)),
    pool_case("pool_avg2d_pad_exclude_dynbatch", "avg", x9, [3, 3], [2, 2],
              [1, 1, 1, 1], out_shape=(2, 3, 5, 5), dynamic=True,
              reference=lambda x: F.avg_pool2d(x, 3, 2, 1,
                                               count_include_pad=False)),
    pool_case("pool_avg2d_pad_include", "avg", x9, [3, 3], [2, 2],
              [1, 1, 1, 1], include=True, out_shape=(2, 3, 5, 5),
              reference=lambda x: F.avg_pool2d(x, 3, 2, 1,
                                               count_include_pad=True)),
    pool_case("pool_avg2d_ceil_nopad", "avg", x8c, [3, 3], [2, 2], ceil=True,
              out_shape=(1, 2, 4, 4),
              reference=lambda x: F.avg_pool2d(x, 3, 2, ceil_mode=True)),
    pool_case("pool_avg2d_ceil_pad_exclude", "avg", x8c, [3, 3], [2, 2],
              [1, 1, 1, 1], ceil=True, out_shape=(1, 2, 5, 5),
              reference=lambda x: F.avg_pool2d(x, 3, 2, 1, ceil_mode=True,
                                               count_include_pad=False)),
    pool_case("pool_avg2d_ceil_pad_include", "avg", x8c, [3, 3], [2, 2],
              [1, 1, 1, 1], ceil=True, include=True, out_shape=(1, 2, 5, 5),
              reference=lambda x: F.avg_pool2d(x, 3, 2, 1, ceil_mode=True,
                                               count_include_pad=True)),
    pool_case("pool_avg2d_rect_include", "avg", x7x9, [2, 3], [1, 2],
              [0, 1, 0, 1], include=True, out_shape=(2, 2, 6, 5),
              reference=lambda x: F.avg_pool2d(x, (2, 3), (1, 2), (0, 1),
                                               count_include_pad=True)),
    pool_case("pool_avg2d_asym_exclude", "avg", x8c, [3, 3], [2, 2],
              [1, 0, 0, 1], out_shape=(1, 2, 4, 4),
              reference=lambda x: avg_pool_asym(x, [3, 3], [2, 2],
                                                [1, 0, 0, 1], False)),
    pool_case("pool_avg2d_asym_include", "avg", x8c, [3, 3], [2, 2],
              [1, 0, 0, 1], include=True, out_shape=(1, 2, 4, 4),
              reference=lambda x: avg_pool_asym(x, [3, 3], [2, 2],
                                                [1, 0, 0, 1], True)),
    pool_case("pool_avg1d_k3s2p1_exclude", "avg", x10, [3], [2], [1, 1],
              out_shape=(2, 3, 5),
              reference=lambda x: F.avg_pool1d(x, 3, 2, 1,
                                               count_include_pad=False)),
    pool_case("pool_avg1d_ceil_pad_include_dynbatch", "avg", x10, [3], [2],
              [1, 1], ceil=True, include=True, out_shape=(2, 3, 6),
              dynamic=True,
              reference=lambda x: F.avg_pool1d(x, 3, 2, 1, ceil_mode=True,
                                               count_include_pad=True)),
    pool_case("pool_avg1d_ceil_pad_exclude", "avg", x10, [3], [2], [1, 1],
              ceil=True, out_shape=(2, 3, 6),
              reference=lambda x: F.avg_pool1d(x, 3, 2, 1, ceil_mode=True,
                                               count_include_pad=False)),
    pool_case("pool_avg2d_f64", "avg", x9.astype(np.float64), [3, 3], [2, 2],
              [1, 1, 1, 1], ceil=True, out_shape=(2, 3, 5, 5), elt="f64",
              reference=lambda x: F.avg_pool2d(x, 3, 2, 1, ceil_mode=True,
                                               count_include_pad=False)),
]

# Dynamic spatial sizes: the output size (ceil_mode included), the extra
# padding and the window counts are computed at run time.
DYN4 = tt((None, 3, None, None))
CASES += [
    Case("pool_avg2d_dynamic_spatial_ceil_exclude",
         unary("nn.pool avg %x {kernel_shape = array<i64: 3, 3>, "
               "strides = array<i64: 2, 2>, padding = array<i64: 1, 1, 1, 1>, "
               f"ceil_mode}} : ({DYN4}) -> {DYN4}", DYN4, DYN4),
         [randn(2, 3, 8, 9, seed=21)],
         lambda x: F.avg_pool2d(x, 3, 2, 1, ceil_mode=True,
                                count_include_pad=False)),
    Case("pool_avg2d_dynamic_spatial_ceil_include",
         unary("nn.pool avg %x {kernel_shape = array<i64: 3, 2>, "
               "strides = array<i64: 2, 2>, padding = array<i64: 1, 0, 1, 0>, "
               f"ceil_mode, count_include_pad}} : ({DYN4}) -> {DYN4}",
               DYN4, DYN4),
         [randn(2, 3, 8, 9, seed=22)],
         lambda x: F.avg_pool2d(x, (3, 2), 2, (1, 0), ceil_mode=True,
                                count_include_pad=True)),
    Case("pool_max2d_dynamic_spatial_ceil",
         unary("nn.pool max %x {kernel_shape = array<i64: 3, 3>, "
               "strides = array<i64: 2, 2>, "
               f"ceil_mode}} : ({DYN4}) -> {DYN4}", DYN4, DYN4),
         [randn(2, 3, 8, 9, seed=23)],
         lambda x: F.max_pool2d(x, 3, 2, ceil_mode=True)),
    # ceil_mode would add a 4th window starting in the right padding; as
    # PyTorch, it is dropped (the last window starts inside input + left pad).
    Case("pool_avg1d_ceil_drops_window_in_right_pad",
         unary("nn.pool avg %x {kernel_shape = array<i64: 2>, "
               "strides = array<i64: 2>, padding = array<i64: 1, 1>, "
               f"ceil_mode}} : ({tt((2, 3, 5))}) -> {tt((2, 3, 3))}",
               tt((2, 3, 5)), tt((2, 3, 3))),
         [randn(2, 3, 5, seed=25)],
         lambda x: F.avg_pool1d(x, 2, 2, 1, ceil_mode=True,
                                count_include_pad=False)),
    Case("pool_max1d_ceil_drops_window_dynamic_length",
         unary("nn.pool max %x {kernel_shape = array<i64: 2>, "
               "strides = array<i64: 2>, padding = array<i64: 1, 1>, "
               f"ceil_mode}} : ({tt((None, 3, None))}) -> {tt((None, 3, None))}",
               tt((None, 3, None)), tt((None, 3, None))),
         [randn(2, 3, 5, seed=26)],
         lambda x: F.max_pool1d(x, 2, 2, 1, ceil_mode=True)),
    Case("pool_max1d_dynamic_length",
         unary("nn.pool max %x {kernel_shape = array<i64: 2>, "
               "strides = array<i64: 2>} : "
               f"({tt((None, 3, None))}) -> {tt((None, 3, None))}",
               tt((None, 3, None)), tt((None, 3, None))),
         [randn(2, 3, 11, seed=24)], lambda x: F.max_pool1d(x, 2, 2)),
]

# ---------------------------------------------------------------------------
# global_pool
# ---------------------------------------------------------------------------

g4 = randn(3, 4, 5, 6, seed=6)
g3 = randn(2, 5, 7, seed=7)
CASES += [
    Case("global_pool_avg2d_dynbatch",
         unary(f"nn.global_pool avg %x : ({tt(dyn(g4.shape))}) -> "
               f"{tt((None, 4, 1, 1))}", tt(dyn(g4.shape)), tt((None, 4, 1, 1))),
         [g4], lambda x: x.mean(dim=(2, 3), keepdim=True)),
    Case("global_pool_max2d",
         unary(f"nn.global_pool max %x : ({tt(g4.shape)}) -> "
               f"{tt((3, 4, 1, 1))}", tt(g4.shape), tt((3, 4, 1, 1))),
         [g4], lambda x: F.adaptive_max_pool2d(x, 1)),
    Case("global_pool_avg1d",
         unary(f"nn.global_pool avg %x : ({tt(g3.shape)}) -> "
               f"{tt((2, 5, 1))}", tt(g3.shape), tt((2, 5, 1))),
         [g3], lambda x: F.adaptive_avg_pool1d(x, 1)),
    Case("global_pool_max1d_dynbatch",
         unary(f"nn.global_pool max %x : ({tt(dyn(g3.shape))}) -> "
               f"{tt((None, 5, 1))}", tt(dyn(g3.shape)), tt((None, 5, 1))),
         [g3], lambda x: x.amax(dim=2, keepdim=True)),
]

# ---------------------------------------------------------------------------
# flatten, reshape, transpose
# ---------------------------------------------------------------------------

f4 = randn(2, 3, 4, 5, seed=8)
f3 = randn(2, 3, 4, seed=9)
CASES += [
    Case("flatten_axis1_dynbatch",
         unary(f"nn.flatten %x : ({tt((None, 3, 4, 5))}) -> {tt((None, 60))}",
               tt((None, 3, 4, 5)), tt((None, 60))),
         [f4], lambda x: torch.flatten(x, 1)),
    Case("flatten_axis2",
         unary(f"nn.flatten %x {{axis = 2 : i64}} : ({tt(f4.shape)}) -> "
               f"{tt((6, 20))}", tt(f4.shape), tt((6, 20))),
         [f4], lambda x: x.reshape(6, 20)),
    Case("flatten_axis0",
         unary(f"nn.flatten %x {{axis = 0 : i64}} : ({tt(f3.shape)}) -> "
               f"{tt((1, 24))}", tt(f3.shape), tt((1, 24))),
         [f3], lambda x: x.reshape(1, 24)),
    Case("flatten_axis_rank_dynbatch",
         unary(f"nn.flatten %x {{axis = 3 : i64}} : ({tt((None, 3, 4))}) -> "
               f"{tt((None, 1))}", tt((None, 3, 4)), tt((None, 1))),
         [f3], lambda x: x.reshape(24, 1)),
]

r12 = randn(3, 12, seed=10)
r62 = randn(3, 6, 2, seed=11)
CASES += [
    Case("reshape_expand_dynbatch",
         unary(f"nn.reshape %x : ({tt((None, 12))}) -> {tt((None, 3, 4))}",
               tt((None, 12)), tt((None, 3, 4))),
         [r12], lambda x: x.reshape(-1, 3, 4)),
    Case("reshape_collapse_dynbatch",
         unary(f"nn.reshape %x : ({tt((None, 6, 2))}) -> {tt((None, 12))}",
               tt((None, 6, 2)), tt((None, 12))),
         [r62], lambda x: x.reshape(-1, 12)),
    Case("reshape_general_static",
         unary(f"nn.reshape %x : ({tt(f3.shape)}) -> {tt((4, 6))}",
               tt(f3.shape), tt((4, 6))),
         [f3], lambda x: x.reshape(4, 6)),
    Case("reshape_general_dynbatch",
         unary(f"nn.reshape %x : ({tt((None, 6, 2))}) -> {tt((None, 2, 6))}",
               tt((None, 6, 2)), tt((None, 2, 6))),
         [r62], lambda x: x.reshape(-1, 2, 6)),
    Case("reshape_to_dynamic_result",
         unary(f"nn.reshape %x : ({tt(f3.shape)}) -> {tt((None, 4))}",
               tt(f3.shape), tt((None, 4))),
         [f3], lambda x: x.reshape(-1, 4)),
    Case("reshape_flat_to_nchw_dynbatch",
         unary(f"nn.reshape %x : ({tt((None, 12))}) -> {tt((None, 1, 3, 4))}",
               tt((None, 12)), tt((None, 1, 3, 4))),
         [r12], lambda x: x.reshape(-1, 1, 3, 4)),
    Case("transpose_static",
         unary(f"nn.transpose %x {{permutation = array<i64: 2, 0, 1>}} : "
               f"({tt(f3.shape)}) -> {tt((4, 2, 3))}", tt(f3.shape),
               tt((4, 2, 3))),
         [f3], lambda x: x.permute(2, 0, 1)),
    Case("transpose_dynbatch",
         unary(f"nn.transpose %x {{permutation = array<i64: 0, 2, 1, 3>}} : "
               f"({tt((None, 3, 4, 5))}) -> {tt((None, 4, 3, 5))}",
               tt((None, 3, 4, 5)), tt((None, 4, 3, 5))),
         [f4], lambda x: x.permute(0, 2, 1, 3)),
]

# ---------------------------------------------------------------------------
# concat, split
# ---------------------------------------------------------------------------

ca, cb = randn(2, 3, seed=12), randn(2, 5, seed=13)
CASES += [
    Case("concat_axis1_dynbatch", f"""
func.func @main(%a: tensor<?x3xf32>, %b: tensor<?x5xf32>) -> tensor<?x11xf32> {{
  %0 = nn.concat %a, %b, %a {{axis = 1 : i64}} : (tensor<?x3xf32>, tensor<?x5xf32>, tensor<?x3xf32>) -> tensor<?x11xf32>
  return %0 : tensor<?x11xf32>
}}
""", [ca, cb], lambda a, b: torch.cat([a, b, a], 1)),
    Case("concat_axis0_dynamic", f"""
func.func @main(%a: tensor<?x3xf32>, %b: tensor<?x3xf32>) -> tensor<?x3xf32> {{
  %0 = nn.concat %a, %b {{axis = 0 : i64}} : (tensor<?x3xf32>, tensor<?x3xf32>) -> tensor<?x3xf32>
  return %0 : tensor<?x3xf32>
}}
""", [ca, randn(4, 3, seed=14)], lambda a, b: torch.cat([a, b], 0)),
    Case("concat_last_axis_4d", f"""
func.func @main(%a: tensor<2x3x4x1xf32>, %b: tensor<2x3x4x2xf32>) -> tensor<2x3x4x3xf32> {{
  %0 = nn.concat %a, %b {{axis = -1 : i64}} : (tensor<2x3x4x1xf32>, tensor<2x3x4x2xf32>) -> tensor<2x3x4x3xf32>
  return %0 : tensor<2x3x4x3xf32>
}}
""", [randn(2, 3, 4, 1, seed=15), randn(2, 3, 4, 2, seed=16)],
         lambda a, b: torch.cat([a, b], -1)),
    Case("split_axis1_dynbatch", f"""
func.func @main(%x: tensor<?x6xf32>) -> (tensor<?x1xf32>, tensor<?x2xf32>, tensor<?x3xf32>) {{
  %0:3 = nn.split %x {{axis = 1 : i64, sizes = array<i64: 1, 2, 3>}} : (tensor<?x6xf32>) -> (tensor<?x1xf32>, tensor<?x2xf32>, tensor<?x3xf32>)
  return %0#0, %0#1, %0#2 : tensor<?x1xf32>, tensor<?x2xf32>, tensor<?x3xf32>
}}
""", [randn(3, 6, seed=17)], lambda x: torch.split(x, [1, 2, 3], 1)),
    Case("split_axis0", f"""
func.func @main(%x: tensor<5x2x3xf32>) -> (tensor<2x2x3xf32>, tensor<3x2x3xf32>) {{
  %0:2 = nn.split %x {{axis = 0 : i64, sizes = array<i64: 2, 3>}} : (tensor<5x2x3xf32>) -> (tensor<2x2x3xf32>, tensor<3x2x3xf32>)
  return %0#0, %0#1 : tensor<2x2x3xf32>, tensor<3x2x3xf32>
}}
""", [randn(5, 2, 3, seed=18)], lambda x: torch.split(x, [2, 3], 0)),
]

# ---------------------------------------------------------------------------
# reduce
# ---------------------------------------------------------------------------

rx = randn(3, 4, 5, seed=19)
# prod over many elements over/underflows; keep its factors near 1.
rp = (1.0 + 0.1 * randn(3, 4, 5, seed=20)).astype(np.float32)


def reduce_case(name, kind, x, axes, keepdims, out_shape, reference,
                dynamic=False, elt="f32"):
    in_shape = dyn(x.shape) if dynamic else x.shape
    out = out_shape
    if dynamic and 0 not in [a % x.ndim for a in axes]:
        out = dyn(out_shape)
    attrs = f"axes = array<i64: {', '.join(map(str, axes))}>" + \
        (", keepdims" if keepdims else "")
    it, ot = tt(in_shape, elt), tt(out, elt)
    return Case(name, unary(f"nn.reduce {kind} %x {{{attrs}}} : ({it}) -> {ot}",
                            it, ot), [x], reference)


CASES += [
    reduce_case("reduce_sum_axis1_dynbatch", "sum", rx, [1], False, (3, 5),
                lambda x: x.sum(1), dynamic=True),
    reduce_case("reduce_sum_all_keepdims", "sum", rx, [0, 1, 2], True,
                (1, 1, 1), lambda x: x.sum(dim=(0, 1, 2), keepdim=True)),
    reduce_case("reduce_mean_12_keepdims_dynbatch", "mean", rx, [1, 2], True,
                (3, 1, 1), lambda x: x.mean(dim=(1, 2), keepdim=True),
                dynamic=True),
    reduce_case("reduce_mean_all", "mean", rx, [2, 0, 1], False, (),
                lambda x: x.mean()),
    reduce_case("reduce_mean_batch_dynbatch", "mean", rx, [0], False, (4, 5),
                lambda x: x.mean(0), dynamic=True),
    reduce_case("reduce_max_last", "max", rx, [-1], False, (3, 4),
                lambda x: x.amax(-1)),
    reduce_case("reduce_max_middle_keepdims_dynbatch", "max", rx, [1], True,
                (3, 1, 5), lambda x: x.amax(1, keepdim=True), dynamic=True),
    reduce_case("reduce_min_first_keepdims", "min", rx, [0], True, (1, 4, 5),
                lambda x: x.amin(0, keepdim=True)),
    reduce_case("reduce_min_02", "min", rx, [0, -1], False, (4,),
                lambda x: x.amin(dim=(0, 2))),
    reduce_case("reduce_prod_last", "prod", rp, [2], False, (3, 4),
                lambda x: x.prod(2)),
    reduce_case("reduce_prod_all_keepdims", "prod", rp, [0, 1, 2], True,
                (1, 1, 1), lambda x: x.prod().reshape(1, 1, 1)),
    reduce_case("reduce_mean_f64", "mean", rx.astype(np.float64), [1], False,
                (3, 5), lambda x: x.mean(1), elt="f64"),
]

# ---------------------------------------------------------------------------
# dropout (inference: identity)
# ---------------------------------------------------------------------------

CASES += [
    Case("dropout_identity_dynbatch",
         unary(f"nn.dropout %x {{rate = 0.5 : f64}} : {tt((None, 4, 5))}",
               tt((None, 4, 5)), tt((None, 4, 5))),
         [rx], lambda x: F.dropout(x, 0.5, training=False)),
]

# A dynamic result dimension that is not the batch is derived from the
# element count, not copied from the input dimension at the same position.
CASES.append(Case(
    name="reshape_dynamic_middle_derived",
    mlir="""func.func @main(%x: tensor<2x?x4xf32>) -> tensor<2x?x2xf32> {
  %0 = nn.reshape %x : (tensor<2x?x4xf32>) -> tensor<2x?x2xf32>
  return %0 : tensor<2x?x2xf32>
}
""",
    inputs=[randn(2, 3, 4, seed=91)],
    reference=lambda x: x.reshape(2, 6, 2)))
