// RUN: nnc-opt %s | nnc-opt | FileCheck %s

// The backward ops (include/nnc/Dialect/NN/IR/NNBackwardOps.td) print and
// parse back; the enum keyword is positional.

// CHECK-LABEL: func.func @pointwise(
func.func @pointwise(%g: tensor<2x3xf32>, %x: tensor<2x3xf32>, %r: tensor<3xf32>, %s: tensor<f32>, %m: tensor<2x1xi1>) -> (tensor<2x3xf32>, tensor<2x3xf32>, tensor<2x3xf32>, tensor<2x3xf32>, tensor<2x3xf32>, tensor<2x3xf32>, tensor<2x3xf32>) {
  // CHECK: nn.unary_backward relu %{{.*}}, %{{.*}} {from_result} : tensor<2x3xf32>
  %0 = nn.unary_backward relu %g, %x {from_result} : tensor<2x3xf32>
  // CHECK: nn.unary_backward leaky_relu %{{.*}}, %{{.*}} {alpha = 2.000000e-01 : f64} : tensor<2x3xf32>
  %1 = nn.unary_backward leaky_relu %g, %x {alpha = 0.2 : f64} : tensor<2x3xf32>
  // CHECK: nn.binary_backward pow %{{.*}}, %{{.*}}, %{{.*}} : tensor<2x3xf32>, tensor<2x3xf32>, tensor<3xf32>
  %2:2 = nn.binary_backward pow %g, %x, %r : tensor<2x3xf32>, tensor<2x3xf32>, tensor<3xf32>
  // CHECK: nn.loss_backward bce_with_logits %{{.*}}, %{{.*}}, %{{.*}} : tensor<2x3xf32>, tensor<f32>
  %3:2 = nn.loss_backward bce_with_logits %x, %g, %s : tensor<2x3xf32>, tensor<f32>
  // CHECK: nn.mask_backward %{{.*}}, %{{.*}} : tensor<2x3xf32>, tensor<2x1xi1>
  %4 = nn.mask_backward %g, %m : tensor<2x3xf32>, tensor<2x1xi1>
  // CHECK: nn.eq_mask %{{.*}}, %{{.*}} : tensor<2x3xf32>, tensor<3xf32>
  %5 = nn.eq_mask %x, %r : tensor<2x3xf32>, tensor<3xf32>
  return %0, %1, %2#0, %3#0, %3#1, %4, %5 : tensor<2x3xf32>, tensor<2x3xf32>, tensor<2x3xf32>, tensor<2x3xf32>, tensor<2x3xf32>, tensor<2x3xf32>, tensor<2x3xf32>
}

// CHECK-LABEL: func.func @shape(
func.func @shape(%i: tensor<?xi64>, %x: tensor<?x4xf32>, %c: tensor<1x4xf32>, %seed: tensor<i64>) -> (tensor<?x4xf32>, tensor<f32>, tensor<?x4xf32>, tensor<?x4xf32>) {
  // CHECK: nn.one_hot %{{.*}} : (tensor<?xi64>) -> tensor<?x4xf32>
  %0 = nn.one_hot %i : (tensor<?xi64>) -> tensor<?x4xf32>
  // CHECK: nn.numel %{{.*}} {axes = array<i64: 0>} : (tensor<?x4xf32>) -> tensor<f32>
  %1 = nn.numel %x {axes = array<i64: 0>} : (tensor<?x4xf32>) -> tensor<f32>
  // CHECK: nn.broadcast %{{.*}}, %{{.*}} : (tensor<1x4xf32>, tensor<?x4xf32>) -> tensor<?x4xf32>
  %2 = nn.broadcast %c, %x : (tensor<1x4xf32>, tensor<?x4xf32>) -> tensor<?x4xf32>
  // CHECK: nn.dropout_mask %{{.*}}, %{{.*}} {rate = 5.000000e-01 : f64, stream = 3 : i64} : (tensor<?x4xf32>, tensor<i64>) -> tensor<?x4xf32>
  %3 = nn.dropout_mask %x, %seed {rate = 0.5 : f64, stream = 3 : i64} : (tensor<?x4xf32>, tensor<i64>) -> tensor<?x4xf32>
  return %0, %1, %2, %3 : tensor<?x4xf32>, tensor<f32>, tensor<?x4xf32>, tensor<?x4xf32>
}

