"""End-to-end cases: the backward ops (NNBackwardOps.td), each alone, against
PyTorch's autograd (or, for one_hot, numel, broadcast, the masks and the
dropout mask, the definition written out here)."""
import numpy as np
import torch
import torch.nn.functional as F

from e2e_case import Case, randn, rng, uniform


def tt(shape, elt="f32"):
    """MLIR tensor type; `None` in `shape` is a dynamic dimension."""
    dims = "".join(("?" if d is None else str(d)) + "x" for d in shape)
    return f"tensor<{dims}{elt}>"


def ints(values):
    return ", ".join(map(str, values))


def main(args, results, body):
    """@main(args) -> results; `body` defines %0 (and %0#i for several)."""
    params = ", ".join(f"%{n}: {t}" for n, t in args)
    rtypes = ", ".join(results)
    if len(results) == 1:
        ret = f"%0 : {results[0]}"
    else:
        ret = ", ".join(f"%0#{i}" for i in range(len(results))) + f" : {rtypes}"
    return f"""
func.func @main({params}) -> ({rtypes}) {{
  {body}
  return {ret}
}}
"""


def vjp(fn, inputs, grad, wrt):
    """grad · ∂fn/∂inputs[i] for i in wrt (autograd; the runner calls the
    reference under no_grad)."""
    with torch.enable_grad():
        ts = [t.clone().requires_grad_(i in wrt) for i, t in enumerate(inputs)]
        out = fn(*ts)
        gs = torch.autograd.grad(out, [ts[i] for i in wrt], grad)
    return gs[0] if len(gs) == 1 else tuple(gs)


CASES = []

# ---------------------------------------------------------------------------
# unary_backward: every function, from the input; from the result where the
# op allows it.
# ---------------------------------------------------------------------------

UNARY = {
    "exp": (torch.exp, None),
    "log": (torch.log, "pos"),
    "sqrt": (torch.sqrt, "pos"),
    "rsqrt": (torch.rsqrt, "pos"),
    "abs": (torch.abs, None),
    "erf": (torch.erf, None),
    "relu": (torch.relu, None),
    "leaky_relu": (lambda x: F.leaky_relu(x, 0.2), None),
    "gelu": (F.gelu, None),
    "gelu_tanh": (lambda x: F.gelu(x, approximate="tanh"), None),
    "silu": (F.silu, None),
    "sigmoid": (torch.sigmoid, None),
    "tanh": (torch.tanh, None),
    "elu": (lambda x: F.elu(x, 0.7), None),
    "softplus": (lambda x: F.softplus(x, 2.0, 3.0), None),
}
FROM_RESULT = {"exp", "sqrt", "rsqrt", "relu", "sigmoid", "tanh"}
UNARY_ATTRS = {
    "leaky_relu": "alpha = 0.2 : f64",
    "elu": "alpha = 0.7 : f64",
    "softplus": "beta = 2.0 : f64, threshold = 3.0 : f64",
}

T = tt((None, 5))
for i, (fn, (f, domain)) in enumerate(UNARY.items()):
    x = (uniform(4, 5, low=0.1, high=3.0, seed=100 + i) if domain
         else 2 * randn(4, 5, seed=100 + i))
    g = randn(4, 5, seed=200 + i)
    for from_result in ([False, True] if fn in FROM_RESULT else [False]):
        saved = f(torch.from_numpy(x)).numpy() if from_result else x
        attrs = [a for a in [UNARY_ATTRS.get(fn), "from_result" if from_result
                             else None] if a]
        attr = f" {{{', '.join(attrs)}}}" if attrs else ""
        CASES.append(Case(
            f"unary_backward_{fn}{'_from_result' if from_result else ''}",
            main([("g", T), ("s", T)], [T],
                 f"%0 = nn.unary_backward {fn} %g, %s{attr} : {T}"),
            [g, saved],
            lambda g, s, f=f, x=x: vjp(f, [torch.from_numpy(x)], g, [0])))

# ---------------------------------------------------------------------------
# binary_backward: both partials at the broadcast shape ([4, 5] with a [5]
# rhs); max / min with ties (split), pow at a zero base.
# ---------------------------------------------------------------------------

