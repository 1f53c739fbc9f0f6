"""The benchmark models: PyTorch definitions, inputs and FLOP counts.

Each model is exported once to ONNX; nnc and ONNX Runtime compile that same
file, PyTorch runs the module it came from, all three on the same input.
FLOPs count 2 per multiply-add of the dense, matmul and conv layers (bias,
activations and pooling are not counted).
"""
import numpy as np
import torch


class MatMul(torch.nn.Module):
    """y = x @ W with W a constant (an sgemm)."""

    def __init__(self, n):
        super().__init__()
        self.w = torch.nn.Parameter(torch.randn(n, n) / n ** 0.5)

    def forward(self, x):
        return x @ self.w


def mlp():
    return torch.nn.Sequential(
        torch.nn.Linear(784, 512), torch.nn.ReLU(),
        torch.nn.Linear(512, 256), torch.nn.ReLU(),
        torch.nn.Linear(256, 10))


def cnn():
    return torch.nn.Sequential(
        torch.nn.Conv2d(1, 32, 3, padding=1), torch.nn.ReLU(),
        torch.nn.MaxPool2d(2),
        torch.nn.Conv2d(32, 64, 3, padding=1), torch.nn.ReLU(),
        torch.nn.MaxPool2d(2),
        torch.nn.Flatten(),
        torch.nn.Linear(3136, 128), torch.nn.ReLU(),
        torch.nn.Linear(128, 10))


def mlp_flops(b):
    return 2 * b * (784 * 512 + 512 * 256 + 256 * 10)


def cnn_flops(b):
    conv1 = b * 32 * 28 * 28 * 1 * 9
    conv2 = b * 64 * 14 * 14 * 32 * 9
    return 2 * (conv1 + conv2 + b * 3136 * 128 + b * 128 * 10)


# name -> (module factory, input shape, FLOPs, what it is)
MODELS = {
    "sgemm": (lambda: MatMul(1024), (1024, 1024), 2 * 1024 ** 3,
              "x @ W, 1024^3, W constant"),
    "mlp_b64": (mlp, (64, 784), mlp_flops(64), "MLP 784-512-256-10"),
    "cnn_b64": (cnn, (64, 1, 28, 28), cnn_flops(64),
                "CNN conv3x3 32, pool, conv3x3 64, pool, fc 128, fc 10"),
    "mlp_b1": (mlp, (1, 784), mlp_flops(1), "MLP, batch 1"),
    "cnn_b1": (cnn, (1, 1, 28, 28), cnn_flops(1), "CNN, batch 1"),
}


def build(name, seed=0):
    """The eval-mode module and a float32 input of `name`."""
    factory, shape, _, _ = MODELS[name]
    torch.manual_seed(seed)
    module = factory().eval()
    x = np.random.RandomState(seed).standard_normal(shape).astype(np.float32)
    return module, x
