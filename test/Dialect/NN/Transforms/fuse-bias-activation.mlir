// RUN: nnc-opt %s --nn-fuse-bias-activation | FileCheck %s
// RUN: nnc-opt %s --pass-pipeline='builtin.module(func.func(nn-fuse-bias-activation))' | FileCheck %s

// nn-fuse-bias-activation folds an `nn.add` of a bias along the output
// features, and then an activation op, into dense / conv / matmul.
// test/Integration/ops/cases_fusion.py checks that the numerics are unchanged.

//===----------------------------------------------------------------------===//
// Fused
//===----------------------------------------------------------------------===//

// dense + add([N]) + relu: one dense with bias and activation.
// CHECK-LABEL: func.func @dense_add_relu(
// CHECK-NEXT: %[[Y:.*]] = nn.dense %arg0, %arg1, %arg2 {activation = #nn.activation<relu>} : (tensor<4x16xf32>, tensor<8x16xf32>, tensor<8xf32>) -> tensor<4x8xf32>
// CHECK-NEXT: return %[[Y]] : tensor<4x8xf32>
func.func @dense_add_relu(%x: tensor<4x16xf32>, %w: tensor<8x16xf32>, %b: tensor<8xf32>) -> tensor<4x8xf32> {
  %0 = nn.dense %x, %w : (tensor<4x16xf32>, tensor<8x16xf32>) -> tensor<4x8xf32>
  %1 = nn.add %0, %b : (tensor<4x8xf32>, tensor<8xf32>) -> tensor<4x8xf32>
  %2 = nn.relu %1 : tensor<4x8xf32>
  return %2 : tensor<4x8xf32>
}

// dense + add only; the bias on the left of the add.
// CHECK-LABEL: func.func @dense_add_bias_lhs(
// CHECK-NEXT: %[[Y:.*]] = nn.dense %arg0, %arg1, %arg2 : (tensor<4x16xf32>, tensor<8x16xf32>, tensor<8xf32>) -> tensor<4x8xf32>
// CHECK-NEXT: return %[[Y]] : tensor<4x8xf32>
func.func @dense_add_bias_lhs(%x: tensor<4x16xf32>, %w: tensor<8x16xf32>, %b: tensor<8xf32>) -> tensor<4x8xf32> {
  %0 = nn.dense %x, %w : (tensor<4x16xf32>, tensor<8x16xf32>) -> tensor<4x8xf32>
  %1 = nn.add %b, %0 : (tensor<8xf32>, tensor<4x8xf32>) -> tensor<4x8xf32>
  return %1 : tensor<4x8xf32>
}

// A [1, N] bias is reshaped to [N].
// CHECK-LABEL: func.func @dense_add_bias_1xn(
// CHECK-NEXT: %[[B:.*]] = nn.reshape %arg2 : (tensor<1x8xf32>) -> tensor<8xf32>
// CHECK-NEXT: %[[Y:.*]] = nn.dense %arg0, %arg1, %[[B]] {activation = #nn.activation<tanh>} : (tensor<4x16xf32>, tensor<8x16xf32>, tensor<8xf32>) -> tensor<4x8xf32>
// CHECK-NEXT: return %[[Y]] : tensor<4x8xf32>
func.func @dense_add_bias_1xn(%x: tensor<4x16xf32>, %w: tensor<8x16xf32>, %b: tensor<1x8xf32>) -> tensor<4x8xf32> {
  %0 = nn.dense %x, %w : (tensor<4x16xf32>, tensor<8x16xf32>) -> tensor<4x8xf32>
  %1 = nn.add %0, %b : (tensor<4x8xf32>, tensor<1x8xf32>) -> tensor<4x8xf32>
  %2 = nn.tanh %1 : tensor<4x8xf32>
  return %2 : tensor<4x8xf32>
}

// dense + activation, no add; the dense's own bias is kept.
// CHECK-LABEL: func.func @dense_bias_sigmoid(
// CHECK-NEXT: %[[Y:.*]] = nn.dense %arg0, %arg1, %arg2 {activation = #nn.activation<sigmoid>} : (tensor<4x16xf32>, tensor<8x16xf32>, tensor<8xf32>) -> tensor<4x8xf32>
// CHECK-NEXT: return %[[Y]] : tensor<4x8xf32>
func.func @dense_bias_sigmoid(%x: tensor<4x16xf32>, %w: tensor<8x16xf32>, %b: tensor<8xf32>) -> tensor<4x8xf32> {
  %0 = nn.dense %x, %w, %b : (tensor<4x16xf32>, tensor<8x16xf32>, tensor<8xf32>) -> tensor<4x8xf32>
  %1 = nn.sigmoid %0 : tensor<4x8xf32>
  return %1 : tensor<4x8xf32>
}

