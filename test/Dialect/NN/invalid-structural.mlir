// RUN: nnc-opt %s -split-input-file -verify-diagnostics

// Verifier errors of the structural ops (pool, global_pool, flatten,
// reshape, transpose, concat, split, reduce, dropout).

//===----------------------------------------------------------------------===//
// nn.pool
//===----------------------------------------------------------------------===//

func.func @pool_input_rank(%x: tensor<4x16xf32>) {
  // expected-error @+1 {{'nn.pool' op input must be [N, C, L] or [N, C, H, W], got shape [4, 16]}}
  %0 = nn.pool max %x {kernel_shape = array<i64: 2>} : (tensor<4x16xf32>) -> tensor<4x15xf32>
  return
}

// -----

func.func @pool_kernel_size(%x: tensor<1x3x8x8xf32>) {
  // expected-error @+1 {{'nn.pool' op kernel_shape must have 2 entries, got 1}}
  %0 = nn.pool max %x {kernel_shape = array<i64: 2>} : (tensor<1x3x8x8xf32>) -> tensor<1x3x4x4xf32>
  return
}

// -----

func.func @pool_kernel_zero(%x: tensor<1x3x8x8xf32>) {
  // expected-error @+1 {{'nn.pool' op kernel_shape [2, 0] must be >= 1}}
  %0 = nn.pool avg %x {kernel_shape = array<i64: 2, 0>} : (tensor<1x3x8x8xf32>) -> tensor<1x3x7x8xf32>
  return
}

// -----

func.func @pool_padding_kernel(%x: tensor<1x3x8x8xf32>) {
  // expected-error @+1 {{'nn.pool' op padding [0, 0, 2, 0] must be smaller than kernel_shape [2, 2]}}
  %0 = nn.pool max %x {kernel_shape = array<i64: 2, 2>, padding = array<i64: 0, 0, 2, 0>} : (tensor<1x3x8x8xf32>) -> tensor<1x3x9x7xf32>
  return
}

// -----

func.func @pool_strides_size(%x: tensor<1x3x8xf32>) {
  // expected-error @+1 {{'nn.pool' op strides must have 1 entries, got 2}}
  %0 = nn.pool max %x {kernel_shape = array<i64: 2>, strides = array<i64: 2, 2>} : (tensor<1x3x8xf32>) -> tensor<1x3x4xf32>
  return
}

// -----

func.func @pool_strides_zero(%x: tensor<1x3x8xf32>) {
  // expected-error @+1 {{'nn.pool' op strides [0] must be >= 1}}
  %0 = nn.pool max %x {kernel_shape = array<i64: 2>, strides = array<i64: 0>} : (tensor<1x3x8xf32>) -> tensor<1x3x4xf32>
  return
}

// -----

func.func @pool_padding_size(%x: tensor<1x3x8x8xf32>) {
  // expected-error @+1 {{'nn.pool' op padding must have 4 entries, got 2}}
  %0 = nn.pool max %x {kernel_shape = array<i64: 3, 3>, padding = array<i64: 1, 1>} : (tensor<1x3x8x8xf32>) -> tensor<1x3x8x8xf32>
  return
}

// -----

func.func @pool_padding_negative(%x: tensor<1x3x8xf32>) {
  // expected-error @+1 {{'nn.pool' op padding [-1, 0] must be >= 0}}
  %0 = nn.pool max %x {kernel_shape = array<i64: 2>, padding = array<i64: -1, 0>} : (tensor<1x3x8xf32>) -> tensor<1x3x6xf32>
  return
}

// -----

func.func @pool_window_too_large(%x: tensor<1x3x8x2xf32>) {
  // expected-error @+1 {{'nn.pool' op window of size 3 (dilation 1) does not fit spatial dimension 1 of size 2 with padding 0+0}}
  %0 = nn.pool max %x {kernel_shape = array<i64: 3, 3>} : (tensor<1x3x8x2xf32>) -> tensor<1x3x6x1xf32>
  return
}

// -----

