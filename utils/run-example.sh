#!/usr/bin/env bash
# The README's first command: set up, build nnc, compile the example MLP
# (784-512-256-10, weights embedded) to a native executable, run it on a
# sample input, and compare with PyTorch's output for the same input.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
bash "$root/utils/setup.sh"
bash "$root/utils/configure.sh" nnc-translate nnc-opt
out="$root/build/examples"
mkdir -p "$out"
"$root/build/bin/nnc-opt" --nn-shape-ledger "$root/examples/mlp.mlir" -o /dev/null
"$root/build/bin/nnc-translate" "$root/examples/mlp.mlir" --emit=exe -o "$out/mlp"
echo "compiled $out/mlp; running it on examples/data/mlp_input.npy:"
"$out/mlp" "$root/examples/data/mlp_input.npy" -o "$out/mlp_output.npy"
"$out/mlp" "$root/examples/data/mlp_input.npy" --bench 100
/usr/bin/python3 - "$out/mlp_output.npy" "$root/examples/data/mlp_expected.npy" <<'PY'
import sys
import numpy as np
out, ref = np.load(sys.argv[1]), np.load(sys.argv[2])
np.set_printoptions(precision=4, suppress=True)
print("logits:   ", out[0])
print("PyTorch:  ", ref[0])
print("predicted class", int(out.argmax()), "| max relative difference to PyTorch",
      f"{np.abs(out - ref).max() / np.abs(ref).max():.2e}")
PY
