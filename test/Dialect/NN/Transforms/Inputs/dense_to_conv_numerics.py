#!/usr/bin/env python3
"""nn-dense-to-conv numerics against PyTorch, on a LeNet with PyTorch weights.

usage: dense_to_conv_numerics.py NNC_OPT NNC_TRANSLATE WORKDIR

The model (seeded PyTorch weights, embedded as dense_resource constants):
input [2, 1, 28, 28] -> conv 5x5 (6) -> relu -> maxpool 2 -> conv 5x5 (16)
-> relu -> maxpool 2 -> flatten -> dense 256->120 relu -> dense 120->84 relu
-> dense 84->10 (logits). A second variant ends in a softmax over the classes
(axis -1, moved to the channel axis by the pass).

Each is compiled with nnc-translate and run:
  (a) as is, against PyTorch;
  (b) after nn-dense-to-conv=input-size=28,28 (and after nn-dense-to-conv
      with dynamic spatial sizes, run on 28x28): the [2, 10, 1, 1] map,
      reshaped, against PyTorch;
  (c) after nn-dense-to-conv=input-size=36,40 (and the dynamic-size model
      run on the same 36x40 input): map position (i, j) of [2, 10, 3, 4]
      against PyTorch on the crop input[:, :, 4i:4i+28, 4j:4j+28] (4 = the
      product of the pooling strides).
The error is max|nnc - torch| / max|torch|; every comparison must be
<= 1e-5. Exits non-zero on the first failure.
"""
import os
import subprocess
import sys

import numpy as np
import torch
import torch.nn as nn

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "..", "..",
                                "python"))
from nnc_testing.backend import CpuBackend  # noqa: E402
from nnc_testing.compare import relative_error  # noqa: E402
from nnc_testing.mlir_writer import Writer, ty  # noqa: E402

RTOL = 1e-5
STRIDE = 4  # product of the pooling strides
BASE = 28   # input size the model was built for


class LeNet(nn.Module):
    def __init__(self, softmax):
        super().__init__()
        self.c1, self.c2 = nn.Conv2d(1, 6, 5), nn.Conv2d(6, 16, 5)
        self.f1, self.f2, self.f3 = nn.Linear(256, 120), nn.Linear(120, 84), nn.Linear(84, 10)
        self.softmax = softmax

    def forward(self, x):
        pool = nn.functional.max_pool2d
        x = pool(torch.relu(self.c1(x)), 2)
        x = pool(torch.relu(self.c2(x)), 2)
        x = torch.flatten(x, 1)
        x = torch.relu(self.f1(x))
        x = torch.relu(self.f2(x))
        x = self.f3(x)
        return torch.softmax(x, dim=-1) if self.softmax else x


