#!/usr/bin/env bash
# Installs every Debian package nnc needs (see DESIGN's toolchain table).
# Idempotent: packages already present are skipped; safe to run twice.
# With --fuzz or --sanitize, also what utils/fuzz.sh and utils/sanitize.sh
# need.
set -euo pipefail

PACKAGES=(
  # LLVM + MLIR 22, lit / FileCheck / not / split-file
  llvm-22-dev libmlir-22-dev mlir-22-tools llvm-22-tools
  # OpenMP runtime for the parallel tiles of compiled models
  libomp-22-dev
  # build
  cmake ninja-build ccache lld g++ pkg-config
  # the format check of ctest (.clang-format)
  clang-format-22
  # libraries
  libfmt-dev libgtest-dev libgmock-dev
  libonnx-dev libprotobuf-dev protobuf-compiler libonnx-testdata
  # reference numerics and data
  python3 python3-torch python3-torchvision python3-numpy python3-onnx python3-sklearn
  libopenblas0-pthread
)

# utils/setup.sh --fuzz (or --sanitize): also the clang and sanitizer
# runtimes of utils/fuzz.sh and utils/sanitize.sh.
if [ "${1:-}" = "--fuzz" ] || [ "${1:-}" = "--sanitize" ]; then
  PACKAGES+=(clang-22 libclang-rt-22-dev)
fi

missing=()
for p in "${PACKAGES[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed'; then
    missing+=("$p")
  fi
done

if [ ${#missing[@]} -eq 0 ]; then
  echo "setup.sh: all ${#PACKAGES[@]} packages already installed"
  exit 0
fi

SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
echo "setup.sh: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -q
$SUDO apt-get install -y -q --no-install-recommends "${missing[@]}"
