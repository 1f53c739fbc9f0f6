#!/usr/bin/python3
"""What the value checks of compiled code cost, on the benchmark models.

    /usr/bin/python3 bench/check_cost.py [--threads T] [--rounds R]
                                          [--models a,b,...]

nnc checks what the shapes cannot guarantee (embedding and gather ids,
class labels, dynamic sizes against a window; docs/CPUBackend.md): an
out-of-range value is clamped and reported. `--check-values=false` keeps
the clamps and drops the reports. Each model is compiled both ways from
the same ONNX file; the table gives the report sites in the optimized LLVM
IR (calls of nnc_check_failed), both median latencies (R alternating
rounds of `--bench`, the median of the rounds), and the cost of the
checks in %. A model without sites compiles to the same code both ways.
Besides the inference models of bench/models.py, `embedding_b8` is a
token embedding (vocabulary 32000, d 256) in front of the transformer
block (ids [8, 128]), and `mlp_train_b64` the training step of
bench/train_bench.py (the labels of cross-entropy are checked in the step;
timed as its mean step over one epoch). Not a test: nothing here runs
under ctest.
"""
import argparse
import os
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)

parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
parser.add_argument("--threads", type=int, default=os.cpu_count())
parser.add_argument("--rounds", type=int, default=5)
parser.add_argument("--models", default="embedding_b8,mlp_train_b64,"
                    "transformer_b8,resnet18_b1,mobilenet_v2_b1,"
                    "efficientnet_b0_b1")
parser.add_argument("--work", default=os.path.join(ROOT, "build", "bench"))
parser.add_argument("--nnc-translate",
                    default=os.path.join(ROOT, "build", "bin", "nnc-translate"))
args = parser.parse_args()
os.environ["NNC_NUM_THREADS"] = str(args.threads)

import numpy as np  # noqa: E402
import torch  # noqa: E402

sys.path.insert(0, HERE)
from models import MODELS, TRAIN, build, transformer  # noqa: E402
import train_bench  # noqa: E402

VOCAB = 32000


class TokenEncoder(torch.nn.Module):
    """Token embedding + the benchmark's transformer block."""

    def __init__(self):
        super().__init__()
        self.embed = torch.nn.Embedding(VOCAB, 256)
        self.block = transformer()

    def forward(self, ids):
        return self.block(self.embed(ids))


def export(name):
    """The ONNX file and an input (.npy) of inference model `name`."""
    onnx_path = os.path.join(args.work, name + ".onnx")
    x_path = os.path.join(args.work, name + "_x.npy")
    if name == "embedding_b8":
        torch.manual_seed(0)
        module = TokenEncoder().eval()
        x = np.random.RandomState(0).randint(0, VOCAB, (8, 128)).astype(np.int64)
        opset = 17
    else:
        module, x, _ = build(name)
        opset = MODELS[name][3]
    np.save(x_path, x)
    kw = {"input_names": ["x"], "output_names": ["y"]}
    if opset:
        kw["opset_version"] = opset
    torch.onnx.export(module, torch.from_numpy(x), onnx_path, **kw)
    return onnx_path, x_path


def sites(onnx_path):
    ir = subprocess.run([args.nnc_translate, onnx_path, "--import-onnx",
                         "--emit=llvmir", "-o", "-"], check=True,
                        capture_output=True, text=True).stdout
    return ir.count("call void @nnc_check_failed")


def inference(name):
    onnx_path, x_path = export(name)
    exes = {}
    for checks in ("true", "false"):
        exe = os.path.join(args.work, f"{name}_checks_{checks}")
        subprocess.run([args.nnc_translate, onnx_path, "--import-onnx",
                        "--check-values=" + checks, "-o", exe], check=True)
        exes[checks] = exe
    reps = str(MODELS.get(name, (0, 0, 0, 0, 100))[4])

    def run(checks):
        text = subprocess.run([exes[checks], x_path, "--bench", reps],
                              check=True, capture_output=True,
                              text=True).stdout
        return float(text.split("median latency")[1].split()[0])
    return sites(onnx_path), run


def training(name):
    """Times come from train_bench.run (its nnc mean step); the checks are
    switched through the trainer's compile flags."""
    def run(checks):
        return train_bench.run(name, TRAIN[name], args.nnc_translate,
                               args.work,
                               extra=["--check-values=" + checks])["nnc_ms"]
    return None, run


def main():
    os.makedirs(args.work, exist_ok=True)
    names = args.models.split(",")
    for n in names:
        if n not in MODELS and n not in TRAIN and n != "embedding_b8":
            sys.exit(f"unknown model '{n}'")
    runs = {n: training(n) if n in TRAIN else inference(n) for n in names}
    times = {n: {"true": [], "false": []} for n in names}
    for _ in range(args.rounds):
        for n in names:
            for checks in ("true", "false"):
                times[n][checks].append(runs[n][1](checks))
    print(f"threads {args.threads}; medians of {args.rounds} alternating "
          "rounds")
    print("| model | report sites | checked ms | unchecked ms | cost % |")
    print("|---|---|---|---|---|")
    for n in names:
        on = float(np.median(times[n]["true"]))
        off = float(np.median(times[n]["false"]))
        s = runs[n][0]
        print(f"| {n} | {'-' if s is None else s} | {on:.4f} | {off:.4f} | "
              f"{100 * (on / off - 1):+.2f} |")
    for n in names:
        print(f"rounds of {n} (ms): checked "
              + " ".join(f"{t:.4g}" for t in times[n]["true"])
              + "; unchecked " + " ".join(f"{t:.4g}" for t in times[n]["false"]))


if __name__ == "__main__":
    main()
