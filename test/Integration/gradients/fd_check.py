#!/usr/bin/python3
"""Finite-difference checks of nn-derive-backward (see fd_case.py).

usage: fd_check.py --nnc-opt BIN --nnc-translate BIN --cases cases_x.py
                   [--jobs N] [--only NAME]
Prints one line per case with the worst relative error, then a summary;
exits 1 if any case fails.
"""
import argparse
import concurrent.futures as cf
import ctypes
import os
import re
import subprocess
import sys
import tempfile

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from fd_case import Case, ttype  # noqa: E402

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "python"))
from nnc_testing.backend import add_arguments as add_backend_arguments  # noqa: E402
from nnc_testing.backend import from_args as backend_from_args  # noqa: E402
from nnc_testing.cases import load_module  # noqa: E402

RTOL, ATOL, SAMPLES = 1e-6, 1e-9, 48


def nested(a):
    if a.ndim == 0:
        return repr(float(a)) if a.dtype == np.float64 else str(int(a))
    return "[" + ", ".join(nested(x) for x in a) + "]"


def build_module(case: Case) -> str:
    args = ", ".join(f"%x{i}: {ttype(a)}" for i, a in enumerate(case.inputs))
    lines = [f"func.func @f({args}) -> tensor<f64> {{"]
    for j, p in enumerate(case.params):
        lines.append(f'  %p{j} = arith.constant {{nn.name = "p{j}"}} '
                     f"dense<{nested(p)}> : {ttype(p)}")
    lines += ["  " + l.strip() for l in case.body.strip().splitlines()]
    if case.loss:
        lines.append("  return %y : tensor<f64>")
    else:
        shape = re.match(r"tensor<((?:\d+x)*)f64>", case.out_type)
        dims = [int(d) for d in shape.group(1).split("x") if d]
        r = np.random.default_rng(12345).standard_normal(dims)
        axes = ", ".join(str(i) for i in range(len(dims)))
        lines.append(f"  %fd_r = arith.constant dense<{nested(r)}> : {case.out_type}")
        lines.append(f"  %fd_m = nn.mul %y, %fd_r : ({case.out_type}, {case.out_type})"
                     f" -> {case.out_type}")
        if dims:
            lines.append(f"  %fd_l = nn.reduce sum %fd_m {{axes = array<i64: {axes}>}}"
                         f" : ({case.out_type}) -> tensor<f64>")
            lines.append("  return %fd_l : tensor<f64>")
        else:
            lines.append("  return %fd_m : tensor<f64>")
    lines.append("}")
    return "\n".join(lines) + "\n"


HEADER_LINE = re.compile(r"\*\s+(input|output)\s+(\w+): (float64|int64|bool) \[([^\]]*)\]")
DTYPES = {"float64": np.float64, "int64": np.int64, "bool": np.bool_}


def parse_header(path):
    ios = {"input": [], "output": []}
    for line in open(path):
        m = HEADER_LINE.search(line)
        if m:
            dims = [int(d) for d in m.group(4).split(",") if d.strip()]
            ios[m.group(1)].append((m.group(2), DTYPES[m.group(3)], dims))
    return ios["input"], ios["output"]


