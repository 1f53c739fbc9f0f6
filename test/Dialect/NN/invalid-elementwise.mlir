// RUN: nnc-opt %s -split-input-file -verify-diagnostics

// Verifier errors of the elementwise ops: binary ops, unary ops,
// activations and the softmax family.

//===----------------------------------------------------------------------===//
// Binary ops: each has the element-type and the broadcast check.
//===----------------------------------------------------------------------===//

func.func @add_element_type(%a: tensor<4x8xf32>, %b: tensor<4x8xf16>) {
  // expected-error @+1 {{'nn.add' op rhs element type 'f16' does not match lhs element type 'f32'}}
  %0 = nn.add %a, %b : (tensor<4x8xf32>, tensor<4x8xf16>) -> tensor<4x8xf32>
  return
}

// -----

func.func @add_broadcast(%a: tensor<2x4x8xf32>, %b: tensor<3x8xf32>) {
  // expected-error @+1 {{'nn.add' op lhs shape [2, 4, 8] and rhs shape [3, 8] are not broadcast-compatible: dimension -2 is 4 vs 3}}
  %0 = nn.add %a, %b : (tensor<2x4x8xf32>, tensor<3x8xf32>) -> tensor<2x4x8xf32>
  return
}

// -----

func.func @sub_element_type(%a: tensor<4x8xf32>, %b: tensor<4x8xf16>) {
  // expected-error @+1 {{'nn.sub' op rhs element type 'f16' does not match lhs element type 'f32'}}
  %0 = nn.sub %a, %b : (tensor<4x8xf32>, tensor<4x8xf16>) -> tensor<4x8xf32>
  return
}

// -----

func.func @sub_broadcast(%a: tensor<2x4x8xf32>, %b: tensor<3x8xf32>) {
  // expected-error @+1 {{'nn.sub' op lhs shape [2, 4, 8] and rhs shape [3, 8] are not broadcast-compatible: dimension -2 is 4 vs 3}}
  %0 = nn.sub %a, %b : (tensor<2x4x8xf32>, tensor<3x8xf32>) -> tensor<2x4x8xf32>
  return
}

// -----

func.func @mul_element_type(%a: tensor<4x8xf32>, %b: tensor<4x8xf16>) {
  // expected-error @+1 {{'nn.mul' op rhs element type 'f16' does not match lhs element type 'f32'}}
  %0 = nn.mul %a, %b : (tensor<4x8xf32>, tensor<4x8xf16>) -> tensor<4x8xf32>
  return
}

// -----

func.func @mul_broadcast(%a: tensor<2x4x8xf32>, %b: tensor<3x8xf32>) {
  // expected-error @+1 {{'nn.mul' op lhs shape [2, 4, 8] and rhs shape [3, 8] are not broadcast-compatible: dimension -2 is 4 vs 3}}
  %0 = nn.mul %a, %b : (tensor<2x4x8xf32>, tensor<3x8xf32>) -> tensor<2x4x8xf32>
  return
}

// -----

func.func @div_element_type(%a: tensor<4x8xf32>, %b: tensor<4x8xf16>) {
  // expected-error @+1 {{'nn.div' op rhs element type 'f16' does not match lhs element type 'f32'}}
  %0 = nn.div %a, %b : (tensor<4x8xf32>, tensor<4x8xf16>) -> tensor<4x8xf32>
  return
}

// -----

func.func @div_broadcast(%a: tensor<2x4x8xf32>, %b: tensor<3x8xf32>) {
  // expected-error @+1 {{'nn.div' op lhs shape [2, 4, 8] and rhs shape [3, 8] are not broadcast-compatible: dimension -2 is 4 vs 3}}
  %0 = nn.div %a, %b : (tensor<2x4x8xf32>, tensor<3x8xf32>) -> tensor<2x4x8xf32>
  return
}

// -----

func.func @pow_element_type(%a: tensor<4x8xf32>, %b: tensor<4x8xf16>) {
  // expected-error @+1 {{'nn.pow' op rhs element type 'f16' does not match lhs element type 'f32'}}
  %0 = nn.pow %a, %b : (tensor<4x8xf32>, tensor<4x8xf16>) -> tensor<4x8xf32>
  return
}

// -----

