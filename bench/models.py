"""The benchmark models: PyTorch definitions, inputs and FLOP counts.

Each model is exported once to ONNX; nnc and ONNX Runtime compile that same
file, PyTorch runs the module it came from, all three on the same input.
FLOPs count 2 per multiply-add of the dense, matmul, conv and attention
(QK^T and PV) layers; bias, activations, norms, softmax and pooling are not
counted. The torchvision architectures have random weights (no download).
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


def transformer():
    """One encoder block: d 256, 4 heads, FFN 1024 (post-norm, relu)."""
    return torch.nn.TransformerEncoderLayer(256, 4, 1024, dropout=0.0,
                                            batch_first=True)


def torchvision_model(name):
    def factory():
        import torchvision
        return getattr(torchvision.models, name)()
    return factory


def count_flops(module, x):
    """2 x the multiply-adds of conv, linear and attention layers in one
    forward pass of `module` on `x` (forward hooks)."""
    total = [0]

    def conv(m, inputs, out):
        k = m.weight.shape[1] * m.weight.shape[2] * m.weight.shape[3]
        total[0] += 2 * out.numel() * k

    def linear(m, inputs, out):
        total[0] += 2 * out.numel() * m.in_features

    def attention(m, inputs, out):
        q = inputs[0]
        b, length = (q.shape[0], q.shape[1]) if m.batch_first else (q.shape[1], q.shape[0])
        d = m.embed_dim
        total[0] += 2 * 4 * b * length * d * d      # the four projections
        total[0] += 2 * 2 * b * length * length * d  # QK^T and PV

    def matmul(m, inputs, out):
        total[0] += 2 * out.numel() * m.w.shape[0]

    hooks = []
    for m in module.modules():
        if isinstance(m, MatMul):
            hooks.append(m.register_forward_hook(matmul))
        elif isinstance(m, torch.nn.Conv2d):
            hooks.append(m.register_forward_hook(conv))
        elif isinstance(m, torch.nn.MultiheadAttention):
            hooks.append(m.register_forward_hook(attention))
        elif isinstance(m, torch.nn.Linear) and not isinstance(
                m, torch.nn.modules.linear.NonDynamicallyQuantizableLinear):
            hooks.append(m.register_forward_hook(linear))
    # With autograd on: under no_grad torch 1.13 runs the encoder layer as
    # one fused kernel, past the hooks.
    module(torch.from_numpy(x))
    for h in hooks:
        h.remove()
    return total[0]


# name -> (module factory, input shape, what it is, ONNX opset, repetitions)
MODELS = {
    "sgemm": (lambda: MatMul(1024), (1024, 1024),
              "x @ W, 1024^3, W constant", None, 50),
    "mlp_b64": (mlp, (64, 784), "MLP 784-512-256-10", None, 1000),
    "cnn_b64": (cnn, (64, 1, 28, 28),
                "CNN conv3x3 32, pool, conv3x3 64, pool, fc 128, fc 10", None, 200),
    "mlp_b1": (mlp, (1, 784), "MLP, batch 1", None, 2000),
    "cnn_b1": (cnn, (1, 1, 28, 28), "CNN, batch 1", None, 1000),
    "transformer_b8": (transformer, (8, 128, 256),
                       "encoder block d 256, 4 heads, FFN 1024, seq 128", 17, 100),
    "resnet18_b1": (torchvision_model("resnet18"), (1, 3, 224, 224),
                    "torchvision resnet18, 224x224", 13, 50),
    "mobilenet_v2_b1": (torchvision_model("mobilenet_v2"), (1, 3, 224, 224),
                        "torchvision mobilenet_v2, 224x224", 13, 100),
    "efficientnet_b0_b1": (torchvision_model("efficientnet_b0"), (1, 3, 224, 224),
                           "torchvision efficientnet_b0, 224x224", 13, 100),
}

# The training step: forward, cross-entropy, backward and an SGD update.
TRAIN = {"mlp_train_b64": (mlp, 64, 784, 10, "MLP training step (SGD), batch 64")}


def build(name, seed=0):
    """The eval-mode module, a float32 input of `name` and its FLOPs."""
    factory, shape = MODELS[name][:2]
    torch.manual_seed(seed)
    module = factory().eval()
    x = np.random.RandomState(seed).standard_normal(shape).astype(np.float32)
    return module, x, count_flops(module, x)
