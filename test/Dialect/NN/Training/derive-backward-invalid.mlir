// RUN: not nnc-opt %s --split-input-file --nn-derive-backward 2>&1 | FileCheck %s

// CHECK: error: nn-derive-backward: no public function returns a scalar loss
func.func @not_a_loss(%x: tensor<2x4xf32>) -> tensor<2x4xf32> {
  %y = nn.relu %x : tensor<2x4xf32>
  return %y : tensor<2x4xf32>
}

// -----

// An op without a gradient rule between a parameter and the loss.
// CHECK: error: nn-derive-backward: 'tensor.extract_slice' has no gradient rule
func.func @no_rule(%x: tensor<2x4xf32>) -> tensor<f32> {
  %w = arith.constant dense<0.5> : tensor<3x4xf32>
  %h = nn.dense %x, %w : (tensor<2x4xf32>, tensor<3x4xf32>) -> tensor<2x3xf32>
  %s = tensor.extract_slice %h[0, 0] [1, 3] [1, 1] : tensor<2x3xf32> to tensor<1x3xf32>
  %l = nn.reduce sum %s {axes = array<i64: 0, 1>} : (tensor<1x3xf32>) -> tensor<f32>
  return %l : tensor<f32>
}
