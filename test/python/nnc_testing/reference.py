"""PyTorch references for nn ops PyTorch has no function for, and the
activation epilogues by name."""
import torch
import torch.nn.functional as F

# nn's activation names (the #nn.activation cases and the activation ops,
# with the `_a` variants at a non-default alpha) and what they compute.
ACTIVATIONS = {
    "none": lambda y: y,
    "relu": F.relu,
    "leaky_relu": lambda y: F.leaky_relu(y, 0.01),
    "leaky_relu_a": lambda y: F.leaky_relu(y, 0.2),
    "gelu": F.gelu,
    "gelu_tanh": lambda y: F.gelu(y, approximate="tanh"),
    "silu": F.silu,
    "sigmoid": torch.sigmoid,
    "tanh": torch.tanh,
    "elu": F.elu,
    "elu_a": lambda y: F.elu(y, 0.5),
    "softplus": F.softplus,
}


def sparsemax(x, dim=-1):
    """Martins & Astudillo (2016), sort-based."""
    x = x.transpose(dim, -1)
    z = x - x.max(-1, keepdim=True).values
    zs, _ = torch.sort(z, dim=-1, descending=True)
    k = torch.arange(1, z.shape[-1] + 1, dtype=z.dtype)
    cs = zs.cumsum(-1)
    support = (1 + k * zs) > cs
    kz = support.sum(-1, keepdim=True)
    tau = (cs.gather(-1, kz - 1) - 1) / kz.to(z.dtype)
    return torch.clamp(z - tau, min=0).transpose(dim, -1)


def grid_softmax(x, groups, temperature=1.0):
    """Softmax over `groups` equal slices of the last dimension."""
    shape = x.shape
    g = x.reshape(*shape[:-1], groups, shape[-1] // groups)
    return torch.softmax(g / temperature, -1).reshape(shape)
