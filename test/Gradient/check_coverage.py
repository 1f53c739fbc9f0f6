#!/usr/bin/python3
"""Every nn op appears in at least one finite-difference case (its own or
as part of a model), so every op's gradient rule is checked by ctest. The
backward ops (NN_BackwardOp, NN_ConvBackwardOp) are what the rules emit, not
differentiable themselves; the FD cases check them through the rules."""
import glob
import os
import re
import sys

root = os.path.dirname(os.path.abspath(__file__))
src = os.path.join(root, "..", "..", "include", "nnc", "Dialect", "NN", "IR")
ops = set()
for td in glob.glob(os.path.join(src, "*.td")):
    text = open(td).read()
    for base, name in re.findall(r'def NN_\w+Op\s*:\s*(NN_\w+)<"(\w+)"', text):
        if base not in ("NN_BackwardOp", "NN_ConvBackwardOp"):
            ops.add(name)
seen = set()
for cases in glob.glob(os.path.join(root, "cases_*.py")):
    seen |= set(re.findall(r"\bnn\.(\w+)\b", open(cases).read()))
missing = sorted(ops - seen)
print(f"{len(ops)} nn ops, {len(ops & seen)} covered by FD cases")
if missing:
    print("no finite-difference case for:", ", ".join(missing))
    sys.exit(1)
