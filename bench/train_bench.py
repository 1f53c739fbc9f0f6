"""The training-step row of bench/bench.py: nnc's compiled trainer against
PyTorch, one epoch of SGD steps on the same data from the same weights.

nnc: the model exported to ONNX (dynamic batch), compiled with
`nnc-translate --train --loss=cross_entropy --optimizer=sgd`; its trainer
runs the epoch (batches copied in file order, one compiled step each) and
reports the wall time, which includes the batch copies (nnc's time is
that over the steps: a mean). PyTorch: the same module, initialized from
the trainer's --save-init weights, one optimizer.zero_grad / forward /
CrossEntropyLoss / backward / SGD step per batch, timed step by step; its
median is reported (its mean is inflated by occasional slow steps, so the
median is the conservative comparison). Both report the epoch's mean loss;
they must agree.
"""
import json
import os
import subprocess
import time

import numpy as np
import torch

STEPS = 200
LR = 0.01
LOSS_TOLERANCE = 1e-4  # relative difference of the epoch losses


def read_safetensors(path):
    with open(path, "rb") as f:
        raw = f.read()
    size = int.from_bytes(raw[:8], "little")
    header = json.loads(raw[8:8 + size])
    data = raw[8 + size:]
    out = {}
    for name, entry in header.items():
        if name == "__metadata__":
            continue
        begin, end = entry["data_offsets"]
        assert entry["dtype"] == "F32", entry
        out[name] = np.frombuffer(data[begin:end], dtype=np.float32).reshape(
            entry["shape"])
    return out


def run(name, spec, nnc_translate, work, extra=()):
    factory, batch, inputs, classes, what = spec
    torch.manual_seed(0)
    module = factory()
    onnx_path = os.path.join(work, name + ".onnx")
    torch.onnx.export(module, torch.zeros(batch, inputs), onnx_path,
                      input_names=["x"], output_names=["y"],
                      dynamic_axes={"x": {0: "n"}, "y": {0: "n"}})
    trainer = os.path.join(work, name)
    t0 = time.perf_counter()
    subprocess.run([nnc_translate, onnx_path, "--import-onnx", "--train",
                    "--loss=cross_entropy", "--optimizer=sgd", "-o", trainer,
                    *extra],
                   check=True)
    compile_s = time.perf_counter() - t0
    g = np.random.default_rng(0)
    x = g.standard_normal((batch * STEPS, inputs)).astype(np.float32)
    y = g.integers(0, classes, batch * STEPS).astype(np.int64)
    x_path, y_path = (os.path.join(work, name + s) for s in ("_x.npy", "_y.npy"))
    np.save(x_path, x)
    np.save(y_path, y)
    init = os.path.join(work, name + "_init.safetensors")
    text = subprocess.run(
        [trainer, x_path, y_path, "-o", os.path.join(work, name + ".safetensors"),
         "--epochs", "1", "--batch", str(batch), "--lr", str(LR),
         "--save-init", init],
        check=True, capture_output=True, text=True).stdout
    nnc_loss = float(text.split("loss")[1].split()[0])
    nnc_s = float(text.split(" in ")[1].split()[0])

    # The ONNX import names its parameters param0, param1, ... in the
    # order of the module's own (checked by shape).
    params = read_safetensors(init)
    names = list(module.state_dict())
    ordered = [params[f"param{i}"] for i in range(len(params))]
    assert [tuple(v.shape) for v in ordered] == [
        tuple(module.state_dict()[n].shape) for n in names], "parameter order"
    module.load_state_dict({n: torch.from_numpy(v.copy())
                            for n, v in zip(names, ordered)})
    opt = torch.optim.SGD(module.parameters(), lr=LR)
    lossf = torch.nn.CrossEntropyLoss()
    xt, yt = torch.from_numpy(x), torch.from_numpy(y)
    total, times = 0.0, []
    for s in range(STEPS):
        xb, yb = xt[s * batch:(s + 1) * batch], yt[s * batch:(s + 1) * batch]
        t0 = time.perf_counter()
        opt.zero_grad()
        loss = lossf(module(xb), yb)
        loss.backward()
        opt.step()
        times.append(time.perf_counter() - t0)
        total += float(loss) * batch
    torch_loss = total / (batch * STEPS)
    fwd = sum(2 * batch * m.in_features * m.out_features
              for m in module.modules() if isinstance(m, torch.nn.Linear))
    first = next(m for m in module.modules() if isinstance(m, torch.nn.Linear))
    # Forward, weight gradients, and input gradients but the first layer's.
    flops = 3 * fwd - 2 * batch * first.in_features * first.out_features
    return {"model": name, "what": what, "flops": flops,
            "nnc_ms": 1e3 * nnc_s / STEPS, "torch_ms": 1e3 * np.median(times),
            "nnc_compile_s": compile_s,
            "nnc_rel_err": abs(nnc_loss - torch_loss) / abs(torch_loss),
            "nnc_loss": nnc_loss, "torch_loss": torch_loss}
