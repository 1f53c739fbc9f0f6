#!/usr/bin/env bash
# nnc against PyTorch and ONNX Runtime on this machine, in one run:
#   bash bench/run.sh [--threads T] [--models a,b] [--json FILE]
# Sets up what it needs (the Debian packages of utils/setup.sh, an nnc build,
# ONNX Runtime from the npm registry into build/bench/ort), then runs
# bench/bench.py. Prints one table (see docs/Performance.md).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
bash "$root/utils/setup.sh" >/dev/null
bash "$root/utils/configure.sh" nnc-translate >/dev/null
ort="$root/build/bench/ort"
if [ ! -d "$ort/node_modules/onnxruntime-node" ]; then
  mkdir -p "$ort"
  # The package ships the CPU library; its install script only fetches GPU
  # extras, so it is skipped.
  (cd "$ort" && npm install --no-save --ignore-scripts --no-audit --no-fund \
     onnxruntime-node@1.30.0 >/dev/null)
fi
exec /usr/bin/python3 "$root/bench/bench.py" --ort "$ort" "$@"
