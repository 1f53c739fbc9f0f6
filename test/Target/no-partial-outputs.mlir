// A failing run leaves nothing behind: every output is written under a
// temporary name and renamed when complete, and an executable whose second
// output cannot be written removes the first.
// RUN: rm -rf %t && mkdir -p %t/out
// RUN: %exit-code 1 nnc-translate %s --emit=exe --cc=false -o %t/out/exe 2>&1 | FileCheck %s --check-prefix=LINK
// RUN: %exit-code 1 nnc-translate %s --emit=shared --cc=false -o %t/out/libtwo.so 2>&1 | FileCheck %s --check-prefix=LINK
// LINK: error
// RUN: %python -c "import os; left = os.listdir('%t/out'); assert left == [], left"
// An existing output survives a failing compile whole.
// RUN: echo keep > %t/out/model.ll
// RUN: %exit-code 1 nnc-translate %S/Inputs/does-not-exist.mlir --emit=llvmir -o %t/out/model.ll
// RUN: grep -x keep %t/out/model.ll
// RUN: %exit-code 1 nnc-translate %s --emit=obj -o %t/no/such/dir/model.o 2>&1 | FileCheck %s --check-prefix=DIR
// DIR: cannot write {{.*}}no/such/dir/model.{{[ho]}}:
// RUN: nnc-translate %s --emit=obj -o %t/out/model.o
// RUN: nnc-translate %s --emit=nn -o %t/out/model.mlir
// RUN: %python -c "import os; left = sorted(os.listdir('%t/out')); assert left == ['model.h', 'model.ll', 'model.mlir', 'model.o'], left"

// RUN: nnc-translate %s --emit=exe -o %t/two
// RUN: %python -c "import numpy as np; np.save('%t/x.npy', np.ones((2, 3), np.float32))"
// RUN: %exit-code 1 %t/two %t/x.npy -o %t/out/a.npy -o %t/no/such/dir/b.npy 2>&1 | FileCheck %s --check-prefix=SECOND
// SECOND: b.npy: cannot create
// RUN: not test -e %t/out/a.npy
// RUN: %t/two %t/x.npy -o %t/out/a.npy -o %t/out/b.npy
// RUN: %python -c "import os; left = sorted(os.listdir('%t/out')); assert left == ['a.npy', 'b.npy', 'model.h', 'model.ll', 'model.mlir', 'model.o'], left"
func.func @main(%x: tensor<2x3xf32>) -> (tensor<2x3xf32>, tensor<2x3xf32>) {
  %a = nn.relu %x : tensor<2x3xf32>
  %b = nn.sigmoid %x : tensor<2x3xf32>
  return %a, %b : tensor<2x3xf32>, tensor<2x3xf32>
}