// Every activation op that maps to the epilogue, with its parameters:
// leaky_relu's slope and elu's alpha (defaults are not written), gelu
// approximate -> gelu_tanh, default softplus.
// CHECK-LABEL: func.func @dense_activations(
// CHECK-NEXT: %[[A0:.*]] = nn.dense %arg0, %arg1 {activation = #nn.activation<leaky_relu>} :
// CHECK-NEXT: %[[A1:.*]] = nn.dense %arg0, %arg1 {activation = #nn.activation<leaky_relu, 2.000000e-01 : f64>} :
// CHECK-NEXT: %[[A2:.*]] = nn.dense %arg0, %arg1 {activation = #nn.activation<gelu>} :
// CHECK-NEXT: %[[A3:.*]] = nn.dense %arg0, %arg1 {activation = #nn.activation<gelu_tanh>} :
// CHECK-NEXT: %[[A4:.*]] = nn.dense %arg0, %arg1 {activation = #nn.activation<silu>} :
// CHECK-NEXT: %[[A5:.*]] = nn.dense %arg0, %arg1 {activation = #nn.activation<elu>} :
// CHECK-NEXT: %[[A6:.*]] = nn.dense %arg0, %arg1 {activation = #nn.activation<elu, 5.000000e-01 : f64>} :
// CHECK-NEXT: %[[A7:.*]] = nn.dense %arg0, %arg1 {activation = #nn.activation<softplus>} :
// CHECK-NEXT: return %[[A0]], %[[A1]], %[[A2]], %[[A3]], %[[A4]], %[[A5]], %[[A6]], %[[A7]] :
// CHECK-NOT: nn.leaky_relu
// CHECK-NOT: nn.gelu
// CHECK-NOT: nn.silu
// CHECK-NOT: nn.elu
// CHECK-NOT: nn.softplus
func.func @dense_activations(%x: tensor<2x3xf32>, %w: tensor<5x3xf32>)
    -> (tensor<2x5xf32>, tensor<2x5xf32>, tensor<2x5xf32>, tensor<2x5xf32>,
        tensor<2x5xf32>, tensor<2x5xf32>, tensor<2x5xf32>, tensor<2x5xf32>) {
  %d0 = nn.dense %x, %w : (tensor<2x3xf32>, tensor<5x3xf32>) -> tensor<2x5xf32>
  %a0 = nn.leaky_relu %d0 : tensor<2x5xf32>
  %d1 = nn.dense %x, %w : (tensor<2x3xf32>, tensor<5x3xf32>) -> tensor<2x5xf32>
  %a1 = nn.leaky_relu %d1 {alpha = 0.2 : f64} : tensor<2x5xf32>
  %d2 = nn.dense %x, %w : (tensor<2x3xf32>, tensor<5x3xf32>) -> tensor<2x5xf32>
  %a2 = nn.gelu %d2 : tensor<2x5xf32>
  %d3 = nn.dense %x, %w : (tensor<2x3xf32>, tensor<5x3xf32>) -> tensor<2x5xf32>
  %a3 = nn.gelu %d3 {approximate} : tensor<2x5xf32>
  %d4 = nn.dense %x, %w : (tensor<2x3xf32>, tensor<5x3xf32>) -> tensor<2x5xf32>
  %a4 = nn.silu %d4 : tensor<2x5xf32>
  %d5 = nn.dense %x, %w : (tensor<2x3xf32>, tensor<5x3xf32>) -> tensor<2x5xf32>
  %a5 = nn.elu %d5 : tensor<2x5xf32>
  %d6 = nn.dense %x, %w : (tensor<2x3xf32>, tensor<5x3xf32>) -> tensor<2x5xf32>
  %a6 = nn.elu %d6 {alpha = 0.5 : f64} : tensor<2x5xf32>
  %d7 = nn.dense %x, %w : (tensor<2x3xf32>, tensor<5x3xf32>) -> tensor<2x5xf32>
  %a7 = nn.softplus %d7 : tensor<2x5xf32>
  return %a0, %a1, %a2, %a3, %a4, %a5, %a6, %a7
      : tensor<2x5xf32>, tensor<2x5xf32>, tensor<2x5xf32>, tensor<2x5xf32>,
        tensor<2x5xf32>, tensor<2x5xf32>, tensor<2x5xf32>, tensor<2x5xf32>
}

