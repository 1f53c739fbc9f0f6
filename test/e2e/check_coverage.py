#!/usr/bin/env python3
"""Checks that every op of the nn dialect has an end-to-end case in which it
is the only nn op (so its lowering is tested alone against PyTorch).

The op list is read from the ODS files; prints the coverage and exits 1 if
an op is missing."""
import glob
import importlib.util
import os
import re
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, HERE)


def dialect_ops():
    ops = set()
    for td in glob.glob(os.path.join(ROOT, "include/nnc/Dialect/NN/IR/NN*Ops.td")):
        text = open(td).read()
        # def NN_DenseOp : NN_InferredOp<"dense", ...> and the op classes.
        ops.update(re.findall(r'def NN_\w+Op\s*:\s*NN_\w+<"(\w+)"', text))
    return ops


def main():
    ops = dialect_ops()
    alone = {}
    for path in sorted(glob.glob(os.path.join(HERE, "cases_*.py"))):
        spec = importlib.util.spec_from_file_location(os.path.basename(path)[:-3], path)
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        for case in module.CASES:
            used = set(re.findall(r"\bnn\.(\w+)\b", case.mlir)) & ops
            if len(used) == 1 and not case.passes:
                alone.setdefault(used.pop(), []).append(case.name)
    missing = sorted(ops - alone.keys())
    print(f"nn ops: {len(ops)}; tested alone end to end: {len(ops) - len(missing)}")
    for op in sorted(alone):
        print(f"  {op}: {len(alone[op])} case(s)")
    if missing:
        print("missing: " + ", ".join(missing))
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
