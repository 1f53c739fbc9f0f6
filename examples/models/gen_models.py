#!/usr/bin/python3
"""Writes the example nnc model files (docs/ModelFile.md) of this directory.

For every example NAME: NAME.json (the model), NAME.safetensors (its
weights: the state_dict of an equivalent PyTorch module, written with
struct + json), NAME_input.npy and NAME_expected.npy (PyTorch's output,
computed in float64 from the float32 weights). Deterministic (fixed seeds).

    /usr/bin/python3 examples/models/gen_models.py [OUTDIR]
"""
import json
import math
import os
import struct
import sys

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "test",
                                "python"))
from nnc_testing.reference import grid_softmax, sparsemax  # noqa: E402

OUT = sys.argv[1] if len(sys.argv) > 1 else os.path.dirname(os.path.abspath(__file__))
BATCH = 64  # examples are written with 64 samples (the dynamic-batch test slices them)

# ---------------------------------------------------------------------------
# safetensors writer (no safetensors package on the machine)
# ---------------------------------------------------------------------------
DTYPES = {torch.float32: ("F32", "<f4"), torch.float64: ("F64", "<f8"),
          torch.int64: ("I64", "<i8"), torch.int32: ("I32", "<i4")}


def write_safetensors(path, tensors):
    header, blobs, offset = {}, [], 0
    for name in sorted(tensors):
        t = tensors[name].detach().contiguous()
        code, npdt = DTYPES[t.dtype]
        data = t.numpy().astype(npdt).tobytes()
        header[name] = {"dtype": code, "shape": list(t.shape),
                        "data_offsets": [offset, offset + len(data)]}
        blobs.append(data)
        offset += len(data)
    header["__metadata__"] = {"format": "pt", "generator": "gen_models.py"}
    text = json.dumps(header, separators=(",", ":")).encode()
    text += b" " * (-len(text) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(text)))
        f.write(text)
        for b in blobs:
            f.write(b)


# ---------------------------------------------------------------------------
# PyTorch modules whose state_dict keys follow the model file's naming:
# children of a container are named <container>.<index> (top level: <index>),
# a filter gate <container>.gate.
# ---------------------------------------------------------------------------
class Residual(nn.Sequential):
    def forward(self, x):
        return x + super().forward(x)


class Parallel(nn.ModuleList):
    def __init__(self, branches, combine, axis=-1, gate_in=None):
        super().__init__(branches)
        self.combine, self.axis, self.n = combine, axis, len(branches)
        if combine == "filter":
            self.gate = nn.Linear(gate_in, len(branches))

    def forward(self, x):
        ys = [self[i](x) for i in range(self.n)]  # not the gate
        if self.combine == "concat":
            return torch.cat(ys, dim=self.axis)
        if self.combine == "add":
            return sum(ys)
        if self.combine == "avg":
            return sum(ys) / len(ys)
        g = torch.softmax(self.gate(x), dim=-1)
        return sum(g[..., i:i + 1] * y for i, y in enumerate(ys))


class Act(nn.Module):
    def __init__(self, fn):
        super().__init__()
        self.fn = fn

    def forward(self, x):
        return self.fn(x)


class DenseAct(nn.Linear):
    def __init__(self, i, o, act, bias=True):
        super().__init__(i, o, bias=bias)
        self.act = act

    def forward(self, x):
        return self.act(super().forward(x))


def act_after(mod, fn):
    """The layer with a fused activation, keeping its own parameter names."""
    forward = mod.forward
    mod.forward = lambda x: fn(forward(x))
    return mod


class SelfAttention(nn.MultiheadAttention):
    def __init__(self, e, h, causal, bias=True):
        super().__init__(e, h, bias=bias, batch_first=True)
        self.causal = causal

    def forward(self, x):
        mask = None
        if self.causal:
            t = x.shape[1]
            mask = torch.triu(torch.ones(t, t, dtype=torch.bool), 1)
        return super().forward(x, x, x, need_weights=False, attn_mask=mask)[0]


