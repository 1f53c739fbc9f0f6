"""End-to-end cases for nn-fuse-bias-activation: numerics are unchanged.

Each model is written unfused (dense / conv / matmul, then an nn.add of the
bias and an activation op), run through `nnc-opt --nn-fuse-bias-activation`
(Case.passes) and compiled; the output is compared with PyTorch on the same
weights. test/Dialect/NN/Transforms/fuse-bias-activation.mlir checks what is fused.
"""
import torch
import torch.nn.functional as F

from e2e_case import Case, randn
from nnc_testing.reference import ACTIVATIONS

PASS = "--nn-fuse-bias-activation"


def ty(shape, elt="f32"):
    return "tensor<" + "".join(f"{d}x" for d in shape) + elt + ">"


# Activation op text (applied to %v of type T) and the PyTorch function.
ACT_OPS = {
    "none": None,
    "relu": "nn.relu {v} : {t}",
    "leaky_relu": "nn.leaky_relu {v} : {t}",
    "leaky_relu_a": "nn.leaky_relu {v} {{alpha = 0.2 : f64}} : {t}",
    "gelu": "nn.gelu {v} : {t}",
    "gelu_tanh": "nn.gelu {v} {{approximate}} : {t}",
    "silu": "nn.silu {v} : {t}",
    "sigmoid": "nn.sigmoid {v} : {t}",
    "tanh": "nn.tanh {v} : {t}",
    "elu": "nn.elu {v} : {t}",
    "elu_a": "nn.elu {v} {{alpha = 0.5 : f64}} : {t}",
    "softplus": "nn.softplus {v} : {t}",
}
ACTS = {name: (text, ACTIVATIONS[name]) for name, text in ACT_OPS.items()}


def layer(op, args, arg_types, out, bias_shape, act, attrs="", bias_lhs=False, elt="f32"):
    """@main: `op` on the arguments, `nn.add` with the bias argument (the
    last one, of bias_shape), then the activation `act`."""
    out_t = ty(out, elt)
    bias_t = ty(bias_shape, elt)
    types = arg_types + [bias_t]
    params = ", ".join(f"%a{i}: {t}" for i, t in enumerate(types))
    b = f"%a{len(types) - 1}"
    attr = f" {{{attrs}}}" if attrs else ""
    lines = [f"func.func @main({params}) -> {out_t} {{",
             f"  %0 = {op} {', '.join(args)}{attr} : ({', '.join(arg_types)}) -> {out_t}"]
    if bias_lhs:
        lines.append(f"  %1 = nn.add {b}, %0 : ({bias_t}, {out_t}) -> {out_t}")
    else:
        lines.append(f"  %1 = nn.add %0, {b} : ({out_t}, {bias_t}) -> {out_t}")
    result = "%1"
    text = ACTS[act][0]
    if text:
        lines.append("  %2 = " + text.format(v="%1", t=out_t))
        result = "%2"
    lines += [f"  return {result} : {out_t}", "}", ""]
    return "\n".join(lines)


def dense_case(name, x_shape, out_features, act, bias_shape=None, bias_lhs=False, dyn_batch=True,
               seed=0):
    in_features = x_shape[-1]
    bias_shape = bias_shape or [out_features]
    xs = (["?"] if dyn_batch else [x_shape[0]]) + list(x_shape[1:])
    out = xs[:-1] + [out_features]
    mlir = layer("nn.dense", ["%a0", "%a1"], [ty(xs), ty([out_features, in_features])], out,
                 bias_shape, act, bias_lhs=bias_lhs)
    fn = ACTS[act][1]
    return Case(
        name=name, mlir=mlir, passes=PASS,
        inputs=[randn(*x_shape, seed=seed + 1), randn(out_features, in_features, seed=seed + 2) * 0.4,
                randn(*bias_shape, seed=seed + 3)],
        reference=lambda x, w, b: fn(F.linear(x, w, b.reshape(-1))),
    )