func.func @pool_result_type(%x: tensor<1x3x8x8xf32>) {
  // expected-error @+1 {{'nn.pool' op result type tensor<1x3x8x8xf32> does not match the operands: expected tensor<1x3x4x4xf32>}}
  %0 = nn.pool max %x {kernel_shape = array<i64: 2, 2>, strides = array<i64: 2, 2>} : (tensor<1x3x8x8xf32>) -> tensor<1x3x8x8xf32>
  return
}

// -----

func.func @pool_missing_kernel(%x: tensor<1x3x8x8xf32>) {
  // expected-error @+1 {{'nn.pool' op requires attribute 'kernel_shape'}}
  %0 = nn.pool max %x : (tensor<1x3x8x8xf32>) -> tensor<1x3x8x8xf32>
  return
}

// -----

// An unknown enum case is a parse error.
func.func @pool_kind(%x: tensor<1x3x8x8xf32>) {
  // expected-error @+2 {{custom op 'nn.pool' expected ::nnc::nn::PoolKind to be one of: max, avg}}
  // expected-error @+1 {{custom op 'nn.pool' failed to parse NN_PoolKindAttr parameter 'value' which is to be a `::nnc::nn::PoolKind`}}
  %0 = nn.pool sum %x {kernel_shape = array<i64: 2, 2>} : (tensor<1x3x8x8xf32>) -> tensor<1x3x7x7xf32>
  return
}

//===----------------------------------------------------------------------===//
// nn.global_pool
//===----------------------------------------------------------------------===//

// -----

func.func @global_pool_rank(%x: tensor<4x16xf32>) {
  // expected-error @+1 {{'nn.global_pool' op input must be [N, C, spatial...] with rank >= 3, got [4, 16]}}
  %0 = nn.global_pool avg %x : (tensor<4x16xf32>) -> tensor<4x16xf32>
  return
}

// -----

func.func @global_pool_result_type(%x: tensor<4x16x7x7xf32>) {
  // expected-error @+1 {{'nn.global_pool' op result type tensor<4x16xf32> does not match the operands: expected tensor<4x16x1x1xf32>}}
  %0 = nn.global_pool avg %x : (tensor<4x16x7x7xf32>) -> tensor<4x16xf32>
  return
}

//===----------------------------------------------------------------------===//
// nn.flatten
//===----------------------------------------------------------------------===//

// -----

// The axis may equal the rank (everything in the rows), not exceed it.
func.func @flatten_axis(%x: tensor<2x3x4xf32>) {
  // expected-error @+1 {{'nn.flatten' op axis 4 is out of range for rank 3: expected a value in [-3, 3]}}
  %0 = nn.flatten %x {axis = 4 : i64} : (tensor<2x3x4xf32>) -> tensor<24x1xf32>
  return
}

// -----

func.func @flatten_axis_negative(%x: tensor<2x3x4xf32>) {
  // expected-error @+1 {{'nn.flatten' op axis -4 is out of range for rank 3: expected a value in [-3, 3]}}
  %0 = nn.flatten %x {axis = -4 : i64} : (tensor<2x3x4xf32>) -> tensor<1x24xf32>
  return
}

// -----

func.func @flatten_result_type(%x: tensor<2x3x4xf32>) {
  // expected-error @+1 {{'nn.flatten' op result type tensor<2x3x4xf32> does not match the operands: expected tensor<2x12xf32>}}
  %0 = nn.flatten %x : (tensor<2x3x4xf32>) -> tensor<2x3x4xf32>
  return
}

//===----------------------------------------------------------------------===//
// nn.reshape
//===----------------------------------------------------------------------===//

// -----

func.func @reshape_element_type(%x: tensor<2x3xf32>) {
  // expected-error @+1 {{'nn.reshape' op result element type must match the input}}
  %0 = nn.reshape %x : (tensor<2x3xf32>) -> tensor<6xf16>
  return
}

// -----

func.func @reshape_count(%x: tensor<2x3x4xf32>) {
  // expected-error @+1 {{'nn.reshape' op cannot reshape [2, 3, 4] (24 elements) to [5, 5] (25 elements)}}
  %0 = nn.reshape %x : (tensor<2x3x4xf32>) -> tensor<5x5xf32>
  return
}