func.func @pow_broadcast(%a: tensor<2x4x8xf32>, %b: tensor<3x8xf32>) {
  // expected-error @+1 {{'nn.pow' op lhs shape [2, 4, 8] and rhs shape [3, 8] are not broadcast-compatible: dimension -2 is 4 vs 3}}
  %0 = nn.pow %a, %b : (tensor<2x4x8xf32>, tensor<3x8xf32>) -> tensor<2x4x8xf32>
  return
}

// -----

func.func @max_element_type(%a: tensor<4x8xf32>, %b: tensor<4x8xf16>) {
  // expected-error @+1 {{'nn.max' op rhs element type 'f16' does not match lhs element type 'f32'}}
  %0 = nn.max %a, %b : (tensor<4x8xf32>, tensor<4x8xf16>) -> tensor<4x8xf32>
  return
}

// -----

func.func @max_broadcast(%a: tensor<2x4x8xf32>, %b: tensor<3x8xf32>) {
  // expected-error @+1 {{'nn.max' op lhs shape [2, 4, 8] and rhs shape [3, 8] are not broadcast-compatible: dimension -2 is 4 vs 3}}
  %0 = nn.max %a, %b : (tensor<2x4x8xf32>, tensor<3x8xf32>) -> tensor<2x4x8xf32>
  return
}

// -----

func.func @min_element_type(%a: tensor<4x8xf32>, %b: tensor<4x8xf16>) {
  // expected-error @+1 {{'nn.min' op rhs element type 'f16' does not match lhs element type 'f32'}}
  %0 = nn.min %a, %b : (tensor<4x8xf32>, tensor<4x8xf16>) -> tensor<4x8xf32>
  return
}

// -----

func.func @min_broadcast(%a: tensor<2x4x8xf32>, %b: tensor<3x8xf32>) {
  // expected-error @+1 {{'nn.min' op lhs shape [2, 4, 8] and rhs shape [3, 8] are not broadcast-compatible: dimension -2 is 4 vs 3}}
  %0 = nn.min %a, %b : (tensor<2x4x8xf32>, tensor<3x8xf32>) -> tensor<2x4x8xf32>
  return
}

// -----

// A dynamic dimension broadcasts with a static one, but two different static
// sizes never do.
func.func @add_broadcast_dynamic(%a: tensor<?x5xf32>, %b: tensor<4x3xf32>) {
  // expected-error @+1 {{'nn.add' op lhs shape [?, 5] and rhs shape [4, 3] are not broadcast-compatible: dimension -1 is 5 vs 3}}
  %0 = nn.add %a, %b : (tensor<?x5xf32>, tensor<4x3xf32>) -> tensor<4x5xf32>
  return
}

// -----

func.func @add_result_type(%a: tensor<4x1xf32>, %b: tensor<1x8xf32>) {
  // expected-error @+1 {{'nn.add' op result type tensor<4x1xf32> does not match the operands: expected tensor<4x8xf32>}}
  %0 = nn.add %a, %b : (tensor<4x1xf32>, tensor<1x8xf32>) -> tensor<4x1xf32>
  return
}

// -----

func.func @mul_integer(%a: tensor<4xi32>, %b: tensor<4xi32>) {
  // expected-error @+1 {{'nn.mul' op operand #0 must be ranked tensor of 16-bit float or bfloat16 type or 32-bit float or 64-bit float values, but got 'tensor<4xi32>'}}
  %0 = nn.mul %a, %b : (tensor<4xi32>, tensor<4xi32>) -> tensor<4xi32>
  return
}

//===----------------------------------------------------------------------===//
// Unary ops and activations
//===----------------------------------------------------------------------===//

// -----

func.func @relu_integer(%x: tensor<4x8xi32>) {
  // expected-error @+1 {{'nn.relu' op operand #0 must be ranked tensor of 16-bit float or bfloat16 type or 32-bit float or 64-bit float values, but got 'tensor<4x8xi32>'}}
  %0 = nn.relu %x : tensor<4x8xi32>
  return
}

// -----

