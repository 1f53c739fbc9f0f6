"""The one metric every numerics check uses."""
import numpy as np


def relative_error(out, ref):
    """max |out - ref| / max |ref| over the finite entries of ref, in f64.

    None when the shapes differ. NaN and ±inf must appear in the same places
    (with the same sign), otherwise the error is inf.
    """
    out = np.asarray(out, dtype=np.float64)
    ref = np.asarray(ref, dtype=np.float64)
    if out.shape != ref.shape:
        return None
    if ref.size == 0:
        return 0.0
    special = ~np.isfinite(ref)
    if np.any(np.isnan(out) != np.isnan(ref)) or np.any(
            np.isinf(ref) & (out != ref)) or np.any(np.isinf(out) & ~np.isinf(ref)):
        return float("inf")
    finite = ref[~special]
    scale = max(np.max(np.abs(finite)) if finite.size else 0.0, 1e-30)
    diff = np.abs(np.where(special, 0, out - ref))
    return float(np.max(diff) / scale)
