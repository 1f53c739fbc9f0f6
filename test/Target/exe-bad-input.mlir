// The executable checks its inputs and says what it expected; it never
// crashes (exit code 1 for bad data, 2 for a bad command line).
// RUN: nnc-translate %s --emit=exe -o %t.exe
// RUN: %python %S/Inputs/make_npy.py %t.d
// RUN: %t.exe %t.d/x.npy %t.d/y.npy -o %t.d/out.npy
// RUN: %python -c "import numpy as np; r = np.load('%t.d/out.npy'); assert r.tolist() == [[0, 0, 0], [1, 0, 2.5]], r"
// RUN: %exit-code 1 %t.exe %t.d/missing.npy %t.d/y.npy -o %t.d/o.npy 2>&1 | FileCheck %s --check-prefix=MISSING
// RUN: %exit-code 1 %t.exe %t.d/f64.npy %t.d/y.npy -o %t.d/o.npy 2>&1 | FileCheck %s --check-prefix=DTYPE
// RUN: %exit-code 1 %t.exe %t.d/shape.npy %t.d/y.npy -o %t.d/o.npy 2>&1 | FileCheck %s --check-prefix=SHAPE
// RUN: %exit-code 1 %t.exe %t.d/truncated.npy %t.d/y.npy -o %t.d/o.npy 2>&1 | FileCheck %s --check-prefix=TRUNC
// RUN: %exit-code 1 %t.exe %t.d/short-header.npy %t.d/y.npy -o %t.d/o.npy 2>&1 | FileCheck %s --check-prefix=SHORT
// RUN: %exit-code 1 %t.exe %t.d/garbage.npy %t.d/y.npy -o %t.d/o.npy 2>&1 | FileCheck %s --check-prefix=MAGIC
// RUN: %exit-code 1 %t.exe %t.d/fortran.npy %t.d/y.npy -o %t.d/o.npy 2>&1 | FileCheck %s --check-prefix=FORTRAN
// RUN: %exit-code 1 %t.exe %t.d/huge.npy %t.d/y.npy -o %t.d/o.npy 2>&1 | FileCheck %s --check-prefix=HUGE
// RUN: %exit-code 2 %t.exe %t.d/x.npy -o %t.d/o.npy 2>&1 | FileCheck %s --check-prefix=COUNT
// RUN: %exit-code 2 %t.exe %t.d/x.npy %t.d/y.npy 2>&1 | FileCheck %s --check-prefix=NOOUT
// RUN: %t.exe %t.d/x.npy %t.d/y.npy --bench 5 | FileCheck %s --check-prefix=BENCH

// MISSING: missing.npy: cannot open: No such file or directory
// DTYPE: input 0 ('in0'): expected dtype float32, got float64
// SHAPE: input 0 ('in0'): expected shape [2, 3], got [3, 3]
// TRUNC: truncated.npy: data size 19 bytes does not match the header (expected 24 bytes for 6 float32 elements): truncated or corrupt file
// SHORT: short-header.npy: truncated .npy header
// MAGIC: garbage.npy: not a .npy file (bad magic)
// FORTRAN: Fortran-order arrays are not supported
// HUGE: huge.npy: shape is too large
// COUNT: expected 2 input file(s), got 1
// NOOUT: expected 1 output file(s) (-o), got 0
// BENCH: median latency {{[0-9.]+}} ms over 5 runs
func.func @main(%x: tensor<2x3xf32>, %y: tensor<3xf32>) -> tensor<2x3xf32> {
  %a = nn.add %x, %y : (tensor<2x3xf32>, tensor<3xf32>) -> tensor<2x3xf32>
  %r = nn.relu %a : tensor<2x3xf32>
  return %r : tensor<2x3xf32>
}