BINARY = {
    "mul": torch.mul, "div": torch.div, "pow": torch.pow,
    "max": torch.maximum, "min": torch.minimum,
}
L, R = tt((4, 5)), tt((5,))
for i, (fn, f) in enumerate(BINARY.items()):
    lhs = randn(4, 5, seed=300 + i)
    rhs = randn(5, seed=310 + i)
    if fn == "pow":
        lhs = np.abs(lhs) + 0.1
        lhs[0, 0] = 0.0
        rhs = uniform(5, low=1.2, high=2.5, seed=310 + i)
    if fn in ("max", "min"):
        lhs[1, :] = rhs  # ties: the gradient is split
    g = randn(4, 5, seed=320 + i)

    def ref(g, a, b, f=f):
        a, b = a, b.expand_as(a)
        return vjp(f, [a, b], g, [0, 1])

    CASES.append(Case(
        f"binary_backward_{fn}",
        main([("g", L), ("a", L), ("b", R)], [L, L],
             f"%0:2 = nn.binary_backward {fn} %g, %a, %b : {L}, {L}, {R}"),
        [g, lhs, rhs], ref))

# ---------------------------------------------------------------------------
# loss_backward: ∂/∂input and ∂/∂target per element, times a scale.
# ---------------------------------------------------------------------------


def clamped_log(v):
    return torch.clamp(torch.log(v), min=-100.0)


LOSSES = {
    "mse": lambda x, t: (x - t) ** 2,
    "bce": lambda x, t: -(t * clamped_log(x) + (1 - t) * clamped_log(1 - x)),
    "bce_with_logits": lambda x, t: (torch.clamp(x, min=0) - x * t
                                     + torch.log1p(torch.exp(-torch.abs(x)))),
}
X = tt((None, 4))
for i, (kind, f) in enumerate(LOSSES.items()):
    x = (uniform(3, 4, low=0.05, high=0.95, seed=400 + i) if kind == "bce"
         else randn(3, 4, seed=400 + i))
    t = uniform(3, 4, low=0.0, high=1.0, seed=410 + i)
    scale = np.array(0.25, dtype=np.float32)

    def ref(x, t, s, f=f):
        return vjp(f, [x, t], s.expand(x.shape), [0, 1])

    CASES.append(Case(
        f"loss_backward_{kind}",
        main([("x", X), ("t", X), ("s", tt(()))], [X, X],
             f"%0:2 = nn.loss_backward {kind} %x, %t, %s : {X}, {tt(())}"),
        [x, t, scale], ref))

# ---------------------------------------------------------------------------
# Shapes and masks
# ---------------------------------------------------------------------------

labels = np.array([2, 0, 4, 1, 7, -1], dtype=np.int64)  # 7, -1: zero rows


def one_hot_ref(i):
    return (i[:, None] == torch.arange(5)[None, :]).float()


CASES.append(Case(
    "one_hot_dynbatch",
    main([("i", tt((None,), "i64"))], [tt((None, 5))],
         f"%0 = nn.one_hot %i : ({tt((None,), 'i64')}) -> {tt((None, 5))}"),
    [labels], one_hot_ref))

CASES.append(Case(
    "numel_dynamic_axes",
    main([("x", tt((None, 3, 4)))], [tt(())],
         f"%0 = nn.numel %x {{axes = array<i64: 0, 2>}} : "
         f"({tt((None, 3, 4))}) -> {tt(())}"),
    [randn(6, 3, 4, seed=500)],
    lambda x: torch.tensor(float(x.shape[0] * x.shape[2]))))

CASES.append(Case(
    "broadcast_dynbatch",
    main([("c", tt((1, 3, 1))), ("x", tt((None, 3, 4)))], [tt((None, 3, 4))],
         f"%0 = nn.broadcast %c, %x : ({tt((1, 3, 1))}, {tt((None, 3, 4))}) "
         f"-> {tt((None, 3, 4))}"),
    [randn(1, 3, 1, seed=501), randn(2, 3, 4, seed=502)],
    lambda c, x: c.expand(x.shape).clone()))

mask = rng(503).integers(0, 2, size=(4, 1)).astype(bool)
CASES.append(Case(
    "mask_backward_broadcast",
    main([("g", tt((4, 5))), ("m", tt((4, 1), "i1"))], [tt((4, 5))],
         f"%0 = nn.mask_backward %g, %m : {tt((4, 5))}, {tt((4, 1), 'i1')}"),
    [randn(4, 5, seed=504), mask],
    lambda g, m: torch.where(m, g, torch.zeros_like(g))))

ex = randn(4, 5, seed=505)
ex[2, 3] = ex[2].max()  # a tie: both positions get 1
CASES.append(Case(
    "eq_mask_row_max",
    main([("x", tt((4, 5))), ("e", tt((4, 1)))], [tt((4, 5))],
         f"%0 = nn.eq_mask %x, %e : {tt((4, 5))}, {tt((4, 1))}"),
    [ex, ex.max(axis=1, keepdims=True)],
    lambda x, e: (x == e).float()))

# dropout_mask: SplitMix64 over (seed, stream, element index), as the
# lowering and runtime/nnc_train.c define it; kept with probability 1 - rate.
M64 = (1 << 64) - 1


