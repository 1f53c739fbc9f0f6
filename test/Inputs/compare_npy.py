"""compare_npy.py OUT.npy EXPECTED.npy RTOL: fails unless
max|out - expected| / max|expected| <= RTOL (and the shapes are equal)."""
import sys

import numpy as np

out, ref, rtol = np.load(sys.argv[1]), np.load(sys.argv[2]), float(sys.argv[3])
if out.shape != ref.shape:
    sys.exit(f"shape {out.shape} != expected {ref.shape}")
err = float(np.max(np.abs(out.astype(np.float64) - ref)) / max(np.max(np.abs(ref)), 1e-30))
print(f"relative error {err:.3e} (limit {rtol:g})")
sys.exit(0 if err <= rtol else 1)