def run_case(case: Case, tools, workdir):
    d = os.path.join(workdir, case.name)
    os.makedirs(d, exist_ok=True)
    src = os.path.join(d, "f.mlir")
    with open(src, "w") as f:
        f.write(build_module(case))
    grad = os.path.join(d, "f_grad.mlir")
    opts = "wrt-inputs=true function=f" + (" " + case.options if case.options else "")
    p = subprocess.run([tools.nnc_opt, f"--nn-derive-backward={opts}", src, "-o", grad],
                       capture_output=True, text=True)
    if p.returncode:
        return False, f"nn-derive-backward failed:\n{p.stderr}"
    lib = os.path.join(d, "libg.so")
    err = tools.backend.compile(grad, lib, emit="shared", args=["--entry", "f_grad", "--name", "g"],
                                cwd=d)
    if err:
        return False, f"compile failed:\n{err[-3000:]}"
    ins, outs = parse_header(os.path.join(d, "g.h"))
    so = ctypes.CDLL(lib)
    # Argument values: the case inputs, the params by name, then the seed.
    values = []
    for i, (name, dtype, dims) in enumerate(ins):
        if i < len(case.inputs):
            v = case.inputs[i]
        elif re.fullmatch(r"p\d+", name):
            v = case.params[int(name[1:])]
        elif name == "seed":
            v = np.array(7, dtype=np.int64)
        else:
            return False, f"unexpected argument {name}"
        if list(v.shape) != dims or v.dtype != dtype:
            return False, f"argument {name}: {v.shape} {v.dtype} vs header {dims} {dtype}"
        values.append(np.ascontiguousarray(v).copy())
    results = [np.zeros(dims, dtype=dtype) for _, dtype, dims in outs]

    def call():
        ptrs = [v.ctypes.data_as(ctypes.c_void_p) for v in values + results]
        rc = so.g_run(*ptrs)
        if rc:
            raise RuntimeError(f"g_run returned {rc}")
        return [r.copy() for r in results]

    base = call()
    if tools.self_test:
        # The check must notice a gradient that is off by 1e-5 (relative).
        base = [base[0]] + [g * (1 + 1e-5) for g in base[1:]]
    # Differentiable tensors in result order: params (header order), then
    # float inputs.
    names = [n for n, _, _ in ins]
    diff = [names.index(n) for n, dt, _ in ins[len(case.inputs):]
            if dt == np.float64]
    diff += [i for i, a in enumerate(case.inputs) if a.dtype == np.float64]
    if len(base) != 1 + len(diff):
        return False, f"{len(base)} results, expected {1 + len(diff)}"
    worst, where = 0.0, ""
    rng = np.random.default_rng(0)
    for k, vi in enumerate(diff):
        g = base[1 + k]
        v = values[vi]
        n = v.size
        idx = range(n) if n <= SAMPLES else rng.choice(n, SAMPLES, replace=False)
        scale = max(1.0, float(np.abs(g).max()))
        for e in idx:
            flat = v.reshape(-1)
            old = flat[e]
            h = 1e-5 * max(1.0, abs(old))
            flat[e] = old + h
            lp = call()[0].item()
            flat[e] = old - h
            lm = call()[0].item()
            flat[e] = old
            fd = (lp - lm) / (2 * h)
            a = g.reshape(-1)[e]
            err = abs(a - fd) / max(abs(a), abs(fd), 1e-300)
            if abs(a - fd) > RTOL * max(abs(a), abs(fd)) + ATOL * scale:
                return False, (f"{names[vi]}[{np.unravel_index(e, v.shape)}]: "
                               f"analytic {a:.12g} vs fd {fd:.12g} (rel {err:.2e})")
            if max(abs(a), abs(fd)) > 1e-6 * scale and err > worst:
                worst, where = err, names[vi]
    return True, f"max rel err {worst:.2e} ({where or '-'}), {len(diff)} tensors"


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--nnc-opt", required=True)
    add_backend_arguments(ap)
    ap.add_argument("--cases", required=True)
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--only")
    ap.add_argument("--keep")
    ap.add_argument("--self-test", action="store_true",
                    help="scale every analytic gradient by 1 + 1e-5; every "
                         "case must then fail (checks the checker)")
    tools = ap.parse_args()
    tools.nnc_opt = os.path.abspath(tools.nnc_opt)
    tools.backend = backend_from_args(tools)
    path = tools.cases if os.path.isabs(tools.cases) else \
        os.path.join(os.path.dirname(os.path.abspath(__file__)), tools.cases)
    cases = [c for c in load_module(path).CASES if not tools.only or c.name == tools.only]
    names = [c.name for c in cases]
    assert len(names) == len(set(names)), "duplicate case names"
    workdir = tools.keep or tempfile.mkdtemp(prefix="nnc-fd-")
    failed = 0
    with cf.ThreadPoolExecutor(tools.jobs) as ex:
        futures = {ex.submit(run_case, c, tools, workdir): c for c in cases}
        for fut in cf.as_completed(futures):
            c = futures[fut]
            try:
                ok, msg = fut.result()
            except Exception as e:  # a crash of the library call is a failure
                ok, msg = False, repr(e)
            failed += not ok
            print(f"{'PASS' if ok else 'FAIL'} {c.name}: {msg}", flush=True)
    print(f"{len(cases) - failed} passed, {failed} failed of {len(cases)} cases")
    if tools.self_test:
        print("self-test:", "every case failed as it must" if failed == len(cases)
              else "a perturbed gradient passed")
        sys.exit(0 if failed == len(cases) else 1)
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
