"""check_safetensors.py FILE NAME:D0,D1 ... - checks that FILE is a valid
safetensors file (8-byte little-endian header size, JSON header padded to a
multiple of 8 bytes, contiguous in-bounds data offsets) holding exactly the
given F32 tensors with these shapes, all finite."""
import json
import struct
import sys

import numpy as np

path, specs = sys.argv[1], sys.argv[2:]
blob = open(path, "rb").read()
(n,) = struct.unpack("<Q", blob[:8])
assert n % 8 == 0, f"header size {n} is not a multiple of 8"
header = json.loads(blob[8:8 + n].decode("utf-8"))
assert header.pop("__metadata__", {}) == {"format": "pt"}
want = {s.split(":")[0]: [int(d) for d in s.split(":")[1].split(",")]
        for s in specs}
assert list(header) == list(want), (list(header), list(want))
end = 0
for name, t in header.items():
    assert t["dtype"] == "F32" and t["shape"] == want[name], (name, t)
    a, b = t["data_offsets"]
    assert a == end and b - a == 4 * int(np.prod(t["shape"])), (name, t)
    end = b
    v = np.frombuffer(blob[8 + n + a:8 + n + b], np.float32)
    assert np.isfinite(v).all(), name
assert 8 + n + end == len(blob), "trailing bytes"
print("ok", path)
