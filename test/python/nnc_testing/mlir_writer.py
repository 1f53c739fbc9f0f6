"""nn MLIR text for a model built op by op, with its weights embedded as
dense_resource blobs (f32, little-endian)."""
import numpy as np


def ty(shape):
    """tensor<2x3xf32> (tensor<f32> for a scalar)."""
    return "tensor<" + "x".join(str(d) for d in shape) + ("x" if len(shape) else "") + "f32>"


class Writer:
    """Collects the weights and the body of a func.func @main(%x)."""

    def __init__(self, prefix):
        self.prefix, self.blobs, self.lines, self.n = prefix, [], [], 0

    def value(self):
        self.n += 1
        return f"%v{self.n}"

    def const(self, tensor):
        """A weight (torch tensor) as an arith.constant of a new blob."""
        a = tensor.detach().numpy().astype(np.float32)
        name = f"{self.prefix}_w{len(self.blobs)}"
        self.blobs.append((name, a))
        v = self.value()
        self.lines.append(f"  {v} = arith.constant dense_resource<{name}> : {ty(a.shape)}")
        return v

    def op(self, text):
        """An op whose text follows `%v = `; returns its value."""
        v = self.value()
        self.lines.append(f"  {v} = {text}")
        return v

    def module(self, in_shape, out_shape, result):
        body = "\n".join(self.lines)
        blobs = ",\n".join(f'      {n}: "0x04000000{a.astype("<f4").tobytes().hex()}"'
                           for n, a in self.blobs)
        return (f"func.func @main(%x: {ty(in_shape)}) -> {ty(out_shape)} {{\n{body}\n"
                f"  return {result} : {ty(out_shape)}\n}}\n\n"
                f"{{-#\n  dialect_resources: {{\n    builtin: {{\n{blobs}\n    }}\n  }}\n#-}}\n")
