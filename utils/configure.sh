#!/usr/bin/env bash
# Configures (once) and builds nnc in <repo>/build with Ninja, ccache and lld.
# Usage: utils/configure.sh [ninja targets...]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# Relative paths in ccache's hashes let a fresh clone reuse the cache.
export CCACHE_BASEDIR="$root"
export CCACHE_NOHASHDIR=1
build="$root/build"
if [ ! -f "$build/build.ninja" ]; then
  cmake -G Ninja -S "$root" -B "$build" \
    -DCMAKE_BUILD_TYPE=Release \
    -DMLIR_DIR=/usr/lib/llvm-22/lib/cmake/mlir \
    -DLLVM_EXTERNAL_LIT=/usr/lib/llvm-22/bin/lit
fi
cmake --build "$build" -- -j"$(nproc)" "$@"