// Dynamic batch and a 3-D input: bias [1, 1, N] on [?, T, N].
// CHECK-LABEL: func.func @dense_dynamic_batch(
// CHECK-NEXT: %[[B:.*]] = nn.reshape %arg2 : (tensor<1x1x8xf32>) -> tensor<8xf32>
// CHECK-NEXT: %[[Y:.*]] = nn.dense %arg0, %arg1, %[[B]] {activation = #nn.activation<gelu_tanh>} : (tensor<?x5x16xf32>, tensor<8x16xf32>, tensor<8xf32>) -> tensor<?x5x8xf32>
// CHECK-NEXT: return %[[Y]] : tensor<?x5x8xf32>
func.func @dense_dynamic_batch(%x: tensor<?x5x16xf32>, %w: tensor<8x16xf32>, %b: tensor<1x1x8xf32>) -> tensor<?x5x8xf32> {
  %0 = nn.dense %x, %w : (tensor<?x5x16xf32>, tensor<8x16xf32>) -> tensor<?x5x8xf32>
  %1 = nn.add %0, %b : (tensor<?x5x8xf32>, tensor<1x1x8xf32>) -> tensor<?x5x8xf32>
  %2 = nn.gelu %1 {approximate} : tensor<?x5x8xf32>
  return %2 : tensor<?x5x8xf32>
}

// A bias computed after the dense: the fused dense is placed at the add.
// CHECK-LABEL: func.func @dense_bias_defined_later(
// CHECK-NEXT: %[[B:.*]] = nn.neg %arg2 : tensor<8xf32>
// CHECK-NEXT: %[[Y:.*]] = nn.dense %arg0, %arg1, %[[B]] : (tensor<4x16xf32>, tensor<8x16xf32>, tensor<8xf32>) -> tensor<4x8xf32>
// CHECK-NEXT: return %[[Y]]
func.func @dense_bias_defined_later(%x: tensor<4x16xf32>, %w: tensor<8x16xf32>, %b: tensor<8xf32>) -> tensor<4x8xf32> {
  %0 = nn.dense %x, %w : (tensor<4x16xf32>, tensor<8x16xf32>) -> tensor<4x8xf32>
  %nb = nn.neg %b : tensor<8xf32>
  %1 = nn.add %0, %nb : (tensor<4x8xf32>, tensor<8xf32>) -> tensor<4x8xf32>
  return %1 : tensor<4x8xf32>
}

// conv 2-D + add([C, 1, 1]) + leaky_relu(0.1); the conv's attributes are kept.
// CHECK-LABEL: func.func @conv2d_add_leaky_relu(
// CHECK-NEXT: %[[B:.*]] = nn.reshape %arg2 : (tensor<4x1x1xf32>) -> tensor<4xf32>
// CHECK-NEXT: %[[Y:.*]] = nn.conv %arg0, %arg1, %[[B]] {activation = #nn.activation<leaky_relu, 1.000000e-01 : f64>, padding = array<i64: 1, 1, 1, 1>, strides = array<i64: 2, 2>} : (tensor<?x3x8x8xf32>, tensor<4x3x3x3xf32>, tensor<4xf32>) -> tensor<?x4x4x4xf32>
// CHECK-NEXT: return %[[Y]] : tensor<?x4x4x4xf32>
func.func @conv2d_add_leaky_relu(%x: tensor<?x3x8x8xf32>, %w: tensor<4x3x3x3xf32>, %b: tensor<4x1x1xf32>) -> tensor<?x4x4x4xf32> {
  %0 = nn.conv %x, %w {strides = array<i64: 2, 2>, padding = array<i64: 1, 1, 1, 1>} : (tensor<?x3x8x8xf32>, tensor<4x3x3x3xf32>) -> tensor<?x4x4x4xf32>
  %1 = nn.add %0, %b : (tensor<?x4x4x4xf32>, tensor<4x1x1xf32>) -> tensor<?x4x4x4xf32>
  %2 = nn.leaky_relu %1 {alpha = 0.1 : f64} : tensor<?x4x4x4xf32>
  return %2 : tensor<?x4x4x4xf32>
}

