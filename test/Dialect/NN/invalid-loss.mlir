// RUN: nnc-opt %s -split-input-file -verify-diagnostics

// Verifier errors of the loss ops (cross_entropy, bce, bce_with_logits,
// mse).

func.func @cross_entropy_input_rank(%x: tensor<4x10x3xf32>, %t: tensor<4xi64>) {
  // expected-error @+1 {{'nn.cross_entropy' op input must have rank 2 [batch, classes], got shape [4, 10, 3]}}
  %0 = nn.cross_entropy %x, %t : (tensor<4x10x3xf32>, tensor<4xi64>) -> tensor<f32>
  return
}

// -----

func.func @cross_entropy_index_batch(%x: tensor<4x10xf32>, %t: tensor<5xi64>) {
  // expected-error @+1 {{'nn.cross_entropy' op target shape [5] does not match class indices for the batch: expected [4]}}
  %0 = nn.cross_entropy %x, %t : (tensor<4x10xf32>, tensor<5xi64>) -> tensor<f32>
  return
}

// -----

// One-hot targets must be float (probabilities), not integer.
func.func @cross_entropy_index_rank(%x: tensor<4x10xf32>, %t: tensor<4x10xi32>) {
  // expected-error @+1 {{'nn.cross_entropy' op target shape [4, 10] does not match class indices for the batch: expected [4]}}
  %0 = nn.cross_entropy %x, %t : (tensor<4x10xf32>, tensor<4x10xi32>) -> tensor<f32>
  return
}

// -----

// Float targets are class probabilities [B, C], not indices.
func.func @cross_entropy_probability_shape(%x: tensor<4x10xf32>, %t: tensor<4xf32>) {
  // expected-error @+1 {{'nn.cross_entropy' op target shape [4] does not match class probabilities for the input: expected [4, 10]}}
  %0 = nn.cross_entropy %x, %t : (tensor<4x10xf32>, tensor<4xf32>) -> tensor<f32>
  return
}

// -----

func.func @cross_entropy_probability_element_type(%x: tensor<4x10xf32>, %t: tensor<4x10xf16>) {
  // expected-error @+1 {{'nn.cross_entropy' op target element type 'f16' does not match the input element type 'f32'}}
  %0 = nn.cross_entropy %x, %t : (tensor<4x10xf32>, tensor<4x10xf16>) -> tensor<f32>
  return
}

// -----

func.func @cross_entropy_num_classes(%x: tensor<4x10xf32>, %t: tensor<4xi64>) {
  // expected-error @+1 {{'nn.cross_entropy' op num_classes must be >= 1}}
  %0 = nn.cross_entropy %x, %t {num_classes = 0 : i64} : (tensor<4x10xf32>, tensor<4xi64>) -> tensor<f32>
  return
}

// -----

func.func @cross_entropy_target_type(%x: tensor<4x10xf32>, %t: tensor<4xi8>) {
  // expected-error @+1 {{'nn.cross_entropy' op operand #1 must be ranked tensor of 32-bit signless integer or 64-bit signless integer or 16-bit float or bfloat16 type or 32-bit float or 64-bit float values, but got 'tensor<4xi8>'}}
  %0 = nn.cross_entropy %x, %t : (tensor<4x10xf32>, tensor<4xi8>) -> tensor<f32>
  return
}

// -----

