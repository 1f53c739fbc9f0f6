// RUN: nnc-opt %s | FileCheck %s
// RUN: nnc-opt %s | nnc-opt | FileCheck %s
// RUN: nnc-opt %s --mlir-print-op-generic | nnc-opt | FileCheck %s

// Round trip of the loss ops (NNLossOps.td): cross_entropy, bce,
// bce_with_logits, mse.

// Index targets; the defaults (from_logits = true, reduction = mean) are
// elided when printed; the loss is a scalar.
// CHECK-LABEL: func.func @cross_entropy_indices(
// CHECK: nn.cross_entropy %arg0, %arg1 : (tensor<?x10xf32>, tensor<?xi64>) -> tensor<f32>
// CHECK: nn.cross_entropy %arg0, %arg2 : (tensor<?x10xf32>, tensor<?xi32>) -> tensor<f32>
func.func @cross_entropy_indices(%x: tensor<?x10xf32>, %t: tensor<?xi64>, %t32: tensor<?xi32>) -> (tensor<f32>, tensor<f32>) {
  %0 = nn.cross_entropy %x, %t {from_logits = true, reduction = #nn.reduction<mean>} : (tensor<?x10xf32>, tensor<?xi64>) -> tensor<f32>
  %1 = nn.cross_entropy %x, %t32 : (tensor<?x10xf32>, tensor<?xi32>) -> tensor<f32>
  return %0, %1 : tensor<f32>, tensor<f32>
}

// Probability targets [B, C], from probabilities, summed, with num_classes.
// CHECK-LABEL: func.func @cross_entropy_probabilities(
// CHECK: nn.cross_entropy %arg0, %arg1 {from_logits = false, num_classes = 10 : i64, reduction = #nn.reduction<sum>} : (tensor<32x10xf32>, tensor<32x10xf32>) -> tensor<f32>
func.func @cross_entropy_probabilities(%p: tensor<32x10xf32>, %t: tensor<32x10xf32>) -> tensor<f32> {
  %0 = nn.cross_entropy %p, %t {from_logits = false, num_classes = 10 : i64, reduction = #nn.reduction<sum>} : (tensor<32x10xf32>, tensor<32x10xf32>) -> tensor<f32>
  return %0 : tensor<f32>
}

// reduction = none gives one loss per sample, [B].
// CHECK-LABEL: func.func @cross_entropy_none(
// CHECK: nn.cross_entropy %arg0, %arg1 {reduction = #nn.reduction<none>} : (tensor<?x10xf64>, tensor<?xi64>) -> tensor<?xf64>
// CHECK: nn.cross_entropy %arg0, %arg2 {reduction = #nn.reduction<none>} : (tensor<?x10xf64>, tensor<?x10xf64>) -> tensor<?xf64>
func.func @cross_entropy_none(%x: tensor<?x10xf64>, %t: tensor<?xi64>, %q: tensor<?x10xf64>) -> (tensor<?xf64>, tensor<?xf64>) {
  %0 = nn.cross_entropy %x, %t {reduction = #nn.reduction<none>} : (tensor<?x10xf64>, tensor<?xi64>) -> tensor<?xf64>
  %1 = nn.cross_entropy %x, %q {reduction = #nn.reduction<none>} : (tensor<?x10xf64>, tensor<?x10xf64>) -> tensor<?xf64>
  return %0, %1 : tensor<?xf64>, tensor<?xf64>
}

// CHECK-LABEL: func.func @bce(
// CHECK: nn.bce %arg0, %arg1 : (tensor<?x1xf32>, tensor<?x1xf32>) -> tensor<f32>
// CHECK: nn.bce %arg0, %arg1 {reduction = #nn.reduction<none>} : (tensor<?x1xf32>, tensor<?x1xf32>) -> tensor<?x1xf32>
func.func @bce(%p: tensor<?x1xf32>, %t: tensor<?x1xf32>) -> (tensor<f32>, tensor<?x1xf32>) {
  %0 = nn.bce %p, %t : (tensor<?x1xf32>, tensor<?x1xf32>) -> tensor<f32>
  %1 = nn.bce %p, %t {reduction = #nn.reduction<none>} : (tensor<?x1xf32>, tensor<?x1xf32>) -> tensor<?x1xf32>
  return %0, %1 : tensor<f32>, tensor<?x1xf32>
}

// Multi-label logits; summed.
// CHECK-LABEL: func.func @bce_with_logits(
// CHECK: nn.bce_with_logits %arg0, %arg1 {reduction = #nn.reduction<sum>} : (tensor<8x5xf32>, tensor<8x5xf32>) -> tensor<f32>
// CHECK: nn.bce_with_logits %arg0, %arg1 {reduction = #nn.reduction<none>} : (tensor<8x5xf32>, tensor<8x5xf32>) -> tensor<8x5xf32>
func.func @bce_with_logits(%x: tensor<8x5xf32>, %t: tensor<8x5xf32>) -> (tensor<f32>, tensor<8x5xf32>) {
  %0 = nn.bce_with_logits %x, %t {reduction = #nn.reduction<sum>} : (tensor<8x5xf32>, tensor<8x5xf32>) -> tensor<f32>
  %1 = nn.bce_with_logits %x, %t {reduction = #nn.reduction<none>} : (tensor<8x5xf32>, tensor<8x5xf32>) -> tensor<8x5xf32>
  return %0, %1 : tensor<f32>, tensor<8x5xf32>
}

// CHECK-LABEL: func.func @mse(
// CHECK: nn.mse %arg0, %arg1 : (tensor<?x3xf64>, tensor<?x3xf64>) -> tensor<f64>
// CHECK: nn.mse %arg0, %arg1 {reduction = #nn.reduction<sum>} : (tensor<?x3xf64>, tensor<?x3xf64>) -> tensor<f64>
// CHECK: nn.mse %arg0, %arg1 {reduction = #nn.reduction<none>} : (tensor<?x3xf64>, tensor<?x3xf64>) -> tensor<?x3xf64>
func.func @mse(%y: tensor<?x3xf64>, %t: tensor<?x3xf64>) -> (tensor<f64>, tensor<f64>, tensor<?x3xf64>) {
  %0 = nn.mse %y, %t {reduction = #nn.reduction<mean>} : (tensor<?x3xf64>, tensor<?x3xf64>) -> tensor<f64>
  %1 = nn.mse %y, %t {reduction = #nn.reduction<sum>} : (tensor<?x3xf64>, tensor<?x3xf64>) -> tensor<f64>
  %2 = nn.mse %y, %t {reduction = #nn.reduction<none>} : (tensor<?x3xf64>, tensor<?x3xf64>) -> tensor<?x3xf64>
  return %0, %1, %2 : tensor<f64>, tensor<f64>, tensor<?x3xf64>
}