// conv 2-D with a [1, C, 1, 1] bias on the left; grouped conv.
// CHECK-LABEL: func.func @conv2d_add_bias_1c11(
// CHECK-NEXT: %[[B:.*]] = nn.reshape %arg2 : (tensor<1x4x1x1xf32>) -> tensor<4xf32>
// CHECK-NEXT: %[[Y:.*]] = nn.conv %arg0, %arg1, %[[B]] {activation = #nn.activation<silu>, groups = 2 : i64} : (tensor<1x4x5x5xf32>, tensor<4x2x3x3xf32>, tensor<4xf32>) -> tensor<1x4x3x3xf32>
// CHECK-NEXT: return %[[Y]]
func.func @conv2d_add_bias_1c11(%x: tensor<1x4x5x5xf32>, %w: tensor<4x2x3x3xf32>, %b: tensor<1x4x1x1xf32>) -> tensor<1x4x3x3xf32> {
  %0 = nn.conv %x, %w {groups = 2 : i64} : (tensor<1x4x5x5xf32>, tensor<4x2x3x3xf32>) -> tensor<1x4x3x3xf32>
  %1 = nn.add %b, %0 : (tensor<1x4x1x1xf32>, tensor<1x4x3x3xf32>) -> tensor<1x4x3x3xf32>
  %2 = nn.silu %1 : tensor<1x4x3x3xf32>
  return %2 : tensor<1x4x3x3xf32>
}

// conv 1-D with a [C, 1] bias.
// CHECK-LABEL: func.func @conv1d_add_elu(
// CHECK-NEXT: %[[B:.*]] = nn.reshape %arg2 : (tensor<6x1xf32>) -> tensor<6xf32>
// CHECK-NEXT: %[[Y:.*]] = nn.conv %arg0, %arg1, %[[B]] {activation = #nn.activation<elu>, dilations = array<i64: 2>} : (tensor<2x3x10xf32>, tensor<6x3x3xf32>, tensor<6xf32>) -> tensor<2x6x6xf32>
// CHECK-NEXT: return %[[Y]]
func.func @conv1d_add_elu(%x: tensor<2x3x10xf32>, %w: tensor<6x3x3xf32>, %b: tensor<6x1xf32>) -> tensor<2x6x6xf32> {
  %0 = nn.conv %x, %w {dilations = array<i64: 2>} : (tensor<2x3x10xf32>, tensor<6x3x3xf32>) -> tensor<2x6x6xf32>
  %1 = nn.add %0, %b : (tensor<2x6x6xf32>, tensor<6x1xf32>) -> tensor<2x6x6xf32>
  %2 = nn.elu %1 : tensor<2x6x6xf32>
  return %2 : tensor<2x6x6xf32>
}

// The ONNX shape of a linear layer: MatMul + Add + Relu.
// CHECK-LABEL: func.func @matmul_add_relu_onnx(
// CHECK-NEXT: %[[Y:.*]] = nn.matmul %arg0, %arg1, %arg2 {activation = #nn.activation<relu>} : (tensor<?x16xf32>, tensor<16x8xf32>, tensor<8xf32>) -> tensor<?x8xf32>
// CHECK-NEXT: return %[[Y]] : tensor<?x8xf32>
func.func @matmul_add_relu_onnx(%x: tensor<?x16xf32>, %w: tensor<16x8xf32>, %b: tensor<8xf32>) -> tensor<?x8xf32> {
  %0 = nn.matmul %x, %w : (tensor<?x16xf32>, tensor<16x8xf32>) -> tensor<?x8xf32>
  %1 = nn.add %0, %b : (tensor<?x8xf32>, tensor<8xf32>) -> tensor<?x8xf32>
  %2 = nn.relu %1 : tensor<?x8xf32>
  return %2 : tensor<?x8xf32>
}

// Batched matmul, bias [1, 1, N], f64, gelu.
// CHECK-LABEL: func.func @matmul_batched_add_gelu(
// CHECK-NEXT: %[[B:.*]] = nn.reshape %arg2 : (tensor<1x1x8xf64>) -> tensor<8xf64>
// CHECK-NEXT: %[[Y:.*]] = nn.matmul %arg0, %arg1, %[[B]] {activation = #nn.activation<gelu>} : (tensor<2x3x4xf64>, tensor<2x4x8xf64>, tensor<8xf64>) -> tensor<2x3x8xf64>
// CHECK-NEXT: return %[[Y]]
func.func @matmul_batched_add_gelu(%a: tensor<2x3x4xf64>, %c: tensor<2x4x8xf64>, %b: tensor<1x1x8xf64>) -> tensor<2x3x8xf64> {
  %0 = nn.matmul %a, %c : (tensor<2x3x4xf64>, tensor<2x4x8xf64>) -> tensor<2x3x8xf64>
  %1 = nn.add %0, %b : (tensor<2x3x8xf64>, tensor<1x1x8xf64>) -> tensor<2x3x8xf64>
  %2 = nn.gelu %1 : tensor<2x3x8xf64>
  return %2 : tensor<2x3x8xf64>
}

