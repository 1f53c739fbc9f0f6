#!/usr/bin/python3
"""Trains an MLP on scikit-learn's digits with a trainer compiled by nnc,
checks it against PyTorch and calibrates it with temperature scaling.

  run.py --nnc-translate build/bin/nnc-translate [--workdir DIR]

1. Exports load_digits() (X/16 as float32, y int64) with a stratified 80/20
   split (train_test_split(test_size=0.2, random_state=0, stratify=y)).
2. Compiles mlp.json into a trainer (nnc-translate --train
   --loss=cross_entropy), trains with Adam and with SGD + momentum
   (--shuffle, seed 0), writing init.safetensors and the trained weights.
3. Trains the same model in PyTorch from init.safetensors over the same
   batches (torch_reference.py) and compares the final-epoch losses.
4. Compiles the inference model with the trained weights (--emit=exe,
   --dynamic-batch) and measures the test accuracy.
5. Temperature scaling: T minimizes the NLL of the logits of the first half
   of the test split (validation, 180 samples); the expected calibration
   error (15 equal-width confidence bins) is measured on the second half
   (held out, 180 samples) with T = 1 and with the fitted T.

Exits 1 if the Adam model's test accuracy is below 95 %, if a final loss
differs from PyTorch's by more than 2 %, or if the ECE does not improve.
"""
import argparse
import json
import os
import subprocess
import sys
import time

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import torch_reference  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
EPOCHS, BATCH, SEED = 20, 32, 0
RUNS = {  # optimizer -> trainer flags (the PyTorch run uses the same)
    "adam": {"lr": 0.002},
    "sgd": {"lr": 0.1, "momentum": 0.9},
}


def run(cmd, **kw):
    r = subprocess.run(cmd, capture_output=True, text=True, **kw)
    if r.returncode != 0:
        sys.exit(f"run.py: {' '.join(cmd)} failed ({r.returncode}):\n"
                 f"{r.stdout}{r.stderr}")
    return r.stdout


def export_data(work):
    from sklearn.datasets import load_digits
    from sklearn.model_selection import train_test_split
    d = load_digits()
    x = (d.data / 16.0).astype(np.float32)
    y = d.target.astype(np.int64)
    xtr, xte, ytr, yte = train_test_split(x, y, test_size=0.2, random_state=0,
                                          stratify=y)
    for name, a in [("x_train", xtr), ("y_train", ytr), ("x_test", xte),
                    ("y_test", yte)]:
        np.save(os.path.join(work, name + ".npy"), np.ascontiguousarray(a))
    return xtr, ytr, xte, yte


def softmax(z):
    z = z - z.max(axis=1, keepdims=True)
    e = np.exp(z)
    return e / e.sum(axis=1, keepdims=True)


def nll(logits, y, t):
    z = logits / t
    z = z - z.max(axis=1, keepdims=True)
    logp = z - np.log(np.exp(z).sum(axis=1, keepdims=True))
    return -logp[np.arange(len(y)), y].mean()


def fit_temperature(logits, y):
    """argmin_T NLL(logits / T): golden-section search on log T in [-3, 3]
    (the NLL is unimodal in T)."""
    lo, hi = -3.0, 3.0
    g = (np.sqrt(5) - 1) / 2
    a, b = hi - g * (hi - lo), lo + g * (hi - lo)
    fa, fb = nll(logits, y, np.exp(a)), nll(logits, y, np.exp(b))
    for _ in range(80):
        if fa < fb:
            hi, b, fb = b, a, fa
            a = hi - g * (hi - lo)
            fa = nll(logits, y, np.exp(a))
        else:
            lo, a, fa = a, b, fb
            b = lo + g * (hi - lo)
            fb = nll(logits, y, np.exp(b))
    return float(np.exp((lo + hi) / 2))


