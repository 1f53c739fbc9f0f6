"""One finite-difference gradient case.

A case is a small f64 nn function. The harness (fd_check.py) builds

    func.func @f(%x0, %x1, ...) -> tensor<f64> {
      %p0 = arith.constant {nn.name = "p0"} dense<...>   // params, lifted
      ...
      <body, defining %y>
      loss = sum(%y * R)          // R: a fixed random tensor (unless the
      return loss                 //    body already ends in a scalar loss)
    }

runs `nnc-opt --nn-derive-backward=wrt-inputs=true`, compiles `@f_grad` to
a shared library, and compares every gradient (parameters, float inputs)
with central differences of the loss computed by the same compiled
function:  fd = (L(v + h) - L(v - h)) / 2h,  h = 1e-5·max(1, |v|).
Entry check: |g - fd| <= rtol·max(|g|, |fd|) + atol·max(1, max|g|)
with rtol = 1e-6 and atol = 1e-9 (the absolute term only matters for
entries whose true gradient is 0). Tensors with more than 48 elements are
checked on 48 sampled entries.
"""
from dataclasses import dataclass, field
from typing import List, Optional

import numpy as np


@dataclass
class Case:
    name: str                    # unique, [a-z0-9_]
    body: str                    # MLIR ops using %x<i>, %p<j>; defines %y
    out_type: str                # type of %y, e.g. "tensor<2x3xf64>"
    inputs: List[np.ndarray]     # one per @f argument (f64, or int64 indices)
    params: List[np.ndarray] = field(default_factory=list)  # %p<j> constants
    loss: bool = False           # %y is already the scalar loss
    options: str = ""            # extra nn-derive-backward options
    op: Optional[str] = None     # the op this case covers (for coverage)


def rng(seed):
    return np.random.default_rng(seed)


def randn(*shape, seed=0):
    return rng(seed).standard_normal(shape)


def away_from_zero(*shape, seed=0, low=0.2, high=1.5):
    """Values with |v| in [low, high] and random signs: no kink within h."""
    g = rng(seed)
    return g.uniform(low, high, shape) * g.choice([-1.0, 1.0], shape)


def positive(*shape, seed=0, low=0.5, high=2.0):
    return rng(seed).uniform(low, high, shape)


def t(*shape, e="f64"):
    """The tensor type of `shape`: t(2, 3) is tensor<2x3xf64>."""
    return "tensor<" + "".join(f"{d}x" for d in shape) + e + ">"


def tshape(shape, elt="f64"):
    return t(*shape, e=elt)


def arr(name, values):
    """An i64 array attribute: `name = array<i64: ...>`."""
    return f"{name} = array<i64: {', '.join(str(v) for v in values)}>"


def ttype(a: np.ndarray) -> str:
    elt = {np.dtype(np.float64): "f64", np.dtype(np.int64): "i64",
           np.dtype(np.bool_): "i1"}[a.dtype]
    return "tensor<" + "".join(f"{d}x" for d in a.shape) + elt + ">"
