"""Writes the .npy files the executable tests feed to a model: good and bad."""
import os
import sys

import numpy as np

out = sys.argv[1]
os.makedirs(out, exist_ok=True)
x = (np.arange(6, dtype=np.float32).reshape(2, 3) - 3)
np.save(os.path.join(out, "x.npy"), x)
np.save(os.path.join(out, "y.npy"), np.array([1, -1, 0.5], np.float32))
np.save(os.path.join(out, "f64.npy"), x.astype(np.float64))
np.save(os.path.join(out, "shape.npy"), np.zeros((3, 3), np.float32))
np.save(os.path.join(out, "fortran.npy"), np.asfortranarray(x.T))
raw = open(os.path.join(out, "x.npy"), "rb").read()
open(os.path.join(out, "truncated.npy"), "wb").write(raw[:-5])
open(os.path.join(out, "short-header.npy"), "wb").write(raw[:20])
open(os.path.join(out, "garbage.npy"), "wb").write(b"not a numpy file at all")
# A header that claims a huge shape.
hdr = b"{'descr': '<f4', 'fortran_order': False, 'shape': (99999999999, 99999999999), }"
hdr += b" " * (118 - len(hdr)) + b"\n"
open(os.path.join(out, "huge.npy"), "wb").write(b"\x93NUMPY\x01\x00" + len(hdr).to_bytes(2, "little") + hdr)
