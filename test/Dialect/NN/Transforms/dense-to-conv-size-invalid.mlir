// RUN: not nnc-opt %s --nn-dense-to-conv=input-size=20,20 2>&1 | FileCheck %s
// RUN: not nnc-opt %s --nn-dense-to-conv=input-size=20 2>&1 | FileCheck %s --check-prefix=OPT
// RUN: not nnc-opt %s --nn-dense-to-conv=input-size=0,30 2>&1 | FileCheck %s --check-prefix=ZERO

// An input-size too small for the model: after 20x20 -> conv 5 -> 16 ->
// pool -> 8 -> conv 5 -> 4 -> pool -> 2, the 4x4 kernel of the converted
// dense does not fit.
// CHECK: error: 'nn.conv' op window of size 4 (dilation 1) does not fit spatial dimension 0 of size 2 with padding 0+0
// CHECK: error: nn-dense-to-conv: with the input size 20x20 the result types of this function cannot be inferred again (see the error above)
// CHECK: note: the op whose result type cannot be inferred
// OPT: error: nn-dense-to-conv: input-size must be two positive sizes H,W, got '20'
// ZERO: error: nn-dense-to-conv: input-size must be two positive sizes H,W, got '0, 30'
func.func @lenet(%x: tensor<1x1x28x28xf32>, %w1: tensor<6x1x5x5xf32>, %w2: tensor<16x6x5x5xf32>, %fw: tensor<10x256xf32>) -> tensor<1x10xf32> {
  %c1 = nn.conv %x, %w1 {activation = #nn.activation<relu>} : (tensor<1x1x28x28xf32>, tensor<6x1x5x5xf32>) -> tensor<1x6x24x24xf32>
  %p1 = nn.pool max %c1 {kernel_shape = array<i64: 2, 2>, strides = array<i64: 2, 2>} : (tensor<1x6x24x24xf32>) -> tensor<1x6x12x12xf32>
  %c2 = nn.conv %p1, %w2 {activation = #nn.activation<relu>} : (tensor<1x6x12x12xf32>, tensor<16x6x5x5xf32>) -> tensor<1x16x8x8xf32>
  %p2 = nn.pool max %c2 {kernel_shape = array<i64: 2, 2>, strides = array<i64: 2, 2>} : (tensor<1x16x8x8xf32>) -> tensor<1x16x4x4xf32>
  %f = nn.flatten %p2 : (tensor<1x16x4x4xf32>) -> tensor<1x256xf32>
  %d = nn.dense %f, %fw : (tensor<1x256xf32>, tensor<10x256xf32>) -> tensor<1x10xf32>
  return %d : tensor<1x10xf32>
}
