"""End-to-end cases for nn.dense, nn.conv and nn.matmul against PyTorch."""
import numpy as np
import torch
import torch.nn.functional as F

from e2e_case import Case, randn, uniform
from nnc_testing.reference import ACTIVATIONS as ACTIVATION_FNS


def ty(shape, elt="f32"):
    return "tensor<" + "".join(f"{d}x" for d in shape) + elt + ">"


def single_op(op, operands, attrs="", elt="f32"):
    """@main with one nn op (generic form of the type signature).

    operands: list of (shape, element type or None for `elt`); the last entry
    is the result shape.
    """
    *ins, out = operands
    types = [ty(s, e or elt) for s, e in ins]
    args = ", ".join(f"%a{i}: {t}" for i, t in enumerate(types))
    uses = ", ".join(f"%a{i}" for i in range(len(types)))
    rt = ty(out[0], out[1] or elt)
    attr = f" {{{attrs}}}" if attrs else ""
    return (f"func.func @main({args}) -> {rt} {{\n"
            f"  %0 = {op} {uses}{attr} : ({', '.join(types)}) -> {rt}\n"
            f"  return %0 : {rt}\n}}\n")


# The activation epilogue: attribute text and the PyTorch function.
EPILOGUES = {
    "none": "",
    "relu": "activation = #nn.activation<relu>",
    "leaky_relu": "activation = #nn.activation<leaky_relu>",
    "leaky_relu_a": "activation = #nn.activation<leaky_relu, 0.2 : f64>",
    "gelu": "activation = #nn.activation<gelu>",
    "gelu_tanh": "activation = #nn.activation<gelu_tanh>",
    "silu": "activation = #nn.activation<silu>",
    "sigmoid": "activation = #nn.activation<sigmoid>",
    "tanh": "activation = #nn.activation<tanh>",
    "elu": "activation = #nn.activation<elu>",
    "elu_a": "activation = #nn.activation<elu, 0.5 : f64>",
    "softplus": "activation = #nn.activation<softplus>",
}
ACTIVATIONS = {name: (attr, ACTIVATION_FNS[name]) for name, attr in EPILOGUES.items()}

CASES = []

# ---------------------------------------------------------------- dense
B = "?"
for act, (attr, fn) in ACTIVATIONS.items():
    CASES.append(Case(
        name=f"dense_bias_{act}",
        mlir=single_op("nn.dense", [([B, 16], None), ([8, 16], None), ([8], None),
                                    ([B, 8], None)], attr),
        inputs=[randn(3, 16, seed=1), randn(8, 16, seed=2) * 0.5, randn(8, seed=3)],
        reference=lambda x, w, b, fn=fn: fn(F.linear(x, w, b)),
    ))

CASES += [
    Case(
        name="dense_no_bias",
        mlir=single_op("nn.dense", [([B, 32], None), ([10, 32], None), ([B, 10], None)]),
        inputs=[randn(5, 32, seed=4), randn(10, 32, seed=5)],
        reference=lambda x, w: F.linear(x, w),
    ),
    Case(
        name="dense_static_batch",
        mlir=single_op("nn.dense", [([4, 7], None), ([3, 7], None), ([3], None), ([4, 3], None)]),
        inputs=[randn(4, 7, seed=6), randn(3, 7, seed=7), randn(3, seed=8)],
        reference=lambda x, w, b: F.linear(x, w, b),
    ),
    Case(
        name="dense_3d_input_gelu_tanh",
        mlir=single_op("nn.dense", [([B, 5, 16], None), ([8, 16], None), ([8], None),
                                    ([B, 5, 8], None)],
                       ACTIVATIONS["gelu_tanh"][0]),
        inputs=[randn(2, 5, 16, seed=9), randn(8, 16, seed=10) * 0.3, randn(8, seed=11)],
        reference=lambda x, w, b: F.gelu(F.linear(x, w, b), approximate="tanh"),
    ),
    Case(
        name="dense_4d_input",
        mlir=single_op("nn.dense", [([B, 2, 3, 6], None), ([4, 6], None), ([B, 2, 3, 4], None)]),
        inputs=[randn(2, 2, 3, 6, seed=12), randn(4, 6, seed=13)],
        reference=lambda x, w: F.linear(x, w),
    ),
    Case(
        name="dense_1d_input",
        mlir=single_op("nn.dense", [([6], None), ([4, 6], None), ([4], None), ([4], None)]),
        inputs=[randn(6, seed=14), randn(4, 6, seed=15), randn(4, seed=16)],
        reference=lambda x, w, b: F.linear(x, w, b),
    ),
    Case(
        name="dense_f64_sigmoid",
        mlir=single_op("nn.dense", [([B, 12], None), ([5, 12], None), ([5], None), ([B, 5], None)],
                       ACTIVATIONS["sigmoid"][0], elt="f64"),
        inputs=[randn(3, 12, seed=17, dtype=np.float64), randn(5, 12, seed=18, dtype=np.float64),
                randn(5, seed=19, dtype=np.float64)],
        reference=lambda x, w, b: torch.sigmoid(F.linear(x, w, b)),
        rtol=1e-9,
    ),
]