class RMSNorm(nn.Module):
    def __init__(self, d, eps=1e-6):
        super().__init__()
        self.weight = nn.Parameter(torch.randn(d) * 0.2 + 1)
        self.eps = eps

    def forward(self, x):
        return x * torch.rsqrt((x * x).mean(-1, keepdim=True) + self.eps) * self.weight


class SwiGLU(nn.Module):
    def __init__(self, d, h, o, bias):
        super().__init__()
        self.gate = nn.Linear(d, h, bias=bias)
        self.up = nn.Linear(d, h, bias=bias)
        self.down = nn.Linear(h, o, bias=bias)

    def forward(self, x):
        return self.down(F.silu(self.gate(x)) * self.up(x))


class Recurrent(nn.Module):
    """nn.RNN / nn.LSTM keeping PyTorch's parameter names (weight_ih_l0, ...)."""

    def __init__(self, cls, last, **kw):
        super().__init__()
        self.rnn = cls(batch_first=True, **kw)
        self.last = last

    def forward(self, x):
        out, state = self.rnn(x)
        if self.last:
            h = state[0] if isinstance(state, tuple) else state
            return h[0]
        return out

    def named_weights(self, prefix):
        return {f"{prefix}.{k}": v for k, v in self.rnn.state_dict().items()}


class KMeans(nn.Module):
    def __init__(self, k, d, temperature):
        super().__init__()
        self.centers = nn.Parameter(torch.randn(k, d))
        self.temperature = temperature

    def forward(self, x):
        d = ((x.unsqueeze(-2) - self.centers) ** 2).sum(-1)
        return torch.softmax(-d / self.temperature, dim=-1)


# ---------------------------------------------------------------------------
# Examples: (name, json layers, module, input shape, input kind)
# ---------------------------------------------------------------------------
def randomize_bn(bn):
    with torch.no_grad():
        bn.running_mean.uniform_(-0.5, 0.5)
        bn.running_var.uniform_(0.5, 1.5)
        bn.weight.uniform_(0.5, 1.5)
        bn.bias.uniform_(-0.5, 0.5)
    return bn


