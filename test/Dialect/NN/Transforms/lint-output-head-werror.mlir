// RUN: split-file --leading-lines %s %t
// With werror the mistakes are errors (same text, same note) and nnc-opt
// fails (exit code 1); without werror they are warnings and nnc-opt
// succeeds; a module without mistakes passes with werror.
// RUN: %exit-code 1 nnc-opt %t/mistakes.mlir --nn-lint-output-head=werror -o /dev/null 2>&1 | FileCheck %s
// RUN: not nnc-opt %t/mistakes.mlir --nn-lint-output-head=werror -o /dev/null 2>/dev/null
// RUN: nnc-opt %t/mistakes.mlir --nn-lint-output-head -o /dev/null 2>&1 | FileCheck %s --check-prefix=WARN
// RUN: nnc-opt %t/clean.mlir --nn-lint-output-head=werror -o /dev/null 2>&1 | FileCheck %s --check-prefix=CLEAN --allow-empty
// CLEAN-NOT: {{.}}

//--- mistakes.mlir
// CHECK: mistakes.mlir:[[@LINE+3]]:8: error: nn-lint-output-head: 'nn.softmax' feeds 'nn.cross_entropy', which applies log_softmax itself (double softmax); fix: pass the logits to nn.cross_entropy, or set from_logits = false
// CHECK: mistakes.mlir:[[@LINE+3]]:11: note: the loss 'nn.cross_entropy' is here
func.func @softmax_then_cross_entropy(%x: tensor<4x10xf32>, %t: tensor<4xi64>) -> tensor<f32> {
  %p = nn.softmax %x : (tensor<4x10xf32>) -> tensor<4x10xf32>
  %loss = nn.cross_entropy %p, %t : (tensor<4x10xf32>, tensor<4xi64>) -> tensor<f32>
  return %loss : tensor<f32>
}

// CHECK: mistakes.mlir:[[@LINE+3]]:8: error: nn-lint-output-head: 'nn.dense' with activation = relu on a regression output feeding 'nn.mse' cannot predict negative values (they are clipped to 0, with no gradient); fix: use an identity output (no activation)
// CHECK: mistakes.mlir:[[@LINE+3]]:11: note: the loss 'nn.mse' is here
func.func @relu_regression(%x: tensor<4x16xf32>, %w: tensor<2x16xf32>, %y: tensor<4x2xf32>) -> tensor<f32> {
  %r = nn.dense %x, %w {activation = #nn.activation<relu>} : (tensor<4x16xf32>, tensor<2x16xf32>) -> tensor<4x2xf32>
  %loss = nn.mse %r, %y : (tensor<4x2xf32>, tensor<4x2xf32>) -> tensor<f32>
  return %loss : tensor<f32>
}
// CHECK-NOT: warning:

// WARN: warning: nn-lint-output-head: 'nn.softmax' feeds 'nn.cross_entropy'
// WARN: note: the loss 'nn.cross_entropy' is here
// WARN: warning: nn-lint-output-head: 'nn.dense' with activation = relu on a regression output
// WARN: note: the loss 'nn.mse' is here
// WARN-NOT: error:

//--- clean.mlir
func.func @logits_cross_entropy(%x: tensor<4x16xf32>, %w: tensor<10x16xf32>, %t: tensor<4xi64>) -> tensor<f32> {
  %logits = nn.dense %x, %w : (tensor<4x16xf32>, tensor<10x16xf32>) -> tensor<4x10xf32>
  %loss = nn.cross_entropy %logits, %t {num_classes = 10 : i64} : (tensor<4x10xf32>, tensor<4xi64>) -> tensor<f32>
  return %loss : tensor<f32>
}