def ece(probs, y, bins=15):
    """Expected calibration error: sum over 15 equal-width bins of the
    confidence (max probability) of |accuracy - mean confidence| weighted
    by the fraction of samples in the bin; bins are (k/15, (k+1)/15]."""
    conf = probs.max(axis=1)
    correct = (probs.argmax(axis=1) == y).astype(np.float64)
    edges = np.linspace(0.0, 1.0, bins + 1)
    total = 0.0
    for lo, hi in zip(edges[:-1], edges[1:]):
        m = (conf > lo) & (conf <= hi)
        if m.any():
            total += m.mean() * abs(correct[m].mean() - conf[m].mean())
    return total


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--nnc-translate", required=True)
    ap.add_argument("--workdir", default=None)
    args = ap.parse_args()
    work = os.path.abspath(args.workdir or os.path.join(os.getcwd(),
                                                        "digits-work"))
    os.makedirs(work, exist_ok=True)
    xtr, ytr, xte, yte = export_data(work)
    p = lambda name: os.path.join(work, name)  # noqa: E731

    t0 = time.time()
    run([args.nnc_translate, os.path.join(HERE, "mlp.json"), "--import-model",
         "--train", "--loss=cross_entropy", "-o", p("trainer")])
    compile_s = time.time() - t0
    failures = []
    results = {}
    for opt, flags in RUNS.items():
        cmd = [p("trainer"), p("x_train.npy"), p("y_train.npy"),
               "-o", p(f"trained_{opt}.safetensors"),
               "--save-init", p("init.safetensors"), "--optimizer", opt,
               "--epochs", str(EPOCHS), "--batch", str(BATCH), "--shuffle",
               "--seed", str(SEED)]
        for k, v in flags.items():
            cmd += ["--" + k, str(v)]
        t0 = time.time()
        out = run(cmd)
        wall = time.time() - t0
        losses = [float(line.split("loss")[1]) for line in out.splitlines()
                  if line.startswith("epoch")]
        ref, _ = torch_reference.train(
            p("init.safetensors"), xtr, ytr, EPOCHS, BATCH, opt,
            flags["lr"], momentum=flags.get("momentum", 0.0), seed=SEED)
        ratio = losses[-1] / ref[-1]
        results[opt] = (losses[-1], ref[-1], ratio, wall)
        print(f"{opt}: final training loss nnc {losses[-1]:.6f}, "
              f"PyTorch {ref[-1]:.6f}, ratio {ratio:.5f}; trainer wall "
              f"{wall:.2f} s for {EPOCHS} epochs")
        if abs(ratio - 1) > 0.02:
            failures.append(f"{opt}: |loss/loss_torch - 1| = "
                            f"{abs(ratio - 1):.4f} > 0.02")

    # Inference with the Adam weights.
    model = json.load(open(os.path.join(HERE, "mlp.json")))
    del model["init"]
    model["weights"] = p("trained_adam.safetensors")
    with open(p("trained.json"), "w") as f:
        json.dump(model, f, indent=1)
    run([args.nnc_translate, p("trained.json"), "--import-model",
         "--dynamic-batch", "--emit=exe", "-o", p("infer")])
    run([p("infer"), p("x_test.npy"), "-o", p("logits.npy")])
    logits = np.load(p("logits.npy")).astype(np.float64)
    acc = float((logits.argmax(axis=1) == yte).mean())
    print(f"test accuracy {acc * 100:.2f} % ({len(yte)} samples)")
    if acc < 0.95:
        failures.append(f"accuracy {acc:.4f} < 0.95")

    half = len(yte) // 2
    t = fit_temperature(logits[:half], yte[:half])
    before = ece(softmax(logits[half:]), yte[half:])
    after = ece(softmax(logits[half:] / t), yte[half:])
    print(f"temperature T = {t:.4f} (fit on test[:{half}]); ECE on "
          f"test[{half}:] before {before:.4f}, after {after:.4f}; NLL "
          f"before {nll(logits[half:], yte[half:], 1.0):.4f}, after "
          f"{nll(logits[half:], yte[half:], t):.4f}")
    print(f"trainer compile time {compile_s:.1f} s")
    if not after < before:
        failures.append(f"ECE after ({after:.4f}) >= before ({before:.4f})")
    if failures:
        print("FAIL: " + "; ".join(failures))
        return 1
    print("PASS")
    return 0


if __name__ == "__main__":
    sys.exit(main())