// CHECK-LABEL: func.func @windowed(
func.func @windowed(%dy: tensor<?x4x3x3xf32>, %x: tensor<?x2x6x6xf32>, %w: tensor<4x1x3x3xf32>, %y: tensor<?x2x3x3xf32>, %gy: tensor<?x2x1x1xf32>) -> (tensor<?x2x6x6xf32>, tensor<4x1x3x3xf32>, tensor<?x2x6x6xf32>, tensor<?x2x6x6xf32>, tensor<?x2x6x6xf32>) {
  // CHECK: nn.conv_backward_input %{{.*}}, %{{.*}} {groups = 2 : i64, padding = array<i64: 1, 1, 1, 1>, strides = array<i64: 2, 2>} : (tensor<?x4x3x3xf32>, tensor<4x1x3x3xf32>) -> tensor<?x2x6x6xf32>
  %0 = nn.conv_backward_input %dy, %w {groups = 2 : i64, padding = array<i64: 1, 1, 1, 1>, strides = array<i64: 2, 2>} : (tensor<?x4x3x3xf32>, tensor<4x1x3x3xf32>) -> tensor<?x2x6x6xf32>
  // CHECK: nn.conv_backward_weight %{{.*}}, %{{.*}} {groups = 2 : i64, padding = array<i64: 1, 1, 1, 1>, strides = array<i64: 2, 2>} : (tensor<?x4x3x3xf32>, tensor<?x2x6x6xf32>) -> tensor<4x1x3x3xf32>
  %1 = nn.conv_backward_weight %dy, %x {groups = 2 : i64, padding = array<i64: 1, 1, 1, 1>, strides = array<i64: 2, 2>} : (tensor<?x4x3x3xf32>, tensor<?x2x6x6xf32>) -> tensor<4x1x3x3xf32>
  // CHECK: nn.pool_backward max %{{.*}}, %{{.*}}, %{{.*}} {kernel_shape = array<i64: 2, 2>, strides = array<i64: 2, 2>} : (tensor<?x2x3x3xf32>, tensor<?x2x6x6xf32>, tensor<?x2x3x3xf32>) -> tensor<?x2x6x6xf32>
  %2 = nn.pool_backward max %y, %x, %y {kernel_shape = array<i64: 2, 2>, strides = array<i64: 2, 2>} : (tensor<?x2x3x3xf32>, tensor<?x2x6x6xf32>, tensor<?x2x3x3xf32>) -> tensor<?x2x6x6xf32>
  // CHECK: nn.pool_backward avg %{{.*}} {count_include_pad, kernel_shape = array<i64: 2, 2>, strides = array<i64: 2, 2>} : (tensor<?x2x3x3xf32>) -> tensor<?x2x6x6xf32>
  %3 = nn.pool_backward avg %y {kernel_shape = array<i64: 2, 2>, strides = array<i64: 2, 2>, count_include_pad} : (tensor<?x2x3x3xf32>) -> tensor<?x2x6x6xf32>
  // CHECK: nn.global_pool_backward avg %{{.*}}, %{{.*}} : (tensor<?x2x1x1xf32>, tensor<?x2x6x6xf32>) -> tensor<?x2x6x6xf32>
  %4 = nn.global_pool_backward avg %gy, %x : (tensor<?x2x1x1xf32>, tensor<?x2x6x6xf32>) -> tensor<?x2x6x6xf32>
  return %0, %1, %2, %3, %4 : tensor<?x2x6x6xf32>, tensor<4x1x3x3xf32>, tensor<?x2x6x6xf32>, tensor<?x2x6x6xf32>, tensor<?x2x6x6xf32>
}

// CHECK-LABEL: func.func @embedding(
func.func @embedding(%g: tensor<2x3x4xf32>, %i: tensor<2x3xi64>) -> tensor<5x4xf32> {
  // CHECK: nn.embedding_backward %{{.*}}, %{{.*}} {wrap_negative} : (tensor<2x3x4xf32>, tensor<2x3xi64>) -> tensor<5x4xf32>
  %0 = nn.embedding_backward %g, %i {wrap_negative} : (tensor<2x3x4xf32>, tensor<2x3xi64>) -> tensor<5x4xf32>
  return %0 : tensor<5x4xf32>
}
