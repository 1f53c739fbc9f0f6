#!/usr/bin/env bash
# Builds everything with ASan + UBSan in <repo>/build-sanitize (the default
# compiler, as build/; CMakePresets.json "sanitize") and runs the whole
# ctest suite there:
#   bash utils/sanitize.sh [ctest options...]
# The compiler, the runtime, the tests and the programs nnc-translate links
# are instrumented; the first error stops the process that made it. CI keeps
# the normal build (utils/run-tests.sh); see docs/Build.md for the time.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
bash "$root/utils/setup.sh"
export CCACHE_BASEDIR="$root" CCACHE_NOHASHDIR=1
build="$root/build-sanitize"
if [ ! -f "$build/build.ninja" ]; then
  (cd "$root" && cmake --preset sanitize)
fi
start=$(date +%s)
cmake --build "$build" -- -j"$(nproc)"
echo "sanitize build: $(( $(date +%s) - start )) s"
start=$(date +%s)
ctest --test-dir "$build" --output-on-failure -j"$(nproc)" "$@"
echo "sanitize ctest: $(( $(date +%s) - start )) s"
