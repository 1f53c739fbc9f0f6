"""write_safetensors.py OUT.safetensors NAME=DTYPE:SHAPE [NAME=...] [--raw-header TEXT]

Writes a small safetensors file for the importer's lit tests. Each tensor is
NAME=DTYPE:D0xD1x... (DTYPE F32, F64 or I64; values 1, 2, 3, ... in order;
an empty SHAPE is a scalar). --raw-header writes TEXT as the header verbatim
(with 16 bytes of data) to test hostile files; --header-size N overrides the
8-byte header length.
"""
import json
import struct
import sys

args = sys.argv[2:]
raw = None
size_override = None
tensors = []
i = 0
while i < len(args):
    if args[i] == "--raw-header":
        raw = args[i + 1]
        i += 2
    elif args[i] == "--header-size":
        size_override = int(args[i + 1])
        i += 2
    else:
        name, spec = args[i].split("=")
        dtype, shape = spec.split(":")
        tensors.append((name, dtype, [int(d) for d in shape.split("x") if d]))
        i += 1

if raw is not None:
    header, data = raw.encode(), b"\0" * 16
else:
    fmt = {"F32": "<f", "F64": "<d", "I64": "<q"}
    size = {"F32": 4, "F64": 8, "I64": 8}
    h, data, off = {}, b"", 0
    for name, dtype, shape in tensors:
        n = 1
        for d in shape:
            n *= d
        blob = b"".join(struct.pack(fmt[dtype], (k + 1) if dtype == "I64" else float(k + 1))
                        for k in range(n))
        h[name] = {"dtype": dtype, "shape": shape, "data_offsets": [off, off + len(blob)]}
        data += blob
        off += len(blob)
    header = json.dumps(h).encode()
with open(sys.argv[1], "wb") as f:
    f.write(struct.pack("<Q", len(header) if size_override is None else size_override))
    f.write(header)
    f.write(data)