func.func @exp_unranked(%x: tensor<*xf32>) {
  // expected-error @+1 {{'nn.exp' op operand #0 must be ranked tensor of 16-bit float or bfloat16 type or 32-bit float or 64-bit float values, but got 'tensor<*xf32>'}}
  %0 = "nn.exp"(%x) : (tensor<*xf32>) -> tensor<*xf32>
  return
}

// -----

func.func @tanh_result_type(%x: tensor<4x8xf32>) {
  // expected-error @+1 {{'nn.tanh' op requires the same type for all operands and results}}
  %0 = "nn.tanh"(%x) : (tensor<4x8xf32>) -> tensor<8x4xf32>
  return
}

// -----

func.func @leaky_relu_alpha_not_finite(%x: tensor<4x8xf32>) {
  // expected-error @+1 {{'nn.leaky_relu' op alpha must be finite}}
  %0 = nn.leaky_relu %x {alpha = 0x7FF0000000000000 : f64} : tensor<4x8xf32>
  return
}

// -----

func.func @leaky_relu_alpha_type(%x: tensor<4x8xf32>) {
  // expected-error @+1 {{'nn.leaky_relu' op attribute 'alpha' failed to satisfy constraint: 64-bit float attribute}}
  %0 = nn.leaky_relu %x {alpha = 0.1 : f32} : tensor<4x8xf32>
  return
}

// -----

func.func @elu_alpha_not_finite(%x: tensor<4x8xf32>) {
  // expected-error @+1 {{'nn.elu' op alpha must be finite}}
  %0 = nn.elu %x {alpha = 0x7FF8000000000000 : f64} : tensor<4x8xf32>
  return
}

// -----

func.func @softplus_beta_zero(%x: tensor<4x8xf32>) {
  // expected-error @+1 {{'nn.softplus' op beta must be > 0, got 0}}
  %0 = nn.softplus %x {beta = 0.0 : f64} : tensor<4x8xf32>
  return
}

// -----

func.func @softplus_beta_negative(%x: tensor<4x8xf32>) {
  // expected-error @+1 {{'nn.softplus' op beta must be > 0, got -1.5}}
  %0 = nn.softplus %x {beta = -1.5 : f64} : tensor<4x8xf32>
  return
}

//===----------------------------------------------------------------------===//
// Softmax family
//===----------------------------------------------------------------------===//

// -----

func.func @softmax_rank0(%x: tensor<f32>) {
  // expected-error @+1 {{'nn.softmax' op input must have rank >= 1}}
  %0 = nn.softmax %x : (tensor<f32>) -> tensor<f32>
  return
}

// -----

func.func @softmax_axis(%x: tensor<4x8xf32>) {
  // expected-error @+1 {{'nn.softmax' op axis 2 is out of range for rank 2: expected a value in [-2, 1]}}
  %0 = nn.softmax %x {axis = 2 : i64} : (tensor<4x8xf32>) -> tensor<4x8xf32>
  return
}

// -----

func.func @softmax_axis_negative(%x: tensor<4x8xf32>) {
  // expected-error @+1 {{'nn.softmax' op axis -3 is out of range for rank 2: expected a value in [-2, 1]}}
  %0 = nn.softmax %x {axis = -3 : i64} : (tensor<4x8xf32>) -> tensor<4x8xf32>
  return
}

// -----

func.func @softmax_causal_rank1(%x: tensor<8xf32>) {
  // expected-error @+1 {{'nn.softmax' op causal needs an input of rank >= 2 ([..., Lq, Lk]), got rank 1}}
  %0 = nn.softmax %x {causal} : (tensor<8xf32>) -> tensor<8xf32>
  return
}

// -----

func.func @softmax_causal_axis(%x: tensor<4x8xf32>) {
  // expected-error @+1 {{'nn.softmax' op causal needs axis = -1 (the keys, 1), got 0}}
  %0 = nn.softmax %x {axis = 0 : i64, causal} : (tensor<4x8xf32>) -> tensor<4x8xf32>
  return
}

// -----

func.func @softmax_temperature_zero(%x: tensor<4x8xf32>) {
  // expected-error @+1 {{'nn.softmax' op temperature must be finite and > 0, got 0}}
  %0 = nn.softmax %x {temperature = 0.0 : f64} : (tensor<4x8xf32>) -> tensor<4x8xf32>
  return
}

// -----