# ---------------------------------------------------------------- conv


def conv_out(n, k, s, d, pb, pe):
    return (n + pb + pe - d * (k - 1) - 1) // s + 1


def conv_case(name, x_shape, cout, kernel, strides=None, padding=None, dilations=None,
              groups=1, bias=True, act="none", dyn_batch=True, elt="f32", rtol=1e-5):
    spatial = len(kernel)
    n, cin, *size = x_shape
    s = strides or [1] * spatial
    p = padding or [0] * (2 * spatial)
    d = dilations or [1] * spatial
    out = [conv_out(size[i], kernel[i], s[i], d[i], p[i], p[spatial + i]) for i in range(spatial)]
    bdim = "?" if dyn_batch else n
    shapes = [([bdim, cin] + size, None), ([cout, cin // groups] + list(kernel), None)]
    if bias:
        shapes.append(([cout], None))
    shapes.append(([bdim, cout] + out, None))
    attrs = []
    if strides:
        attrs.append(f"strides = array<i64: {', '.join(map(str, strides))}>")
    if padding:
        attrs.append(f"padding = array<i64: {', '.join(map(str, padding))}>")
    if dilations:
        attrs.append(f"dilations = array<i64: {', '.join(map(str, dilations))}>")
    if groups != 1:
        attrs.append(f"groups = {groups} : i64")
    if ACTIVATIONS[act][0]:
        attrs.append(ACTIVATIONS[act][0])
    dtype = np.float64 if elt == "f64" else np.float32
    inputs = [randn(*x_shape, seed=20, dtype=dtype),
              randn(cout, cin // groups, *kernel, seed=21, dtype=dtype) * 0.3]
    if bias:
        inputs.append(randn(cout, seed=22, dtype=dtype))
    fn = ACTIVATIONS[act][1]

    def reference(x, w, b=None):
        # ONNX padding [begins..., ends...] -> F.pad's (last dim first) pairs.
        pads = []
        for i in reversed(range(spatial)):
            pads += [p[i], p[spatial + i]]
        xp = F.pad(x, pads)
        conv = F.conv1d if spatial == 1 else F.conv2d
        return fn(conv(xp, w, b, stride=s, dilation=d, groups=groups))

    return Case(name=name, mlir=single_op("nn.conv", shapes, ", ".join(attrs), elt=elt),
                inputs=inputs, reference=reference, rtol=rtol)


CASES += [
    conv_case("conv2d_basic", [2, 3, 8, 8], 4, [3, 3]),
    conv_case("conv2d_no_bias_static", [1, 3, 7, 9], 5, [3, 2], bias=False, dyn_batch=False),
    conv_case("conv2d_stride2_pad1_relu", [2, 3, 9, 9], 6, [3, 3], strides=[2, 2],
              padding=[1, 1, 1, 1], act="relu"),
    conv_case("conv2d_asymmetric_pad_stride", [2, 2, 7, 6], 3, [3, 3], strides=[2, 1],
              padding=[0, 1, 2, 1]),
    conv_case("conv2d_dilation2", [2, 3, 10, 10], 4, [3, 3], dilations=[2, 2], padding=[2, 2, 2, 2]),
    conv_case("conv2d_groups2_leaky", [2, 4, 8, 8], 6, [3, 3], groups=2, act="leaky_relu_a",
              padding=[1, 1, 1, 1]),
    conv_case("conv2d_depthwise_silu", [2, 4, 8, 8], 4, [3, 3], groups=4, act="silu",
              strides=[2, 2], padding=[1, 1, 1, 1]),
    conv_case("conv2d_groups_dilation_stride", [2, 6, 11, 10], 9, [3, 2], groups=3,
              strides=[2, 3], dilations=[2, 1], padding=[1, 0, 2, 1], act="gelu_tanh"),
    conv_case("conv2d_depthwise_multiplier", [2, 3, 6, 6], 6, [3, 3], groups=3, bias=False),
    conv_case("conv2d_1x1_gelu", [2, 8, 5, 5], 4, [1, 1], act="gelu"),
    conv_case("conv2d_f64_elu", [2, 3, 6, 6], 4, [3, 3], padding=[1, 1, 1, 1], act="elu_a",
              elt="f64", rtol=1e-9),
    conv_case("conv1d_basic", [2, 3, 12], 4, [3]),
    conv_case("conv1d_stride_pad_dilation_tanh", [2, 3, 16], 5, [3], strides=[2], padding=[2, 1],
              dilations=[2], act="tanh"),
    conv_case("conv1d_groups", [2, 6, 10], 4, [3], groups=2, padding=[1, 1]),
    conv_case("conv1d_depthwise_stride", [2, 4, 11], 4, [5], groups=4, strides=[3], bias=False),
    conv_case("conv1d_no_bias_static_softplus", [3, 2, 9], 3, [2], bias=False, dyn_batch=False,
              act="softplus"),
]

# ---------------------------------------------------------------- matmul
CASES += [
    Case(
        name="matmul_2d",
        mlir=single_op("nn.matmul", [([4, 5], None), ([5, 6], None), ([4, 6], None)]),
        inputs=[randn(4, 5, seed=30), randn(5, 6, seed=31)],
        reference=lambda a, b: a @ b,
    ),
    Case(
        name="matmul_dyn_rows_bias_relu",
        mlir=single_op("nn.matmul", [([B, 5], None), ([5, 6], None), ([6], None), ([B, 6], None)],
                       "activation = #nn.activation<relu>"),
        inputs=[randn(3, 5, seed=32), randn(5, 6, seed=33), randn(6, seed=34)],
        reference=lambda a, b, c: F.relu(a @ b + c),
    ),
    Case(
        name="matmul_batched_equal",
        mlir=single_op("nn.matmul", [([B, 4, 5], None), ([B, 5, 3], None), ([B, 4, 3], None)]),
        inputs=[randn(2, 4, 5, seed=35), randn(2, 5, 3, seed=36)],
        reference=lambda a, b: torch.matmul(a, b),
    ),
    Case(
        name="matmul_batched_static",
        mlir=single_op("nn.matmul", [([3, 4, 5], None), ([3, 5, 2], None), ([3, 4, 2], None)]),
        inputs=[randn(3, 4, 5, seed=37), randn(3, 5, 2, seed=38)],
        reference=lambda a, b: torch.matmul(a, b),
    ),
    Case(
        name="matmul_broadcast_batch",
        mlir=single_op("nn.matmul", [([2, 1, 4, 5], None), ([3, 5, 6], None), ([2, 3, 4, 6], None)]),
        inputs=[randn(2, 1, 4, 5, seed=39), randn(3, 5, 6, seed=40)],
        reference=lambda a, b: torch.matmul(a, b),
    ),
    Case(
        name="matmul_dyn_batch_broadcast_rhs",
        mlir=single_op("nn.matmul", [([B, 3, 4, 5], None), ([1, 5, 6], None), ([B, 3, 4, 6], None)]),
        inputs=[randn(2, 3, 4, 5, seed=41), randn(1, 5, 6, seed=42)],
        reference=lambda a, b: torch.matmul(a, b),
    ),
    Case(
        name="matmul_lhs_2d_rhs_batched",
        mlir=single_op("nn.matmul", [([4, 5], None), ([B, 5, 6], None), ([B, 4, 6], None)]),
        inputs=[randn(4, 5, seed=43), randn(3, 5, 6, seed=44)],
        reference=lambda a, b: torch.matmul(a, b),
    ),
    Case(
        name="matmul_3d_by_2d_bias_gelu",
        mlir=single_op("nn.matmul", [([B, 4, 5], None), ([5, 6], None), ([6], None),
                                     ([B, 4, 6], None)], "activation = #nn.activation<gelu>"),
        inputs=[randn(2, 4, 5, seed=45), randn(5, 6, seed=46), randn(6, seed=47)],
        reference=lambda a, b, c: F.gelu(torch.matmul(a, b) + c),
    ),
    Case(
        name="matmul_elu_alpha",
        mlir=single_op("nn.matmul", [([B, 4, 5], None), ([B, 5, 6], None), ([6], None),
                                     ([B, 4, 6], None)],
                       "activation = #nn.activation<elu, 0.5 : f64>"),
        inputs=[randn(2, 4, 5, seed=48), randn(2, 5, 6, seed=49), randn(6, seed=50)],
        reference=lambda a, b, c: F.elu(torch.matmul(a, b) + c, 0.5),
    ),
    Case(
        name="matmul_f64_broadcast",
        mlir=single_op("nn.matmul", [([B, 1, 3, 4], None), ([2, 4, 5], None), ([B, 2, 3, 5], None)],
                       elt="f64"),
        inputs=[randn(3, 1, 3, 4, seed=51, dtype=np.float64),
                randn(2, 4, 5, seed=52, dtype=np.float64)],
        reference=lambda a, b: torch.matmul(a, b),
        rtol=1e-9,
    ),
]

# ------------------------------------------------ fully dynamic shapes
CASES += [
    Case(
        name="dense_dynamic_rows_and_seq",
        mlir=single_op("nn.dense", [(["?", "?", 6], None), ([4, 6], None), ([4], None),
                                    (["?", "?", 4], None)], ACTIVATIONS["relu"][0]),
        inputs=[randn(2, 3, 6, seed=60), randn(4, 6, seed=61), randn(4, seed=62)],
        reference=lambda x, w, b: F.relu(F.linear(x, w, b)),
    ),
    Case(
        name="conv2d_dynamic_spatial",
        mlir=single_op("nn.conv", [(["?", 3, "?", "?"], None), ([4, 3, 3, 3], None), ([4], None),
                                   (["?", 4, "?", "?"], None)],
                       "strides = array<i64: 2, 1>, padding = array<i64: 1, 0, 1, 2>, "
                       "dilations = array<i64: 1, 2>"),
        inputs=[randn(2, 3, 9, 8, seed=63), randn(4, 3, 3, 3, seed=64), randn(4, seed=65)],
        reference=lambda x, w, b: F.conv2d(F.pad(x, (0, 2, 1, 1)), w, b, stride=(2, 1),
                                           dilation=(1, 2)),
    ),
    Case(
        name="conv1d_grouped_dynamic_length",
        mlir=single_op("nn.conv", [(["?", 4, "?"], None), ([6, 2, 3], None), (["?", 6, "?"], None)],
                       "groups = 2 : i64, strides = array<i64: 2>, padding = array<i64: 1, 1>"),
        inputs=[randn(2, 4, 13, seed=66), randn(6, 2, 3, seed=67)],
        reference=lambda x, w: F.conv1d(x, w, stride=2, padding=1, groups=2),
    ),
    Case(
        name="matmul_dynamic_lead_by_2d_bias",
        mlir=single_op("nn.matmul", [(["?", "?", 4], None), ([4, 5], None), ([5], None),
                                     (["?", "?", 5], None)]),
        inputs=[randn(2, 3, 4, seed=70), randn(4, 5, seed=71), randn(5, seed=72)],
        reference=lambda a, b, c: torch.matmul(a, b) + c,
    ),
    Case(
        name="matmul_all_dynamic",
        mlir=single_op("nn.matmul", [(["?", "?", "?"], None), (["?", "?", "?"], None),
                                     (["?", "?", "?"], None)]),
        inputs=[randn(2, 3, 4, seed=68), randn(2, 4, 5, seed=69)],
        reference=lambda a, b: torch.matmul(a, b),
    ),
]
