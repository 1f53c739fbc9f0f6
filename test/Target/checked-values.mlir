// Values the compiled code checks: an embedding id outside the table is
// reported (which id, where, the valid range) with exit code 1 and no
// output written; the shared library returns 4 (3 for a batch below 1),
// and nothing is read out of bounds.
// RUN: rm -rf %t && mkdir -p %t
// RUN: nnc-translate %s --emit=exe -o %t/emb
// RUN: %python -c "import numpy as np; np.save('%t/ok.npy', np.array([[0, 1, 2], [2, 1, 0]])); np.save('%t/big.npy', np.array([[0, 1, 2], [2, 10**9, 0]])); np.save('%t/neg.npy', np.array([[0, -3, 2], [2, 1, 0]]))"
// RUN: %t/emb %t/ok.npy -o %t/ok-out.npy
// RUN: %python -c "import numpy as np; r = np.load('%t/ok-out.npy'); assert r[1, 0].tolist() == [20, 21, 22, 23] and r[0, 1].tolist() == [10, 11, 12, 13], r"
// RUN: %exit-code 1 %t/emb %t/big.npy -o %t/big-out.npy 2>&1 | FileCheck %s --check-prefix=BIG
// BIG: embedding id 1000000000 (element 4 of the ids) is outside the table's rows [0, 3)
// RUN: %exit-code 1 %t/emb %t/neg.npy -o %t/neg-out.npy 2>&1 | FileCheck %s --check-prefix=NEG
// NEG: embedding id -3 (element 1 of the ids) is outside the table's rows [0, 3)
// RUN: not test -e %t/big-out.npy
// RUN: %exit-code 1 %t/emb %t/big.npy --bench 3 2>&1 | FileCheck %s --check-prefix=BIG
// --check-values=false: the ids are clamped to the table, not reported.
// RUN: nnc-translate %s --emit=exe --check-values=false -o %t/emb-unchecked
// RUN: %t/emb-unchecked %t/big.npy -o %t/clamped.npy
// RUN: %python -c "import numpy as np; r = np.load('%t/clamped.npy'); assert r[1, 1].tolist() == [20, 21, 22, 23], r"

// An ONNX Gather counts negative ids from the end: [-3, 3) is valid.
// RUN: %python %S/../Import/Inputs/onnx_models.py gather_rows %t/gather.onnx
// RUN: nnc-translate --import-onnx %t/gather.onnx -o %t/gather
// RUN: %python -c "import numpy as np; np.save('%t/wrap.npy', np.array([[0, -1, 2], [-3, 1, 0]])); np.save('%t/low.npy', np.array([[0, -1, 2], [-4, 1, 0]])); np.save('%t/high.npy', np.array([[0, 3, 2], [2, 1, 0]]))"
// RUN: %t/gather %t/wrap.npy -o %t/wrap-out.npy
// RUN: %python -c "import numpy as np; r = np.load('%t/wrap-out.npy'); assert r[0, 1].tolist() == [20, 21, 22, 23] and r[1, 0].tolist() == [0, 1, 2, 3], r"
// RUN: %exit-code 1 %t/gather %t/low.npy -o %t/low-out.npy 2>&1 | FileCheck %s --check-prefix=LOW
// LOW: gather index -4 (element 3 of the indices) is outside [-3, 3)
// RUN: %exit-code 1 %t/gather %t/high.npy -o %t/high-out.npy 2>&1 | FileCheck %s --check-prefix=HIGH
// HIGH: gather index 3 (element 1 of the indices) is outside [-3, 3)

// RUN: nnc-translate %s --emit=shared -o %t/libemb.so
// RUN: FileCheck %s --check-prefix=HEADER < %t/emb.h
// HEADER: 3 if `batch` is less than 1
// HEADER: 4 if a value the model checks is out of
// HEADER-NEXT: range (an embedding id outside its table, a class label outside
// HEADER: const char *emb_last_error(void) says why
// RUN: cc -std=c99 -Wall -Werror -I%t %S/Inputs/use_checked_ids.c -L%t -lemb -Wl,-rpath,%t -o %t/use
// RUN: %t/use | FileCheck %s
// CHECK: good: 0 20
// CHECK-NEXT: big: 4 embedding id 1000000000 (element 4 of the ids) is outside the table's rows [0, 3)
// CHECK-NEXT: neg: 4 embedding id -3 (element 1 of the ids) is outside the table's rows [0, 3)
// CHECK-NEXT: again: 0 ''
// CHECK-NEXT: batch 0: 3 batch 0 is less than 1
// CHECK-NEXT: batch -1: 3 batch -1 is less than 1
func.func @main(%ids: tensor<?x3xi64>) -> tensor<?x3x4xf32> {
  %t = arith.constant dense<[[0.0, 1.0, 2.0, 3.0], [10.0, 11.0, 12.0, 13.0], [20.0, 21.0, 22.0, 23.0]]> : tensor<3x4xf32>
  %r = nn.embedding %ids, %t : (tensor<?x3xi64>, tensor<3x4xf32>) -> tensor<?x3x4xf32>
  return %r : tensor<?x3x4xf32>
}
