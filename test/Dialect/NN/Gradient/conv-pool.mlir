// RUN: nnc-opt %s --nn-derive-backward=wrt-inputs=true | FileCheck %s

// The conv / pool / global_pool / embedding gradient rules
// (lib/Dialect/NN/Gradient/{Linear,Structural,Sequence}Gradients.cpp) emit
// the nn backward ops, so @f_grad stays nn-level IR; the lowering of those
// ops is checked in test/Conversion/NNToLinalg/backward.mlir and
// the numerics by test/Integration/gradients/cases_{linear,structural,sequence}.py.

// CHECK-LABEL: func.func @f(
func.func @f(%x: tensor<?x2x6x6xf32>) -> tensor<f32> {
  %w = arith.constant dense<0.5> : tensor<4x1x3x3xf32>
  %b = arith.constant dense<0.1> : tensor<4xf32>
  %c = nn.conv %x, %w, %b {activation = #nn.activation<relu>, padding = array<i64: 1, 1, 1, 1>, groups = 2 : i64} : (tensor<?x2x6x6xf32>, tensor<4x1x3x3xf32>, tensor<4xf32>) -> tensor<?x4x6x6xf32>
  %p = nn.pool max %c {kernel_shape = array<i64: 2, 2>, strides = array<i64: 2, 2>} : (tensor<?x4x6x6xf32>) -> tensor<?x4x3x3xf32>
  %a = nn.pool avg %p {kernel_shape = array<i64: 2, 2>, padding = array<i64: 0, 0, 1, 1>, ceil_mode} : (tensor<?x4x3x3xf32>) -> tensor<?x4x3x3xf32>
  %g = nn.global_pool avg %a : (tensor<?x4x3x3xf32>) -> tensor<?x4x1x1xf32>
  %l = nn.reduce mean %g {axes = array<i64: 0, 1, 2, 3>} : (tensor<?x4x1x1xf32>) -> tensor<f32>
  return %l : tensor<f32>
}

// CHECK-LABEL: func.func @f_grad(
// CHECK-SAME: %[[X:[a-z0-9]+]]: tensor<?x2x6x6xf32>, %[[W:[a-z0-9]+]]: tensor<4x1x3x3xf32>
// CHECK-SAME: -> (tensor<f32>, tensor<4x1x3x3xf32>, tensor<4xf32>, tensor<?x2x6x6xf32>)
// CHECK: %[[CONV:.*]] = nn.conv %[[X]], %[[W]]
// CHECK: %[[RELU:.*]] = nn.relu %[[CONV]]
// CHECK: %[[MAX:.*]] = nn.pool max %[[RELU]]
// CHECK: %[[AVG:.*]] = nn.pool avg %[[MAX]]
// CHECK: %[[GLOBAL:.*]] = nn.global_pool avg %[[AVG]]
// CHECK-NOT: linalg.
// CHECK-NOT: tensor.
// CHECK: %[[DAVG:.*]] = nn.global_pool_backward avg %{{.*}}, %[[AVG]] : (tensor<?x4x1x1xf32>, tensor<?x4x3x3xf32>) -> tensor<?x4x3x3xf32>
// CHECK: %[[DMAX:.*]] = nn.pool_backward avg %[[DAVG]] {ceil_mode, kernel_shape = array<i64: 2, 2>, padding = array<i64: 0, 0, 1, 1>} : (tensor<?x4x3x3xf32>) -> tensor<?x4x3x3xf32>
// CHECK: %[[DRELU:.*]] = nn.pool_backward max %[[DMAX]], %[[RELU]], %[[MAX]] {kernel_shape = array<i64: 2, 2>, strides = array<i64: 2, 2>}
// CHECK: %[[DY:.*]] = nn.unary_backward relu %[[DRELU]], %[[RELU]] {from_result}
// CHECK: %[[DX:.*]] = nn.conv_backward_input %[[DY]], %[[W]] {groups = 2 : i64, padding = array<i64: 1, 1, 1, 1>} : (tensor<?x4x6x6xf32>, tensor<4x1x3x3xf32>) -> tensor<?x2x6x6xf32>
// CHECK: %[[DW:.*]] = nn.conv_backward_weight %[[DY]], %[[X]] {groups = 2 : i64, padding = array<i64: 1, 1, 1, 1>} : (tensor<?x4x6x6xf32>, tensor<?x2x6x6xf32>) -> tensor<4x1x3x3xf32>
// CHECK: %[[DB:.*]] = nn.reduce sum %[[DY]] {axes = array<i64: 0, 2, 3>}
// CHECK: return %{{.*}}, %[[DW]], %[[DB]], %[[DX]]

// CHECK-LABEL: func.func @f_init(

// CHECK-LABEL: func.func @emb(
func.func @emb(%i: tensor<2x3xi64>) -> tensor<f32> {
  %t = arith.constant dense<0.25> : tensor<5x4xf32>
  %e = nn.embedding %i, %t : (tensor<2x3xi64>, tensor<5x4xf32>) -> tensor<2x3x4xf32>
  %m = nn.global_pool max %e : (tensor<2x3x4xf32>) -> tensor<2x3x1xf32>
  %l = nn.reduce sum %m {axes = array<i64: 0, 1, 2>} : (tensor<2x3x1xf32>) -> tensor<f32>
  return %l : tensor<f32>
}

// CHECK-LABEL: func.func @emb_grad(
// CHECK-SAME: %[[I:[a-z0-9]+]]: tensor<2x3xi64>, %[[T:[a-z0-9]+]]: tensor<5x4xf32>
// CHECK-SAME: -> (tensor<f32>, tensor<5x4xf32>)
// CHECK: %[[E:.*]] = nn.embedding %[[I]], %[[T]]
// CHECK: %[[M:.*]] = nn.global_pool max %[[E]]
// CHECK: %[[DE:.*]] = nn.global_pool_backward max %{{.*}}, %[[E]], %[[M]] : (tensor<2x3x1xf32>, tensor<2x3x4xf32>, tensor<2x3x1xf32>) -> tensor<2x3x4xf32>
// CHECK: %[[DT:.*]] = nn.embedding_backward %[[DE]], %[[I]] : (tensor<2x3x4xf32>, tensor<2x3xi64>) -> tensor<5x4xf32>
// CHECK: return %{{.*}}, %[[DT]] : tensor<f32>, tensor<5x4xf32>

// CHECK-LABEL: func.func @emb_init(
