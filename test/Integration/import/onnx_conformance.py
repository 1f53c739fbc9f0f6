#!/usr/bin/python3
"""ONNX conformance runner for nnc's ONNX importer.

For every test in the ONNX test data (node, pytorch-converted,
pytorch-operator, simple): ask the importer whether it supports the model
(`nnc-translate --import-onnx model.onnx --emit=nn`; a rejection counts as
unsupported), else compile it (--emit=exe), run it on every
test_data_set_*/input_*.pb and compare with output_*.pb (floats: max
|out - ref| <= 1e-4 * max(1, max |ref|)... see `close`; integers and bools
exactly). Prints the counts and a final `N passed, N failed` line; exits 1
when fewer than --min-pass-rate of the supported tests pass.
"""
import argparse
import concurrent.futures as cf
import glob
import os
import shutil
import subprocess
import sys
import tempfile

import numpy as np
import onnx
from onnx import numpy_helper

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "python"))
from nnc_testing.backend import add_arguments as add_backend_arguments  # noqa: E402
from nnc_testing.backend import from_args as backend_from_args  # noqa: E402

SUITES = ["node", "pytorch-converted", "pytorch-operator", "simple"]
RUNTIME_DTYPES = {np.dtype(t) for t in ("float32", "float64", "int32", "int64", "bool")}
MAX_INPUT_BYTES = 32 << 20


def first_error_line(text):
    for line in text.splitlines():
        if "error:" in line and "cannot import the model" not in line:
            return line.split("error:", 1)[1].strip()
    lines = text.strip().splitlines()
    return lines[-1] if lines else "no message"


def load_pb(path):
    t = onnx.TensorProto()
    with open(path, "rb") as f:
        t.ParseFromString(f.read())
    return numpy_helper.to_array(t)


def close(out, ref, tol):
    if out.shape != ref.shape:
        return False, f"shape {out.shape} != expected {ref.shape}"
    if ref.dtype.kind in "biu":
        if not np.array_equal(out.astype(ref.dtype), ref):
            return False, "integer values differ"
        return True, ""
    out = out.astype(np.float64)
    ref = ref.astype(np.float64)
    if not np.array_equal(np.isnan(out), np.isnan(ref)):
        return False, "NaN positions differ"
    fin = np.isfinite(ref)
    if not np.array_equal(out[~fin & ~np.isnan(ref)], ref[~fin & ~np.isnan(ref)]):
        return False, "infinities differ"
    if not fin.any():
        return True, ""
    scale = max(np.max(np.abs(ref[fin])), 1e-30)
    err = np.max(np.abs(out[fin] - ref[fin])) / scale if out[fin].size else 0.0
    if err > tol:
        return False, f"relative error {err:.3g} > {tol}"
    return True, ""