func.func @softmax_temperature_negative(%x: tensor<4x8xf32>) {
  // expected-error @+1 {{'nn.softmax' op temperature must be finite and > 0, got -2}}
  %0 = nn.softmax %x {temperature = -2.0 : f64} : (tensor<4x8xf32>) -> tensor<4x8xf32>
  return
}

// -----

func.func @softmax_temperature_infinite(%x: tensor<4x8xf32>) {
  // expected-error @+1 {{'nn.softmax' op temperature must be finite and > 0, got inf}}
  %0 = nn.softmax %x {temperature = 0x7FF0000000000000 : f64} : (tensor<4x8xf32>) -> tensor<4x8xf32>
  return
}

// -----

func.func @softmax_temperature_nan(%x: tensor<4x8xf32>) {
  // expected-error @+1 {{'nn.softmax' op temperature must be finite and > 0, got nan}}
  %0 = nn.softmax %x {temperature = 0x7FF8000000000000 : f64} : (tensor<4x8xf32>) -> tensor<4x8xf32>
  return
}

// -----

func.func @softmax_mask_incompatible(%x: tensor<4x8xf32>, %m: tensor<4x5xi1>) {
  // expected-error @+1 {{'nn.softmax' op mask shape [4, 5] and input shape [4, 8] are not broadcast-compatible: dimension -1 is 5 vs 8}}
  %0 = nn.softmax %x mask %m : (tensor<4x8xf32>, tensor<4x5xi1>) -> tensor<4x8xf32>
  return
}

// -----

// The mask broadcasts to the input, never the input to the mask.
func.func @softmax_mask_larger(%x: tensor<1x8xf32>, %m: tensor<4x8xi1>) {
  // expected-error @+1 {{'nn.softmax' op mask shape [4, 8] does not broadcast to input shape [1, 8]}}
  %0 = nn.softmax %x mask %m : (tensor<1x8xf32>, tensor<4x8xi1>) -> tensor<1x8xf32>
  return
}

// -----

func.func @softmax_mask_rank(%x: tensor<4x8xf32>, %m: tensor<2x4x8xi1>) {
  // expected-error @+1 {{'nn.softmax' op mask shape [2, 4, 8] does not broadcast to input shape [4, 8]}}
  %0 = nn.softmax %x mask %m : (tensor<4x8xf32>, tensor<2x4x8xi1>) -> tensor<4x8xf32>
  return
}

// -----

func.func @softmax_mask_element_type(%x: tensor<4x8xf32>, %m: tensor<4x8xf16>) {
  // expected-error @+1 {{'nn.softmax' op mask must be i1 or the input element type 'f32', got 'f16'}}
  %0 = nn.softmax %x mask %m : (tensor<4x8xf32>, tensor<4x8xf16>) -> tensor<4x8xf32>
  return
}

// -----

func.func @softmax_mask_integer(%x: tensor<4x8xf32>, %m: tensor<4x8xi8>) {
  // expected-error @+1 {{'nn.softmax' op operand #1 must be ranked tensor of 1-bit signless integer or 16-bit float or bfloat16 type or 32-bit float or 64-bit float values, but got 'tensor<4x8xi8>'}}
  %0 = nn.softmax %x mask %m : (tensor<4x8xf32>, tensor<4x8xi8>) -> tensor<4x8xf32>
  return
}

// -----

func.func @softmax_result_type(%x: tensor<4x8xf32>) {
  // expected-error @+1 {{'nn.softmax' op result type tensor<4x8xf64> does not match the operands: expected tensor<4x8xf32>}}
  %0 = nn.softmax %x : (tensor<4x8xf32>) -> tensor<4x8xf64>
  return
}

// -----

func.func @log_softmax_rank0(%x: tensor<f32>) {
  // expected-error @+1 {{'nn.log_softmax' op input must have rank >= 1}}
  %0 = nn.log_softmax %x : (tensor<f32>) -> tensor<f32>
  return
}

// -----

func.func @log_softmax_axis(%x: tensor<4x8xf32>) {
  // expected-error @+1 {{'nn.log_softmax' op axis 2 is out of range for rank 2: expected a value in [-2, 1]}}
  %0 = nn.log_softmax %x {axis = 2 : i64} : (tensor<4x8xf32>) -> tensor<4x8xf32>
  return
}

