// RUN: nnc-opt %s -split-input-file -verify-diagnostics

// Verifier errors of the backward ops (NNBackwardOps.td).

func.func @unary_from_result(%g: tensor<2xf32>) {
  // expected-error @+1 {{'nn.unary_backward' op from_result is not supported for gelu (its derivative reads the input)}}
  %0 = nn.unary_backward gelu %g, %g {from_result} : tensor<2xf32>
  return
}

// -----

func.func @unary_alpha(%g: tensor<2xf32>) {
  // expected-error @+1 {{'nn.unary_backward' op alpha is only an attribute of leaky_relu, elu and hard_sigmoid}}
  %0 = nn.unary_backward relu %g, %g {alpha = 0.1 : f64} : tensor<2xf32>
  return
}

// -----

func.func @unary_beta(%g: tensor<2xf32>) {
  // expected-error @+1 {{'nn.unary_backward' op beta is only an attribute of softplus and hard_sigmoid}}
  %0 = nn.unary_backward elu %g, %g {beta = 2.0 : f64} : tensor<2xf32>
  return
}

// -----

func.func @unary_threshold(%g: tensor<2xf32>) {
  // expected-error @+1 {{'nn.unary_backward' op threshold is only an attribute of softplus}}
  %0 = nn.unary_backward hard_sigmoid %g, %g {threshold = 2.0 : f64} : tensor<2xf32>
  return
}

// -----

func.func @binary_broadcast(%g: tensor<2x3xf32>, %r: tensor<4xf32>) {
  // expected-error @+1 {{'nn.binary_backward' op rhs shape [4] and grad shape [2, 3] are not broadcast-compatible: dimension -1 is 4 vs 3}}
  %0:2 = nn.binary_backward mul %g, %g, %r : tensor<2x3xf32>, tensor<2x3xf32>, tensor<4xf32>
  return
}

// -----

func.func @binary_grows(%g: tensor<3xf32>, %r: tensor<2x3xf32>) {
  // expected-error @+1 {{'nn.binary_backward' op rhs shape [2, 3] does not broadcast to the grad shape [3]}}
  %0:2 = nn.binary_backward mul %g, %g, %r : tensor<3xf32>, tensor<3xf32>, tensor<2x3xf32>
  return
}

// -----

func.func @loss_scale(%x: tensor<2x3xf32>, %s: tensor<2xf32>) {
  // expected-error @+1 {{'nn.loss_backward' op scale shape [2] and input shape [2, 3] are not broadcast-compatible: dimension -1 is 2 vs 3}}
  %0:2 = nn.loss_backward mse %x, %x, %s : tensor<2x3xf32>, tensor<2xf32>
  return
}

// -----

func.func @one_hot_classes(%i: tensor<4xi64>) {
  // expected-error @+1 {{'nn.one_hot' op result needs a static class count >= 1, got 'tensor<4x?xf32>'}}
  %0 = nn.one_hot %i : (tensor<4xi64>) -> tensor<4x?xf32>
  return
}

// -----

func.func @one_hot_rows(%i: tensor<4xi64>) {
  // expected-error @+1 {{'nn.one_hot' op indices shape [4] does not match the result rows: expected [3]}}
  %0 = nn.one_hot %i : (tensor<4xi64>) -> tensor<3x2xf32>
  return
}

// -----

func.func @numel_axis(%x: tensor<2x3xf32>) {
  // expected-error @+1 {{'nn.numel' op axis 2 is out of range for rank 2: expected a value in [-2, 1]}}
  %0 = nn.numel %x {axes = array<i64: 2>} : (tensor<2x3xf32>) -> tensor<f32>
  return
}

// -----

func.func @numel_twice(%x: tensor<2x3xf32>) {
  // expected-error @+1 {{'nn.numel' op axis -1 is listed twice}}
  %0 = nn.numel %x {axes = array<i64: 1, -1>} : (tensor<2x3xf32>) -> tensor<f32>
  return
}

// -----

func.func @broadcast_shape(%x: tensor<2xf32>, %l: tensor<3x3xf32>) {
  // expected-error @+1 {{'nn.broadcast' op input shape [2] and like shape [3, 3] are not broadcast-compatible: dimension -1 is 2 vs 3}}
  %0 = nn.broadcast %x, %l : (tensor<2xf32>, tensor<3x3xf32>) -> tensor<3x3xf32>
  return
}

// -----

func.func @mask_shape(%g: tensor<2x3xf32>, %m: tensor<3x1xi1>) {
  // expected-error @+1 {{'nn.mask_backward' op mask shape [3, 1] and grad shape [2, 3] are not broadcast-compatible: dimension -2 is 3 vs 2}}
  %0 = nn.mask_backward %g, %m : tensor<2x3xf32>, tensor<3x1xi1>
  return
}

// -----

func.func @eq_mask_shape(%x: tensor<2x3xf32>, %e: tensor<2xf32>) {
  // expected-error @+1 {{'nn.eq_mask' op extremum shape [2] and input shape [2, 3] are not broadcast-compatible: dimension -1 is 2 vs 3}}
  %0 = nn.eq_mask %x, %e : tensor<2x3xf32>, tensor<2xf32>
  return
}

// -----

