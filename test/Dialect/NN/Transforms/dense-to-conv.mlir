// RUN: nnc-opt %s --nn-dense-to-conv | FileCheck %s
// RUN: nnc-opt %s --nn-dense-to-conv=input-size=40,40 | FileCheck %s --check-prefix=SIZE

// nn-dense-to-conv: a dense on flatten([N, C, H, W]) becomes a conv with an
// H×W kernel, later denses 1×1 convs; the input's spatial dimensions become
// dynamic (or input-size) and every result type is inferred again. The
// numerics (against PyTorch, at 28×28 and on crops of a larger input) are
// checked by dense-to-conv-numerics.mlir.

// LeNet: conv 5×5 (6) + relu + pool 2, conv 5×5 (16) + relu + pool 2,
// flatten, dense 256→120 relu, dense 120→10, softmax. The dense weights are
// constants: reshaped into new constants. At 40×40 the map is 7×7
// (40-4 = 36, 18, 14, 7, then the 4×4 kernel: 4).
// CHECK-LABEL: func.func @lenet(
// CHECK-SAME: %[[X:.*]]: tensor<1x1x?x?xf32>, %[[W1:.*]]: tensor<6x1x5x5xf32>, %[[W2:.*]]: tensor<16x6x5x5xf32>) -> tensor<1x10x?x?xf32>
// CHECK: %[[C1:.*]] = nn.conv %[[X]], %[[W1]] {activation = #nn.activation<relu>} : (tensor<1x1x?x?xf32>, tensor<6x1x5x5xf32>) -> tensor<1x6x?x?xf32>
// CHECK: %[[P1:.*]] = nn.pool max %[[C1]] {kernel_shape = array<i64: 2, 2>, strides = array<i64: 2, 2>} : (tensor<1x6x?x?xf32>) -> tensor<1x6x?x?xf32>
// CHECK: %[[C2:.*]] = nn.conv %[[P1]], %[[W2]] {activation = #nn.activation<relu>} : (tensor<1x6x?x?xf32>, tensor<16x6x5x5xf32>) -> tensor<1x16x?x?xf32>
// CHECK: %[[P2:.*]] = nn.pool max %[[C2]] {{.*}} : (tensor<1x16x?x?xf32>) -> tensor<1x16x?x?xf32>
// CHECK-NOT: nn.flatten
// CHECK-NOT: tensor<120x256xf32>
// CHECK-DAG: %[[FW1:.*]] = arith.constant dense<6.250000e-02> : tensor<120x16x4x4xf32>
// CHECK-DAG: %[[FB1:.*]] = arith.constant dense<5.000000e-01> : tensor<120xf32>
// CHECK: %[[D1:.*]] = nn.conv %[[P2]], %[[FW1]], %[[FB1]] {activation = #nn.activation<relu>} : (tensor<1x16x?x?xf32>, tensor<120x16x4x4xf32>, tensor<120xf32>) -> tensor<1x120x?x?xf32>
// CHECK-DAG: %[[FW2:.*]] = arith.constant dense<1.250000e-01> : tensor<10x120x1x1xf32>
// CHECK-DAG: %[[FB2:.*]] = arith.constant dense<2.500000e-01> : tensor<10xf32>
// CHECK: %[[D2:.*]] = nn.conv %[[D1]], %[[FW2]], %[[FB2]] : (tensor<1x120x?x?xf32>, tensor<10x120x1x1xf32>, tensor<10xf32>) -> tensor<1x10x?x?xf32>
// CHECK: %[[S:.*]] = nn.softmax %[[D2]] {axis = 1 : i64} : (tensor<1x10x?x?xf32>) -> tensor<1x10x?x?xf32>
// CHECK: return %[[S]] : tensor<1x10x?x?xf32>
// CHECK-NOT: nn.dense
// SIZE-LABEL: func.func @lenet(
// SIZE-SAME: tensor<1x1x40x40xf32>, %{{.*}}: tensor<6x1x5x5xf32>, %{{.*}}: tensor<16x6x5x5xf32>) -> tensor<1x10x4x4xf32>
// SIZE: nn.conv {{.*}} -> tensor<1x6x36x36xf32>
// SIZE: nn.pool max {{.*}} -> tensor<1x6x18x18xf32>
// SIZE: nn.conv {{.*}} -> tensor<1x16x14x14xf32>
// SIZE: nn.pool max {{.*}} -> tensor<1x16x7x7xf32>
// SIZE: nn.conv {{.*}} : (tensor<1x16x7x7xf32>, tensor<120x16x4x4xf32>, tensor<120xf32>) -> tensor<1x120x4x4xf32>
// SIZE: nn.conv {{.*}} : (tensor<1x120x4x4xf32>, tensor<10x120x1x1xf32>, tensor<10xf32>) -> tensor<1x10x4x4xf32>
// SIZE: nn.softmax {{.*}} {axis = 1 : i64} : (tensor<1x10x4x4xf32>) -> tensor<1x10x4x4xf32>
// SIZE: return {{.*}} : tensor<1x10x4x4xf32>
func.func @lenet(%x: tensor<1x1x28x28xf32>, %w1: tensor<6x1x5x5xf32>, %w2: tensor<16x6x5x5xf32>) -> tensor<1x10xf32> {
  %c1 = nn.conv %x, %w1 {activation = #nn.activation<relu>} : (tensor<1x1x28x28xf32>, tensor<6x1x5x5xf32>) -> tensor<1x6x24x24xf32>
  %p1 = nn.pool max %c1 {kernel_shape = array<i64: 2, 2>, strides = array<i64: 2, 2>} : (tensor<1x6x24x24xf32>) -> tensor<1x6x12x12xf32>
  %c2 = nn.conv %p1, %w2 {activation = #nn.activation<relu>} : (tensor<1x6x12x12xf32>, tensor<16x6x5x5xf32>) -> tensor<1x16x8x8xf32>
  %p2 = nn.pool max %c2 {kernel_shape = array<i64: 2, 2>, strides = array<i64: 2, 2>} : (tensor<1x16x8x8xf32>) -> tensor<1x16x4x4xf32>
  %f = nn.flatten %p2 : (tensor<1x16x4x4xf32>) -> tensor<1x256xf32>
  %fw1 = arith.constant dense<0.0625> : tensor<120x256xf32>
  %fb1 = arith.constant dense<0.5> : tensor<120xf32>
  %d1 = nn.dense %f, %fw1, %fb1 {activation = #nn.activation<relu>} : (tensor<1x256xf32>, tensor<120x256xf32>, tensor<120xf32>) -> tensor<1x120xf32>
  %fw2 = arith.constant dense<0.125> : tensor<10x120xf32>
  %fb2 = arith.constant dense<0.25> : tensor<10xf32>
  %d2 = nn.dense %d1, %fw2, %fb2 : (tensor<1x120xf32>, tensor<10x120xf32>, tensor<10xf32>) -> tensor<1x10xf32>
  %s = nn.softmax %d2 : (tensor<1x10xf32>) -> tensor<1x10xf32>
  return %s : tensor<1x10xf32>
}

// The weight [out, C·H·W] is read in C order: [out, C, H, W].
// CHECK-LABEL: func.func @weight_order(
// CHECK-SAME: tensor<2x2x?x?xf32>) -> tensor<2x3x?x?xf32>
// CHECK: arith.constant dense<{{\[\[\[\[}}0.000000e+00, 1.000000e+00], [2.000000e+00, 3.000000e+00]], {{\[\[}}4.000000e+00, 5.000000e+00], [6.000000e+00, 7.000000e+00]]], {{\[\[\[}}8.000000e+00, 9.000000e+00], [1.000000e+01, 1.100000e+01]], {{\[\[}}1.200000e+01, 1.300000e+01], [1.400000e+01, 1.500000e+01]]], {{\[\[\[}}1.600000e+01, 1.700000e+01], [1.800000e+01, 1.900000e+01]], {{\[\[}}2.000000e+01, 2.100000e+01], [2.200000e+01, 2.300000e+01]]]]> : tensor<3x2x2x2xf32>
// CHECK: nn.conv {{.*}} : (tensor<2x2x?x?xf32>, tensor<3x2x2x2xf32>) -> tensor<2x3x?x?xf32>
// SIZE-LABEL: func.func @weight_order(
// SIZE-SAME: tensor<2x2x40x40xf32>) -> tensor<2x3x39x39xf32>
func.func @weight_order(%x: tensor<2x2x2x2xf32>) -> tensor<2x3xf32> {
  %f = nn.flatten %x : (tensor<2x2x2x2xf32>) -> tensor<2x8xf32>
  %w = arith.constant dense<[[0.0, 1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0], [8.0, 9.0, 10.0, 11.0, 12.0, 13.0, 14.0, 15.0], [16.0, 17.0, 18.0, 19.0, 20.0, 21.0, 22.0, 23.0]]> : tensor<3x8xf32>
  %d = nn.dense %f, %w : (tensor<2x8xf32>, tensor<3x8xf32>) -> tensor<2x3xf32>
  return %d : tensor<2x3xf32>
}

// Weights that are not constants get an nn.reshape. In the head: a bias
// add of [F] becomes [1, F, 1, 1]; dropout, activations, a scalar multiply
// and batch_norm stay; log_softmax over axis -1 moves to axis 1. The batch
// stays dynamic.
// CHECK-LABEL: func.func @head_ops(
// CHECK-SAME: %[[X:.*]]: tensor<?x3x?x?xf32>, %[[W:.*]]: tensor<5x48xf32>, %[[W2:.*]]: tensor<2x5xf32>, %[[B:.*]]: tensor<5xf32>, %[[G:.*]]: tensor<5xf32>) -> tensor<?x2x?x?xf32>
// CHECK: %[[RW:.*]] = nn.reshape %[[W]] : (tensor<5x48xf32>) -> tensor<5x3x4x4xf32>
// CHECK: %[[C:.*]] = nn.conv %[[X]], %[[RW]] : (tensor<?x3x?x?xf32>, tensor<5x3x4x4xf32>) -> tensor<?x5x?x?xf32>
// CHECK: %[[RB:.*]] = nn.reshape %[[B]] : (tensor<5xf32>) -> tensor<1x5x1x1xf32>
// CHECK: %[[A:.*]] = nn.add %[[C]], %[[RB]] : (tensor<?x5x?x?xf32>, tensor<1x5x1x1xf32>) -> tensor<?x5x?x?xf32>
// CHECK: %[[DR:.*]] = nn.dropout %[[A]] {{.*}} : tensor<?x5x?x?xf32>
// CHECK: %[[GE:.*]] = nn.gelu %[[DR]] : tensor<?x5x?x?xf32>
// CHECK: %[[M:.*]] = nn.mul %[[GE]], %{{.*}} : (tensor<?x5x?x?xf32>, tensor<f32>) -> tensor<?x5x?x?xf32>
// CHECK: %[[BN:.*]] = nn.batch_norm %[[M]], %[[G]], %[[G]], %[[G]], %[[G]] : (tensor<?x5x?x?xf32>, tensor<5xf32>, tensor<5xf32>, tensor<5xf32>, tensor<5xf32>) -> tensor<?x5x?x?xf32>
// CHECK: %[[RW2:.*]] = nn.reshape %[[W2]] : (tensor<2x5xf32>) -> tensor<2x5x1x1xf32>
// CHECK: %[[C2:.*]] = nn.conv %[[BN]], %[[RW2]] : (tensor<?x5x?x?xf32>, tensor<2x5x1x1xf32>) -> tensor<?x2x?x?xf32>
// CHECK: %[[L:.*]] = nn.log_softmax %[[C2]] {axis = 1 : i64} : (tensor<?x2x?x?xf32>) -> tensor<?x2x?x?xf32>
// CHECK: return %[[L]] : tensor<?x2x?x?xf32>
// SIZE-LABEL: func.func @head_ops(
// SIZE-SAME: tensor<?x3x40x40xf32>, {{.*}} -> tensor<?x2x37x37xf32>
func.func @head_ops(%x: tensor<?x3x4x4xf32>, %w: tensor<5x48xf32>, %w2: tensor<2x5xf32>, %b: tensor<5xf32>, %g: tensor<5xf32>) -> tensor<?x2xf32> {
  %f = nn.flatten %x : (tensor<?x3x4x4xf32>) -> tensor<?x48xf32>
  %d = nn.dense %f, %w : (tensor<?x48xf32>, tensor<5x48xf32>) -> tensor<?x5xf32>
  %a = nn.add %d, %b : (tensor<?x5xf32>, tensor<5xf32>) -> tensor<?x5xf32>
  %r = nn.dropout %a {rate = 0.5} : tensor<?x5xf32>
  %ge = nn.gelu %r : tensor<?x5xf32>
  %c = arith.constant dense<2.0> : tensor<f32>
  %m = nn.mul %ge, %c : (tensor<?x5xf32>, tensor<f32>) -> tensor<?x5xf32>
  %bn = nn.batch_norm %m, %g, %g, %g, %g : (tensor<?x5xf32>, tensor<5xf32>, tensor<5xf32>, tensor<5xf32>, tensor<5xf32>) -> tensor<?x5xf32>
  %d2 = nn.dense %bn, %w2 : (tensor<?x5xf32>, tensor<2x5xf32>) -> tensor<?x2xf32>
  %s = nn.log_softmax %d2 : (tensor<?x2xf32>) -> tensor<?x2xf32>
  return %s : tensor<?x2xf32>
}

// A constant [1, F] bias and a residual between two maps; a dense_resource
// weight shared by two denses is reshaped once (same blob, new type).
// CHECK-LABEL: func.func @two_heads(
// CHECK-SAME: %[[X:.*]]: tensor<1x2x?x?xf32>) -> (tensor<1x4x?x?xf32>, tensor<1x4x?x?xf32>)
// CHECK: %[[W:.*]] = arith.constant dense_resource<two_heads_w> : tensor<4x2x3x3xf32>
// CHECK-NOT: arith.constant dense_resource
// CHECK-DAG: %[[B:.*]] = arith.constant dense<{{\[\[\[\[}}1.000000e+00]], {{\[\[}}2.000000e+00]], {{\[\[}}3.000000e+00]], {{\[\[}}4.000000e+00]]]]> : tensor<1x4x1x1xf32>
// CHECK-DAG: %[[D:.*]] = nn.conv %[[X]], %[[W]] : (tensor<1x2x?x?xf32>, tensor<4x2x3x3xf32>) -> tensor<1x4x?x?xf32>
// CHECK-DAG: %[[E:.*]] = nn.conv %[[X]], %[[W]] {activation = #nn.activation<leaky_relu, 2.000000e-01 : f64>} : (tensor<1x2x?x?xf32>, tensor<4x2x3x3xf32>) -> tensor<1x4x?x?xf32>
// CHECK: %[[S:.*]] = nn.add %[[D]], %[[E]] : (tensor<1x4x?x?xf32>, tensor<1x4x?x?xf32>) -> tensor<1x4x?x?xf32>
// CHECK: %[[T:.*]] = nn.sub %[[B]], %[[S]] : (tensor<1x4x1x1xf32>, tensor<1x4x?x?xf32>) -> tensor<1x4x?x?xf32>
// CHECK: return %[[T]], %[[E]] : tensor<1x4x?x?xf32>, tensor<1x4x?x?xf32>
// SIZE-LABEL: func.func @two_heads(
// SIZE-SAME: tensor<1x2x40x40xf32>) -> (tensor<1x4x38x38xf32>, tensor<1x4x38x38xf32>)
func.func @two_heads(%x: tensor<1x2x3x3xf32>) -> (tensor<1x4xf32>, tensor<1x4xf32>) {
  %f = nn.flatten %x : (tensor<1x2x3x3xf32>) -> tensor<1x18xf32>
  %w = arith.constant dense_resource<two_heads_w> : tensor<4x18xf32>
  %b = arith.constant dense<[[1.0, 2.0, 3.0, 4.0]]> : tensor<1x4xf32>
  %d = nn.dense %f, %w : (tensor<1x18xf32>, tensor<4x18xf32>) -> tensor<1x4xf32>
  %e = nn.dense %f, %w {activation = #nn.activation<leaky_relu, 0.2 : f64>} : (tensor<1x18xf32>, tensor<4x18xf32>) -> tensor<1x4xf32>
  %s = nn.add %d, %e : (tensor<1x4xf32>, tensor<1x4xf32>) -> tensor<1x4xf32>
  %t = nn.sub %b, %s : (tensor<1x4xf32>, tensor<1x4xf32>) -> tensor<1x4xf32>
  return %t, %e : tensor<1x4xf32>, tensor<1x4xf32>
}

// Left alone: a dense on a [N, F] input (no flatten), and a function
// without dense (its input keeps its size).
// CHECK-LABEL: func.func @mlp(
// CHECK-SAME: tensor<4x16xf32>
// CHECK: nn.dense %{{.*}}, %{{.*}} : (tensor<4x16xf32>, tensor<8x16xf32>) -> tensor<4x8xf32>
// CHECK-NOT: nn.conv
// SIZE-LABEL: func.func @mlp(
// SIZE: nn.dense %{{.*}}, %{{.*}} : (tensor<4x16xf32>, tensor<8x16xf32>) -> tensor<4x8xf32>
func.func @mlp(%x: tensor<4x16xf32>, %w: tensor<8x16xf32>) -> tensor<4x8xf32> {
  %d = nn.dense %x, %w : (tensor<4x16xf32>, tensor<8x16xf32>) -> tensor<4x8xf32>
  return %d : tensor<4x8xf32>
}

// CHECK-LABEL: func.func @conv_only(
// CHECK-SAME: tensor<1x1x8x8xf32>
// CHECK: nn.global_pool avg %{{.*}} : (tensor<1x1x8x8xf32>) -> tensor<1x1x1x1xf32>
// SIZE-LABEL: func.func @conv_only(
// SIZE-SAME: tensor<1x1x8x8xf32>
func.func @conv_only(%x: tensor<1x1x8x8xf32>) -> tensor<1x1x1x1xf32> {
  %g = nn.global_pool avg %x : (tensor<1x1x8x8xf32>) -> tensor<1x1x1x1xf32>
  return %g : tensor<1x1x1x1xf32>
}

{-#
  dialect_resources: {
    builtin: {
      two_heads_w: "0x040000000000803F0000803F0000803F0000803F0000803F0000803F0000803F0000803F0000803F0000803F0000803F0000803F0000803F0000803F0000803F0000803F0000803F0000803F0000803F0000803F0000803F0000803F0000803F0000803F0000803F0000803F0000803F0000803F0000803F0000803F0000803F0000803F0000803F0000803F0000803F0000803F0000803F0000803F0000803F0000803F0000803F0000803F0000803F0000803F0000803F0000803F0000803F0000803F0000803F0000803F0000803F0000803F0000803F0000803F0000803F0000803F0000803F0000803F0000803F0000803F0000803F0000803F0000803F0000803F0000803F0000803F0000803F0000803F0000803F0000803F0000803F0000803F"
    }
  }
#-}