// -----

func.func @log_softmax_axis_negative(%x: tensor<4x8xf32>) {
  // expected-error @+1 {{'nn.log_softmax' op axis -3 is out of range for rank 2: expected a value in [-2, 1]}}
  %0 = nn.log_softmax %x {axis = -3 : i64} : (tensor<4x8xf32>) -> tensor<4x8xf32>
  return
}

// -----

func.func @log_softmax_temperature_zero(%x: tensor<4x8xf32>) {
  // expected-error @+1 {{'nn.log_softmax' op temperature must be finite and > 0, got 0}}
  %0 = nn.log_softmax %x {temperature = 0.0 : f64} : (tensor<4x8xf32>) -> tensor<4x8xf32>
  return
}

// -----

func.func @log_softmax_temperature_negative(%x: tensor<4x8xf32>) {
  // expected-error @+1 {{'nn.log_softmax' op temperature must be finite and > 0, got -2}}
  %0 = nn.log_softmax %x {temperature = -2.0 : f64} : (tensor<4x8xf32>) -> tensor<4x8xf32>
  return
}

// -----

func.func @log_softmax_temperature_infinite(%x: tensor<4x8xf32>) {
  // expected-error @+1 {{'nn.log_softmax' op temperature must be finite and > 0, got inf}}
  %0 = nn.log_softmax %x {temperature = 0x7FF0000000000000 : f64} : (tensor<4x8xf32>) -> tensor<4x8xf32>
  return
}

// -----

func.func @log_softmax_temperature_nan(%x: tensor<4x8xf32>) {
  // expected-error @+1 {{'nn.log_softmax' op temperature must be finite and > 0, got nan}}
  %0 = nn.log_softmax %x {temperature = 0x7FF8000000000000 : f64} : (tensor<4x8xf32>) -> tensor<4x8xf32>
  return
}

// -----

func.func @log_softmax_mask_incompatible(%x: tensor<4x8xf32>, %m: tensor<4x5xi1>) {
  // expected-error @+1 {{'nn.log_softmax' op mask shape [4, 5] and input shape [4, 8] are not broadcast-compatible: dimension -1 is 5 vs 8}}
  %0 = nn.log_softmax %x mask %m : (tensor<4x8xf32>, tensor<4x5xi1>) -> tensor<4x8xf32>
  return
}

// -----

// The mask broadcasts to the input, never the input to the mask.
func.func @log_softmax_mask_larger(%x: tensor<1x8xf32>, %m: tensor<4x8xi1>) {
  // expected-error @+1 {{'nn.log_softmax' op mask shape [4, 8] does not broadcast to input shape [1, 8]}}
  %0 = nn.log_softmax %x mask %m : (tensor<1x8xf32>, tensor<4x8xi1>) -> tensor<1x8xf32>
  return
}

// -----

func.func @log_softmax_mask_rank(%x: tensor<4x8xf32>, %m: tensor<2x4x8xi1>) {
  // expected-error @+1 {{'nn.log_softmax' op mask shape [2, 4, 8] does not broadcast to input shape [4, 8]}}
  %0 = nn.log_softmax %x mask %m : (tensor<4x8xf32>, tensor<2x4x8xi1>) -> tensor<4x8xf32>
  return
}

// -----

func.func @log_softmax_mask_element_type(%x: tensor<4x8xf32>, %m: tensor<4x8xf16>) {
  // expected-error @+1 {{'nn.log_softmax' op mask must be i1 or the input element type 'f32', got 'f16'}}
  %0 = nn.log_softmax %x mask %m : (tensor<4x8xf32>, tensor<4x8xf16>) -> tensor<4x8xf32>
  return
}

// -----

func.func @log_softmax_mask_integer(%x: tensor<4x8xf32>, %m: tensor<4x8xi8>) {
  // expected-error @+1 {{'nn.log_softmax' op operand #1 must be ranked tensor of 1-bit signless integer or 16-bit float or bfloat16 type or 32-bit float or 64-bit float values, but got 'tensor<4x8xi8>'}}
  %0 = nn.log_softmax %x mask %m : (tensor<4x8xf32>, tensor<4x8xi8>) -> tensor<4x8xf32>
  return
}

