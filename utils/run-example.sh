#!/usr/bin/env bash
# The README's first command: set up, build nnc-opt, print the shape ledger
# of the example MLP.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
bash "$root/utils/setup.sh"
bash "$root/utils/configure.sh" nnc-opt
"$root/build/bin/nnc-opt" --nn-shape-ledger "$root/examples/mlp.mlir" -o /dev/null