// A two-layer MLP: both layers fused.
// CHECK-LABEL: func.func @mlp(
// CHECK-NEXT: %[[H:.*]] = nn.dense %arg0, %arg1, %arg2 {activation = #nn.activation<relu>}
// CHECK-NEXT: %[[Y:.*]] = nn.dense %[[H]], %arg3, %arg4 :
// CHECK-NEXT: return %[[Y]]
func.func @mlp(%x: tensor<?x16xf32>, %w1: tensor<32x16xf32>, %b1: tensor<32xf32>, %w2: tensor<10x32xf32>, %b2: tensor<10xf32>) -> tensor<?x10xf32> {
  %0 = nn.dense %x, %w1 : (tensor<?x16xf32>, tensor<32x16xf32>) -> tensor<?x32xf32>
  %1 = nn.add %0, %b1 : (tensor<?x32xf32>, tensor<32xf32>) -> tensor<?x32xf32>
  %2 = nn.relu %1 : tensor<?x32xf32>
  %3 = nn.dense %2, %w2 : (tensor<?x32xf32>, tensor<10x32xf32>) -> tensor<?x10xf32>
  %4 = nn.add %3, %b2 : (tensor<?x10xf32>, tensor<10xf32>) -> tensor<?x10xf32>
  return %4 : tensor<?x10xf32>
}

//===----------------------------------------------------------------------===//
// Left alone
//===----------------------------------------------------------------------===//

// The dense result has a second user: neither the add nor the relu is fused.
// CHECK-LABEL: func.func @dense_two_users(
// CHECK-NEXT: %[[D:.*]] = nn.dense %arg0, %arg1 : (tensor<4x16xf32>, tensor<8x16xf32>) -> tensor<4x8xf32>
// CHECK-NEXT: %[[A:.*]] = nn.add %[[D]], %arg2
// CHECK-NEXT: %[[R:.*]] = nn.relu %[[D]]
// CHECK-NEXT: return %[[A]], %[[R]]
func.func @dense_two_users(%x: tensor<4x16xf32>, %w: tensor<8x16xf32>, %b: tensor<8xf32>) -> (tensor<4x8xf32>, tensor<4x8xf32>) {
  %0 = nn.dense %x, %w : (tensor<4x16xf32>, tensor<8x16xf32>) -> tensor<4x8xf32>
  %1 = nn.add %0, %b : (tensor<4x8xf32>, tensor<8xf32>) -> tensor<4x8xf32>
  %2 = nn.relu %0 : tensor<4x8xf32>
  return %1, %2 : tensor<4x8xf32>, tensor<4x8xf32>
}

// The pre-activation value is also returned: the bias is fused, the relu is
// not (the fused dense's result has two users).
// CHECK-LABEL: func.func @preactivation_returned(
// CHECK-NEXT: %[[D:.*]] = nn.dense %arg0, %arg1, %arg2 : (tensor<4x16xf32>, tensor<8x16xf32>, tensor<8xf32>) -> tensor<4x8xf32>
// CHECK-NEXT: %[[R:.*]] = nn.relu %[[D]] : tensor<4x8xf32>
// CHECK-NEXT: return %[[D]], %[[R]]
func.func @preactivation_returned(%x: tensor<4x16xf32>, %w: tensor<8x16xf32>, %b: tensor<8xf32>) -> (tensor<4x8xf32>, tensor<4x8xf32>) {
  %0 = nn.dense %x, %w : (tensor<4x16xf32>, tensor<8x16xf32>) -> tensor<4x8xf32>
  %1 = nn.add %0, %b : (tensor<4x8xf32>, tensor<8xf32>) -> tensor<4x8xf32>
  %2 = nn.relu %1 : tensor<4x8xf32>
  return %1, %2 : tensor<4x8xf32>, tensor<4x8xf32>
}

