#!/usr/bin/env bash
# The README's second command (and CI's): set up, build everything, run ctest.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
bash "$root/utils/setup.sh"
start=$(date +%s)
bash "$root/utils/configure.sh"
echo "build: $(( $(date +%s) - start )) s"
ctest --test-dir "$root/build" --output-on-failure -j"$(nproc)"
