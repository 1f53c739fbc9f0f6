#!/usr/bin/env python3
"""Checks that the cases cover every op of the nn dialect.

usage: coverage.py e2e       every op has an end-to-end case (test/Integration/ops) in
                             which it is the only nn op, so its lowering is
                             tested alone against PyTorch;
       coverage.py gradient  every differentiable op appears in a
                             finite-difference case (test/Integration/gradients), alone or
                             in a model. The backward ops are what the rules
                             emit; the FD cases check them through the rules.
Prints the coverage; exits 1 when an op is missing.
"""
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
from nnc_testing.cases import ROOT, case_files, dialect_ops, load_module, ops_in  # noqa: E402


def e2e():
    ops = dialect_ops()
    directory = os.path.join(ROOT, "test", "Integration", "ops")
    sys.path.insert(0, directory)
    alone = {}
    for path in case_files(directory):
        for case in load_module(path).CASES:
            used = ops_in(case.mlir) & ops
            if len(used) == 1 and not case.passes:
                alone.setdefault(used.pop(), []).append(case.name)
    print(f"nn ops: {len(ops)}; tested alone end to end: {len(ops & alone.keys())}")
    for op in sorted(alone):
        print(f"  {op}: {len(alone[op])} case(s)")
    return sorted(ops - alone.keys())


def gradient():
    ops = dialect_ops(backward=False)
    seen = set()
    for path in case_files(os.path.join(ROOT, "test", "Integration", "gradients")):
        seen |= ops_in(open(path).read())
    print(f"{len(ops)} nn ops, {len(ops & seen)} covered by FD cases")
    return sorted(ops - seen)


def main():
    kinds = {"e2e": e2e, "gradient": gradient}
    if len(sys.argv) != 2 or sys.argv[1] not in kinds:
        sys.exit(__doc__)
    missing = kinds[sys.argv[1]]()
    if missing:
        print("missing: " + ", ".join(missing))
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