func.func @cross_entropy_result_type(%x: tensor<4x10xf32>, %t: tensor<4xi64>) {
  // expected-error @+1 {{'nn.cross_entropy' op result type tensor<f32> does not match the operands: expected tensor<4xf32>}}
  %0 = nn.cross_entropy %x, %t {reduction = #nn.reduction<none>} : (tensor<4x10xf32>, tensor<4xi64>) -> tensor<f32>
  return
}

// -----

func.func @cross_entropy_reduction(%x: tensor<4x10xf32>, %t: tensor<4xi64>) {
  // expected-error @+2 {{expected ::nnc::nn::Reduction to be one of: mean, sum, none}}
  // expected-error @+1 {{failed to parse NN_ReductionAttr parameter 'value' which is to be a `::nnc::nn::Reduction`}}
  %0 = nn.cross_entropy %x, %t {reduction = #nn.reduction<max>} : (tensor<4x10xf32>, tensor<4xi64>) -> tensor<f32>
  return
}

// -----

func.func @bce_target_shape(%x: tensor<8x1xf32>, %t: tensor<8xf32>) {
  // expected-error @+1 {{'nn.bce' op target shape [8] does not match the input: expected [8, 1]}}
  %0 = nn.bce %x, %t : (tensor<8x1xf32>, tensor<8xf32>) -> tensor<f32>
  return
}

// -----

func.func @bce_target_element_type(%x: tensor<8x1xf32>, %t: tensor<8x1xbf16>) {
  // expected-error @+1 {{'nn.bce' op target element type 'bf16' does not match the input element type 'f32'}}
  %0 = nn.bce %x, %t : (tensor<8x1xf32>, tensor<8x1xbf16>) -> tensor<f32>
  return
}

// -----

func.func @bce_result_type(%x: tensor<8x1xf32>, %t: tensor<8x1xf32>) {
  // expected-error @+1 {{'nn.bce' op result type tensor<8x1xf32> does not match the operands: expected tensor<f32>}}
  %0 = nn.bce %x, %t : (tensor<8x1xf32>, tensor<8x1xf32>) -> tensor<8x1xf32>
  return
}

// -----

func.func @bce_with_logits_target_shape(%x: tensor<8x1xf32>, %t: tensor<8xf32>) {
  // expected-error @+1 {{'nn.bce_with_logits' op target shape [8] does not match the input: expected [8, 1]}}
  %0 = nn.bce_with_logits %x, %t : (tensor<8x1xf32>, tensor<8xf32>) -> tensor<f32>
  return
}

// -----

func.func @bce_with_logits_target_element_type(%x: tensor<8x1xf32>, %t: tensor<8x1xbf16>) {
  // expected-error @+1 {{'nn.bce_with_logits' op target element type 'bf16' does not match the input element type 'f32'}}
  %0 = nn.bce_with_logits %x, %t : (tensor<8x1xf32>, tensor<8x1xbf16>) -> tensor<f32>
  return
}

// -----

func.func @bce_with_logits_result_type(%x: tensor<8x1xf32>, %t: tensor<8x1xf32>) {
  // expected-error @+1 {{'nn.bce_with_logits' op result type tensor<8x1xf32> does not match the operands: expected tensor<f32>}}
  %0 = nn.bce_with_logits %x, %t : (tensor<8x1xf32>, tensor<8x1xf32>) -> tensor<8x1xf32>
  return
}

// -----

func.func @mse_target_shape(%x: tensor<8x1xf32>, %t: tensor<8xf32>) {
  // expected-error @+1 {{'nn.mse' op target shape [8] does not match the input: expected [8, 1]}}
  %0 = nn.mse %x, %t : (tensor<8x1xf32>, tensor<8xf32>) -> tensor<f32>
  return
}

// -----

func.func @mse_target_element_type(%x: tensor<8x1xf32>, %t: tensor<8x1xbf16>) {
  // expected-error @+1 {{'nn.mse' op target element type 'bf16' does not match the input element type 'f32'}}
  %0 = nn.mse %x, %t : (tensor<8x1xf32>, tensor<8x1xbf16>) -> tensor<f32>
  return
}

// -----

func.func @mse_result_type(%x: tensor<8x1xf32>, %t: tensor<8x1xf32>) {
  // expected-error @+1 {{'nn.mse' op result type tensor<8x1xf32> does not match the operands: expected tensor<f32>}}
  %0 = nn.mse %x, %t : (tensor<8x1xf32>, tensor<8x1xf32>) -> tensor<8x1xf32>
  return
}

// -----

func.func @mse_integer_target(%x: tensor<8x1xf32>, %t: tensor<8x1xi64>) {
  // expected-error @+1 {{'nn.mse' op operand #1 must be ranked tensor of 16-bit float or bfloat16 type or 32-bit float or 64-bit float values, but got 'tensor<8x1xi64>'}}
  %0 = nn.mse %x, %t : (tensor<8x1xf32>, tensor<8x1xi64>) -> tensor<f32>
  return
}
