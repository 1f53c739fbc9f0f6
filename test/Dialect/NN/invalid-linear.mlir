// RUN: nnc-opt %s -split-input-file -verify-diagnostics

// Verifier errors of the linear ops (dense, conv, matmul): one case per
// error the verifier and type inference emit.

//===----------------------------------------------------------------------===//
// nn.dense
//===----------------------------------------------------------------------===//

func.func @dense_input_rank0(%x: tensor<f32>, %w: tensor<10x1xf32>) {
  // expected-error @+1 {{'nn.dense' op input must have rank >= 1 [..., in], got rank 0}}
  %0 = nn.dense %x, %w : (tensor<f32>, tensor<10x1xf32>) -> tensor<10xf32>
  return
}

// -----

func.func @dense_weight_rank(%x: tensor<32x784xf32>, %w: tensor<784xf32>) {
  // expected-error @+1 {{'nn.dense' op weight must have rank 2 [out, in], got shape [784]}}
  %0 = nn.dense %x, %w : (tensor<32x784xf32>, tensor<784xf32>) -> tensor<32x10xf32>
  return
}

// -----

func.func @dense_weight_shape(%x: tensor<32x512xf32>, %w: tensor<10x784xf32>) {
  // expected-error @+1 {{'nn.dense' op weight shape [10, 784] does not match input features 512: expected [10, 512]}}
  %0 = nn.dense %x, %w : (tensor<32x512xf32>, tensor<10x784xf32>) -> tensor<32x10xf32>
  return
}

// -----

// A weight in the [in, out] layout (transposed) is rejected.
func.func @dense_weight_transposed(%x: tensor<?x784xf32>, %w: tensor<784x10xf32>) {
  // expected-error @+1 {{'nn.dense' op weight shape [784, 10] does not match input features 784: expected [784, 784]}}
  %0 = nn.dense %x, %w : (tensor<?x784xf32>, tensor<784x10xf32>) -> tensor<?x10xf32>
  return
}

// -----

func.func @dense_bias_shape(%x: tensor<32x784xf32>, %w: tensor<10x784xf32>, %b: tensor<784xf32>) {
  // expected-error @+1 {{'nn.dense' op bias shape [784] does not match output features: expected [10]}}
  %0 = nn.dense %x, %w, %b : (tensor<32x784xf32>, tensor<10x784xf32>, tensor<784xf32>) -> tensor<32x10xf32>
  return
}

// -----

func.func @dense_bias_rank(%x: tensor<32x784xf32>, %w: tensor<10x784xf32>, %b: tensor<1x10xf32>) {
  // expected-error @+1 {{'nn.dense' op bias shape [1, 10] does not match output features: expected [10]}}
  %0 = nn.dense %x, %w, %b : (tensor<32x784xf32>, tensor<10x784xf32>, tensor<1x10xf32>) -> tensor<32x10xf32>
  return
}

// -----

func.func @dense_weight_element_type(%x: tensor<32x784xf32>, %w: tensor<10x784xf16>) {
  // expected-error @+1 {{'nn.dense' op weight element type 'f16' does not match the input element type 'f32'}}
  %0 = nn.dense %x, %w : (tensor<32x784xf32>, tensor<10x784xf16>) -> tensor<32x10xf32>
  return
}

// -----

func.func @dense_bias_element_type(%x: tensor<32x784xf32>, %w: tensor<10x784xf32>, %b: tensor<10xf64>) {
  // expected-error @+1 {{'nn.dense' op bias element type 'f64' does not match the input element type 'f32'}}
  %0 = nn.dense %x, %w, %b : (tensor<32x784xf32>, tensor<10x784xf32>, tensor<10xf64>) -> tensor<32x10xf32>
  return
}

// -----