def run_test(args, suite, test_dir):
    name = f"{suite}/{os.path.basename(test_dir)}"
    model = os.path.join(test_dir, "model.onnx")
    sets = sorted(glob.glob(os.path.join(test_dir, "test_data_set_*")))
    if not os.path.exists(model) or not sets:
        return name, "unsupported", "no model or test data"
    r = subprocess.run([args.nnc_translate, "--import-onnx", model, "--emit=nn",
                        "-o", os.devnull], capture_output=True, text=True, timeout=120)
    if r.returncode != 0:
        if r.returncode not in (1,):
            return name, "failed", f"importer exit code {r.returncode}: {first_error_line(r.stderr)}"
        return name, "unsupported", first_error_line(r.stderr)
    work = tempfile.mkdtemp(prefix="onnxconf-", dir=args.work_dir)
    try:
        # Inputs must be of a dtype the executables read, and not huge.
        total = 0
        for s in sets:
            for p in glob.glob(os.path.join(s, "input_*.pb")):
                total += os.path.getsize(p)
        if total > MAX_INPUT_BYTES:
            return name, "unsupported", f"inputs too large ({total >> 20} MiB)"
        exe = os.path.join(work, "model")
        err = args.backend.compile(model, exe, args=["--import-onnx"], timeout=300)
        if err:
            return name, "failed", "compile: " + first_error_line(err)
        # Declared input shapes (a few data files store [1] for a scalar).
        m = onnx.load(model, load_external_data=False)
        inits = {i.name for i in m.graph.initializer}
        declared = []
        for vi in m.graph.input:
            if vi.name in inits:
                continue
            dims = [d.dim_value if d.HasField("dim_value") else None
                    for d in vi.type.tensor_type.shape.dim]
            declared.append(dims)
        for s in sets:
            ins = sorted(glob.glob(os.path.join(s, "input_*.pb")),
                         key=lambda p: int(p.rsplit("_", 1)[1].split(".")[0]))
            outs = sorted(glob.glob(os.path.join(s, "output_*.pb")),
                          key=lambda p: int(p.rsplit("_", 1)[1].split(".")[0]))
            in_files = []
            for i, p in enumerate(ins):
                a = load_pb(p)
                if a.dtype not in RUNTIME_DTYPES:
                    return name, "unsupported", f"input dtype {a.dtype}"
                if i < len(declared) and None not in declared[i] and \
                        list(a.shape) != declared[i] and a.size == int(np.prod(declared[i])):
                    a = a.reshape(declared[i])
                f = os.path.join(work, f"in{i}.npy")
                np.save(f, np.asarray(a, order="C"))
                in_files.append(f)
            refs = [load_pb(p) for p in outs]
            out_files = [os.path.join(work, f"out{i}.npy") for i in range(len(refs))]
            err = args.backend.run(exe, in_files, out_files, timeout=120)
            if err:
                return name, "failed", f"run ({os.path.basename(s)}) " + err.splitlines()[-1]
            for i, ref in enumerate(refs):
                out = np.load(os.path.join(work, f"out{i}.npy"))
                ok, why = close(out, ref, args.tol)
                if not ok:
                    return name, "failed", f"{os.path.basename(s)} output {i}: {why}"
        return name, "passed", ""
    except subprocess.TimeoutExpired as e:
        return name, "failed", f"timeout: {e.cmd[0]}"
    finally:
        shutil.rmtree(work, ignore_errors=True)


def main():
    ap = argparse.ArgumentParser()
    add_backend_arguments(ap)
    ap.add_argument("--data", default="/usr/share/libonnx-testdata/data")
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--tol", type=float, default=1e-4)
    ap.add_argument("--min-pass-rate", type=float, default=0.95)
    ap.add_argument("--filter", default="", help="substring of test names to run")
    ap.add_argument("--work-dir", default=None)
    ap.add_argument("-v", "--verbose", action="store_true",
                    help="also list the unsupported tests and their reasons")
    args = ap.parse_args()
    args.backend = backend_from_args(args)

    tests = []
    for suite in SUITES:
        for d in sorted(glob.glob(os.path.join(args.data, suite, "*"))):
            if os.path.isdir(d) and args.filter in f"{suite}/{os.path.basename(d)}":
                tests.append((suite, d))
    results = []
    with cf.ThreadPoolExecutor(max_workers=args.jobs) as ex:
        for res in ex.map(lambda t: run_test(args, *t), tests):
            results.append(res)
    counts = {"passed": 0, "failed": 0, "unsupported": 0}
    for name, status, why in results:
        counts[status] += 1
        if status == "failed" or (args.verbose and status == "unsupported"):
            print(f"{status.upper()}: {name}: {why}")
    supported = counts["passed"] + counts["failed"]
    rate = counts["passed"] / supported if supported else 0.0
    print(f"tests: {len(results)}, supported: {supported}, "
          f"unsupported: {counts['unsupported']}")
    print(f"pass rate over supported tests: {100 * rate:.1f}% "
          f"(required {100 * args.min_pass_rate:.0f}%)")
    print(f"{counts['passed']} passed, {counts['failed']} failed")
    sys.exit(0 if supported and rate >= args.min_pass_rate else 1)


if __name__ == "__main__":
    main()