def examples():
    ex = []

    # dense: bias / no bias, fused activations with alpha.
    ex.append(("dense", [
        {"type": "dense", "out_features": 32, "activation": "relu"},
        {"type": "dense", "in_features": 32, "out_features": 16,
         "activation": "leaky_relu", "alpha": 0.2},
        {"type": "dense", "out_features": 8, "bias": False, "activation": "elu", "alpha": 0.7},
        {"type": "dense", "out_features": 5, "activation": "gelu_tanh"},
    ], nn.Sequential(DenseAct(20, 32, F.relu), DenseAct(32, 16, lambda x: F.leaky_relu(x, 0.2)),
                     DenseAct(16, 8, lambda x: F.elu(x, 0.7), bias=False),
                     DenseAct(8, 5, lambda x: F.gelu(x, approximate="tanh"))), [20], "float"))

    # conv2d + batch_norm + pooling + flatten + dense
    ex.append(("conv2d", [
        {"type": "conv", "out_channels": 6, "kernel": 3, "padding": 1, "activation": "relu"},
        {"type": "batch_norm", "num_features": 6},
        {"type": "max_pool", "kernel": 2},
        {"type": "conv", "out_channels": 8, "kernel": [3, 2], "stride": [1, 2],
         "dilation": [2, 1], "groups": 2, "bias": False},
        {"type": "silu"},
        {"type": "flatten"},
        {"type": "dense", "out_features": 10},
    ], nn.Sequential(act_after(nn.Conv2d(3, 6, 3, padding=1), F.relu),
                     randomize_bn(nn.BatchNorm2d(6)), nn.MaxPool2d(2),
                     nn.Conv2d(6, 8, (3, 2), stride=(1, 2), dilation=(2, 1), groups=2, bias=False),
                     nn.SiLU(), nn.Flatten(), nn.Linear(8 * 1 * 2, 10)), [3, 10, 10], "float"))

    # conv1d + avg / global pooling
    ex.append(("conv1d", [
        {"type": "conv", "out_channels": 6, "kernel": 3, "stride": 2, "padding": 1, "groups": 2,
         "activation": "tanh"},
        {"type": "avg_pool", "kernel": 2, "stride": 1, "padding": 1},
        {"type": "conv", "in_channels": 6, "out_channels": 4, "kernel": 2, "dilation": 2},
        {"type": "global_max_pool"},
        {"type": "flatten"},
    ], nn.Sequential(act_after(nn.Conv1d(4, 6, 3, stride=2, padding=1, groups=2), torch.tanh),
                     nn.AvgPool1d(2, stride=1, padding=1), nn.Conv1d(6, 4, 2, dilation=2),
                     nn.AdaptiveMaxPool1d(1), nn.Flatten()), [4, 16], "float"))

    # attention (causal) + layer_norm, as a pre-norm residual block
    ex.append(("attention", [
        {"type": "residual", "layers": [
            {"type": "layer_norm"},
            {"type": "attention", "embed_dim": 16, "num_heads": 4, "causal": True}]},
        {"type": "attention", "num_heads": 2, "bias": False},
    ], nn.Sequential(Residual(nn.LayerNorm(16), SelfAttention(16, 4, True)),
                     SelfAttention(16, 2, False, bias=False)), [6, 16], "float"))

    # norms
    ln = nn.LayerNorm(12, eps=1e-3)
    with torch.no_grad():
        ln.weight.uniform_(0.5, 1.5)
        ln.bias.uniform_(-0.5, 0.5)
    ex.append(("norms", [
        {"type": "layer_norm", "eps": 1e-3},
        {"type": "rms_norm"},
        {"type": "batch_norm", "eps": 1e-4},
        {"type": "layer_norm", "elementwise_affine": False},
    ], nn.Sequential(ln, RMSNorm(12), randomize_bn(nn.BatchNorm1d(12, eps=1e-4)),
                     nn.LayerNorm(12, elementwise_affine=False)), [12], "float"))

    # softmax variants side by side (parallel concat)
    ex.append(("softmax", [
        {"type": "parallel", "combine": "concat", "branches": [
            {"type": "softmax", "temperature": 0.5},
            {"type": "log_softmax"},
            {"type": "sparsemax"},
            {"type": "grid_softmax", "groups": 3, "temperature": 2.0},
            {"type": "softmax", "axis": 1}]},
    ], nn.Sequential(Parallel([Act(lambda x: torch.softmax(x / 0.5, -1)),
                               Act(lambda x: torch.log_softmax(x, -1)),
                               Act(sparsemax),
                               Act(lambda x: grid_softmax(x, 3, 2.0)),
                               Act(lambda x: torch.softmax(x, 1))], "concat")), [5, 9], "float"))

    # embedding (integer input) + flatten + dense
    ex.append(("embedding", [
        {"type": "embedding", "num_embeddings": 11, "embedding_dim": 4},
        {"type": "flatten"},
        {"type": "dense", "out_features": 3},
    ], nn.Sequential(nn.Embedding(11, 4), nn.Flatten(), nn.Linear(20, 3)), [5], "index"))

    # swiglu (with and without biases)
    ex.append(("swiglu", [
        {"type": "swiglu", "hidden_features": 24, "bias": True},
        {"type": "swiglu", "hidden_features": 8, "out_features": 6},
    ], nn.Sequential(SwiGLU(10, 24, 10, True), SwiGLU(10, 8, 6, False)), [10], "float"))

    # rnn and lstm
    ex.append(("rnn", [
        {"type": "rnn", "hidden_size": 8, "nonlinearity": "relu"},
        {"type": "rnn", "hidden_size": 5, "bias": False, "output": "last"},
    ], [Recurrent(nn.RNN, False, input_size=6, hidden_size=8, nonlinearity="relu"),
        Recurrent(nn.RNN, True, input_size=8, hidden_size=5, bias=False)], [7, 6], "float"))
    ex.append(("lstm", [
        {"type": "lstm", "hidden_size": 8},
        {"type": "lstm", "input_size": 8, "hidden_size": 4, "output": "last"},
    ], [Recurrent(nn.LSTM, False, input_size=6, hidden_size=8),
        Recurrent(nn.LSTM, True, input_size=8, hidden_size=4)], [7, 6], "float"))

    # kmeans on dense features
    ex.append(("kmeans", [
        {"type": "dense", "out_features": 4, "activation": "tanh"},
        {"type": "kmeans", "clusters": 5, "temperature": 0.5},
    ], nn.Sequential(DenseAct(8, 4, torch.tanh), KMeans(5, 4, 0.5)), [8], "float"))

    # activations and dropout
    ex.append(("activations", [
        {"type": "relu"}, {"type": "dense", "out_features": 12},
        {"type": "leaky_relu", "alpha": 0.1}, {"type": "elu", "alpha": 0.5},
        {"type": "gelu"}, {"type": "gelu", "approximate": "tanh"},
        {"type": "dropout", "rate": 0.3},
        {"type": "softplus", "beta": 2.0, "threshold": 5.0}, {"type": "silu"},
        {"type": "sigmoid"}, {"type": "tanh"},
    ], nn.Sequential(nn.ReLU(), nn.Linear(12, 12), nn.LeakyReLU(0.1), nn.ELU(0.5), nn.GELU(),
                     nn.GELU(approximate="tanh"), nn.Dropout(0.3), nn.Softplus(2.0, 5.0),
                     nn.SiLU(), nn.Sigmoid(), nn.Tanh()), [12], "float"))

    # reshape / flatten / pooling with ceil_mode and padding
    ex.append(("reshape", [
        {"type": "reshape", "shape": [2, 5, -1]},
        {"type": "avg_pool", "kernel": [2, 3], "stride": 2, "padding": [1, 1],
         "ceil_mode": True, "count_include_pad": False},
        {"type": "max_pool", "kernel": 2, "stride": 1, "ceil_mode": True},
        {"type": "flatten"},
    ], nn.Sequential(Act(lambda x: x.reshape(x.shape[0], 2, 5, 6)),
                     nn.AvgPool2d((2, 3), stride=2, padding=(1, 1), ceil_mode=True,
                                  count_include_pad=False),
                     nn.MaxPool2d(2, stride=1, ceil_mode=True), nn.Flatten()), [60], "float"))

    # structural: parallel add / avg / concat, residual
    ex.append(("parallel", [
        {"type": "parallel", "combine": "add", "branches": [
            {"type": "dense", "out_features": 8},
            {"type": "sequential", "layers": [
                {"type": "dense", "out_features": 8, "activation": "relu"},
                {"type": "dense", "out_features": 8}]}]},
        {"type": "parallel", "combine": "avg", "branches": [
            {"type": "dense", "out_features": 6},
            {"type": "dense", "out_features": 6, "activation": "sigmoid"},
            {"type": "dense", "out_features": 6, "bias": False}]},
        {"type": "parallel", "combine": "concat", "axis": 1, "branches": [
            {"type": "dense", "out_features": 3}, {"type": "relu"}]},
    ], nn.Sequential(
        Parallel([nn.Linear(10, 8), nn.Sequential(DenseAct(10, 8, F.relu), nn.Linear(8, 8))], "add"),
        Parallel([nn.Linear(8, 6), DenseAct(8, 6, torch.sigmoid), nn.Linear(8, 6, bias=False)], "avg"),
        Parallel([nn.Linear(6, 3), nn.ReLU()], "concat", axis=1)), [10], "float"))

    ex.append(("residual", [
        {"type": "dense", "out_features": 16},
        {"type": "residual", "name": "block1", "layers": [
            {"type": "layer_norm"},
            {"type": "dense", "out_features": 32, "activation": "gelu"},
            {"type": "dense", "out_features": 16}]},
        {"type": "residual", "name": "block2", "layers": [
            {"type": "rms_norm"},
            {"type": "swiglu", "hidden_features": 24}]},
        {"type": "dense", "out_features": 4},
    ], None, [12], "float"))

    # mixture of experts: parallel combine filter (softmax-gated)
    ex.append(("moe", [
        {"type": "dense", "out_features": 16, "activation": "relu"},
        {"type": "parallel", "name": "experts", "combine": "filter", "branches": [
            {"type": "dense", "out_features": 8, "activation": "relu"},
            {"type": "sequential", "layers": [
                {"type": "dense", "out_features": 12, "activation": "tanh"},
                {"type": "dense", "out_features": 8}]},
            {"type": "swiglu", "hidden_features": 10, "out_features": 8}]},
        {"type": "softmax"},
    ], None, [6], "float"))
    return ex


