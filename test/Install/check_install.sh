#!/bin/bash
# Installs the build tree into a fresh prefix, builds test/Install/consumer
# against it (find_package(NNC)), runs it and checks its numbers; then
# checks the installed nnc-translate finds its runtime, from a copy of the
# prefix moved elsewhere.
# usage: check_install.sh <build dir> <source dir> <work dir> [C flags]
# (the C flags: a sanitizer build's, for the consumer that links it)
set -euo pipefail
rm -rf "$3" && mkdir -p "$3"
build=$(cd "$1" && pwd) src=$(cd "$2" && pwd) work=$(cd "$3" && pwd)
cmake --install "$build" --prefix "$work/prefix" > "$work/install.log"
for f in bin/nnc-translate bin/nnc-opt lib/libnnc.so lib/libnncrt.a \
         include/nnc-c/nnc.h include/nncrt/nnc_runtime.h \
         include/nnc/Driver/Driver.h lib/cmake/nnc/NNCConfig.cmake \
         python/nnc/__init__.py; do
  test -e "$work/prefix/$f" || { echo "not installed: $f"; exit 1; }
done
cmake -S "$src/test/Install/consumer" -B "$work/consumer" -G Ninja \
  -DCMAKE_PREFIX_PATH="$work/prefix" -DNNC_EXAMPLES="$src/examples" \
  -DCMAKE_C_FLAGS="${4:-}" > "$work/configure.log"
cmake --build "$work/consumer" > "$work/build.log"
/usr/bin/python3 -c "import numpy as np; np.load('$src/examples/data/mlp_input.npy').astype('<f4').tofile('$work/x.bin')"
"$work/consumer/consumer" "$work/x.bin" "$work/y.bin" "$work/librelu.so"
test -s "$work/relu.h"
/usr/bin/python3 -c "import numpy as np; np.save('$work/y.npy', np.fromfile('$work/y.bin', '<f4').reshape(1, 10))"
/usr/bin/python3 "$src/test/Inputs/compare_npy.py" "$work/y.npy" \
  "$src/examples/data/mlp_expected.npy" 1e-5
# A moved install tree still works: the tools find the runtime next to them.
mv "$work/prefix" "$work/moved"
"$work/moved/bin/nnc-translate" "$src/examples/mlp.mlir" -o "$work/mlp"
"$work/mlp" "$src/examples/data/mlp_input.npy" -o "$work/y2.npy"
/usr/bin/python3 "$src/test/Inputs/compare_npy.py" "$work/y2.npy" \
  "$src/examples/data/mlp_expected.npy" 1e-5
echo "install tree: ok"
rm -rf "$work/moved"
