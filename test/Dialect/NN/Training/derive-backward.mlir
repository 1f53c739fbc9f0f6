// RUN: nnc-opt %s --split-input-file --nn-derive-backward | FileCheck %s
// RUN: nnc-opt %s --split-input-file --nn-derive-backward=wrt-inputs=true | FileCheck %s --check-prefix=INPUTS

// Dense: dX = dY·W, dW = dYᵀ·X, db = Σ_batch dY ([out, in] weights). The
// relu epilogue is split off; the weights become named arguments and
// @mlp_init returns their initial values. Numerics: test/Integration/gradients/.

// CHECK-LABEL: func.func @mlp(
// CHECK-LABEL: func.func @mlp_grad(
// CHECK-SAME:    %[[X:.*]]: tensor<?x4xf32>, %[[T:.*]]: tensor<?xi64>,
// CHECK-SAME:    %[[W:.*]]: tensor<3x4xf32> {nn.name = "fc.weight"}, %[[B:.*]]: tensor<3xf32> {nn.name = "fc.bias"},
// CHECK-SAME:    %{{.*}}: tensor<i64> {nn.name = "seed"})
// CHECK-SAME:    -> (tensor<f32>, tensor<3x4xf32>, tensor<3xf32>)
// CHECK-SAME:    nn.parameter_names = ["fc.weight", "fc.bias"]
// CHECK:         %[[Z:.*]] = nn.dense %[[X]], %[[W]], %[[B]] :
// CHECK-NEXT:    %[[H:.*]] = nn.relu %[[Z]]
// CHECK-NEXT:    %[[L:.*]] = nn.cross_entropy %[[H]], %[[T]]
// CHECK:         nn.softmax %[[H]]
// CHECK:         %[[DZ:.*]] = nn.unary_backward relu %{{.*}}, %[[H]] {from_result}
// CHECK:         %[[DYT:.*]] = nn.transpose %[[DZ]] {permutation = array<i64: 1, 0>}
// CHECK-NEXT:    %[[DW:.*]] = nn.matmul %[[DYT]], %[[X]] : (tensor<3x?xf32>, tensor<?x4xf32>) -> tensor<3x4xf32>
// CHECK-NEXT:    %[[DB:.*]] = nn.reduce sum %[[DZ]] {axes = array<i64: 0>}
// CHECK:         return %[[L]], %[[DW]], %[[DB]]
// CHECK-LABEL: func.func @mlp_init()
// CHECK-SAME:    -> (tensor<3x4xf32>, tensor<3xf32>)
// CHECK:         return

// With wrt-inputs the float input's gradient dX = dY·W follows.
// INPUTS-LABEL: func.func @mlp_grad(
// INPUTS-SAME:    -> (tensor<f32>, tensor<3x4xf32>, tensor<3xf32>, tensor<?x4xf32>)
// INPUTS:         %[[DX:.*]] = nn.matmul %{{.*}}, %{{.*}} : (tensor<?x3xf32>, tensor<3x4xf32>) -> tensor<?x4xf32>
// INPUTS:         return %{{.*}}, %{{.*}}, %{{.*}}, %[[DX]]
func.func @mlp(%x: tensor<?x4xf32>, %t: tensor<?xi64>) -> tensor<f32> {
  %w = arith.constant {nn.name = "fc.weight"} dense<0.5> : tensor<3x4xf32>
  %b = arith.constant {nn.name = "fc.bias"} dense<0.1> : tensor<3xf32>
  %h = nn.dense %x, %w, %b {activation = #nn.activation<relu>} : (tensor<?x4xf32>, tensor<3x4xf32>, tensor<3xf32>) -> tensor<?x3xf32>
  %l = nn.cross_entropy %h, %t : (tensor<?x3xf32>, tensor<?xi64>) -> tensor<f32>
  return %l : tensor<f32>
}

// -----

// A value used twice gets the sum of both gradients; dropout in training
// mode multiplies by a mask drawn from the seed.
// CHECK-LABEL: func.func @twice_grad(
// CHECK-SAME:    %[[SEED:[a-z0-9]+]]: tensor<i64> {nn.name = "seed"}
// CHECK:         %[[MASK:.*]] = nn.dropout_mask %{{.*}}, %[[SEED]] {rate = 2.500000e-01 : f64, stream = 1 : i64}
// CHECK:         %[[M:.*]] = nn.mul %{{.*}}, %[[MASK]] : (tensor<2x3xf32>, tensor<2x3xf32>) -> tensor<2x3xf32>
// CHECK:         nn.add %{{.*}}, %{{.*}} : (tensor<2x3xf32>, tensor<2x3xf32>) -> tensor<2x3xf32>
// CHECK:         return
func.func @twice(%x: tensor<2x4xf32>) -> tensor<f32> {
  %w = arith.constant dense<0.5> : tensor<3x4xf32>
  %h = nn.dense %x, %w : (tensor<2x4xf32>, tensor<3x4xf32>) -> tensor<2x3xf32>
  %d = nn.dropout %h {rate = 0.25 : f64} : tensor<2x3xf32>
  %s = nn.mul %d, %h : (tensor<2x3xf32>, tensor<2x3xf32>) -> tensor<2x3xf32>
  %l = nn.reduce sum %s {axes = array<i64: 0, 1>} : (tensor<2x3xf32>) -> tensor<f32>
  return %l : tensor<f32>
}
