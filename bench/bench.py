#!/usr/bin/python3
"""nnc against PyTorch and ONNX Runtime, side by side, on one machine.

    bench/run.sh [--threads T] [--models a,b,...] [--rounds R] [--json FILE]

For each model of bench/models.py: export it from PyTorch to ONNX once,
compile that ONNX file with nnc-translate (timed), check that nnc's and
ONNX Runtime's outputs match PyTorch's on the same input, then time all
three with T threads (median latency of many runs, after warm-up), in R
rounds (default 3) that alternate the three, each table entry the median
of its rounds, so that a minute of load on a shared machine does not land
on one side only. The
training step (mlp_train_b64) is compiled with --train and timed against
PyTorch (ONNX Runtime does not train): nnc's mean and PyTorch's median step
time over one epoch on the same data from the same initial weights, whose
losses must agree. The
FMA peak is measured at run time by bench/fma_peak.c on the same T threads.
Benchmarks are not tests: nothing here runs under ctest.
"""
import argparse
import json
import os
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)

parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
parser.add_argument("--threads", type=int, default=os.cpu_count())
parser.add_argument("--models", default="sgemm,mlp_b64,cnn_b64,mlp_b1,cnn_b1,"
                    "transformer_b8,resnet18_b1,mobilenet_v2_b1,"
                    "efficientnet_b0_b1,mlp_train_b64")
parser.add_argument("--json", help="also write the results to this file")
parser.add_argument("--rounds", type=int, default=3,
                    help="time nnc, PyTorch and ONNX Runtime this many times "
                         "each, alternating, and report the medians (the "
                         "machine's load changes over minutes)")
parser.add_argument("--work", default=os.path.join(ROOT, "build", "bench"))
parser.add_argument("--nnc-translate",
                    default=os.path.join(ROOT, "build", "bin", "nnc-translate"))
parser.add_argument("--ort", required=True,
                    help="folder with node_modules/onnxruntime-node")
args = parser.parse_args()
T = args.threads
# PyTorch's BLAS (OpenBLAS) and OpenMP pools take their size from the
# environment; torch.set_num_threads alone does not limit them.
for var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS",
            "NNC_NUM_THREADS"):
    os.environ[var] = str(T)

import numpy as np  # noqa: E402
import torch  # noqa: E402

sys.path.insert(0, HERE)
sys.path.insert(0, os.path.join(HERE, "..", "test", "python"))
from nnc_testing.compare import relative_error  # noqa: E402
from models import MODELS, TRAIN, build  # noqa: E402
import train_bench  # noqa: E402

TOLERANCE = 1e-4  # max |out - ref| / max |ref| against PyTorch


def peak():
    exe = os.path.join(args.work, "fma_peak")
    subprocess.run(["cc", "-O2", "-pthread", os.path.join(HERE, "fma_peak.c"),
                    "-o", exe], check=True)
    gflops, bits, threads = subprocess.run(
        [exe, str(T)], check=True, capture_output=True,
        text=True).stdout.split()
    return float(gflops), int(bits)


def torch_ms(module, x, reps):
    torch.set_num_threads(T)
    xt = torch.from_numpy(x)
    with torch.no_grad():
        for _ in range(10):
            module(xt)
        times = []
        for _ in range(reps):
            t0 = time.perf_counter()
            module(xt)
            times.append((time.perf_counter() - t0) * 1e3)
    return float(np.median(times))


def nnc(name, onnx_path, x_path, ref):
    exe = os.path.join(args.work, name)
    t0 = time.perf_counter()
    # A successful compile prints nothing; anything on stderr is shown.
    subprocess.run([args.nnc_translate, onnx_path, "--import-onnx", "-o", exe],
                   check=True)
    compile_s = time.perf_counter() - t0
    out_path = os.path.join(args.work, name + "_nnc.npy")
    subprocess.run([exe, x_path, "-o", out_path], check=True)
    err = relative_error(np.load(out_path), ref)
    return compile_s, err


def nnc_ms(name, x_path):
    exe = os.path.join(args.work, name)
    text = subprocess.run([exe, x_path, "--bench", str(reps(name))],
                          check=True, capture_output=True, text=True).stdout
    return float(text.split("median latency")[1].split()[0])


def ort_ms(ort_jobs):
    """ONNX Runtime, in one Node.js process, on the same ONNX files."""
    lines = subprocess.run(
        ["node", os.path.join(HERE, "ort_bench.js"), str(T), "200"] + ort_jobs,
        check=True, capture_output=True, text=True,
        env=dict(os.environ, NODE_PATH=os.path.join(args.ort, "node_modules"))
    ).stdout.splitlines()
    return [json.loads(line)["ms"] for line in lines]


def reps(name):
    return MODELS[name][4]


