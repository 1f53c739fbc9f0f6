// A loss's class labels are checked by the compiled code: one outside
// [0, C) is reported (which label, which sample, the valid range) with exit
// code 1, no output written, and nothing read out of bounds. (A trainer
// checks its label data before its first step: trainer-bad-input.mlir.)
// RUN: rm -rf %t && mkdir -p %t
// RUN: nnc-translate %s --emit=exe -o %t/ce
// RUN: %python -c "import numpy as np; np.save('%t/z.npy', np.zeros((2, 3), np.float32)); np.save('%t/ok.npy', np.array([0, 2])); np.save('%t/big.npy', np.array([0, 5])); np.save('%t/neg.npy', np.array([-1, 0]))"
// RUN: %t/ce %t/z.npy %t/ok.npy -o %t/ok-out.npy
// RUN: %python -c "import numpy as np; r = np.load('%t/ok-out.npy'); assert abs(float(r) - np.log(3)) < 1e-6, r"
// RUN: %exit-code 1 %t/ce %t/z.npy %t/big.npy -o %t/big-out.npy 2>&1 | FileCheck %s --check-prefix=BIG
// BIG: class label 5 (sample 1 of the targets) is outside the classes [0, 3)
// RUN: %exit-code 1 %t/ce %t/z.npy %t/neg.npy -o %t/neg-out.npy 2>&1 | FileCheck %s --check-prefix=NEG
// NEG: class label -1 (sample 0 of the targets) is outside the classes [0, 3)
// RUN: not test -e %t/big-out.npy
// RUN: not test -e %t/neg-out.npy
func.func @main(%z: tensor<2x3xf32>, %y: tensor<2xi64>) -> tensor<f32> {
  %l = nn.cross_entropy %z, %y : (tensor<2x3xf32>, tensor<2xi64>) -> tensor<f32>
  return %l : tensor<f32>
}
