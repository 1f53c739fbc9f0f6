// A dynamic size smaller than a convolution's or pool's window is reported
// (which dimension, the size, the least the window needs) with exit code 1
// and no output written; it used to wrap around to a huge size (malloc():
// invalid size) or, at stride 1, to an empty result with exit code 0.
// RUN: rm -rf %t && mkdir -p %t
// RUN: nnc-translate %s --emit=exe -o %t/net
// RUN: %python -c "import numpy as np; [np.save('%t/x%d.npy' % h, np.ones((1, 2, h, 9), np.float32)) for h in (0, 1, 3, 6)]"
// RUN: %t/net %t/x6.npy -o %t/out6.npy
// RUN: %python -c "import numpy as np; r = np.load('%t/out6.npy'); assert r.shape == (1, 4, 1, 3) and np.allclose(r, 9.0), r"
// The convolution's rows are padded by 1 + 0: it needs 2.
// RUN: %exit-code 1 %t/net %t/x1.npy -o %t/out1.npy 2>&1 | FileCheck %s --check-prefix=CONV
// CONV: a dynamic size 1 (dimension 2 of a convolution's or pool's input) is smaller than the 2 its window needs
// RUN: %exit-code 1 %t/net %t/x0.npy -o %t/out0.npy 2>&1 | FileCheck %s --check-prefix=ZERO
// ZERO: a dynamic size 0 (dimension 2 of a convolution's or pool's input) is smaller than the 2 its window needs
// From 3 rows the convolution gives 2, fewer than the pool's window of 3.
// RUN: %exit-code 1 %t/net %t/x3.npy -o %t/out3.npy 2>&1 | FileCheck %s --check-prefix=POOL
// POOL: a dynamic size 2 (dimension 2 of a convolution's or pool's input) is smaller than the 3 its window needs
// RUN: not test -e %t/out1.npy
// RUN: not test -e %t/out3.npy
func.func @main(%x: tensor<1x2x?x9xf32>) -> tensor<1x4x?x3xf32> {
  %w = arith.constant dense<0.5> : tensor<4x2x3x3xf32>
  %y = nn.conv %x, %w {strides = array<i64: 1, 1>, padding = array<i64: 1, 1, 0, 1>, dilations = array<i64: 1, 1>} : (tensor<1x2x?x9xf32>, tensor<4x2x3x3xf32>) -> tensor<1x4x?x9xf32>
  %p = nn.pool max %y {kernel_shape = array<i64: 3, 3>, strides = array<i64: 3, 3>} : (tensor<1x4x?x9xf32>) -> tensor<1x4x?x3xf32>
  return %p : tensor<1x4x?x3xf32>
}
