"""How the numerics harnesses compile a model and run it, by backend.

A backend turns a model (nn MLIR, an ONNX file or a model file, given with
the importer's flag in `args`) into an executable or a shared library with
nnc-translate, and runs an executable on .npy inputs. The harnesses take
`--backend NAME` and use only these methods, so a GPU backend (nnc-translate
--target=cuda) plugs in by adding a class here.
"""
import os
import subprocess

import numpy as np


class CpuBackend:
    """nnc-translate's native code for the host CPU."""

    name = "cpu"

    def __init__(self, translate, args=()):
        self.translate = os.path.abspath(translate)
        self.args = list(args)  # extra nnc-translate flags (e.g. --mattr=-avx512f)

    def target_args(self):
        return []

    def compile(self, source, output, emit="exe", args=(), cwd=None, timeout=None):
        """Compiles `source`; returns None, or the error text."""
        cmd = [self.translate, *args, source, f"--emit={emit}", "-o", output,
               *self.target_args(), *self.args]
        r = subprocess.run(cmd, capture_output=True, text=True, cwd=cwd, timeout=timeout)
        if r.returncode != 0:
            return r.stderr.strip() or f"exit code {r.returncode}"
        return None

    def run(self, exe, inputs, outputs, env=None, timeout=None):
        """Runs an executable on .npy files; returns None, or the error text."""
        cmd = [exe, *inputs]
        for o in outputs:
            cmd += ["-o", o]
        r = subprocess.run(cmd, capture_output=True, text=True, env=env, timeout=timeout)
        if r.returncode != 0:
            return f"exit code {r.returncode}: {r.stderr.strip()}"
        return None

    def execute(self, exe, arrays, workdir, num_outputs, tag="", env=None):
        """Runs `exe` on arrays; returns (outputs, None) or (None, error)."""
        ins = []
        for i, a in enumerate(arrays):
            path = os.path.join(workdir, f"{tag}in{i}.npy")
            # np.array, not np.ascontiguousarray: that makes a 0-D array 1-D.
            np.save(path, np.array(a, order="C"))
            ins.append(path)
        outs = [os.path.join(workdir, f"{tag}out{i}.npy") for i in range(num_outputs)]
        err = self.run(exe, ins, outs, env=env)
        if err:
            return None, err
        return [np.load(o) for o in outs], None


BACKENDS = {CpuBackend.name: CpuBackend}


def add_arguments(parser):
    """--backend and --nnc-translate for a harness's argument parser."""
    parser.add_argument("--backend", default="cpu", choices=sorted(BACKENDS))
    parser.add_argument("--nnc-translate", required=True)


def from_args(args, extra=()):
    return BACKENDS[args.backend](args.nnc_translate, extra)
