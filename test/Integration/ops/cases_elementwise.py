"""End-to-end cases for the elementwise nn ops (binary with broadcasting,
unary math, activations) against PyTorch."""
import numpy as np
import torch
import torch.nn.functional as F

from e2e_case import Case, randn, uniform


def ty(shape, elt="f32"):
    return "tensor<" + "".join(f"{d}x" for d in shape) + elt + ">"


def binary(op, lhs, rhs, out, elt="f32"):
    a, b, r = ty(lhs, elt), ty(rhs, elt), ty(out, elt)
    return (f"func.func @main(%a: {a}, %b: {b}) -> {r} {{\n"
            f"  %0 = nn.{op} %a, %b : ({a}, {b}) -> {r}\n"
            f"  return %0 : {r}\n}}\n")


def unary(op, shape, attrs="", elt="f32"):
    t = ty(shape, elt)
    attr = f" {{{attrs}}}" if attrs else ""
    return (f"func.func @main(%x: {t}) -> {t} {{\n"
            f"  %0 = nn.{op} %x{attr} : {t}\n"
            f"  return %0 : {t}\n}}\n")


def np_dtype(elt):
    return np.float64 if elt == "f64" else np.float32


CASES = []

# ---------------------------------------------------------------- binary
BINARY = {
    "add": torch.add,
    "sub": torch.sub,
    "mul": torch.mul,
    "div": torch.div,
    "max": torch.maximum,
    "min": torch.minimum,
}
# (lhs type shape, rhs type shape, result shape, lhs data shape, rhs data shape)
BROADCASTS = {
    "same_dyn": (["?", 4, 5], ["?", 4, 5], ["?", 4, 5], (2, 4, 5), (2, 4, 5)),
    "row": (["?", 4, 5], [5], ["?", 4, 5], (3, 4, 5), (5,)),
    "both_ways": (["?", 1, 5], [4, 1], ["?", 4, 5], (2, 1, 5), (4, 1)),
    "scalar_like": ([3, 4], [1], [3, 4], (3, 4), (1,)),
    "lhs_smaller": ([6], ["?", 6], ["?", 6], (6,), (3, 6)),
}
for op, fn in BINARY.items():
    for bname, (ls, rs, os_, ld, rd) in BROADCASTS.items():
        lhs = randn(*ld, seed=1)
        rhs = randn(*rd, seed=2)
        if op == "div":
            rhs = np.sign(rhs) * (np.abs(rhs) + 0.5)  # keep away from 0
        CASES.append(Case(name=f"{op}_{bname}", mlir=binary(op, ls, rs, os_),
                          inputs=[lhs, rhs.astype(np.float32)],
                          reference=lambda a, b, fn=fn: fn(a, b)))

CASES += [
    Case(name="pow_broadcast", mlir=binary("pow", ["?", 4], [4], ["?", 4]),
         inputs=[uniform(3, 4, low=0.1, high=3.0, seed=3), uniform(4, low=-2.0, high=3.0, seed=4)],
         reference=lambda a, b: torch.pow(a, b)),
    Case(name="pow_integer_exponent_negative_base",
         mlir=binary("pow", ["?", 5], [1], ["?", 5]),
         inputs=[randn(2, 5, seed=5), np.array([3.0], dtype=np.float32)],
         reference=lambda a, b: torch.pow(a, b)),
    Case(name="add_f64", mlir=binary("add", ["?", 3], [3], ["?", 3], elt="f64"),
         inputs=[randn(4, 3, seed=6, dtype=np.float64), randn(3, seed=7, dtype=np.float64)],
         reference=lambda a, b: a + b, rtol=1e-12),
    Case(name="div_f64", mlir=binary("div", [2, 3], [2, 1], [2, 3], elt="f64"),
         inputs=[randn(2, 3, seed=8, dtype=np.float64), np.array([[2.0], [-0.5]])],
         reference=lambda a, b: a / b, rtol=1e-12),
]

# ---------------------------------------------------------------- unary
POS = dict(low=0.05, high=4.0)
UNARY = [
    # name, op, attrs, torch fn, input range (None: randn), elt
    ("neg", "neg", "", torch.neg, None),
    ("exp", "exp", "", torch.exp, None),
    ("log", "log", "", torch.log, POS),
    ("sqrt", "sqrt", "", torch.sqrt, POS),
    ("rsqrt", "rsqrt", "", torch.rsqrt, POS),
    ("abs", "abs", "", torch.abs, None),
    ("erf", "erf", "", torch.erf, None),
    ("relu", "relu", "", F.relu, None),
    ("leaky_relu", "leaky_relu", "", F.leaky_relu, None),
    ("leaky_relu_alpha", "leaky_relu", "alpha = 0.2 : f64", lambda x: F.leaky_relu(x, 0.2), None),
    ("gelu", "gelu", "", F.gelu, None),
    ("gelu_tanh", "gelu", "approximate", lambda x: F.gelu(x, approximate="tanh"), None),
    ("silu", "silu", "", F.silu, None),
    ("sigmoid", "sigmoid", "", torch.sigmoid, None),
    ("tanh", "tanh", "", torch.tanh, None),
    ("elu", "elu", "", F.elu, None),
    ("elu_alpha", "elu", "alpha = 0.5 : f64", lambda x: F.elu(x, 0.5), None),
    ("softplus", "softplus", "", F.softplus, dict(low=-30.0, high=30.0)),
    ("softplus_beta_threshold", "softplus", "beta = 2.0 : f64, threshold = 5.0 : f64",
     lambda x: F.softplus(x, beta=2.0, threshold=5.0), dict(low=-6.0, high=6.0)),
    ("hard_sigmoid", "hard_sigmoid", "", F.hardsigmoid, dict(low=-5.0, high=5.0)),
    # ONNX's HardSigmoid defaults (alpha 0.2); PyTorch has no such function.
    ("hard_sigmoid_onnx", "hard_sigmoid", "alpha = 0.2 : f64, beta = 0.5 : f64",
     lambda x: torch.clamp(0.2 * x + 0.5, 0.0, 1.0), dict(low=-5.0, high=5.0)),
    ("hard_swish", "hard_swish", "", F.hardswish, dict(low=-5.0, high=5.0)),
]
for name, op, attrs, fn, rng in UNARY:
    for elt in ("f32", "f64"):
        dt = np_dtype(elt)
        x = (uniform(3, 7, seed=9, dtype=dt, **rng) if rng else randn(3, 7, seed=9, dtype=dt) * 2)
        CASES.append(Case(
            name=f"{name}_{elt}",
            mlir=unary(op, ["?", 7], attrs, elt),
            inputs=[x],
            reference=lambda x, fn=fn: fn(x),
            rtol=1e-5 if elt == "f32" else 1e-9,
        ))

CASES += [
    Case(name="sigmoid_silu_extremes", mlir=unary("sigmoid", [6]),
         inputs=[np.array([-100.0, -20.0, -1.0, 0.0, 20.0, 100.0], dtype=np.float32)],
         reference=torch.sigmoid),
    Case(name="silu_extremes", mlir=unary("silu", [6]),
         inputs=[np.array([-100.0, -20.0, -1.0, 0.0, 20.0, 100.0], dtype=np.float32)],
         reference=F.silu),
    Case(name="gelu_static_3d", mlir=unary("gelu", [2, 3, 4]),
         inputs=[randn(2, 3, 4, seed=10) * 3], reference=F.gelu),
    Case(name="relu_4d_dyn", mlir=unary("relu", ["?", 2, 3, 4]),
         inputs=[randn(2, 2, 3, 4, seed=11)], reference=F.relu),
]
