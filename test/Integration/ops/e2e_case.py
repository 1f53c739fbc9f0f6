"""One end-to-end test case: an nn model, its inputs, and a PyTorch reference.

Files test/Integration/ops/cases_<family>.py define `CASES = [Case(...), ...]`. The runner
(run_e2e.py) compiles each model with `nnc-translate --emit=exe`, runs it on
the inputs (written as .npy) and compares every output with the reference:

    error = max|out - ref| / max(max|ref|, 1e-30)  must be <= rtol

(relative to the largest reference magnitude; 1e-5 in f32 by default).
"""
import os
import sys
from dataclasses import dataclass, field
from typing import Callable, List, Optional

import numpy as np

# The shared test support (nnc_testing) for the case files.
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "python"))


@dataclass
class Case:
    name: str  # unique, [a-z0-9_]
    mlir: str  # a module whose entry function is @main
    inputs: List[np.ndarray]  # one per @main argument (float32/float64/int64/bool)
    # Called with torch tensors (one per input); returns a tensor or a tuple
    # of tensors, one per @main result.
    reference: Callable
    rtol: float = 1e-5
    note: str = ""  # why a looser rtol, if any
    # nnc-opt options run on the model before compiling, e.g.
    # "--nn-fuse-bias-activation" (to check a pass leaves numerics unchanged).
    passes: str = ""


def rng(seed: int = 0) -> np.random.Generator:
    return np.random.default_rng(seed)


def randn(*shape, seed: int = 0, dtype=np.float32) -> np.ndarray:
    return rng(seed).standard_normal(shape).astype(dtype)


def uniform(*shape, low=-1.0, high=1.0, seed: int = 0, dtype=np.float32) -> np.ndarray:
    return rng(seed).uniform(low, high, shape).astype(dtype)