// The dense already has a bias: the second bias add stays (the relu after it
// is not on the dense's result either).
// CHECK-LABEL: func.func @dense_existing_bias(
// CHECK-NEXT: %[[D:.*]] = nn.dense %arg0, %arg1, %arg2 : (tensor<4x16xf32>, tensor<8x16xf32>, tensor<8xf32>) -> tensor<4x8xf32>
// CHECK-NEXT: %[[A:.*]] = nn.add %[[D]], %arg2
// CHECK-NEXT: %[[R:.*]] = nn.relu %[[A]]
// CHECK-NEXT: return %[[R]]
func.func @dense_existing_bias(%x: tensor<4x16xf32>, %w: tensor<8x16xf32>, %b: tensor<8xf32>) -> tensor<4x8xf32> {
  %0 = nn.dense %x, %w, %b : (tensor<4x16xf32>, tensor<8x16xf32>, tensor<8xf32>) -> tensor<4x8xf32>
  %1 = nn.add %0, %b : (tensor<4x8xf32>, tensor<8xf32>) -> tensor<4x8xf32>
  %2 = nn.relu %1 : tensor<4x8xf32>
  return %2 : tensor<4x8xf32>
}

// The dense already has an activation: no second activation, and no bias
// added after the activation.
// CHECK-LABEL: func.func @dense_existing_activation(
// CHECK-NEXT: %[[D0:.*]] = nn.dense %arg0, %arg1 {activation = #nn.activation<relu>}
// CHECK-NEXT: %[[T:.*]] = nn.tanh %[[D0]]
// CHECK-NEXT: %[[D1:.*]] = nn.dense %arg0, %arg1 {activation = #nn.activation<relu>}
// CHECK-NEXT: %[[A:.*]] = nn.add %[[D1]], %arg2
// CHECK-NEXT: return %[[T]], %[[A]]
func.func @dense_existing_activation(%x: tensor<4x16xf32>, %w: tensor<8x16xf32>, %b: tensor<8xf32>) -> (tensor<4x8xf32>, tensor<4x8xf32>) {
  %0 = nn.dense %x, %w {activation = #nn.activation<relu>} : (tensor<4x16xf32>, tensor<8x16xf32>) -> tensor<4x8xf32>
  %1 = nn.tanh %0 : tensor<4x8xf32>
  %2 = nn.dense %x, %w {activation = #nn.activation<relu>} : (tensor<4x16xf32>, tensor<8x16xf32>) -> tensor<4x8xf32>
  %3 = nn.add %2, %b : (tensor<4x8xf32>, tensor<8xf32>) -> tensor<4x8xf32>
  return %1, %3 : tensor<4x8xf32>, tensor<4x8xf32>
}

// dense + relu + add: the relu is fused, the add after it is not.
// CHECK-LABEL: func.func @bias_after_activation(
// CHECK-NEXT: %[[D:.*]] = nn.dense %arg0, %arg1 {activation = #nn.activation<relu>} : (tensor<4x16xf32>, tensor<8x16xf32>) -> tensor<4x8xf32>
// CHECK-NEXT: %[[A:.*]] = nn.add %[[D]], %arg2
// CHECK-NEXT: return %[[A]]
func.func @bias_after_activation(%x: tensor<4x16xf32>, %w: tensor<8x16xf32>, %b: tensor<8xf32>) -> tensor<4x8xf32> {
  %0 = nn.dense %x, %w : (tensor<4x16xf32>, tensor<8x16xf32>) -> tensor<4x8xf32>
  %1 = nn.relu %0 : tensor<4x8xf32>
  %2 = nn.add %1, %b : (tensor<4x8xf32>, tensor<8xf32>) -> tensor<4x8xf32>
  return %2 : tensor<4x8xf32>
}

// Adds that are not a bias along the output features: a full [B, N] tensor,
// a per-row [B, 1] tensor, a scalar [1], and a [2, B, N] tensor (which
// broadcasts the result to a higher rank).
// CHECK-LABEL: func.func @dense_non_feature_bias(
// CHECK-NEXT: %[[D0:.*]] = nn.dense %arg0, %arg1 : (tensor<4x16xf32>, tensor<8x16xf32>) -> tensor<4x8xf32>
// CHECK-NEXT: %[[A0:.*]] = nn.add %[[D0]], %arg2 : (tensor<4x8xf32>, tensor<4x8xf32>) -> tensor<4x8xf32>
// CHECK-NEXT: %[[D1:.*]] = nn.dense %arg0, %arg1 : (tensor<4x16xf32>, tensor<8x16xf32>) -> tensor<4x8xf32>
// CHECK-NEXT: %[[A1:.*]] = nn.add %[[D1]], %arg3 : (tensor<4x8xf32>, tensor<4x1xf32>) -> tensor<4x8xf32>
// CHECK-NEXT: %[[D2:.*]] = nn.dense %arg0, %arg1 : (tensor<4x16xf32>, tensor<8x16xf32>) -> tensor<4x8xf32>
// CHECK-NEXT: %[[A2:.*]] = nn.add %[[D2]], %arg4 : (tensor<4x8xf32>, tensor<1xf32>) -> tensor<4x8xf32>
// CHECK-NEXT: %[[D3:.*]] = nn.dense %arg0, %arg1 : (tensor<4x16xf32>, tensor<8x16xf32>) -> tensor<4x8xf32>
// CHECK-NEXT: %[[A3:.*]] = nn.add %[[D3]], %arg5 : (tensor<4x8xf32>, tensor<2x4x8xf32>) -> tensor<2x4x8xf32>
// CHECK-NEXT: return %[[A0]], %[[A1]], %[[A2]], %[[A3]]
func.func @dense_non_feature_bias(%x: tensor<4x16xf32>, %w: tensor<8x16xf32>, %full: tensor<4x8xf32>,
                                  %row: tensor<4x1xf32>, %s: tensor<1xf32>, %big: tensor<2x4x8xf32>)
    -> (tensor<4x8xf32>, tensor<4x8xf32>, tensor<4x8xf32>, tensor<2x4x8xf32>) {
  %0 = nn.dense %x, %w : (tensor<4x16xf32>, tensor<8x16xf32>) -> tensor<4x8xf32>
  %1 = nn.add %0, %full : (tensor<4x8xf32>, tensor<4x8xf32>) -> tensor<4x8xf32>
  %2 = nn.dense %x, %w : (tensor<4x16xf32>, tensor<8x16xf32>) -> tensor<4x8xf32>
  %3 = nn.add %2, %row : (tensor<4x8xf32>, tensor<4x1xf32>) -> tensor<4x8xf32>
  %4 = nn.dense %x, %w : (tensor<4x16xf32>, tensor<8x16xf32>) -> tensor<4x8xf32>
  %5 = nn.add %4, %s : (tensor<4x8xf32>, tensor<1xf32>) -> tensor<4x8xf32>
  %6 = nn.dense %x, %w : (tensor<4x16xf32>, tensor<8x16xf32>) -> tensor<4x8xf32>
  %7 = nn.add %6, %big : (tensor<4x8xf32>, tensor<2x4x8xf32>) -> tensor<2x4x8xf32>
  return %1, %3, %5, %7 : tensor<4x8xf32>, tensor<4x8xf32>, tensor<4x8xf32>, tensor<2x4x8xf32>
}

// A [C] bias added to a conv broadcasts along the width, not the channels
// (here W = C = 4); a [1, C, 1] bias on a 2-D conv is along the height.
// Neither is fused; the relu after them stays too.
// CHECK-LABEL: func.func @conv_wrong_axis_bias(
// CHECK-NEXT: %[[C0:.*]] = nn.conv %arg0, %arg1 : (tensor<1x3x6x6xf32>, tensor<4x3x3x3xf32>) -> tensor<1x4x4x4xf32>
// CHECK-NEXT: %[[A0:.*]] = nn.add %[[C0]], %arg2 : (tensor<1x4x4x4xf32>, tensor<4xf32>) -> tensor<1x4x4x4xf32>
// CHECK-NEXT: %[[R0:.*]] = nn.relu %[[A0]]
// CHECK-NEXT: %[[C1:.*]] = nn.conv %arg0, %arg1 : (tensor<1x3x6x6xf32>, tensor<4x3x3x3xf32>) -> tensor<1x4x4x4xf32>
// CHECK-NEXT: %[[A1:.*]] = nn.add %[[C1]], %arg3 : (tensor<1x4x4x4xf32>, tensor<1x4x1xf32>) -> tensor<1x4x4x4xf32>
// CHECK-NEXT: return %[[R0]], %[[A1]]
func.func @conv_wrong_axis_bias(%x: tensor<1x3x6x6xf32>, %w: tensor<4x3x3x3xf32>, %b: tensor<4xf32>, %h: tensor<1x4x1xf32>)
    -> (tensor<1x4x4x4xf32>, tensor<1x4x4x4xf32>) {
  %0 = nn.conv %x, %w : (tensor<1x3x6x6xf32>, tensor<4x3x3x3xf32>) -> tensor<1x4x4x4xf32>
  %1 = nn.add %0, %b : (tensor<1x4x4x4xf32>, tensor<4xf32>) -> tensor<1x4x4x4xf32>
  %2 = nn.relu %1 : tensor<1x4x4x4xf32>
  %3 = nn.conv %x, %w : (tensor<1x3x6x6xf32>, tensor<4x3x3x3xf32>) -> tensor<1x4x4x4xf32>
  %4 = nn.add %3, %h : (tensor<1x4x4x4xf32>, tensor<1x4x1xf32>) -> tensor<1x4x4x4xf32>
  return %2, %4 : tensor<1x4x4x4xf32>, tensor<1x4x4x4xf32>
}

// A [N, 1] bias on a matmul broadcasts along the rows (M = N = 8).
// CHECK-LABEL: func.func @matmul_row_bias(
// CHECK-NEXT: %[[M:.*]] = nn.matmul %arg0, %arg1 : (tensor<8x4xf32>, tensor<4x8xf32>) -> tensor<8x8xf32>
// CHECK-NEXT: %[[A:.*]] = nn.add %[[M]], %arg2
// CHECK-NEXT: return %[[A]]
func.func @matmul_row_bias(%a: tensor<8x4xf32>, %c: tensor<4x8xf32>, %b: tensor<8x1xf32>) -> tensor<8x8xf32> {
  %0 = nn.matmul %a, %c : (tensor<8x4xf32>, tensor<4x8xf32>) -> tensor<8x8xf32>
  %1 = nn.add %0, %b : (tensor<8x8xf32>, tensor<8x1xf32>) -> tensor<8x8xf32>
  return %1 : tensor<8x8xf32>
}

// Activations without an epilogue case: softplus with a non-default beta or
// threshold, and ops that are not activations (exp).
// CHECK-LABEL: func.func @non_epilogue_activations(
// CHECK-NEXT: %[[D0:.*]] = nn.dense %arg0, %arg1 : (tensor<2x3xf32>, tensor<5x3xf32>) -> tensor<2x5xf32>
// CHECK-NEXT: %[[S0:.*]] = nn.softplus %[[D0]] {beta = 2.000000e+00 : f64}
// CHECK-NEXT: %[[D1:.*]] = nn.dense %arg0, %arg1 : (tensor<2x3xf32>, tensor<5x3xf32>) -> tensor<2x5xf32>
// CHECK-NEXT: %[[S1:.*]] = nn.softplus %[[D1]] {threshold = 1.000000e+01 : f64}
// CHECK-NEXT: %[[D2:.*]] = nn.dense %arg0, %arg1 : (tensor<2x3xf32>, tensor<5x3xf32>) -> tensor<2x5xf32>
// CHECK-NEXT: %[[E:.*]] = nn.exp %[[D2]]
// CHECK-NEXT: return %[[S0]], %[[S1]], %[[E]]
func.func @non_epilogue_activations(%x: tensor<2x3xf32>, %w: tensor<5x3xf32>)
    -> (tensor<2x5xf32>, tensor<2x5xf32>, tensor<2x5xf32>) {
  %d0 = nn.dense %x, %w : (tensor<2x3xf32>, tensor<5x3xf32>) -> tensor<2x5xf32>
  %s0 = nn.softplus %d0 {beta = 2.0 : f64} : tensor<2x5xf32>
  %d1 = nn.dense %x, %w : (tensor<2x3xf32>, tensor<5x3xf32>) -> tensor<2x5xf32>
  %s1 = nn.softplus %d1 {threshold = 10.0 : f64} : tensor<2x5xf32>
  %d2 = nn.dense %x, %w : (tensor<2x3xf32>, tensor<5x3xf32>) -> tensor<2x5xf32>
  %e = nn.exp %d2 : tensor<2x5xf32>
  return %s0, %s1, %e : tensor<2x5xf32>, tensor<2x5xf32>, tensor<2x5xf32>
}

// Activations and adds on values that are not dense / conv / matmul results
// (here a function argument) are untouched.
// CHECK-LABEL: func.func @not_a_producer(
// CHECK-NEXT: %[[A:.*]] = nn.add %arg0, %arg1
// CHECK-NEXT: %[[R:.*]] = nn.relu %[[A]]
// CHECK-NEXT: return %[[R]]
func.func @not_a_producer(%x: tensor<4x8xf32>, %b: tensor<8xf32>) -> tensor<4x8xf32> {
  %0 = nn.add %x, %b : (tensor<4x8xf32>, tensor<8xf32>) -> tensor<4x8xf32>
  %1 = nn.relu %0 : tensor<4x8xf32>
  return %1 : tensor<4x8xf32>
}
