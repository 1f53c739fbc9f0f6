"""End-to-end cases for the CPU strategies (docs/Performance.md).

The weights are constants of the model, as in an imported model, so the
matmul and conv strategies pack them at compile time; the shapes are large
enough for parallel tiles, and include tiles that do not divide (rows left
over, padded columns, padded output channels), dynamic batches, strides,
dilations, groups, fused epilogues with a residual, pooling and whole small
models. run_e2e.py --threads-check also runs each at 1, 2 and 3 threads and
requires the same bits.
"""
import numpy as np
import torch
import torch.nn.functional as F

from e2e_case import Case, randn


def ty(shape, elt="f32"):
    return "tensor<" + "".join(f"{'?' if d is None else d}x" for d in shape) + elt + ">"


def const(name, array):
    """An arith.constant with the bytes of `array` (hex, little-endian)."""
    elt = "f64" if array.dtype == np.float64 else "f32"
    hexdata = np.ascontiguousarray(array).tobytes().hex().upper()
    return (f'  %{name} = arith.constant dense<"0x{hexdata}"> : '
            f"{ty(array.shape, elt)}\n")


class Model:
    """@main(%x) built op by op; weights become constants."""

    def __init__(self, x_shape, elt="f32"):
        self.elt, self.body, self.n, self.k = elt, "", 0, 0
        self.x_type = ty(x_shape, elt)
        self.value, self.shape = "%x", list(x_shape)

    def const(self, array):
        self.k += 1
        self.body += const(f"w{self.k}", array)
        return f"%w{self.k}"

    def op(self, text, out_shape, operand_types):
        self.n += 1
        out_t = ty(out_shape, self.elt)
        self.body += (f"  %v{self.n} = {text} : ({', '.join(operand_types)}) "
                      f"-> {out_t}\n")
        self.value, self.shape = f"%v{self.n}", list(out_shape)
        return self.value

    def dense(self, w, b=None, act=None):
        x, xt = self.value, ty(self.shape, self.elt)
        ops, types = [x, self.const(w)], [xt, ty(w.shape, self.elt)]
        if b is not None:
            ops.append(self.const(b))
            types.append(ty(b.shape, self.elt))
        attrs = f" {{activation = #nn.activation<{act}>}}" if act else ""
        return self.op(f"nn.dense {', '.join(ops)}{attrs}",
                       self.shape[:-1] + [w.shape[0]], types)

    def conv(self, w, b=None, act=None, strides=None, padding=None,
             dilations=None, groups=1):
        x, xt = self.value, ty(self.shape, self.elt)
        sr = w.ndim - 2
        s, p, d = strides or [1] * sr, padding or [0] * 2 * sr, dilations or [1] * sr
        out = [(self.shape[2 + i] + p[i] + p[sr + i] - d[i] * (w.shape[2 + i] - 1) - 1)
               // s[i] + 1 for i in range(sr)]
        ops, types = [x, self.const(w)], [xt, ty(w.shape, self.elt)]
        if b is not None:
            ops.append(self.const(b))
            types.append(ty(b.shape, self.elt))
        attrs = [f"strides = array<i64: {', '.join(map(str, s))}>",
                 f"padding = array<i64: {', '.join(map(str, p))}>",
                 f"dilations = array<i64: {', '.join(map(str, d))}>"]
        if groups != 1:
            attrs.append(f"groups = {groups} : i64")
        if act:
            attrs.append(f"activation = #nn.activation<{act}>")
        return self.op(f"nn.conv {', '.join(ops)} {{{', '.join(attrs)}}}",
                       [self.shape[0], w.shape[0]] + out, types)

    def pool(self, kind, kernel, strides):
        x, xt = self.value, ty(self.shape, self.elt)
        out = [(self.shape[2 + i] - kernel[i]) // strides[i] + 1
               for i in range(len(kernel))]
        attrs = (f"kernel_shape = array<i64: {', '.join(map(str, kernel))}>, "
                 f"strides = array<i64: {', '.join(map(str, strides))}>")
        return self.op(f"nn.pool {kind} {x} {{{attrs}}}", self.shape[:2] + out, [xt])

    def add(self, a, a_shape):
        b, bt = self.value, ty(self.shape, self.elt)
        return self.op(f"nn.add {a}, {b}", self.shape, [ty(a_shape, self.elt), bt])

    def flatten(self):
        x, xt = self.value, ty(self.shape, self.elt)
        flat = int(np.prod([d for d in self.shape[1:]]))
        return self.op(f"nn.flatten {x}", [self.shape[0], flat], [xt])

    def text(self, x_shape_decl=None):
        xt = ty(x_shape_decl, self.elt) if x_shape_decl else self.x_type
        out_t = ty(self.shape, self.elt)
        return (f"func.func @main(%x: {xt}) -> {out_t} {{\n{self.body}"
                f"  return {self.value} : {out_t}\n}}\n")


def t(a):
    return torch.from_numpy(a)


CASES = []


def dense_case(name, m, k, n, act=None, dyn=False, elt="f32", residual=False):
    dtype = np.float64 if elt == "f64" else np.float32
    x = randn(m, k, seed=1, dtype=dtype)
    w = randn(n, k, seed=2, dtype=dtype) / np.sqrt(k)
    b = randn(n, seed=3, dtype=dtype)
    model = Model([None if dyn else m, k], elt)
    y = model.dense(w, b, act)
    if residual:  # y + x needs n == k
        model.value, model.shape = y, [None if dyn else m, n]
        model.add("%x", [None if dyn else m, k])
    fns = {None: lambda v: v, "relu": F.relu, "tanh": torch.tanh, "gelu": F.gelu}

    def reference(xv):
        out = fns[act](F.linear(xv, t(w), t(b)))
        return out + xv if residual else out

    CASES.append(Case(name, model.text(), [x], reference,
                      rtol=1e-12 if elt == "f64" else 1e-5))


dense_case("cg_dense_b64_512_256_relu", 64, 512, 256, "relu")
dense_case("cg_dense_rows_left_over_padded_cols", 71, 96, 100, "tanh")
dense_case("cg_dense_dynamic_batch_37", 37, 128, 64, "gelu", dyn=True)
dense_case("cg_dense_batch1", 1, 300, 200, "relu")
dense_case("cg_dense_residual", 48, 256, 256, "relu", residual=True)
dense_case("cg_dense_f64", 40, 64, 48, "tanh", elt="f64")


def matmul_case(name, m, k, n, const_b=True):
    x = randn(m, k, seed=4)
    bmat = randn(k, n, seed=5) / np.sqrt(k)
    model = Model([m, k])
    if const_b:
        w = model.const(bmat)
        model.op(f"nn.matmul %x, {w}", [m, n], [ty([m, k]), ty([k, n])])
        CASES.append(Case(name, model.text(), [x], lambda xv: xv @ t(bmat)))
    else:  # both operands are activations: B read in place
        text = (f"func.func @main(%x: {ty([m, k])}, %y: {ty([k, n])}) -> {ty([m, n])} {{\n"
                f"  %0 = nn.matmul %x, %y : ({ty([m, k])}, {ty([k, n])}) -> {ty([m, n])}\n"
                f"  return %0 : {ty([m, n])}\n}}\n")
        CASES.append(Case(name, text, [x, bmat], lambda xv, yv: xv @ yv))


matmul_case("cg_matmul_256_const_b", 256, 256, 256)
matmul_case("cg_matmul_activations_b", 128, 64, 96, const_b=False)
matmul_case("cg_matmul_activations_b_cols_not_divisible", 40, 64, 100, const_b=False)


def batch_matmul_case(name, b, m, k, n):
    x = randn(b, m, k, seed=6)
    y = randn(b, k, n, seed=7)
    text = (f"func.func @main(%x: {ty([b, m, k])}, %y: {ty([b, k, n])}) -> {ty([b, m, n])} {{\n"
            f"  %0 = nn.matmul %x, %y : ({ty([b, m, k])}, {ty([b, k, n])}) -> {ty([b, m, n])}\n"
            f"  return %0 : {ty([b, m, n])}\n}}\n")
    CASES.append(Case(name, text, [x, y], lambda xv, yv: xv @ yv))


batch_matmul_case("cg_batch_matmul", 8, 64, 48, 64)


def dense_activation_weights(name, m, k, n):
    """y = x W^T with W an argument (a training step's parameter): W is
    packed at run time."""
    x = randn(m, k, seed=29)
    w = randn(n, k, seed=30) / np.sqrt(k)
    text = (f"func.func @main(%x: {ty([m, k])}, %w: {ty([n, k])}) -> {ty([m, n])} {{\n"
            f"  %0 = nn.dense %x, %w : ({ty([m, k])}, {ty([n, k])}) -> {ty([m, n])}\n"
            f"  return %0 : {ty([m, n])}\n}}\n")
    CASES.append(Case(name, text, [x, w], lambda xv, wv: F.linear(xv, wv)))


dense_activation_weights("cg_dense_weights_packed_at_run_time", 64, 784, 512)
dense_activation_weights("cg_dense_weights_packed_short_k", 20, 10, 32)


def weight_gradient(name, m, k, n):
    """dW = dy^T x over a dynamic batch K: the reduction loop's bound."""
    a = randn(m, k, seed=31)
    b = randn(k, n, seed=32)
    text = (f"func.func @main(%a: tensor<{m}x?xf32>, %b: tensor<?x{n}xf32>) -> {ty([m, n])} {{\n"
            f"  %0 = nn.matmul %a, %b : (tensor<{m}x?xf32>, tensor<?x{n}xf32>) -> {ty([m, n])}\n"
            f"  return %0 : {ty([m, n])}\n}}\n")
    CASES.append(Case(name, text, [a, b], lambda av, bv: av @ bv))


weight_gradient("cg_matmul_dynamic_k", 96, 37, 64)


def conv_case(name, x_shape, cout, kernel, act=None, groups=1, **kw):
    x = randn(*x_shape, seed=8)
    cin = x_shape[1]
    w = randn(cout, cin // groups, *kernel, seed=9) / np.sqrt(cin * np.prod(kernel))
    b = randn(cout, seed=10)
    model = Model(x_shape)
    model.conv(w, b, act, groups=groups, **kw)
    sr = len(kernel)
    s = kw.get("strides") or [1] * sr
    p = kw.get("padding") or [0] * 2 * sr
    d = kw.get("dilations") or [1] * sr
    fn = {None: lambda v: v, "relu": F.relu, "silu": F.silu}[act]

    def reference(xv):
        pads = []
        for i in reversed(range(sr)):
            pads += [p[i], p[sr + i]]
        conv = F.conv1d if sr == 1 else F.conv2d
        return fn(conv(F.pad(xv, pads), t(w), t(b), stride=s, dilation=d, groups=groups))

    CASES.append(Case(name, model.text(), [x], reference))


conv_case("cg_conv3x3_pad1_relu", [8, 16, 32, 32], 32, [3, 3], "relu", padding=[1, 1, 1, 1])
conv_case("cg_conv3x3_width14", [4, 32, 14, 14], 64, [3, 3], "relu", padding=[1, 1, 1, 1])
conv_case("cg_conv3x3_width28_one_channel", [4, 1, 28, 28], 32, [3, 3], "relu",
          padding=[1, 1, 1, 1])
conv_case("cg_conv_filters_not_divisible", [2, 8, 20, 20], 20, [3, 3], "silu")
conv_case("cg_conv_stride2", [4, 16, 31, 31], 32, [3, 3], "relu", strides=[2, 2],
          padding=[1, 1, 1, 1])
conv_case("cg_conv_dilation2", [2, 8, 24, 24], 16, [3, 3], dilations=[2, 2])
conv_case("cg_conv_grouped", [2, 16, 18, 18], 32, [3, 3], "relu", groups=4,
          padding=[1, 1, 1, 1])
conv_case("cg_conv1x1", [4, 64, 16, 16], 48, [1, 1], "relu")
conv_case("cg_conv1x1_7x7", [2, 32, 7, 7], 40, [1, 1], "silu")
conv_case("cg_conv1x1_b1_split_pixels", [1, 64, 14, 14], 96, [1, 1], "silu")
conv_case("cg_conv1x1_grouped", [2, 16, 9, 9], 32, [1, 1], "relu", groups=2)
conv_case("cg_conv1x1_padded", [2, 8, 6, 6], 16, [1, 1], "relu", padding=[1, 1, 1, 1])
conv_case("cg_conv1d", [8, 16, 100], 24, [5], "relu", padding=[2, 2])
# Vectors of filters (conv_filters): a strided stem, short rows, 1x1 stride 2.
conv_case("cg_conv7x7_stem_b1", [1, 3, 64, 64], 64, [7, 7], "relu", strides=[2, 2],
          padding=[3, 3, 3, 3])
conv_case("cg_conv3x3_width7", [1, 64, 7, 7], 64, [3, 3], "relu", padding=[1, 1, 1, 1])
conv_case("cg_conv1x1_stride2", [2, 32, 14, 14], 64, [1, 1], strides=[2, 2])


conv_case("cg_conv1x1_7x7_filter_vectors", [1, 64, 7, 7], 64, [1, 1], "relu")
# conv_filters edge cases: one vector of filters, a 1x1 output, stride 3.
conv_case("cg_conv_filters_one_vector_stride3", [2, 8, 17, 17], 16, [3, 3], "silu",
          strides=[3, 3])
conv_case("cg_conv_filters_one_pixel", [1, 32, 3, 3], 32, [3, 3], "relu")
# Depthwise with a 5x5 window and stride 2 (efficientnet).
conv_case("cg_depthwise_5x5_stride2", [1, 48, 29, 29], 48, [5, 5], "silu",
          groups=48, strides=[2, 2], padding=[2, 2, 2, 2])
# Depthwise blocks of one channel's rows: 4 rows (height 28, rows of 14 as
# one masked vector, 2 images), a prime height (one row per block), rows of
# 7 (7 per block), and a 1-D depthwise conv (blocks of channels).
conv_case("cg_depthwise_rows4_b2", [2, 32, 28, 28], 32, [3, 3], "relu",
          groups=32, padding=[1, 1, 1, 1])
conv_case("cg_depthwise_prime_height", [1, 24, 13, 13], 24, [3, 3], "relu",
          groups=24, padding=[1, 1, 1, 1])
conv_case("cg_depthwise_width7", [1, 64, 7, 7], 64, [3, 3], None,
          groups=64, padding=[1, 1, 1, 1])
conv_case("cg_depthwise_1d", [2, 32, 50], 32, [3], "relu", groups=32,
          padding=[1, 1])


def inverted_residual():
    """A 1x1 expansion into a padded buffer for a depthwise 3x3 (mobilenet):
    the 1x1 conv runs 2-D and writes the padded interior."""
    x = randn(1, 16, 28, 28, seed=24)
    w1 = randn(96, 16, 1, 1, seed=25) / 4
    w2 = randn(96, 1, 3, 3, seed=26) / 3
    b1, b2 = randn(96, seed=27), randn(96, seed=28)
    model = Model([1, 16, 28, 28])
    model.conv(w1, b1, "relu")
    model.conv(w2, b2, "relu", padding=[1, 1, 1, 1], groups=96)

    def reference(xv):
        h = F.relu(F.conv2d(xv, t(w1), t(b1)))
        return F.relu(F.conv2d(h, t(w2), t(b2), padding=1, groups=96))

    CASES.append(Case("cg_conv1x1_into_depthwise", model.text(), [x], reference))


inverted_residual()


def downsample_block():
    """relu(conv3x3/2(x) + conv1x1/2(x)): one epilogue reads two conv_filters
    roots (a resnet shortcut)."""
    x = randn(1, 32, 16, 16, seed=19)
    w1 = randn(64, 32, 3, 3, seed=20) / np.sqrt(288)
    w2 = randn(64, 32, 1, 1, seed=21) / np.sqrt(32)
    b1, b2 = randn(64, seed=22), randn(64, seed=23)
    model = Model([1, 32, 16, 16])
    main = model.conv(w1, b1, None, strides=[2, 2], padding=[1, 1, 1, 1])
    model.value, model.shape = "%x", [1, 32, 16, 16]
    model.conv(w2, b2, None, strides=[2, 2])
    model.add(main, [1, 64, 8, 8])
    model.body += f"  %r = nn.relu {model.value} : {ty([1, 64, 8, 8])}\n"
    model.value = "%r"

    def reference(xv):
        return F.relu(F.conv2d(xv, t(w1), t(b1), stride=2, padding=1)
                      + F.conv2d(xv, t(w2), t(b2), stride=2))

    CASES.append(Case("cg_conv_downsample_shortcut", model.text(), [x], reference))


downsample_block()


def conv_residual_pool(name, k):
    x = randn(4, 16, 16, 16, seed=11)
    w = randn(16, 16, k, k, seed=12) / (4 * k)
    b = randn(16, seed=13)
    model = Model([4, 16, 16, 16])
    model.conv(w, b, None, padding=[k // 2] * 4)
    model.add("%x", [4, 16, 16, 16])
    model.pool("max", [2, 2], [2, 2])

    def reference(xv):
        return F.max_pool2d(F.conv2d(xv, t(w), t(b), padding=k // 2) + xv, 2)

    CASES.append(Case(name, model.text(), [x], reference))


def winograd_b1(name, x_shape, cout):
    """Batch 1: Winograd blocks of rows and filters, with the bias and a
    residual add (of the input, else of a constant) fused into each block."""
    x = randn(*x_shape, seed=15)
    cin = x_shape[1]
    w = randn(cout, cin, 3, 3, seed=16) / np.sqrt(9 * cin)
    b = randn(cout, seed=17)
    r_shape = [1, cout] + x_shape[2:]
    r = None if cin == cout else randn(*r_shape, seed=18)
    model = Model(x_shape)
    model.conv(w, b, None, padding=[1, 1, 1, 1])
    model.add("%x" if r is None else model.const(r), r_shape)

    def reference(xv):
        return F.conv2d(xv, t(w), t(b), padding=1) + (xv if r is None else t(r))

    CASES.append(Case(name, model.text(), [x], reference))


winograd_b1("cg_winograd_b1_row_blocks", [1, 32, 56, 56], 32)
winograd_b1("cg_winograd_b1_filter_groups", [1, 32, 8, 8], 64)
conv_residual_pool("cg_conv_residual_maxpool", 3)
conv_residual_pool("cg_conv1x1_residual_maxpool", 1)


def cnn(batch, dyn=False):
    g = np.random.default_rng(14)
    w1 = (g.standard_normal((32, 1, 3, 3)) / 3).astype(np.float32)
    b1 = g.standard_normal(32).astype(np.float32)
    w2 = (g.standard_normal((64, 32, 3, 3)) / 17).astype(np.float32)
    b2 = g.standard_normal(64).astype(np.float32)
    w3 = (g.standard_normal((128, 3136)) / 56).astype(np.float32)
    b3 = g.standard_normal(128).astype(np.float32)
    w4 = (g.standard_normal((10, 128)) / 11).astype(np.float32)
    b4 = g.standard_normal(10).astype(np.float32)
    x = g.standard_normal((batch, 1, 28, 28)).astype(np.float32)
    m = Model([None if dyn else batch, 1, 28, 28])
    m.conv(w1, b1, "relu", padding=[1, 1, 1, 1])
    m.pool("max", [2, 2], [2, 2])
    m.conv(w2, b2, "relu", padding=[1, 1, 1, 1])
    m.pool("max", [2, 2], [2, 2])
    m.flatten()
    m.dense(w3, b3, "relu")
    m.dense(w4, b4)

    def reference(xv):
        h = F.max_pool2d(F.relu(F.conv2d(xv, t(w1), t(b1), padding=1)), 2)
        h = F.max_pool2d(F.relu(F.conv2d(h, t(w2), t(b2), padding=1)), 2)
        h = F.relu(F.linear(h.flatten(1), t(w3), t(b3)))
        return F.linear(h, t(w4), t(b4))

    name = f"cg_cnn_b{batch}" + ("_dynamic" if dyn else "")
    CASES.append(Case(name, m.text(), [x], reference))


cnn(16)
cnn(3, dyn=True)