// -----

func.func @reshape_static_to_dynamic(%x: tensor<2x3x4xf32>) {
  // expected-error @+1 {{'nn.reshape' op cannot reshape [2, 3, 4] to [?, 5]: the static dimensions are inconsistent}}
  %0 = nn.reshape %x : (tensor<2x3x4xf32>) -> tensor<?x5xf32>
  return
}

// -----

func.func @reshape_dynamic_to_static(%x: tensor<?x5xf32>) {
  // expected-error @+1 {{'nn.reshape' op cannot reshape [?, 5] to [2, 6]: the static dimensions are inconsistent}}
  %0 = nn.reshape %x : (tensor<?x5xf32>) -> tensor<2x6xf32>
  return
}

// -----

// A static zero dimension means no elements, whatever the dynamic ones are.
func.func @reshape_empty_to_static(%x: tensor<?x0xf32>) {
  // expected-error @+1 {{'nn.reshape' op cannot reshape [?, 0] to [6]: the static dimensions are inconsistent}}
  %0 = nn.reshape %x : (tensor<?x0xf32>) -> tensor<6xf32>
  return
}

// -----

func.func @reshape_static_to_empty(%x: tensor<6xf32>) {
  // expected-error @+1 {{'nn.reshape' op cannot reshape [6] to [?, 0]: the static dimensions are inconsistent}}
  %0 = nn.reshape %x : (tensor<6xf32>) -> tensor<?x0xf32>
  return
}

//===----------------------------------------------------------------------===//
// nn.transpose
//===----------------------------------------------------------------------===//

// -----

func.func @transpose_length(%x: tensor<2x3x4xf32>) {
  // expected-error @+1 {{'nn.transpose' op permutation [1, 0] is not a permutation of the 3 input dimensions}}
  %0 = nn.transpose %x {permutation = array<i64: 1, 0>} : (tensor<2x3x4xf32>) -> tensor<3x2xf32>
  return
}

// -----

func.func @transpose_repeated(%x: tensor<2x3x4xf32>) {
  // expected-error @+1 {{'nn.transpose' op permutation [0, 2, 0] is not a permutation of the 3 input dimensions}}
  %0 = nn.transpose %x {permutation = array<i64: 0, 2, 0>} : (tensor<2x3x4xf32>) -> tensor<2x4x2xf32>
  return
}

// -----

func.func @transpose_out_of_range(%x: tensor<2x3xf32>) {
  // expected-error @+1 {{'nn.transpose' op permutation [2, -1] is not a permutation of the 2 input dimensions}}
  %0 = nn.transpose %x {permutation = array<i64: 2, -1>} : (tensor<2x3xf32>) -> tensor<3x2xf32>
  return
}

// -----

func.func @transpose_result_type(%x: tensor<2x3xf32>) {
  // expected-error @+1 {{'nn.transpose' op result type tensor<2x3xf32> does not match the operands: expected tensor<3x2xf32>}}
  %0 = nn.transpose %x {permutation = array<i64: 1, 0>} : (tensor<2x3xf32>) -> tensor<2x3xf32>
  return
}

//===----------------------------------------------------------------------===//
// nn.concat
//===----------------------------------------------------------------------===//

// -----

func.func @concat_empty() {
  // expected-error @+1 {{'nn.concat' op expected at least one input}}
  %0 = nn.concat {axis = 0 : i64} : () -> tensor<1xf32>
  return
}

// -----

func.func @concat_rank0(%a: tensor<f32>) {
  // expected-error @+1 {{'nn.concat' op inputs must be ranked tensors of rank >= 1}}
  %0 = nn.concat %a, %a {axis = 0 : i64} : (tensor<f32>, tensor<f32>) -> tensor<2xf32>
  return
}

// -----