def conv_out(n, k, s, d, pb, pe):
    return (n + pb + pe - d * (k - 1) - 1) // s + 1


def conv_case(name, x_shape, cout, kernel, act, bias_shape=None, bias_lhs=False, strides=None,
              padding=None, dilations=None, groups=1, seed=0):
    spatial = len(kernel)
    s = strides or [1] * spatial
    p = padding or [0] * (2 * spatial)
    d = dilations or [1] * spatial
    out_sp = [conv_out(x_shape[2 + i], kernel[i], s[i], d[i], p[i], p[spatial + i])
              for i in range(spatial)]
    cin = x_shape[1]
    bias_shape = bias_shape or [cout] + [1] * spatial
    attrs = []
    if strides:
        attrs.append(f"strides = array<i64: {', '.join(map(str, s))}>")
    if padding:
        attrs.append(f"padding = array<i64: {', '.join(map(str, p))}>")
    if dilations:
        attrs.append(f"dilations = array<i64: {', '.join(map(str, d))}>")
    if groups != 1:
        attrs.append(f"groups = {groups} : i64")
    xs = ["?"] + list(x_shape[1:])
    w_shape = [cout, cin // groups] + list(kernel)
    mlir = layer("nn.conv", ["%a0", "%a1"], [ty(xs), ty(w_shape)], ["?", cout] + out_sp,
                 bias_shape, act, attrs=", ".join(attrs), bias_lhs=bias_lhs)
    fn = ACTS[act][1]

    def reference(x, w, b):
        # ONNX padding [begin..., end...] -> F.pad's (last dim first) pairs.
        pads = []
        for i in reversed(range(spatial)):
            pads += [p[i], p[spatial + i]]
        xp = F.pad(x, pads)
        conv = F.conv1d if spatial == 1 else F.conv2d
        return fn(conv(xp, w, b.reshape(-1), stride=s, dilation=d, groups=groups))

    return Case(
        name=name, mlir=mlir, passes=PASS,
        inputs=[randn(*x_shape, seed=seed + 1), randn(*w_shape, seed=seed + 2) * 0.3,
                randn(*bias_shape, seed=seed + 3)],
        reference=reference,
    )


def matmul_case(name, a_shape, b_shape, act, bias_shape=None, bias_lhs=False, dyn_batch=False,
                seed=0):
    n = b_shape[-1]
    bias_shape = bias_shape or [n]
    a_ty = (["?"] if dyn_batch else [a_shape[0]]) + list(a_shape[1:])
    batch = a_ty[:-2] if len(a_shape) >= len(b_shape) else list(b_shape[:-2])
    out = batch + [a_ty[-2], n]
    mlir = layer("nn.matmul", ["%a0", "%a1"], [ty(a_ty), ty(b_shape)], out, bias_shape, act,
                 bias_lhs=bias_lhs)
    fn = ACTS[act][1]
    return Case(
        name=name, mlir=mlir, passes=PASS,
        inputs=[randn(*a_shape, seed=seed + 1), randn(*b_shape, seed=seed + 2) * 0.4,
                randn(*bias_shape, seed=seed + 3)],
        reference=lambda a, b, c: fn(torch.matmul(a, b) + c.reshape(-1)),
    )


CASES = [
    # dense + add + activation, each activation of the epilogue.
    dense_case(f"fuse_dense_add_{act}", [5, 16], 8, act, seed=10 * i)
    for i, act in enumerate(a for a in ACTS if a != "none")
]

CASES += [
    dense_case("fuse_dense_add_only", [4, 12], 6, "none"),
    dense_case("fuse_dense_bias_lhs_1xn_tanh", [3, 10], 7, "tanh", bias_shape=[1, 7], bias_lhs=True),
    dense_case("fuse_dense_3d_11n_gelu_tanh", [2, 5, 16], 8, "gelu_tanh", bias_shape=[1, 1, 8]),
    dense_case("fuse_dense_static_batch_relu", [4, 9], 3, "relu", dyn_batch=False),
    conv_case("fuse_conv2d_add_leaky_relu", [2, 3, 8, 8], 4, [3, 3], "leaky_relu_a",
              strides=[2, 2], padding=[1, 1, 1, 1]),
    conv_case("fuse_conv2d_bias_1c11_lhs_silu", [2, 4, 7, 7], 6, [3, 3], "silu",
              bias_shape=[1, 6, 1, 1], bias_lhs=True, groups=2),
    conv_case("fuse_conv2d_add_relu", [1, 3, 6, 6], 5, [3, 3], "relu", padding=[1, 1, 1, 1]),
    conv_case("fuse_conv1d_add_elu", [2, 3, 12], 6, [3], "elu", bias_shape=[6, 1],
              dilations=[2]),
    conv_case("fuse_conv1d_bias_1c1_sigmoid", [2, 4, 10], 3, [2], "sigmoid", bias_shape=[1, 3, 1],
              strides=[2]),
    matmul_case("fuse_matmul_add_relu_onnx", [5, 16], [16, 8], "relu", dyn_batch=True),
    matmul_case("fuse_matmul_add_gelu", [4, 12], [12, 6], "gelu"),
    matmul_case("fuse_matmul_batched_11n_tanh", [2, 3, 8], [8, 5], "tanh", bias_shape=[1, 1, 5]),
    matmul_case("fuse_matmul_bias_lhs_softplus", [3, 7], [7, 4], "softplus", bias_lhs=True),
]

# A two-layer MLP (both layers fused) and a model where only part fuses (the
# pre-activation is also returned).
MLP = """func.func @main(%x: tensor<?x16xf32>, %w1: tensor<32x16xf32>, %b1: tensor<32xf32>,
                %w2: tensor<10x32xf32>, %b2: tensor<10xf32>) -> tensor<?x10xf32> {
  %0 = nn.dense %x, %w1 : (tensor<?x16xf32>, tensor<32x16xf32>) -> tensor<?x32xf32>
  %1 = nn.add %0, %b1 : (tensor<?x32xf32>, tensor<32xf32>) -> tensor<?x32xf32>
  %2 = nn.relu %1 : tensor<?x32xf32>
  %3 = nn.dense %2, %w2 : (tensor<?x32xf32>, tensor<10x32xf32>) -> tensor<?x10xf32>
  %4 = nn.add %b2, %3 : (tensor<10xf32>, tensor<?x10xf32>) -> tensor<?x10xf32>
  return %4 : tensor<?x10xf32>
}
"""

PARTIAL = """func.func @main(%x: tensor<?x16xf32>, %w: tensor<8x16xf32>, %b: tensor<8xf32>)
    -> (tensor<?x8xf32>, tensor<?x8xf32>) {
  %0 = nn.dense %x, %w : (tensor<?x16xf32>, tensor<8x16xf32>) -> tensor<?x8xf32>
  %1 = nn.add %0, %b : (tensor<?x8xf32>, tensor<8xf32>) -> tensor<?x8xf32>
  %2 = nn.silu %1 : tensor<?x8xf32>
  return %1, %2 : tensor<?x8xf32>, tensor<?x8xf32>
}
"""

CASES += [
    Case(
        name="fuse_mlp_two_layers",
        mlir=MLP, passes=PASS,
        inputs=[randn(6, 16, seed=101), randn(32, 16, seed=102) * 0.3, randn(32, seed=103),
                randn(10, 32, seed=104) * 0.3, randn(10, seed=105)],
        reference=lambda x, w1, b1, w2, b2: F.linear(F.relu(F.linear(x, w1, b1)), w2, b2),
    ),
    Case(
        name="fuse_partial_preactivation_returned",
        mlir=PARTIAL, passes=PASS,
        inputs=[randn(3, 16, seed=111), randn(8, 16, seed=112) * 0.4, randn(8, seed=113)],
        reference=lambda x, w, b: (F.linear(x, w, b), F.silu(F.linear(x, w, b))),
    ),
]
