// RUN: nnc-opt %s -split-input-file -verify-diagnostics

// Verifier errors of the normalization ops (layer_norm, rms_norm,
// batch_norm).

func.func @layer_norm_rank0(%x: tensor<f32>) {
  // expected-error @+1 {{'nn.layer_norm' op input must be a ranked tensor of rank >= 1}}
  %0 = nn.layer_norm %x : (tensor<f32>) -> tensor<f32>
  return
}

// -----

func.func @layer_norm_axis(%x: tensor<4x10xf32>) {
  // expected-error @+1 {{'nn.layer_norm' op axis 2 is out of range for rank 2: expected a value in [-2, 1]}}
  %0 = nn.layer_norm %x {axis = 2 : i64} : (tensor<4x10xf32>) -> tensor<4x10xf32>
  return
}

// -----

func.func @layer_norm_epsilon(%x: tensor<4x10xf32>) {
  // expected-error @+1 {{'nn.layer_norm' op epsilon must be >= 0, got -1e-05}}
  %0 = nn.layer_norm %x {epsilon = -1.0e-5 : f64} : (tensor<4x10xf32>) -> tensor<4x10xf32>
  return
}

// -----

func.func @layer_norm_epsilon_nan(%x: tensor<4x10xf32>) {
  // expected-error @+1 {{'nn.layer_norm' op epsilon must be >= 0, got nan}}
  %0 = nn.layer_norm %x {epsilon = 0x7FF8000000000000 : f64} : (tensor<4x10xf32>) -> tensor<4x10xf32>
  return
}

// -----

func.func @layer_norm_scale_shape(%x: tensor<4x10xf32>, %g: tensor<4xf32>) {
  // expected-error @+1 {{'nn.layer_norm' op scale shape [4] does not match the normalized dimensions: expected [10]}}
  %0 = nn.layer_norm %x scale %g : (tensor<4x10xf32>, tensor<4xf32>) -> tensor<4x10xf32>
  return
}

// -----

// From axis 1, the normalized dimensions of [2, 3, 4] are [3, 4].
func.func @layer_norm_bias_shape(%x: tensor<2x3x4xf32>, %g: tensor<3x4xf32>, %b: tensor<4xf32>) {
  // expected-error @+1 {{'nn.layer_norm' op bias shape [4] does not match the normalized dimensions: expected [3, 4]}}
  %0 = nn.layer_norm %x scale %g bias %b {axis = 1 : i64} : (tensor<2x3x4xf32>, tensor<3x4xf32>, tensor<4xf32>) -> tensor<2x3x4xf32>
  return
}

// -----

func.func @layer_norm_scale_element_type(%x: tensor<4x10xf32>, %g: tensor<10xf16>) {
  // expected-error @+1 {{'nn.layer_norm' op scale element type 'f16' does not match the input element type 'f32'}}
  %0 = nn.layer_norm %x scale %g : (tensor<4x10xf32>, tensor<10xf16>) -> tensor<4x10xf32>
  return
}

// -----

func.func @layer_norm_bias_element_type(%x: tensor<4x10xf32>, %b: tensor<10xf64>) {
  // expected-error @+1 {{'nn.layer_norm' op bias element type 'f64' does not match the input element type 'f32'}}
  %0 = nn.layer_norm %x bias %b : (tensor<4x10xf32>, tensor<10xf64>) -> tensor<4x10xf32>
  return
}

// -----

func.func @layer_norm_result_type(%x: tensor<4x10xf32>) {
  // expected-error @+1 {{'nn.layer_norm' op result type tensor<4x5xf32> does not match the operands: expected tensor<4x10xf32>}}
  %0 = nn.layer_norm %x : (tensor<4x10xf32>) -> tensor<4x5xf32>
  return
}

// -----

func.func @rms_norm_rank0(%x: tensor<f32>) {
  // expected-error @+1 {{'nn.rms_norm' op input must be a ranked tensor of rank >= 1}}
  %0 = nn.rms_norm %x : (tensor<f32>) -> tensor<f32>
  return
}

// -----

func.func @rms_norm_axis(%x: tensor<4x10xf32>) {
  // expected-error @+1 {{'nn.rms_norm' op axis -3 is out of range for rank 2: expected a value in [-2, 1]}}
  %0 = nn.rms_norm %x {axis = -3 : i64} : (tensor<4x10xf32>) -> tensor<4x10xf32>
  return
}

// -----

func.func @rms_norm_epsilon(%x: tensor<4x10xf32>) {
  // expected-error @+1 {{'nn.rms_norm' op epsilon must be >= 0, got -0.5}}
  %0 = nn.rms_norm %x {epsilon = -0.5 : f64} : (tensor<4x10xf32>) -> tensor<4x10xf32>
  return
}

// -----

func.func @rms_norm_scale_shape(%x: tensor<?x8x32xf32>, %g: tensor<8x16xf32>) {
  // expected-error @+1 {{'nn.rms_norm' op scale shape [8, 16] does not match the normalized dimensions: expected [8, 32]}}
  %0 = nn.rms_norm %x scale %g {axis = 1 : i64} : (tensor<?x8x32xf32>, tensor<8x16xf32>) -> tensor<?x8x32xf32>
  return
}

// -----

