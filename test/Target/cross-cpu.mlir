// Code for another x86-64 CPU than the host's: --mcpu=haswell (AVX2, no
// AVX-512) gives a program without a single zmm instruction that runs here
// and gives PyTorch's numbers, also as an object linked by a C program.
// RUN: rm -rf %t && mkdir -p %t
// RUN: nnc-translate %nnc_src_root/examples/cnn.mlir --mcpu=haswell -o %t/cnn
// RUN: llvm-objdump -d --no-show-raw-insn %t/cnn | FileCheck %s --implicit-check-not=zmm
// RUN: %t/cnn %nnc_src_root/examples/data/cnn_input.npy -o %t/y.npy
// RUN: %compare-npy %t/y.npy %nnc_src_root/examples/data/cnn_expected.npy 1e-5
// RUN: nnc-translate %nnc_src_root/examples/cnn.mlir --mcpu=haswell --emit=obj -o %t/cnn.o
// RUN: llvm-objdump -d --no-show-raw-insn %t/cnn.o | FileCheck %s --implicit-check-not=zmm
// RUN: cc -std=c99 -Wall -Werror -I%t %S/Inputs/use_shared.c %t/cnn.o %nnc-link -o %t/use
// RUN: %python -c "import numpy as np; np.load('%nnc_src_root/examples/data/cnn_input.npy').astype('<f4').tofile('%t/x.bin')"
// RUN: %t/use %t/x.bin %t/y.bin
// RUN: %python -c "import numpy as np; np.save('%t/y2.npy', np.fromfile('%t/y.bin', '<f4').reshape(1, 10))"
// RUN: %compare-npy %t/y2.npy %nnc_src_root/examples/data/cnn_expected.npy 1e-5

// The register blocks are ymm FMAs.
// CHECK: vfmadd231ps {{.*}}%ymm{{[0-9]+}}, %ymm{{[0-9]+}}, %ymm{{[0-9]+}}