def lenet_mlir(model, batch, prefix):
    w = Writer(prefix)

    def conv(x, shape, c):
        wv, bv = w.const(c.weight), w.const(c.bias)
        k = c.kernel_size[0]
        out = [shape[0], c.out_channels, shape[2] - k + 1, shape[3] - k + 1]
        return w.op(f"nn.conv {x}, {wv}, {bv} {{activation = #nn.activation<relu>}} : "
                    f"({ty(shape)}, {ty(c.weight.shape)}, {ty(c.bias.shape)}) -> {ty(out)}"), out

    def pool(x, shape):
        out = shape[:2] + [shape[2] // 2, shape[3] // 2]
        return w.op(f"nn.pool max {x} {{kernel_shape = array<i64: 2, 2>, "
                    f"strides = array<i64: 2, 2>}} : ({ty(shape)}) -> {ty(out)}"), out

    def dense(x, shape, lin, relu):
        wv, bv = w.const(lin.weight), w.const(lin.bias)
        out = [shape[0], lin.out_features]
        attr = " {activation = #nn.activation<relu>}" if relu else ""
        return w.op(f"nn.dense {x}, {wv}, {bv}{attr} : ({ty(shape)}, "
                    f"{ty(lin.weight.shape)}, {ty(lin.bias.shape)}) -> {ty(out)}"), out

    s = [batch, 1, BASE, BASE]
    h, s = conv("%x", s, model.c1)
    h, s = pool(h, s)
    h, s = conv(h, s, model.c2)
    h, s = pool(h, s)
    flat = [batch, s[1] * s[2] * s[3]]
    h = w.op(f"nn.flatten {h} : ({ty(s)}) -> {ty(flat)}")
    h, s = dense(h, flat, model.f1, True)
    h, s = dense(h, s, model.f2, True)
    h, s = dense(h, s, model.f3, False)
    if model.softmax:
        h = w.op(f"nn.softmax {h} : ({ty(s)}) -> {ty(s)}")
    return w.module([batch, 1, BASE, BASE], s, h)


def run(cmd):
    r = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    if r.returncode != 0:
        sys.exit(f"FAILED ({r.returncode}): {' '.join(cmd)}\n{r.stdout}\n{r.stderr}")
    return r.stdout


class Checker:
    def __init__(self, opt, translate, work):
        self.opt, self.backend, self.work = opt, CpuBackend(translate), work
        self.failed = False

    def compile(self, mlir, name):
        exe = os.path.join(self.work, name + ".exe")
        err = self.backend.compile(mlir, exe)
        if err:
            sys.exit(f"FAILED: compiling {mlir}\n{err}")
        return exe

    def convert(self, mlir, name, size=None):
        out = os.path.join(self.work, name + ".mlir")
        opt = "--nn-dense-to-conv" + (f"=input-size={size[0]},{size[1]}" if size else "")
        run([self.opt, mlir, opt, "-o", out])
        return out

    def execute(self, exe, x, name):
        outs, err = self.backend.execute(exe, [x], self.work, 1, name + ".")
        if err:
            sys.exit(f"FAILED: running {exe}\n{err}")
        return outs[0]

    def check(self, what, out, ref):
        if out.shape != ref.shape:
            print(f"FAIL {what}: shape {out.shape} != expected {ref.shape}")
            self.failed = True
            return
        err = relative_error(out, ref)
        ok = err <= RTOL
        self.failed |= not ok
        print(f"{'ok  ' if ok else 'FAIL'} {what}: max relative error {err:.3e} (limit {RTOL:g})")


def check_model(c, softmax, seed):
    torch.manual_seed(seed)
    model = LeNet(softmax).eval()
    batch = 2
    name = "lenet_softmax" if softmax else "lenet"
    src = os.path.join(c.work, name + ".mlir")
    with open(src, "w") as f:
        f.write(lenet_mlir(model, batch, name))

    gen = torch.Generator().manual_seed(seed + 100)
    x28 = torch.rand(batch, 1, BASE, BASE, generator=gen)
    big = (36, 40)
    xbig = torch.rand(batch, 1, *big, generator=gen)
    with torch.no_grad():
        ref28 = model(x28).numpy().astype(np.float64)
        rows, cols = (big[0] - BASE) // STRIDE + 1, (big[1] - BASE) // STRIDE + 1
        refbig = np.zeros((batch, 10, rows, cols))
        for i in range(rows):
            for j in range(cols):
                crop = xbig[:, :, STRIDE * i:STRIDE * i + BASE, STRIDE * j:STRIDE * j + BASE]
                refbig[:, :, i, j] = model(crop).numpy()

    # (a) the model as is.
    exe = c.compile(src, name)
    c.check(f"{name} (a) original 28x28", c.execute(exe, x28.numpy(), name), ref28)

    # (b) convolutionalized at the original size: a [N, 10, 1, 1] map.
    conv28 = c.convert(src, name + "_conv28", (BASE, BASE))
    out = c.execute(c.compile(conv28, name + "_conv28"), x28.numpy(), name + "_conv28")
    c.check(f"{name} (b) input-size=28,28 -> {list(out.shape)}", out.reshape(batch, 10), ref28)

    # (c) at 36x40: a [N, 10, 3, 4] map, position (i, j) = the model on a crop.
    convbig = c.convert(src, name + "_conv36x40", big)
    out = c.execute(c.compile(convbig, name + "_conv36x40"), xbig.numpy(), name + "_conv36x40")
    c.check(f"{name} (c) input-size=36,40 -> {list(out.shape)} vs crops", out, refbig)

    # Dynamic spatial sizes: one executable for both sizes.
    dyn = c.convert(src, name + "_dyn")
    exe = c.compile(dyn, name + "_dyn")
    out = c.execute(exe, x28.numpy(), name + "_dyn28")
    c.check(f"{name} dynamic HxW at 28x28 -> {list(out.shape)}", out.reshape(batch, 10), ref28)
    out = c.execute(exe, xbig.numpy(), name + "_dyn36x40")
    c.check(f"{name} dynamic HxW at 36x40 -> {list(out.shape)} vs crops", out, refbig)


def main():
    if len(sys.argv) != 4:
        sys.exit(__doc__)
    opt, translate, work = sys.argv[1:]
    os.makedirs(work, exist_ok=True)
    c = Checker(opt, translate, work)
    check_model(c, softmax=False, seed=0)
    check_model(c, softmax=True, seed=1)
    sys.exit(1 if c.failed else 0)


if __name__ == "__main__":
    main()