def splitmix(z):
    z = (z + 0x9E3779B97F4A7C15) & M64
    z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & M64
    z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & M64
    return z ^ (z >> 31)


def dropout_ref(like, seed, rate=0.3, stream=3):
    out = np.zeros(like.shape, dtype=np.float32)
    s = int(seed.item()) & M64
    for idx in np.ndindex(*like.shape):
        h = s ^ ((stream * 0x632BE59BD9B4E019) & M64)
        for i in idx:
            h = splitmix(h ^ i)
        u = (splitmix(h) >> 11) * 2.0 ** -53
        out[idx] = np.float32(1.0 / (1.0 - rate)) if u >= rate else 0.0
    return torch.from_numpy(out)


CASES.append(Case(
    "dropout_mask_dynbatch",
    main([("x", tt((None, 7))), ("s", tt((), "i64"))], [tt((None, 7))],
         f"%0 = nn.dropout_mask %x, %s {{rate = 0.3 : f64, stream = 3 : i64}} : "
         f"({tt((None, 7))}, {tt((), 'i64')}) -> {tt((None, 7))}"),
    [randn(9, 7, seed=506), np.array(-1234567, dtype=np.int64)],
    dropout_ref))

# ---------------------------------------------------------------------------
# Windowed ops: conv and pool backward against autograd of the forward.
# ---------------------------------------------------------------------------


def window_attrs(strides=None, padding=None, dilations=None, groups=None,
                 extra=()):
    attrs = []
    if groups:
        attrs.append(f"groups = {groups} : i64")
    if strides:
        attrs.append(f"strides = array<i64: {ints(strides)}>")
    if padding:
        attrs.append(f"padding = array<i64: {ints(padding)}>")
    if dilations:
        attrs.append(f"dilations = array<i64: {ints(dilations)}>")
    attrs.extend(extra)
    return f" {{{', '.join(attrs)}}}" if attrs else ""


CONV = [
    # name, x shape, w shape, stride, pad (symmetric), dilation, groups
    ("conv2d_grouped_padded", (2, 4, 7, 7), (6, 2, 3, 3), 1, 1, 1, 2),
    ("conv2d_strided_dilated", (2, 3, 9, 8), (4, 3, 3, 2), 2, 2, 2, 1),
    ("conv1d_strided", (3, 2, 11), (5, 2, 3), 3, 1, 1, 1),
]
for i, (name, xs, ws, s, p, d, grp) in enumerate(CONV):
    S = len(xs) - 2
    conv = F.conv2d if S == 2 else F.conv1d
    x, w = randn(*xs, seed=600 + i), randn(*ws, seed=610 + i)
    y = conv(torch.from_numpy(x), torch.from_numpy(w), stride=s, padding=p,
             dilation=d, groups=grp)
    g = randn(*y.shape, seed=620 + i)
    attrs = window_attrs([s] * S, [p] * (2 * S), [d] * S, grp)
    xt, wt, gt = tt((None,) + xs[1:]), tt(ws), tt((None,) + tuple(y.shape[1:]))

    def fwd(x, w, conv=conv, s=s, p=p, d=d, grp=grp):
        return conv(x, w, stride=s, padding=p, dilation=d, groups=grp)

    CASES.append(Case(
        f"conv_backward_input_{name}",
        main([("g", gt), ("w", wt)], [xt],
             f"%0 = nn.conv_backward_input %g, %w{attrs} : ({gt}, {wt}) -> {xt}"),
        [g, w],
        lambda g, w, x=x, fwd=fwd: vjp(fwd, [torch.from_numpy(x), w], g, [0])))
    CASES.append(Case(
        f"conv_backward_weight_{name}",
        main([("g", gt), ("x", xt)], [wt],
             f"%0 = nn.conv_backward_weight %g, %x{attrs} : ({gt}, {xt}) -> {wt}"),
        [g, x],
        lambda g, x, w=w, fwd=fwd: vjp(fwd, [x, torch.from_numpy(w)], g, [1])))