func.func @rms_norm_scale_element_type(%x: tensor<4x10xf16>, %g: tensor<10xf32>) {
  // expected-error @+1 {{'nn.rms_norm' op scale element type 'f32' does not match the input element type 'f16'}}
  %0 = nn.rms_norm %x scale %g : (tensor<4x10xf16>, tensor<10xf32>) -> tensor<4x10xf16>
  return
}

// -----

func.func @rms_norm_result_type(%x: tensor<4x10xf32>) {
  // expected-error @+1 {{'nn.rms_norm' op result type tensor<10x4xf32> does not match the operands: expected tensor<4x10xf32>}}
  %0 = nn.rms_norm %x : (tensor<4x10xf32>) -> tensor<10x4xf32>
  return
}

// -----

func.func @batch_norm_rank(%x: tensor<16xf32>, %p: tensor<16xf32>) {
  // expected-error @+1 {{'nn.batch_norm' op input must be [N, C, ...] with rank >= 2}}
  %0 = nn.batch_norm %x, %p, %p, %p, %p : (tensor<16xf32>, tensor<16xf32>, tensor<16xf32>, tensor<16xf32>, tensor<16xf32>) -> tensor<16xf32>
  return
}

// -----

func.func @batch_norm_epsilon(%x: tensor<2x16xf32>, %p: tensor<16xf32>) {
  // expected-error @+1 {{'nn.batch_norm' op epsilon must be >= 0, got -1}}
  %0 = nn.batch_norm %x, %p, %p, %p, %p {epsilon = -1.0 : f64} : (tensor<2x16xf32>, tensor<16xf32>, tensor<16xf32>, tensor<16xf32>, tensor<16xf32>) -> tensor<2x16xf32>
  return
}

// -----

func.func @batch_norm_scale_shape(%x: tensor<2x16x8x8xf32>, %s: tensor<8xf32>, %p: tensor<16xf32>) {
  // expected-error @+1 {{'nn.batch_norm' op scale shape [8] does not match input channels: expected [16]}}
  %0 = nn.batch_norm %x, %s, %p, %p, %p : (tensor<2x16x8x8xf32>, tensor<8xf32>, tensor<16xf32>, tensor<16xf32>, tensor<16xf32>) -> tensor<2x16x8x8xf32>
  return
}

// -----

func.func @batch_norm_bias_shape(%x: tensor<2x16x8x8xf32>, %b: tensor<1x16xf32>, %p: tensor<16xf32>) {
  // expected-error @+1 {{'nn.batch_norm' op bias shape [1, 16] does not match input channels: expected [16]}}
  %0 = nn.batch_norm %x, %p, %b, %p, %p : (tensor<2x16x8x8xf32>, tensor<16xf32>, tensor<1x16xf32>, tensor<16xf32>, tensor<16xf32>) -> tensor<2x16x8x8xf32>
  return
}

// -----

func.func @batch_norm_mean_shape(%x: tensor<2x16x8x8xf32>, %m: tensor<8xf32>, %p: tensor<16xf32>) {
  // expected-error @+1 {{'nn.batch_norm' op mean shape [8] does not match input channels: expected [16]}}
  %0 = nn.batch_norm %x, %p, %p, %m, %p : (tensor<2x16x8x8xf32>, tensor<16xf32>, tensor<16xf32>, tensor<8xf32>, tensor<16xf32>) -> tensor<2x16x8x8xf32>
  return
}

// -----

func.func @batch_norm_variance_shape(%x: tensor<2x16x8x8xf32>, %v: tensor<8xf32>, %p: tensor<16xf32>) {
  // expected-error @+1 {{'nn.batch_norm' op variance shape [8] does not match input channels: expected [16]}}
  %0 = nn.batch_norm %x, %p, %p, %p, %v : (tensor<2x16x8x8xf32>, tensor<16xf32>, tensor<16xf32>, tensor<16xf32>, tensor<8xf32>) -> tensor<2x16x8x8xf32>
  return
}

// -----

func.func @batch_norm_element_type(%x: tensor<2x16xf32>, %p: tensor<16xf32>, %v: tensor<16xf16>) {
  // expected-error @+1 {{'nn.batch_norm' op variance element type 'f16' does not match the input element type 'f32'}}
  %0 = nn.batch_norm %x, %p, %p, %p, %v : (tensor<2x16xf32>, tensor<16xf32>, tensor<16xf32>, tensor<16xf32>, tensor<16xf16>) -> tensor<2x16xf32>
  return
}

// -----

func.func @batch_norm_result_type(%x: tensor<2x16xf32>, %p: tensor<16xf32>) {
  // expected-error @+1 {{'nn.batch_norm' op result type tensor<2x8xf32> does not match the operands: expected tensor<2x16xf32>}}
  %0 = nn.batch_norm %x, %p, %p, %p, %p : (tensor<2x16xf32>, tensor<16xf32>, tensor<16xf32>, tensor<16xf32>, tensor<16xf32>) -> tensor<2x8xf32>
  return
}

// -----

func.func @batch_norm_integer(%x: tensor<2x16xi32>, %p: tensor<16xf32>) {
  // expected-error @+1 {{'nn.batch_norm' op operand #0 must be ranked tensor of 16-bit float or bfloat16 type or 32-bit float or 64-bit float values, but got 'tensor<2x16xi32>'}}
  %0 = nn.batch_norm %x, %p, %p, %p, %p : (tensor<2x16xi32>, tensor<16xf32>, tensor<16xf32>, tensor<16xf32>, tensor<16xf32>) -> tensor<2x16xf32>
  return
}