class Custom(nn.Module):
    """Runs a list of (prefix, module) pairs; state_dict keys are prefixed."""

    def __init__(self, parts):
        super().__init__()
        self.parts = parts
        for i, (prefix, mod) in enumerate(parts):
            self.add_module(f"m{i}", mod)

    def forward(self, x):
        for _, mod in self.parts:
            x = mod(x)
        return x

    def weights(self):
        out = {}
        for prefix, mod in self.parts:
            for k, v in mod.state_dict().items():
                out[f"{prefix}.{k}"] = v
        return out


def module_for(name, module):
    if name == "residual":
        return Custom([
            ("0", nn.Linear(12, 16)),
            ("block1", Residual(nn.LayerNorm(16), DenseAct(16, 32, F.gelu), nn.Linear(32, 16))),
            ("block2", Residual(RMSNorm(16), SwiGLU(16, 24, 16, False))),
            ("3", nn.Linear(16, 4))])
    if name == "moe":
        return Custom([
            ("0", DenseAct(6, 16, F.relu)),
            ("experts", Parallel([DenseAct(16, 8, F.relu),
                                  nn.Sequential(DenseAct(16, 12, torch.tanh), nn.Linear(12, 8)),
                                  SwiGLU(16, 10, 8, False)], "filter", gate_in=16)),
            ("2", Act(lambda x: torch.softmax(x, -1)))])
    if isinstance(module, list):  # recurrent stacks: PyTorch names inside .rnn
        return Custom([(str(i), m) for i, m in enumerate(module)])
    return module