func.func @dense_alpha_without_leaky_relu(%x: tensor<32x784xf32>, %w: tensor<10x784xf32>) {
  // expected-error @+1 {{alpha is only meaningful for the leaky_relu and elu activations, not relu}}
  %0 = nn.dense %x, %w {activation = #nn.activation<relu, 0.1 : f64>} : (tensor<32x784xf32>, tensor<10x784xf32>) -> tensor<32x10xf32>
  return
}

// -----

func.func @dense_alpha_without_activation(%x: tensor<32x784xf32>, %w: tensor<10x784xf32>) {
  // expected-error @+1 {{'nn.dense' op has an 'alpha' attribute: the activation's parameter is part of #nn.activation (#nn.activation<leaky_relu, 0.2 : f64>)}}
  %0 = nn.dense %x, %w {alpha = 0.1 : f64} : (tensor<32x784xf32>, tensor<10x784xf32>) -> tensor<32x10xf32>
  return
}

// -----

func.func @dense_alpha_not_finite(%x: tensor<32x784xf32>, %w: tensor<10x784xf32>) {
  // expected-error @+1 {{alpha must be finite}}
  %0 = nn.dense %x, %w {activation = #nn.activation<leaky_relu, 0x7FF0000000000000 : f64>} : (tensor<32x784xf32>, tensor<10x784xf32>) -> tensor<32x10xf32>
  return
}

// -----

func.func @dense_result_type(%x: tensor<32x784xf32>, %w: tensor<10x784xf32>) {
  // expected-error @+1 {{'nn.dense' op result type tensor<32x784xf32> does not match the operands: expected tensor<32x10xf32>}}
  %0 = nn.dense %x, %w : (tensor<32x784xf32>, tensor<10x784xf32>) -> tensor<32x784xf32>
  return
}

// -----

func.func @dense_result_element_type(%x: tensor<32x784xf32>, %w: tensor<10x784xf32>) {
  // expected-error @+1 {{'nn.dense' op result type tensor<32x10xf16> does not match the operands: expected tensor<32x10xf32>}}
  %0 = nn.dense %x, %w : (tensor<32x784xf32>, tensor<10x784xf32>) -> tensor<32x10xf16>
  return
}

// -----

func.func @dense_integer_input(%x: tensor<32x784xi32>, %w: tensor<10x784xf32>) {
  // expected-error @+1 {{'nn.dense' op operand #0 must be ranked tensor of 16-bit float or bfloat16 type or 32-bit float or 64-bit float values, but got 'tensor<32x784xi32>'}}
  %0 = nn.dense %x, %w : (tensor<32x784xi32>, tensor<10x784xf32>) -> tensor<32x10xf32>
  return
}

//===----------------------------------------------------------------------===//
// nn.conv
//===----------------------------------------------------------------------===//

// -----

func.func @conv_input_rank(%x: tensor<1x3x8x8x8xf32>, %w: tensor<4x3x3x3x3xf32>) {
  // expected-error @+1 {{'nn.conv' op input must be [N, C, L] or [N, C, H, W], got shape [1, 3, 8, 8, 8]}}
  %0 = nn.conv %x, %w : (tensor<1x3x8x8x8xf32>, tensor<4x3x3x3x3xf32>) -> tensor<1x4x6x6x6xf32>
  return
}

// -----

func.func @conv2d_weight_rank(%x: tensor<1x3x8x8xf32>, %w: tensor<4x3x3xf32>) {
  // expected-error @+1 {{'nn.conv' op weight must have rank 4 [Cout, Cin/groups, kH, kW], got shape [4, 3, 3]}}
  %0 = nn.conv %x, %w : (tensor<1x3x8x8xf32>, tensor<4x3x3xf32>) -> tensor<1x4x6x6xf32>
  return
}

// -----

func.func @conv1d_weight_rank(%x: tensor<1x3x8xf32>, %w: tensor<4x3x3x3xf32>) {
  // expected-error @+1 {{'nn.conv' op weight must have rank 3 [Cout, Cin/groups, k], got shape [4, 3, 3, 3]}}
  %0 = nn.conv %x, %w : (tensor<1x3x8xf32>, tensor<4x3x3x3xf32>) -> tensor<1x4x6xf32>
  return
}

// -----

func.func @conv_groups_zero(%x: tensor<1x4x8x8xf32>, %w: tensor<4x4x3x3xf32>) {
  // expected-error @+1 {{'nn.conv' op groups must be >= 1, got 0}}
  %0 = nn.conv %x, %w {groups = 0 : i64} : (tensor<1x4x8x8xf32>, tensor<4x4x3x3xf32>) -> tensor<1x4x6x6xf32>
  return
}

// -----

func.func @conv_input_channels_groups(%x: tensor<1x3x8x8xf32>, %w: tensor<4x1x3x3xf32>) {
  // expected-error @+1 {{'nn.conv' op input channels 3 are not divisible by groups 2}}
  %0 = nn.conv %x, %w {groups = 2 : i64} : (tensor<1x3x8x8xf32>, tensor<4x1x3x3xf32>) -> tensor<1x4x6x6xf32>
  return
}

// -----

func.func @conv_output_channels_groups(%x: tensor<1x4x8x8xf32>, %w: tensor<5x2x3x3xf32>) {
  // expected-error @+1 {{'nn.conv' op output channels 5 are not divisible by groups 2}}
  %0 = nn.conv %x, %w {groups = 2 : i64} : (tensor<1x4x8x8xf32>, tensor<5x2x3x3xf32>) -> tensor<1x5x6x6xf32>
  return
}

// -----

func.func @conv_weight_channels(%x: tensor<1x8x8x8xf32>, %w: tensor<4x8x3x3xf32>) {
  // expected-error @+1 {{'nn.conv' op weight shape [4, 8, 3, 3] does not match input channels 8 / groups 2: expected [4, 4, 3, 3]}}
  %0 = nn.conv %x, %w {groups = 2 : i64} : (tensor<1x8x8x8xf32>, tensor<4x8x3x3xf32>) -> tensor<1x4x6x6xf32>
  return
}

// -----

func.func @conv_kernel_empty(%x: tensor<1x3x8xf32>, %w: tensor<4x3x0xf32>) {
  // expected-error @+1 {{'nn.conv' op kernel sizes [0] of weight shape [4, 3, 0] must be >= 1}}
  %0 = nn.conv %x, %w : (tensor<1x3x8xf32>, tensor<4x3x0xf32>) -> tensor<1x4x9xf32>
  return
}

// -----

func.func @conv_bias_shape(%x: tensor<1x3x8x8xf32>, %w: tensor<4x3x3x3xf32>, %b: tensor<3xf32>) {
  // expected-error @+1 {{'nn.conv' op bias shape [3] does not match output channels: expected [4]}}
  %0 = nn.conv %x, %w, %b : (tensor<1x3x8x8xf32>, tensor<4x3x3x3xf32>, tensor<3xf32>) -> tensor<1x4x6x6xf32>
  return
}

// -----

func.func @conv_weight_element_type(%x: tensor<1x3x8x8xf32>, %w: tensor<4x3x3x3xbf16>) {
  // expected-error @+1 {{'nn.conv' op weight element type 'bf16' does not match the input element type 'f32'}}
  %0 = nn.conv %x, %w : (tensor<1x3x8x8xf32>, tensor<4x3x3x3xbf16>) -> tensor<1x4x6x6xf32>
  return
}

// -----

func.func @conv_bias_element_type(%x: tensor<1x3x8x8xf32>, %w: tensor<4x3x3x3xf32>, %b: tensor<4xf16>) {
  // expected-error @+1 {{'nn.conv' op bias element type 'f16' does not match the input element type 'f32'}}
  %0 = nn.conv %x, %w, %b : (tensor<1x3x8x8xf32>, tensor<4x3x3x3xf32>, tensor<4xf16>) -> tensor<1x4x6x6xf32>
  return
}

// -----

func.func @conv_alpha_without_leaky_relu(%x: tensor<1x3x8x8xf32>, %w: tensor<4x3x3x3xf32>) {
  // expected-error @+1 {{alpha is only meaningful for the leaky_relu and elu activations, not sigmoid}}
  %0 = nn.conv %x, %w {activation = #nn.activation<sigmoid, 0.5 : f64>} : (tensor<1x3x8x8xf32>, tensor<4x3x3x3xf32>) -> tensor<1x4x6x6xf32>
  return
}

// -----

func.func @conv_alpha_not_finite(%x: tensor<1x3x8x8xf32>, %w: tensor<4x3x3x3xf32>) {
  // expected-error @+1 {{alpha must be finite}}
  %0 = nn.conv %x, %w {activation = #nn.activation<elu, 0x7FF8000000000000 : f64>} : (tensor<1x3x8x8xf32>, tensor<4x3x3x3xf32>) -> tensor<1x4x6x6xf32>
  return
}

// -----

func.func @conv_strides_size(%x: tensor<1x3x8x8xf32>, %w: tensor<4x3x3x3xf32>) {
  // expected-error @+1 {{'nn.conv' op strides must have 2 entries, got 1}}
  %0 = nn.conv %x, %w {strides = array<i64: 2>} : (tensor<1x3x8x8xf32>, tensor<4x3x3x3xf32>) -> tensor<1x4x3x3xf32>
  return
}

// -----

func.func @conv_strides_zero(%x: tensor<1x3x8x8xf32>, %w: tensor<4x3x3x3xf32>) {
  // expected-error @+1 {{'nn.conv' op strides [1, 0] must be >= 1}}
  %0 = nn.conv %x, %w {strides = array<i64: 1, 0>} : (tensor<1x3x8x8xf32>, tensor<4x3x3x3xf32>) -> tensor<1x4x6x6xf32>
  return
}

// -----

func.func @conv_dilations_size(%x: tensor<1x3x8xf32>, %w: tensor<4x3x3xf32>) {
  // expected-error @+1 {{'nn.conv' op dilations must have 1 entries, got 2}}
  %0 = nn.conv %x, %w {dilations = array<i64: 1, 1>} : (tensor<1x3x8xf32>, tensor<4x3x3xf32>) -> tensor<1x4x6xf32>
  return
}

// -----

func.func @conv_dilations_zero(%x: tensor<1x3x8xf32>, %w: tensor<4x3x3xf32>) {
  // expected-error @+1 {{'nn.conv' op dilations [0] must be >= 1}}
  %0 = nn.conv %x, %w {dilations = array<i64: 0>} : (tensor<1x3x8xf32>, tensor<4x3x3xf32>) -> tensor<1x4x6xf32>
  return
}

// -----

func.func @conv_padding_size(%x: tensor<1x3x8x8xf32>, %w: tensor<4x3x3x3xf32>) {
  // expected-error @+1 {{'nn.conv' op padding must have 4 entries, got 2}}
  %0 = nn.conv %x, %w {padding = array<i64: 1, 1>} : (tensor<1x3x8x8xf32>, tensor<4x3x3x3xf32>) -> tensor<1x4x8x8xf32>
  return
}

// -----

func.func @conv_padding_negative(%x: tensor<1x3x8x8xf32>, %w: tensor<4x3x3x3xf32>) {
  // expected-error @+1 {{'nn.conv' op padding [1, -1, 1, 1] must be >= 0}}
  %0 = nn.conv %x, %w {padding = array<i64: 1, -1, 1, 1>} : (tensor<1x3x8x8xf32>, tensor<4x3x3x3xf32>) -> tensor<1x4x8x8xf32>
  return
}

// -----

// The dilated kernel spans 2·(5-1)+1 = 9 > 8.
func.func @conv_window_too_large(%x: tensor<1x3x8x8xf32>, %w: tensor<4x3x3x5xf32>) {
  // expected-error @+1 {{'nn.conv' op window of size 5 (dilation 2) does not fit spatial dimension 1 of size 8 with padding 0+0}}
  %0 = nn.conv %x, %w {dilations = array<i64: 1, 2>} : (tensor<1x3x8x8xf32>, tensor<4x3x3x5xf32>) -> tensor<1x4x6x1xf32>
  return
}

// -----

func.func @conv_result_type(%x: tensor<1x3x8x8xf32>, %w: tensor<4x3x3x3xf32>) {
  // expected-error @+1 {{'nn.conv' op result type tensor<1x4x8x8xf32> does not match the operands: expected tensor<1x4x6x6xf32>}}
  %0 = nn.conv %x, %w : (tensor<1x3x8x8xf32>, tensor<4x3x3x3xf32>) -> tensor<1x4x8x8xf32>
  return
}

//===----------------------------------------------------------------------===//
// nn.matmul
//===----------------------------------------------------------------------===//

// -----

func.func @matmul_rank(%a: tensor<8xf32>, %b: tensor<8x4xf32>) {
  // expected-error @+1 {{'nn.matmul' op operands must have rank >= 2 ([..., M, K] and [..., K, N]), got shapes [8] and [8, 4]}}
  %0 = nn.matmul %a, %b : (tensor<8xf32>, tensor<8x4xf32>) -> tensor<4xf32>
  return
}

// -----

func.func @matmul_contraction(%a: tensor<2x3x8xf32>, %b: tensor<2x6x4xf32>) {
  // expected-error @+1 {{'nn.matmul' op rhs shape [2, 6, 4] does not match lhs contraction size 8: expected [2, 8, 4]}}
  %0 = nn.matmul %a, %b : (tensor<2x3x8xf32>, tensor<2x6x4xf32>) -> tensor<2x3x4xf32>
  return
}

// -----

func.func @matmul_batch_broadcast(%a: tensor<2x3x8xf32>, %b: tensor<5x8x4xf32>) {
  // expected-error @+1 {{'nn.matmul' op lhs batch shape [2] and rhs batch shape [5] are not broadcast-compatible: dimension -1 is 2 vs 5}}
  %0 = nn.matmul %a, %b : (tensor<2x3x8xf32>, tensor<5x8x4xf32>) -> tensor<2x3x4xf32>
  return
}

// -----

func.func @matmul_bias_shape(%a: tensor<3x8xf32>, %b: tensor<8x4xf32>, %c: tensor<3xf32>) {
  // expected-error @+1 {{'nn.matmul' op bias shape [3] does not match output columns: expected [4]}}
  %0 = nn.matmul %a, %b, %c : (tensor<3x8xf32>, tensor<8x4xf32>, tensor<3xf32>) -> tensor<3x4xf32>
  return
}

// -----

func.func @matmul_rhs_element_type(%a: tensor<3x8xf32>, %b: tensor<8x4xf64>) {
  // expected-error @+1 {{'nn.matmul' op rhs element type 'f64' does not match the input element type 'f32'}}
  %0 = nn.matmul %a, %b : (tensor<3x8xf32>, tensor<8x4xf64>) -> tensor<3x4xf32>
  return
}

// -----

func.func @matmul_bias_element_type(%a: tensor<3x8xf32>, %b: tensor<8x4xf32>, %c: tensor<4xbf16>) {
  // expected-error @+1 {{'nn.matmul' op bias element type 'bf16' does not match the input element type 'f32'}}
  %0 = nn.matmul %a, %b, %c : (tensor<3x8xf32>, tensor<8x4xf32>, tensor<4xbf16>) -> tensor<3x4xf32>
  return
}

// -----

func.func @matmul_alpha_without_leaky_relu(%a: tensor<3x8xf32>, %b: tensor<8x4xf32>) {
  // expected-error @+1 {{alpha is only meaningful for the leaky_relu and elu activations, not gelu_tanh}}
  %0 = nn.matmul %a, %b {activation = #nn.activation<gelu_tanh, 1.0 : f64>} : (tensor<3x8xf32>, tensor<8x4xf32>) -> tensor<3x4xf32>
  return
}

// -----

func.func @matmul_alpha_not_finite(%a: tensor<3x8xf32>, %b: tensor<8x4xf32>) {
  // expected-error @+1 {{alpha must be finite}}
  %0 = nn.matmul %a, %b {activation = #nn.activation<leaky_relu, 0xFFF0000000000000 : f64>} : (tensor<3x8xf32>, tensor<8x4xf32>) -> tensor<3x4xf32>
  return
}

// -----

func.func @matmul_result_type(%a: tensor<2x3x8xf32>, %b: tensor<8x4xf32>) {
  // expected-error @+1 {{'nn.matmul' op result type tensor<3x4xf32> does not match the operands: expected tensor<2x3x4xf32>}}
  %0 = nn.matmul %a, %b : (tensor<2x3x8xf32>, tensor<8x4xf32>) -> tensor<3x4xf32>
  return
}