func.func @concat_axis(%a: tensor<2x3xf32>) {
  // expected-error @+1 {{'nn.concat' op axis 2 is out of range for rank 2: expected a value in [-2, 1]}}
  %0 = nn.concat %a, %a {axis = 2 : i64} : (tensor<2x3xf32>, tensor<2x3xf32>) -> tensor<2x6xf32>
  return
}

// -----

func.func @concat_shape(%a: tensor<2x3xf32>, %b: tensor<4x5xf32>) {
  // expected-error @+1 {{'nn.concat' op input 1 shape [4, 5] does not match input 0 outside axis 1: expected [2, 5]}}
  %0 = nn.concat %a, %b {axis = 1 : i64} : (tensor<2x3xf32>, tensor<4x5xf32>) -> tensor<2x8xf32>
  return
}

// -----

// The index names the offending input; "?" stands for any size on the axis.
func.func @concat_rank(%a: tensor<2x3xf32>, %b: tensor<4xf32>) {
  // expected-error @+1 {{'nn.concat' op input 2 shape [4] does not match input 0 outside axis 1: expected [2, ?]}}
  %0 = nn.concat %a, %a, %b {axis = 1 : i64} : (tensor<2x3xf32>, tensor<2x3xf32>, tensor<4xf32>) -> tensor<2x10xf32>
  return
}

// -----

func.func @concat_element_type(%a: tensor<2x3xf32>, %b: tensor<2x5xf16>) {
  // expected-error @+1 {{'nn.concat' op input 1 element type 'f16' does not match the input element type 'f32'}}
  %0 = nn.concat %a, %b {axis = 1 : i64} : (tensor<2x3xf32>, tensor<2x5xf16>) -> tensor<2x8xf32>
  return
}

// -----

func.func @concat_result_type(%a: tensor<2x3xf32>, %b: tensor<2x5xf32>) {
  // expected-error @+1 {{'nn.concat' op result type tensor<2x15xf32> does not match the operands: expected tensor<2x8xf32>}}
  %0 = nn.concat %a, %b {axis = 1 : i64} : (tensor<2x3xf32>, tensor<2x5xf32>) -> tensor<2x15xf32>
  return
}

//===----------------------------------------------------------------------===//
// nn.split
//===----------------------------------------------------------------------===//

// -----

func.func @split_rank0(%x: tensor<f32>) {
  // expected-error @+1 {{'nn.split' op input must be a ranked tensor of rank >= 1}}
  %0 = nn.split %x {axis = 0 : i64, sizes = array<i64: 1>} : (tensor<f32>) -> tensor<f32>
  return
}

// -----

func.func @split_axis(%x: tensor<4x8xf32>) {
  // expected-error @+1 {{'nn.split' op axis -3 is out of range for rank 2: expected a value in [-2, 1]}}
  %0:2 = nn.split %x {axis = -3 : i64, sizes = array<i64: 2, 2>} : (tensor<4x8xf32>) -> (tensor<2x8xf32>, tensor<2x8xf32>)
  return
}

// -----

func.func @split_sizes_empty(%x: tensor<4x8xf32>) {
  // expected-error @+1 {{'nn.split' op sizes must not be empty}}
  nn.split %x {axis = 0 : i64, sizes = array<i64>} : (tensor<4x8xf32>) -> ()
  return
}

// -----

func.func @split_sizes_zero(%x: tensor<4x8xf32>) {
  // expected-error @+1 {{'nn.split' op sizes [4, 0] must be >= 1}}
  %0:2 = nn.split %x {axis = 0 : i64, sizes = array<i64: 4, 0>} : (tensor<4x8xf32>) -> (tensor<4x8xf32>, tensor<0x8xf32>)
  return
}

// -----

func.func @split_sizes_sum(%x: tensor<4x8xf32>) {
  // expected-error @+1 {{'nn.split' op sizes [3, 3] sum to 6 but dimension 1 of input shape [4, 8] has size 8}}
  %0:2 = nn.split %x {axis = 1 : i64, sizes = array<i64: 3, 3>} : (tensor<4x8xf32>) -> (tensor<4x3xf32>, tensor<4x3xf32>)
  return
}

// -----

