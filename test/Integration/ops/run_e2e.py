#!/usr/bin/env python3
"""Compiles every e2e case with nnc-translate, runs it, compares with PyTorch.

usage: run_e2e.py --nnc-translate PATH [--cases cases_x.py] [--filter REGEX]
                  [--jobs N] [--keep DIR] [--translate-args ARGS]
                  [--threads-check]

Cases come from test/Integration/ops/cases_*.py (see e2e_case.py). Prints one line per
case and a final 'N passed, N failed' line; exits non-zero on any failure.
--translate-args are passed to nnc-translate (e.g. --mattr=-avx512f for the
AVX2 code path). --threads-check also runs every case with
NNC_NUM_THREADS=1, 2 and 3 and fails unless all outputs are bit-identical.
"""
import argparse
import concurrent.futures
import os
import re
import subprocess
import sys
import tempfile
import time

import numpy as np
import torch

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
from e2e_case import Case  # noqa: E402
from nnc_testing.backend import add_arguments as backend_args  # noqa: E402
from nnc_testing.backend import from_args as backend_from_args  # noqa: E402
from nnc_testing.cases import case_files, load_module  # noqa: E402
from nnc_testing.compare import relative_error  # noqa: E402


def load_cases(only=""):
    cases = []
    paths = [os.path.join(HERE, only)] if only else case_files(HERE)
    for path in paths:
        for case in load_module(path).CASES:
            case.source = os.path.basename(path)
            cases.append(case)
    names = [c.name for c in cases]
    dup = {n for n in names if names.count(n) > 1}
    if dup:
        sys.exit(f"duplicate case names: {sorted(dup)}")
    return cases


THREAD_COUNTS = (1, 2, 3)


def run_case(case: Case, backend, workdir: str, nnc_opt: str = "", threads_check=False):
    d = os.path.join(workdir, case.name)
    os.makedirs(d, exist_ok=True)
    model = os.path.join(d, "model.mlir")
    with open(model, "w") as f:
        f.write(case.mlir)
    exe = os.path.join(d, "model")
    t0 = time.time()
    if case.passes:
        if not nnc_opt:
            return False, "case needs --nnc-opt"
        transformed = os.path.join(d, "model.opt.mlir")
        p = subprocess.run([nnc_opt, model, *case.passes.split(), "-o", transformed],
                           capture_output=True, text=True)
        if p.returncode != 0:
            return False, f"nnc-opt {case.passes} failed:\n{p.stderr.strip()}"
        model = transformed
    err = backend.compile(model, exe)
    if err:
        return False, f"compile failed:\n{err}"
    with torch.no_grad():
        ref = case.reference(*[torch.from_numpy(np.array(a)) for a in case.inputs])
    refs = list(ref) if isinstance(ref, (tuple, list)) else [ref]
    outs, err = backend.execute(exe, case.inputs, d, len(refs))
    if err:
        return False, f"run failed: {err}"
    if threads_check:
        for n in THREAD_COUNTS:
            env = dict(os.environ, NNC_NUM_THREADS=str(n))
            again, err = backend.execute(exe, case.inputs, d, len(refs), f"t{n}", env)
            if err:
                return False, f"run with {n} threads failed: {err}"
            for i, (a, b) in enumerate(zip(outs, again)):
                if a.tobytes() != b.tobytes():
                    return False, (f"output {i} with {n} threads differs from "
                                   "the default thread count's")
    worst = 0.0
    for i, (got, r) in enumerate(zip(outs, refs)):
        want = r.detach().numpy()
        err = relative_error(got, want)
        if err is None:
            return False, f"output {i}: shape {got.shape}, expected {want.shape}"
        worst = max(worst, err)
        if not err <= case.rtol:
            return False, f"output {i}: relative error {err:.3e} > {case.rtol:g}"
    return True, f"max relative error {worst:.2e} ({time.time() - t0:.1f}s)"


def main():
    ap = argparse.ArgumentParser()
    backend_args(ap)
    ap.add_argument("--nnc-opt", default="", help="for cases with passes")
    ap.add_argument("--filter", default="")
    ap.add_argument("--cases", default="", help="one cases_*.py file (default: all)")
    ap.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    ap.add_argument("--keep", default="")
    ap.add_argument("--translate-args", default="",
                    help="extra nnc-translate arguments, space-separated")
    ap.add_argument("--threads-check", action="store_true",
                    help="require the same bits at 1, 2 and 3 threads")
    args = ap.parse_args()
    torch.manual_seed(0)
    cases = [c for c in load_cases(args.cases) if re.search(args.filter, c.name)]
    workdir = args.keep or tempfile.mkdtemp(prefix="nnc-e2e-")
    passed = failed = 0
    with concurrent.futures.ThreadPoolExecutor(args.jobs) as pool:
        backend = backend_from_args(args, args.translate_args.split())
        futures = [(c, pool.submit(run_case, c, backend, workdir, args.nnc_opt,
                                   args.threads_check))
                   for c in cases]
        for case, fut in futures:
            try:
                ok, msg = fut.result()
            except Exception as e:  # a broken case is a failure, not a crash
                ok, msg = False, f"exception: {e!r}"
            print(f"{'PASS' if ok else 'FAIL'}: {case.name} [{case.source}] {msg}", flush=True)
            passed += ok
            failed += not ok
    print(f"{passed} passed, {failed} failed")
    sys.exit(1 if failed or not cases else 0)


if __name__ == "__main__":
    main()