def main():
    os.makedirs(args.work, exist_ok=True)
    peak_gflops, bits = peak()
    names = args.models.split(",")
    for name in names:
        if name not in MODELS and name not in TRAIN:
            sys.exit(f"unknown model '{name}' (known: "
                     f"{', '.join(list(MODELS) + list(TRAIN))})")
    if args.rounds < 1:
        sys.exit("--rounds must be at least 1")
    rows, ort_jobs, timed = {}, [], {}
    inference = [n for n in names if n in MODELS]
    for name in inference:
        module, x, flops = build(name)
        onnx_path = os.path.join(args.work, name + ".onnx")
        x_path = os.path.join(args.work, name + "_x.npy")
        np.save(x_path, x)
        x.tofile(os.path.join(args.work, name + "_x.bin"))
        with torch.no_grad():
            ref = module(torch.from_numpy(x)).numpy()
        export = {"input_names": ["x"], "output_names": ["y"]}
        if MODELS[name][3]:
            export["opset_version"] = MODELS[name][3]
        torch.onnx.export(module, torch.from_numpy(x), onnx_path, **export)
        compile_s, err = nnc(name, onnx_path, x_path, ref)
        rows[name] = {"model": name, "what": MODELS[name][2],
                      "flops": flops, "nnc_compile_s": compile_s,
                      "nnc_rel_err": err, "ref": ref,
                      "nnc_ms_rounds": [], "torch_ms_rounds": [],
                      "ort_ms_rounds": []}
        timed[name] = (module, x, x_path)
        ort_jobs += [onnx_path, os.path.join(args.work, name + "_x.bin"),
                     ",".join(map(str, x.shape)),
                     os.path.join(args.work, name + "_ort.bin")]
    for _ in range(args.rounds if inference else 0):
        for name in inference:
            module, x, x_path = timed[name]
            rows[name]["nnc_ms_rounds"].append(nnc_ms(name, x_path))
            rows[name]["torch_ms_rounds"].append(torch_ms(module, x,
                                                          reps(name)))
        for name, ms in zip(inference, ort_ms(ort_jobs)):
            rows[name]["ort_ms_rounds"].append(ms)
    for name in inference:
        r = rows[name]
        for side in ("nnc", "torch", "ort"):
            r[side + "_ms"] = float(np.median(r[side + "_ms_rounds"]))
        ort_out = np.fromfile(os.path.join(args.work, name + "_ort.bin"),
                              dtype=np.float32).reshape(r["ref"].shape)
        r["ort_rel_err"] = relative_error(ort_out, r["ref"])
        del r["ref"]
        faster_peer = min(r["torch_ms"], r["ort_ms"])
        r["speedup"] = faster_peer / r["nnc_ms"]
    for name in names:
        if name in TRAIN:
            rows[name] = train_bench.run(name, TRAIN[name], args.nnc_translate,
                                         args.work)
            rows[name]["speedup"] = rows[name]["torch_ms"] / rows[name]["nnc_ms"]
    for name in names:
        r = rows[name]
        r["nnc_gflops"] = r["flops"] / r["nnc_ms"] / 1e6
        r["pct_peak"] = 100 * r["nnc_gflops"] / peak_gflops

    print(f"threads {T}; measured FMA peak {peak_gflops:.1f} GFLOP/s "
          f"({bits}-bit vectors, all {T} threads); "
          f"PyTorch {torch.__version__}, ONNX Runtime "
          f"{json.load(open(os.path.join(args.ort, 'node_modules', 'onnxruntime-node', 'package.json')))['version']}")
    header = ("model", "nnc ms", "PyTorch ms", "ORT ms", "speedup",
              "GFLOP/s", "% peak", "compile s")
    print("| " + " | ".join(header) + " |")
    print("|" + "|".join("---" for _ in header) + "|")
    for name in names:
        r = rows[name]
        ort = f"{r['ort_ms']:.4f}" if "ort_ms" in r else "-"
        print(f"| {name} | {r['nnc_ms']:.4f} | {r['torch_ms']:.4f} | "
              f"{ort} | {r['speedup']:.2f} | "
              f"{r['nnc_gflops']:.1f} | {r['pct_peak']:.1f} | "
              f"{r['nnc_compile_s']:.2f} |")
    print(f"times: medians of {args.rounds} alternating rounds; "
          "speedup = the faster of PyTorch and ONNX Runtime / nnc; % peak = "
          "nnc GFLOP/s / the measured FMA peak; GFLOP/s counts the model's "
          "FLOPs (direct convolution), which Winograd convolutions undercut, "
          "so the CNNs can pass 100 %")
    if args.rounds > 1:
        for name in inference:
            r = rows[name]
            spread = "; ".join(
                label + " " + " ".join(f"{ms:.4g}"
                                       for ms in r[side + "_ms_rounds"])
                for side, label in (("nnc", "nnc"), ("torch", "PyTorch"),
                                    ("ort", "ORT")))
            print(f"rounds of {name} (ms): {spread}")
    print("training: one epoch of SGD steps from the same initial weights; "
          "speedup = PyTorch's median step / nnc's mean step; GFLOP/s counts "
          "forward and backward matmuls")
    bad = [n for n in names if rows[n]["nnc_rel_err"] > TOLERANCE
           or rows[n].get("ort_rel_err", 0) > TOLERANCE]
    for n in bad:
        print(f"{n}: outputs differ from PyTorch: nnc {rows[n]['nnc_rel_err']:.2e}, "
              f"ORT {rows[n].get('ort_rel_err', float('nan')):.2e} "
              f"(tolerance {TOLERANCE})", file=sys.stderr)
    if args.json:
        with open(args.json, "w") as f:
            json.dump({"threads": T, "peak_gflops": peak_gflops,
                       "vector_bits": bits, "models": [rows[n] for n in names]},
                      f, indent=2)
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
