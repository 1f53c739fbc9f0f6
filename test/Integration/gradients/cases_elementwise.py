"""FD cases: unary ops, activations, broadcasting binary ops and the softmax
family."""
import numpy as np

from fd_case import away_from_zero, Case, positive, randn, t as ts


T = "tensor<3x4xf64>"


def unary(op, attrs="", data=None, name=None):
    x = data if data is not None else away_from_zero(3, 4, seed=1)
    return Case(name or op.replace("nn.", ""),
                f"%y = {op} %x0 {attrs} : {T}", T, [x], op=op)


X = ts(3, 5)
mask = np.array([[True, False, True, True, False]] * 3)

KINKS = np.array([[-4.5, -3.2, -2.9, -1.0], [0.3, 1.7, 2.8, 3.4], [4.1, -0.6, 2.2, -2.2]])
CASES = [
    unary("nn.neg"), unary("nn.exp"),
    unary("nn.log", data=positive(3, 4)),
    unary("nn.sqrt", data=positive(3, 4)),
    unary("nn.rsqrt", data=positive(3, 4)),
    unary("nn.abs"), unary("nn.erf"), unary("nn.relu"),
    unary("nn.leaky_relu", "{alpha = 0.2 : f64}"),
    unary("nn.gelu"), unary("nn.gelu", "{approximate}", name="gelu_tanh"),
    unary("nn.silu"), unary("nn.sigmoid"), unary("nn.tanh"),
    unary("nn.elu", "{alpha = 0.7 : f64}"),
    unary("nn.softplus"),
    unary("nn.softplus", "{beta = 2.0 : f64, threshold = 1.0 : f64}",
          name="softplus_beta_threshold"),
    # Both sides of the kinks at -3 and 3, none within the FD step of them.
    unary("nn.hard_sigmoid", data=KINKS),
    unary("nn.hard_sigmoid", "{alpha = 0.2 : f64, beta = 0.4 : f64}", data=KINKS,
          name="hard_sigmoid_alpha_beta"),
    unary("nn.hard_swish", data=KINKS),
    unary("nn.sigmoid", data=randn(3, 4, seed=5) * 3, name="sigmoid_recompute"),
]
CASES[-1].options = "recompute=true"
CASES.append(Case("tanh_recompute", f"%y = nn.tanh %x0 : {T}", T,
                  [randn(3, 4, seed=6)], options="recompute=true", op="nn.tanh"))


def binary(op, a_shape, b_shape, out_shape, a=None, b=None, name=None):
    def t(s):
        return "tensor<" + "".join(f"{d}x" for d in s) + "f64>"
    a = a if a is not None else away_from_zero(*a_shape, seed=2)
    b = b if b is not None else away_from_zero(*b_shape, seed=3)
    return Case(name or op.replace("nn.", ""),
                f"%y = {op} %x0, %x1 : ({t(a_shape)}, {t(b_shape)}) -> {t(out_shape)}",
                t(out_shape), [a, b], op=op)


CASES += [
    binary("nn.add", (3, 4), (3, 4), (3, 4)),
    binary("nn.add", (2, 3, 4), (4,), (2, 3, 4), name="add_broadcast_row"),
    binary("nn.sub", (3, 1), (1, 4), (3, 4), name="sub_broadcast_outer"),
    binary("nn.mul", (2, 3, 4), (3, 1), (2, 3, 4), name="mul_broadcast"),
    binary("nn.div", (3, 4), (4,), (3, 4), name="div_broadcast"),
    binary("nn.pow", (3, 4), (3, 4), (3, 4), a=positive(3, 4, seed=4),
           b=randn(3, 4, seed=5)),
    binary("nn.max", (3, 4), (3, 4), (3, 4)),
    binary("nn.min", (3, 4), (1, 4), (3, 4), name="min_broadcast"),
    Case("softmax", f"%y = nn.softmax %x0 : ({X}) -> {X}", X, [randn(3, 5, seed=1)], op="nn.softmax"),
    Case("softmax_axis0_temperature",
         f"%y = nn.softmax %x0 {{axis = 0 : i64, temperature = 2.5 : f64}} : ({X}) -> {X}",
         X, [randn(3, 5, seed=2)], op="nn.softmax"),
    Case("softmax_bool_mask", f"%y = nn.softmax %x0 mask %x1 : ({X}, {ts(3, 5, e='i1')}) -> {X}",
         X, [randn(3, 5, seed=3), mask], op="nn.softmax"),
    Case("softmax_float_mask", f"%y = nn.softmax %x0 mask %x1 : ({X}, {ts(5)}) -> {X}",
         X, [randn(3, 5, seed=3), randn(5, seed=4)], op="nn.softmax"),
    Case("log_softmax", f"%y = nn.log_softmax %x0 {{temperature = 0.5 : f64}} : ({X}) -> {X}",
         X, [randn(3, 5, seed=5)], op="nn.log_softmax"),
    Case("log_softmax_bool_mask",
         f"""%l = nn.log_softmax %x0 mask %x1 : ({X}, {ts(3, 5, e='i1')}) -> {X}
             %z = arith.constant dense<0.0> : {X}
             %y = nn.max %l, %z : ({X}, {X}) -> {X}""",
         X, [randn(3, 5, seed=6) - 3.0, mask], op="nn.log_softmax"),
    Case("sparsemax", f"%y = nn.sparsemax %x0 : ({X}) -> {X}", X,
         [np.array([[0.9, 0.1, 0.5, -0.7, 0.8], [2.0, -1.0, 0.3, 0.35, 1.7],
                    [0.05, 0.4, -0.2, 0.6, 0.1]])], op="nn.sparsemax"),
    Case("grid_softmax", f"%y = nn.grid_softmax %x0 {{groups = 2 : i64, temperature = 1.5 : f64}} : "
         f"({ts(3, 6)}) -> {ts(3, 6)}", ts(3, 6), [randn(3, 6, seed=7)], op="nn.grid_softmax"),
]