func.func @dropout_rate(%x: tensor<2x3xf32>, %s: tensor<i64>) {
  // expected-error @+1 {{'nn.dropout_mask' op rate must be in [0, 1), got 1.000000e+00}}
  %0 = nn.dropout_mask %x, %s {rate = 1.0 : f64, stream = 1 : i64} : (tensor<2x3xf32>, tensor<i64>) -> tensor<2x3xf32>
  return
}

// -----

func.func @dropout_shape(%x: tensor<2x3xf32>, %s: tensor<i64>) {
  // expected-error @+1 {{'nn.dropout_mask' op result shape [3, 2] does not match like: expected [2, 3]}}
  %0 = nn.dropout_mask %x, %s {rate = 0.5 : f64, stream = 1 : i64} : (tensor<2x3xf32>, tensor<i64>) -> tensor<3x2xf32>
  return
}

// -----

func.func @pool_max_operands(%g: tensor<1x2x3x3xf32>) {
  // expected-error @+1 {{'nn.pool_backward' op max needs the forward input and output}}
  %0 = nn.pool_backward max %g {kernel_shape = array<i64: 2, 2>, strides = array<i64: 2, 2>} : (tensor<1x2x3x3xf32>) -> tensor<1x2x6x6xf32>
  return
}

// -----

func.func @pool_window(%g: tensor<1x2x4x4xf32>) {
  // expected-error @+1 {{'nn.pool_backward' op grad shape [1, 2, 4, 4] does not match the forward window: expected [1, 2, 3, 3]}}
  %0 = nn.pool_backward avg %g {kernel_shape = array<i64: 2, 2>, strides = array<i64: 2, 2>} : (tensor<1x2x4x4xf32>) -> tensor<1x2x6x6xf32>
  return
}

// -----

func.func @pool_rank(%g: tensor<1x2x3x3xf32>) {
  // expected-error @+1 {{'nn.pool_backward' op result must be [N, C, L] or [N, C, H, W] with one kernel size per spatial dimension, got 'tensor<1x2x6x6xf32>'}}
  %0 = nn.pool_backward avg %g {kernel_shape = array<i64: 2>} : (tensor<1x2x3x3xf32>) -> tensor<1x2x6x6xf32>
  return
}

// -----

func.func @global_pool_output(%g: tensor<1x2x1x1xf32>, %x: tensor<1x2x4x4xf32>) {
  // expected-error @+1 {{'nn.global_pool_backward' op max needs the forward output}}
  %0 = nn.global_pool_backward max %g, %x : (tensor<1x2x1x1xf32>, tensor<1x2x4x4xf32>) -> tensor<1x2x4x4xf32>
  return
}

// -----

func.func @global_pool_grad(%g: tensor<1x2x4x1xf32>, %x: tensor<1x2x4x4xf32>) {
  // expected-error @+1 {{'nn.global_pool_backward' op grad shape [1, 2, 4, 1] does not match the input: expected [1, 2, 1, 1]}}
  %0 = nn.global_pool_backward avg %g, %x : (tensor<1x2x4x1xf32>, tensor<1x2x4x4xf32>) -> tensor<1x2x4x4xf32>
  return
}

// -----

func.func @conv_groups(%g: tensor<1x4x4x4xf32>, %w: tensor<4x3x3x3xf32>) {
  // expected-error @+1 {{'nn.conv_backward_input' op groups 2 do not fit input channels 3 and weight [4, 3, 3, 3]}}
  %0 = nn.conv_backward_input %g, %w {groups = 2 : i64} : (tensor<1x4x4x4xf32>, tensor<4x3x3x3xf32>) -> tensor<1x3x6x6xf32>
  return
}

// -----

func.func @conv_window(%g: tensor<1x4x5x5xf32>, %x: tensor<1x3x6x6xf32>) {
  // expected-error @+1 {{'nn.conv_backward_weight' op grad shape [1, 4, 5, 5] does not match the forward window: expected [1, 4, 4, 4]}}
  %0 = nn.conv_backward_weight %g, %x : (tensor<1x4x5x5xf32>, tensor<1x3x6x6xf32>) -> tensor<4x3x3x3xf32>
  return
}

// -----

func.func @conv_dynamic(%g: tensor<1x4x4x4xf32>, %x: tensor<1x3x?x6xf32>) {
  // expected-error @+1 {{'nn.conv_backward_weight' op only the batch dimension may be dynamic, got input [1, 3, ?, 6] and weight [4, 3, 3, 3]}}
  %0 = nn.conv_backward_weight %g, %x : (tensor<1x4x4x4xf32>, tensor<1x3x?x6xf32>) -> tensor<4x3x3x3xf32>
  return
}

// -----

func.func @embedding_rows(%g: tensor<2x4xf32>, %i: tensor<2xi64>) {
  // expected-error @+1 {{'nn.embedding_backward' op result needs a static number of rows, got 'tensor<?x4xf32>'}}
  %0 = nn.embedding_backward %g, %i : (tensor<2x4xf32>, tensor<2xi64>) -> tensor<?x4xf32>
  return
}

// -----

func.func @embedding_grad(%g: tensor<2x5xf32>, %i: tensor<2xi64>) {
  // expected-error @+1 {{'nn.embedding_backward' op grad shape [2, 5] does not match the indices and the table width: expected [2, 4]}}
  %0 = nn.embedding_backward %g, %i : (tensor<2x5xf32>, tensor<2xi64>) -> tensor<7x4xf32>
  return
}
