// Malformed or wrong input gives a located diagnostic ("file:line:col:
// error:") and exit code 1, never a crash. Each input below is its own file
// (split-file); exit-code.py checks the code is exactly 1 (a crash is a
// signal, not 1).

// RUN: rm -rf %t && split-file %s %t

// A syntax error: a missing comma between operands.
// RUN: not nnc-opt %t/syntax.mlir 2>&1 | FileCheck %s --check-prefix=SYNTAX
// RUN: %exit-code 1 nnc-opt %t/syntax.mlir 2>/dev/null
// SYNTAX: syntax.mlir:2:19: error: expected ','
// SYNTAX-NOT: error

// A wrong shape: the verifier names the expected weight shape.
// RUN: not nnc-opt %t/shape.mlir 2>&1 | FileCheck %s --check-prefix=SHAPE
// RUN: %exit-code 1 nnc-opt %t/shape.mlir 2>/dev/null
// SHAPE: shape.mlir:3:8: error: 'nn.dense' op weight shape [10, 784] does not match input features 512: expected [10, 512]
// SHAPE-NOT: error

// A file that stops in the middle of an op's type.
// RUN: not nnc-opt %t/truncated-type.mlir 2>&1 | FileCheck %s --check-prefix=TRUNC-TYPE
// RUN: %exit-code 1 nnc-opt %t/truncated-type.mlir 2>/dev/null
// TRUNC-TYPE: truncated-type.mlir:2:53: error: expected non-function type
// TRUNC-TYPE-NOT: error

// A file that stops after an op's operands.
// RUN: not nnc-opt %t/truncated-op.mlir 2>&1 | FileCheck %s --check-prefix=TRUNC-OP
// RUN: %exit-code 1 nnc-opt %t/truncated-op.mlir 2>/dev/null
// TRUNC-OP: truncated-op.mlir:2:23: error: expected ':'
// TRUNC-OP-NOT: error

// A function body without its closing brace.
// RUN: not nnc-opt %t/truncated-region.mlir 2>&1 | FileCheck %s --check-prefix=TRUNC-REGION
// RUN: %exit-code 1 nnc-opt %t/truncated-region.mlir 2>/dev/null
// TRUNC-REGION: truncated-region.mlir:3:30: error:
// TRUNC-REGION-NOT: error

// An unknown op of the nn dialect, in custom and in generic form.
// RUN: not nnc-opt %t/unknown-op.mlir 2>&1 | FileCheck %s --check-prefix=UNKNOWN
// RUN: %exit-code 1 nnc-opt %t/unknown-op.mlir 2>/dev/null
// UNKNOWN: unknown-op.mlir:2:8: error: custom op 'nn.foo' is unknown
// UNKNOWN-NOT: error
// RUN: not nnc-opt %t/unknown-generic-op.mlir 2>&1 | FileCheck %s --check-prefix=UNKNOWN-GENERIC
// RUN: %exit-code 1 nnc-opt %t/unknown-generic-op.mlir 2>/dev/null
// UNKNOWN-GENERIC: unknown-generic-op.mlir:2:8: error: unregistered operation 'nn.foo' found in dialect ('nn') that does not allow unknown operations
// UNKNOWN-GENERIC-NOT: error

// An unknown activation enum case.
// RUN: not nnc-opt %t/unknown-enum.mlir 2>&1 | FileCheck %s --check-prefix=ENUM
// RUN: %exit-code 1 nnc-opt %t/unknown-enum.mlir 2>/dev/null
// ENUM: unknown-enum.mlir:2:53: error: expected ::nnc::nn::Activation to be one of: none, relu, leaky_relu, gelu, gelu_tanh, silu, sigmoid, tanh, elu, softplus

// A use of an undefined value.
// RUN: not nnc-opt %t/undefined-value.mlir 2>&1 | FileCheck %s --check-prefix=UNDEF
// RUN: %exit-code 1 nnc-opt %t/undefined-value.mlir 2>/dev/null
// UNDEF: undefined-value.mlir:2:16: error: use of undeclared SSA value name
// UNDEF-NOT: error

// An input file that does not exist.
// RUN: not nnc-opt %t/missing.mlir 2>&1 | FileCheck %s --check-prefix=MISSING
// RUN: %exit-code 1 nnc-opt %t/missing.mlir 2>/dev/null
// MISSING: cannot open input file '{{.*}}missing.mlir'

//--- syntax.mlir
func.func @f(%x: tensor<4x8xf32>, %w: tensor<2x8xf32>) -> tensor<4x2xf32> {
  %0 = nn.dense %x %w : (tensor<4x8xf32>, tensor<2x8xf32>) -> tensor<4x2xf32>
  return %0 : tensor<4x2xf32>
}

//--- shape.mlir
func.func @f(%x: tensor<32x512xf32>, %w: tensor<10x784xf32>,
             %b: tensor<10xf32>) -> tensor<32x10xf32> {
  %0 = nn.dense %x, %w, %b : (tensor<32x512xf32>, tensor<10x784xf32>, tensor<10xf32>) -> tensor<32x10xf32>
  return %0 : tensor<32x10xf32>
}

//--- truncated-type.mlir
func.func @f(%x: tensor<4x8xf32>, %w: tensor<2x8xf32>) -> tensor<4x2xf32> {
  %0 = nn.dense %x, %w : (tensor<4x8xf32>, tensor<2x
//--- truncated-op.mlir
func.func @f(%x: tensor<4x8xf32>, %w: tensor<2x8xf32>) -> tensor<4x2xf32> {
  %0 = nn.dense %x, %w
//--- truncated-region.mlir
func.func @f(%x: tensor<4x8xf32>) -> tensor<4x8xf32> {
  %0 = nn.relu %x : tensor<4x8xf32>
  return %0 : tensor<4x8xf32>
//--- unknown-op.mlir
func.func @f(%x: tensor<4x8xf32>) -> tensor<4x8xf32> {
  %0 = nn.foo %x : tensor<4x8xf32>
  return %0 : tensor<4x8xf32>
}

//--- unknown-generic-op.mlir
func.func @f(%x: tensor<4x8xf32>) -> tensor<4x8xf32> {
  %0 = "nn.foo"(%x) : (tensor<4x8xf32>) -> tensor<4x8xf32>
  return %0 : tensor<4x8xf32>
}

//--- unknown-enum.mlir
func.func @f(%x: tensor<4x8xf32>, %w: tensor<2x8xf32>) -> tensor<4x2xf32> {
  %0 = nn.dense %x, %w {activation = #nn.activation<swish>} : (tensor<4x8xf32>, tensor<2x8xf32>) -> tensor<4x2xf32>
  return %0 : tensor<4x2xf32>
}

//--- undefined-value.mlir
func.func @f(%x: tensor<4x8xf32>) -> tensor<4x8xf32> {
  %0 = nn.relu %y : tensor<4x8xf32>
  return %0 : tensor<4x8xf32>
}