POOL = [
    # name, kind, x shape, kernel, stride, pad (symmetric), ceil, include
    ("max_strided", "max", (2, 3, 8, 8), 2, 2, 0, False, False),
    ("max_overlap_padded_ceil", "max", (2, 2, 7, 7), 3, 2, 1, True, False),
    ("max_1d", "max", (2, 3, 9), 3, 2, 0, False, False),
    ("avg_padded_ceil", "avg", (2, 3, 7, 7), 3, 2, 1, True, False),
    ("avg_count_include_pad", "avg", (2, 2, 6, 6), 3, 2, 1, False, True),
]
for i, (name, kind, xs, k, s, p, ceil, include) in enumerate(POOL):
    S = len(xs) - 2
    x = randn(*xs, seed=700 + i)
    if kind == "max":
        pool = F.max_pool2d if S == 2 else F.max_pool1d

        def fwd(x, pool=pool, k=k, s=s, p=p, ceil=ceil):
            return pool(x, k, s, p, ceil_mode=ceil)
    else:
        pool = F.avg_pool2d if S == 2 else F.avg_pool1d

        def fwd(x, pool=pool, k=k, s=s, p=p, ceil=ceil, include=include):
            return pool(x, k, s, p, ceil_mode=ceil, count_include_pad=include)
    y = fwd(torch.from_numpy(x))
    g = randn(*y.shape, seed=710 + i)
    extra = ([f"kernel_shape = array<i64: {ints([k] * S)}>"]
             + (["ceil_mode"] if ceil else [])
             + (["count_include_pad"] if include else []))
    attrs = window_attrs([s] * S, [p] * (2 * S) if p else None, extra=extra)
    xt, gt = tt((None,) + xs[1:]), tt((None,) + tuple(y.shape[1:]))
    if kind == "max":
        text = main([("g", gt), ("x", xt), ("y", gt)], [xt],
                    f"%0 = nn.pool_backward max %g, %x, %y{attrs} : "
                    f"({gt}, {xt}, {gt}) -> {xt}")
        inputs = [g, x, y.numpy()]
        ref = (lambda g, x, y, fwd=fwd: vjp(fwd, [x], g, [0]))
    else:
        text = main([("g", gt)], [xt],
                    f"%0 = nn.pool_backward avg %g{attrs} : ({gt}) -> {xt}")
        inputs = [g]
        ref = (lambda g, x=x, fwd=fwd: vjp(fwd, [torch.from_numpy(x)], g, [0]))
    CASES.append(Case(f"pool_backward_{name}", text, inputs, ref))

for i, (kind, xs) in enumerate([("avg", (2, 3, 4, 5)), ("max", (2, 3, 4, 5)),
                                ("max", (3, 2, 6))]):
    S = len(xs) - 2
    x = randn(*xs, seed=800 + i)
    if kind == "max":
        pool = F.adaptive_max_pool2d if S == 2 else F.adaptive_max_pool1d
    else:
        pool = F.adaptive_avg_pool2d if S == 2 else F.adaptive_avg_pool1d
    y = pool(torch.from_numpy(x), 1)
    g = randn(*y.shape, seed=810 + i)
    xt, gt = tt((None,) + xs[1:]), tt((None,) + tuple(y.shape[1:]))
    if kind == "max":
        text = main([("g", gt), ("x", xt), ("y", gt)], [xt],
                    f"%0 = nn.global_pool_backward max %g, %x, %y : "
                    f"({gt}, {xt}, {gt}) -> {xt}")
        inputs = [g, x, y.numpy()]
        ref = (lambda g, x, y, pool=pool: vjp(lambda v: pool(v, 1), [x], g, [0]))
    else:
        text = main([("g", gt), ("x", xt)], [xt],
                    f"%0 = nn.global_pool_backward avg %g, %x : "
                    f"({gt}, {xt}) -> {xt}")
        inputs = [g, x]
        ref = (lambda g, x, pool=pool: vjp(lambda v: pool(v, 1), [x], g, [0]))
    CASES.append(Case(f"global_pool_backward_{kind}_{S}d", text, inputs, ref))

# ---------------------------------------------------------------------------
# embedding_backward: repeated rows accumulate; negative ids wrap with
# wrap_negative.
# ---------------------------------------------------------------------------

table = randn(6, 4, seed=900)
for wrap in (False, True):
    ids = np.array([[1, 3, 1], [5, 0, 1]], dtype=np.int64)
    if wrap:
        ids[1, 0] = -1  # row 5
        ids[0, 1] = -6  # row 0
    g = randn(2, 3, 4, seed=901)
    attr = " {wrap_negative}" if wrap else ""

    def ref(g, i):
        rows = torch.where(i < 0, i + 6, i)
        return vjp(lambda t: F.embedding(rows, t), [torch.from_numpy(table)],
                   g, [0])

    CASES.append(Case(
        f"embedding_backward{'_wrap_negative' if wrap else ''}",
        main([("g", tt((2, 3, 4))), ("i", tt((2, 3), "i64"))], [tt((6, 4))],
             f"%0 = nn.embedding_backward %g, %i{attr} : "
             f"({tt((2, 3, 4))}, {tt((2, 3), 'i64')}) -> {tt((6, 4))}"),
        [g, ids], ref))
