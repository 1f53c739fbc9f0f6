#!/usr/bin/python3
"""PyTorch reference for the digits trainer (examples/digits/run.py).

Trains the same MLP from the same initial weights (init.safetensors written
by the nnc trainer's --save-init), over the same mini-batches (the trainer's
SplitMix64 Fisher-Yates shuffle, reproduced below) with the same optimizer
and schedule, and returns the mean training loss of every epoch.
"""
import json
import struct

import numpy as np
import torch

MASK = (1 << 64) - 1


def splitmix64(state):
    """One SplitMix64 step: returns (new state, output)."""
    state = (state + 0x9E3779B97F4A7C15) & MASK
    z = state
    z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & MASK
    z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & MASK
    return state, z ^ (z >> 31)


def epoch_orders(n, epochs, seed, shuffle):
    """The sample order of every epoch, as nnc_train.c draws it: the state
    starts at --seed; each epoch starts from the identity and swaps
    perm[i] with perm[next() % (i + 1)] for i = n-1 down to 1."""
    state = seed & MASK
    for _ in range(epochs):
        perm = list(range(n))
        if shuffle:
            for i in range(n - 1, 0, -1):
                state, r = splitmix64(state)
                j = r % (i + 1)
                perm[i], perm[j] = perm[j], perm[i]
        yield np.array(perm, dtype=np.int64)


def read_safetensors(path):
    """{name: numpy array} of a safetensors file (F32/F64/I64/I32)."""
    with open(path, "rb") as f:
        blob = f.read()
    (n,) = struct.unpack("<Q", blob[:8])
    header = json.loads(blob[8:8 + n])
    header.pop("__metadata__", None)
    dtypes = {"F32": np.float32, "F64": np.float64, "I64": np.int64,
              "I32": np.int32}
    out = {}
    for name, t in header.items():
        a, b = t["data_offsets"]
        out[name] = np.frombuffer(blob[8 + n + a:8 + n + b],
                                  dtype=dtypes[t["dtype"]]).reshape(t["shape"])
    return out


def train(init_path, x, y, epochs, batch, optimizer, lr, momentum=0.0,
          betas=(0.9, 0.999), eps=1e-8, weight_decay=0.0, seed=0,
          shuffle=True):
    torch.manual_seed(0)
    w = read_safetensors(init_path)
    model = torch.nn.Sequential()
    model.add_module("fc1", torch.nn.Linear(64, 64))
    model.add_module("relu", torch.nn.ReLU())
    model.add_module("fc2", torch.nn.Linear(64, 10))
    model.load_state_dict({k: torch.from_numpy(v.copy()) for k, v in w.items()})
    if optimizer == "sgd":
        opt = torch.optim.SGD(model.parameters(), lr=lr, momentum=momentum,
                              weight_decay=weight_decay)
    else:
        opt = torch.optim.Adam(model.parameters(), lr=lr, betas=betas,
                               eps=eps, weight_decay=weight_decay)
    loss_fn = torch.nn.CrossEntropyLoss()
    xt, yt = torch.from_numpy(x), torch.from_numpy(y)
    losses = []
    for perm in epoch_orders(len(x), epochs, seed, shuffle):
        total = 0.0
        for start in range(0, len(x), batch):
            idx = torch.from_numpy(perm[start:start + batch])
            opt.zero_grad()
            loss = loss_fn(model(xt[idx]), yt[idx])
            loss.backward()
            opt.step()
            total += loss.item() * len(idx)
        losses.append(total / len(x))
    return losses, model