def state_dict_of(module):
    if isinstance(module, Custom):
        sd = module.weights()
    else:
        sd = dict(module.state_dict())
    fixed = {}
    for k, v in sd.items():
        k = k.replace(".rnn.", ".")  # Recurrent wraps nn.RNN/nn.LSTM
        if k.endswith("num_batches_tracked"):
            continue
        fixed[k] = v.float() if v.is_floating_point() else v
    return fixed


def main():
    os.makedirs(OUT, exist_ok=True)
    torch.manual_seed(0)  # the modules of examples() draw their weights here
    for idx, (name, layers, module, in_shape, kind) in enumerate(examples()):
        torch.manual_seed(1000 + idx)
        module = module_for(name, module)
        module.eval()
        weights = state_dict_of(module)
        # Round the module's weights to float32 (what the file holds).
        with torch.no_grad():
            for p in module.parameters():
                p.copy_(p.float())
        gen = torch.Generator().manual_seed(2000 + idx)
        if kind == "index":
            x = torch.randint(0, 11, [BATCH] + in_shape, generator=gen)
            dtype = "i64"
        else:
            x = torch.randn([BATCH] + in_shape, generator=gen).float()
            dtype = "f32"
        # With grad enabled (PyTorch 1.13's fast MHA path fails without biases).
        ref = module.double()(x if kind == "index" else x.double()).detach()
        model = {"format": "nnc-model", "version": 1, "name": name,
                 "input": {"shape": [BATCH] + in_shape, "dtype": dtype},
                 "weights": f"{name}.safetensors", "layers": layers}
        with open(os.path.join(OUT, f"{name}.json"), "w") as f:
            json.dump(model, f, indent=1)
            f.write("\n")
        write_safetensors(os.path.join(OUT, f"{name}.safetensors"), weights)
        np.save(os.path.join(OUT, f"{name}_input.npy"), x.numpy())
        np.save(os.path.join(OUT, f"{name}_expected.npy"), ref.numpy())
        print(f"{name}: input {list(x.shape)} -> {list(ref.shape)}, {len(weights)} tensors")


if __name__ == "__main__":
    main()