// -----

func.func @log_softmax_result_type(%x: tensor<4x8xf32>) {
  // expected-error @+1 {{'nn.log_softmax' op result type tensor<4x8xf64> does not match the operands: expected tensor<4x8xf32>}}
  %0 = nn.log_softmax %x : (tensor<4x8xf32>) -> tensor<4x8xf64>
  return
}

// -----

func.func @sparsemax_rank0(%x: tensor<f32>) {
  // expected-error @+1 {{'nn.sparsemax' op input must be a ranked tensor of rank >= 1}}
  %0 = nn.sparsemax %x : (tensor<f32>) -> tensor<f32>
  return
}

// -----

func.func @sparsemax_axis(%x: tensor<2x3x4xf32>) {
  // expected-error @+1 {{'nn.sparsemax' op axis -4 is out of range for rank 3: expected a value in [-3, 2]}}
  %0 = nn.sparsemax %x {axis = -4 : i64} : (tensor<2x3x4xf32>) -> tensor<2x3x4xf32>
  return
}

// -----

func.func @sparsemax_result_type(%x: tensor<2x3xf32>) {
  // expected-error @+1 {{'nn.sparsemax' op result type tensor<3x2xf32> does not match the operands: expected tensor<2x3xf32>}}
  %0 = nn.sparsemax %x : (tensor<2x3xf32>) -> tensor<3x2xf32>
  return
}

// -----

func.func @grid_softmax_rank0(%x: tensor<f32>) {
  // expected-error @+1 {{'nn.grid_softmax' op input must be a ranked tensor of rank >= 1}}
  %0 = nn.grid_softmax %x {groups = 1 : i64} : (tensor<f32>) -> tensor<f32>
  return
}

// -----

func.func @grid_softmax_groups_zero(%x: tensor<4x12xf32>) {
  // expected-error @+1 {{'nn.grid_softmax' op groups must be >= 1, got 0}}
  %0 = nn.grid_softmax %x {groups = 0 : i64} : (tensor<4x12xf32>) -> tensor<4x12xf32>
  return
}

// -----

func.func @grid_softmax_groups_negative(%x: tensor<4x12xf32>) {
  // expected-error @+1 {{'nn.grid_softmax' op groups must be >= 1, got -3}}
  %0 = nn.grid_softmax %x {groups = -3 : i64} : (tensor<4x12xf32>) -> tensor<4x12xf32>
  return
}

// -----

func.func @grid_softmax_not_divisible(%x: tensor<4x12xf32>) {
  // expected-error @+1 {{'nn.grid_softmax' op last dimension 12 is not divisible by groups 5}}
  %0 = nn.grid_softmax %x {groups = 5 : i64} : (tensor<4x12xf32>) -> tensor<4x12xf32>
  return
}

// -----

func.func @grid_softmax_temperature(%x: tensor<4x12xf32>) {
  // expected-error @+1 {{'nn.grid_softmax' op temperature must be finite and > 0, got -1}}
  %0 = nn.grid_softmax %x {groups = 4 : i64, temperature = -1.0 : f64} : (tensor<4x12xf32>) -> tensor<4x12xf32>
  return
}

// -----

func.func @grid_softmax_missing_groups(%x: tensor<4x12xf32>) {
  // expected-error @+1 {{'nn.grid_softmax' op requires attribute 'groups'}}
  %0 = nn.grid_softmax %x : (tensor<4x12xf32>) -> tensor<4x12xf32>
  return
}

// -----

func.func @grid_softmax_result_type(%x: tensor<4x12xf32>) {
  // expected-error @+1 {{'nn.grid_softmax' op result type tensor<4x3x4xf32> does not match the operands: expected tensor<4x12xf32>}}
  %0 = nn.grid_softmax %x {groups = 3 : i64} : (tensor<4x12xf32>) -> tensor<4x3x4xf32>
  return
}

// -----

func.func @hard_sigmoid_alpha_inf(%x: tensor<4x8xf32>) {
  // expected-error @+1 {{'nn.hard_sigmoid' op alpha and beta must be finite}}
  %0 = nn.hard_sigmoid %x {alpha = 0x7FF0000000000000 : f64} : tensor<4x8xf32>
  return
}
