// RUN: nnc-opt %s --canonicalize --split-input-file | FileCheck %s

// Reshapes and flattens to their own type are their input.
// CHECK-LABEL: func.func @identity_reshapes
// CHECK-NEXT:    return %arg0
func.func @identity_reshapes(%x: tensor<4x6xf32>) -> tensor<4x6xf32> {
  %a = nn.reshape %x : (tensor<4x6xf32>) -> tensor<4x6xf32>
  %b = nn.flatten %a : (tensor<4x6xf32>) -> tensor<4x6xf32>
  return %b : tensor<4x6xf32>
}

// -----

// A reshape of a reshape (or flatten) reshapes the first input.
// CHECK-LABEL: func.func @reshape_of_reshape
// CHECK-NEXT:    %[[R:.*]] = nn.reshape %arg0 : (tensor<2x3x4xf32>) -> tensor<4x6xf32>
// CHECK-NEXT:    return %[[R]]
func.func @reshape_of_reshape(%x: tensor<2x3x4xf32>) -> tensor<4x6xf32> {
  %a = nn.flatten %x : (tensor<2x3x4xf32>) -> tensor<2x12xf32>
  %b = nn.reshape %a : (tensor<2x12xf32>) -> tensor<24xf32>
  %c = nn.reshape %b : (tensor<24xf32>) -> tensor<4x6xf32>
  return %c : tensor<4x6xf32>
}

// -----

// A transpose of a transpose is one transpose by the composed permutation,
// or none when that is the identity.
// CHECK-LABEL: func.func @transposes
// CHECK-NEXT:    %[[T:.*]] = nn.transpose %arg0 {permutation = array<i64: 2, 0, 1>} : (tensor<2x3x4xf32>) -> tensor<4x2x3xf32>
// CHECK-NEXT:    return %arg0, %[[T]]
func.func @transposes(%x: tensor<2x3x4xf32>) -> (tensor<2x3x4xf32>, tensor<4x2x3xf32>) {
  %a = nn.transpose %x {permutation = array<i64: 1, 0, 2>} : (tensor<2x3x4xf32>) -> tensor<3x2x4xf32>
  %b = nn.transpose %a {permutation = array<i64: 1, 0, 2>} : (tensor<3x2x4xf32>) -> tensor<2x3x4xf32>
  %c = nn.transpose %a {permutation = array<i64: 2, 1, 0>} : (tensor<3x2x4xf32>) -> tensor<4x2x3xf32>
  %i = nn.transpose %b {permutation = array<i64: 0, 1, 2>} : (tensor<2x3x4xf32>) -> tensor<2x3x4xf32>
  return %i, %c : tensor<2x3x4xf32>, tensor<4x2x3xf32>
}

// -----

// Dropout with rate 0 is the identity; another rate stays.
// CHECK-LABEL: func.func @dropout
// CHECK-NEXT:    %[[D:.*]] = nn.dropout %arg0 {rate = 5.000000e-01 : f64}
// CHECK-NEXT:    return %arg0, %[[D]]
func.func @dropout(%x: tensor<8xf32>) -> (tensor<8xf32>, tensor<8xf32>) {
  %a = nn.dropout %x {rate = 0.0 : f64} : tensor<8xf32>
  %b = nn.dropout %x {rate = 0.5 : f64} : tensor<8xf32>
  return %a, %b : tensor<8xf32>, tensor<8xf32>
}