func.func @split_result_count(%x: tensor<4x8xf32>) {
  // expected-error @+1 {{'nn.split' op result type tensor<4x4xf32> does not match the operands: expected tensor<4x4xf32>, tensor<4x4xf32>}}
  %0 = nn.split %x {axis = 1 : i64, sizes = array<i64: 4, 4>} : (tensor<4x8xf32>) -> tensor<4x4xf32>
  return
}

// -----

func.func @split_result_type(%x: tensor<4x8xf32>) {
  // expected-error @+1 {{'nn.split' op result type tensor<4x2xf32>, tensor<4x6xf32> does not match the operands: expected tensor<4x4xf32>, tensor<4x4xf32>}}
  %0:2 = nn.split %x {axis = 1 : i64, sizes = array<i64: 4, 4>} : (tensor<4x8xf32>) -> (tensor<4x2xf32>, tensor<4x6xf32>)
  return
}

//===----------------------------------------------------------------------===//
// nn.reduce
//===----------------------------------------------------------------------===//

// -----

func.func @reduce_rank0(%x: tensor<f32>) {
  // expected-error @+1 {{'nn.reduce' op input must be a ranked tensor of rank >= 1}}
  %0 = nn.reduce sum %x {axes = array<i64: 0>} : (tensor<f32>) -> tensor<f32>
  return
}

// -----

func.func @reduce_axes_empty(%x: tensor<4x8xf32>) {
  // expected-error @+1 {{'nn.reduce' op axes must not be empty}}
  %0 = nn.reduce sum %x {axes = array<i64>} : (tensor<4x8xf32>) -> tensor<4x8xf32>
  return
}

// -----

func.func @reduce_axis(%x: tensor<4x8xf32>) {
  // expected-error @+1 {{'nn.reduce' op axis 2 is out of range for rank 2: expected a value in [-2, 1]}}
  %0 = nn.reduce max %x {axes = array<i64: 0, 2>} : (tensor<4x8xf32>) -> tensor<f32>
  return
}

// -----

// -1 and 1 name the same dimension of a rank-2 input.
func.func @reduce_axis_twice(%x: tensor<4x8xf32>) {
  // expected-error @+1 {{'nn.reduce' op axes [1, -1] name dimension 1 twice}}
  %0 = nn.reduce mean %x {axes = array<i64: 1, -1>} : (tensor<4x8xf32>) -> tensor<4xf32>
  return
}

// -----

func.func @reduce_result_type(%x: tensor<4x8xf32>) {
  // expected-error @+1 {{'nn.reduce' op result type tensor<4xf32> does not match the operands: expected tensor<4x1xf32>}}
  %0 = nn.reduce sum %x {axes = array<i64: 1>, keepdims} : (tensor<4x8xf32>) -> tensor<4xf32>
  return
}

//===----------------------------------------------------------------------===//
// nn.dropout
//===----------------------------------------------------------------------===//

// -----

func.func @dropout_rate_one(%x: tensor<4x8xf32>) {
  // expected-error @+1 {{'nn.dropout' op rate must be in [0, 1), got 1}}
  %0 = nn.dropout %x {rate = 1.0 : f64} : tensor<4x8xf32>
  return
}

// -----

func.func @dropout_rate_negative(%x: tensor<4x8xf32>) {
  // expected-error @+1 {{'nn.dropout' op rate must be in [0, 1), got -0.1}}
  %0 = nn.dropout %x {rate = -0.1 : f64} : tensor<4x8xf32>
  return
}

// -----

func.func @dropout_missing_rate(%x: tensor<4x8xf32>) {
  // expected-error @+1 {{'nn.dropout' op requires attribute 'rate'}}
  %0 = nn.dropout %x : tensor<4x8xf32>
  return
}

// -----

func.func @dropout_result_type(%x: tensor<4x8xf32>) {
  // expected-error @+1 {{'nn.dropout' op requires the same type for all operands and results}}
  %0 = "nn.dropout"(%x) {rate = 0.5 : f64} : (tensor<4x8xf32>) -> tensor<4x8xf16>
  return
}
