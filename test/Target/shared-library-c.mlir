// A C program links the shared library generated from the CNN example
// through its header and gets PyTorch's result.
// RUN: rm -rf %t && mkdir -p %t
// RUN: nnc-translate %nnc_src_root/examples/cnn.mlir --emit=shared -o %t/libcnn.so | FileCheck %s --check-prefix=WROTE
// RUN: FileCheck %s --check-prefix=HEADER < %t/cnn.h
// RUN: cc -std=c99 -Wall -Werror -I%t %S/Inputs/use_shared.c -L%t -lcnn -Wl,-rpath,%t -o %t/use
// RUN: %python -c "import numpy as np; np.load('%nnc_src_root/examples/data/cnn_input.npy').astype('<f4').tofile('%t/x.bin')"
// RUN: %t/use %t/x.bin %t/y.bin | FileCheck %s --check-prefix=RUNS
// RUN: %python -c "import numpy as np; np.save('%t/y.npy', np.fromfile('%t/y.bin', '<f4').reshape(1, 10))"
// RUN: %compare-npy %t/y.npy %nnc_src_root/examples/data/cnn_expected.npy 1e-5
// Only the wrapper is exported.
// RUN: nm -D --defined-only %t/libcnn.so | FileCheck %s --check-prefix=EXPORTS

// WROTE: wrote {{.*}}libcnn.so and {{.*}}cnn.h
// HEADER: int cnn_run(const float *in0, float *out0)
// HEADER: input  in0: float32 [1, 1, 28, 28], 784 elements
// HEADER: Buffer ownership: the caller owns every buffer.
// HEADER: #define CNN_OUT0_SIZE 10
// RUNS: cnn_run: ok
// EXPORTS-NOT: cnn_entry
// EXPORTS: T cnn_run
// EXPORTS-NOT: cnn_entry
