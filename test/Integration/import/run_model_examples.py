#!/usr/bin/python3
"""Compiles every example model file (examples/models/*.json) with
`nnc-translate --import-model --emit=exe`, runs it on the example input and
compares with PyTorch's output (examples/models/gen_models.py): the error
max|out - ref| / max|ref| must be <= 1e-5. Then compiles each one with
`--dynamic-batch` and checks that batches of 1, 7 and 64 (the first rows of
the example input) give the per-sample results of PyTorch, within 1e-5.

    run_model_examples.py --nnc-translate BIN [--models DIR] [--only NAME...]
"""
import argparse
import glob
import os
import sys
import tempfile

import numpy as np

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "python"))
from nnc_testing.backend import add_arguments as add_backend_arguments  # noqa: E402
from nnc_testing.backend import from_args as backend_from_args  # noqa: E402
from nnc_testing.compare import relative_error  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
TOL = 1e-5
DYNAMIC = None  # every example


def compile_model(backend, json_path, exe, extra=()):
    return backend.compile(json_path, exe, args=["--import-model", *extra])


def run(backend, exe, inp, out):
    err = backend.run(exe, [inp], [out])
    return (None, err) if err else (np.load(out), None)


def main():
    ap = argparse.ArgumentParser()
    add_backend_arguments(ap)
    ap.add_argument("--models", default=os.path.join(HERE, "..", "..", "..", "examples", "models"))
    ap.add_argument("--only", nargs="*")
    args = ap.parse_args()
    backend = backend_from_args(args)
    names = sorted(os.path.basename(p)[:-5] for p in glob.glob(os.path.join(args.models, "*.json")))
    if args.only:
        names = [n for n in names if n in args.only]
    failures = []
    with tempfile.TemporaryDirectory() as tmp:
        print(f"{'model':<14}{'rel. error':>12}")
        for name in names:
            src = os.path.join(args.models, name + ".json")
            exe = os.path.join(tmp, name)
            err = compile_model(backend, src, exe)
            if err:
                failures.append(f"{name}: compile failed: {err}")
                print(f"{name:<14}{'COMPILE FAIL':>12}")
                continue
            out, err = run(backend, exe, os.path.join(args.models, name + "_input.npy"),
                           os.path.join(tmp, name + "_out.npy"))
            if err:
                failures.append(f"{name}: run failed: {err}")
                print(f"{name:<14}{'RUN FAIL':>12}")
                continue
            ref = np.load(os.path.join(args.models, name + "_expected.npy"))
            if out.shape != ref.shape:
                failures.append(f"{name}: shape {out.shape} != expected {ref.shape}")
                continue
            e = relative_error(out, ref)
            print(f"{name:<14}{e:>12.3e}{'' if e <= TOL else '  FAIL'}")
            if not e <= TOL:
                failures.append(f"{name}: relative error {e:.3e} > {TOL:g}")

        print("\ndynamic batch (--dynamic-batch): batches 1, 7, 64")
        for name in (names if DYNAMIC is None else [n for n in DYNAMIC if n in names]):
            src = os.path.join(args.models, name + ".json")
            exe = os.path.join(tmp, name + "_dyn")
            err = compile_model(backend, src, exe, ["--dynamic-batch"])
            if err:
                failures.append(f"{name} (dynamic): compile failed: {err}")
                continue
            x = np.load(os.path.join(args.models, name + "_input.npy"))
            ref = np.load(os.path.join(args.models, name + "_expected.npy"))
            errs = []
            for b in (1, 7, 64):
                inp = os.path.join(tmp, f"{name}_in{b}.npy")
                np.save(inp, x[:b])
                out, err = run(backend, exe, inp, os.path.join(tmp, f"{name}_out{b}.npy"))
                if err or out.shape != ref[:b].shape:
                    failures.append(f"{name} (dynamic, batch {b}): {err or out.shape}")
                    break
                e = relative_error(out, ref[:b])
                errs.append(e)
                if not e <= TOL:
                    failures.append(f"{name} (dynamic, batch {b}): relative error {e:.3e}")
            print(f"{name:<14}" + " ".join(f"{e:.3e}" for e in errs))
    if failures:
        print("\nFAILED:\n  " + "\n  ".join(failures))
        return 1
    print(f"\nall {len(names)} example models match PyTorch within {TOL:g}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
