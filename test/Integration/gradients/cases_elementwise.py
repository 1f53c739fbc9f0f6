"""FD cases: unary ops, activations and broadcasting binary ops."""
from fd_case import Case, away_from_zero, positive, randn

T = "tensor<3x4xf64>"


def unary(op, attrs="", data=None, name=None):
    x = data if data is not None else away_from_zero(3, 4, seed=1)
    return Case(name or op.replace("nn.", ""),
                f"%y = {op} %x0 {attrs} : {T}", T, [x], op=op)


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
]
