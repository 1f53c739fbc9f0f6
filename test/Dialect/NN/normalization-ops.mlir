// RUN: nnc-opt %s | FileCheck %s
// RUN: nnc-opt %s | nnc-opt | FileCheck %s
// RUN: nnc-opt %s --mlir-print-op-generic | nnc-opt | FileCheck %s

// Round trip of the normalization ops (NNNormalizationOps.td): layer_norm,
// rms_norm, batch_norm.

// CHECK-LABEL: func.func @layer_norm_affine(
// CHECK: nn.layer_norm %arg0 scale %arg1 bias %arg2 : (tensor<?x16x64xf32>, tensor<64xf32>, tensor<64xf32>) -> tensor<?x16x64xf32>
func.func @layer_norm_affine(%x: tensor<?x16x64xf32>, %g: tensor<64xf32>, %b: tensor<64xf32>) -> tensor<?x16x64xf32> {
  %y = nn.layer_norm %x scale %g bias %b : (tensor<?x16x64xf32>, tensor<64xf32>, tensor<64xf32>) -> tensor<?x16x64xf32>
  return %y : tensor<?x16x64xf32>
}

// CHECK-LABEL: func.func @layer_norm_plain(
// CHECK: nn.layer_norm %arg0 : (tensor<4x10xf32>) -> tensor<4x10xf32>
func.func @layer_norm_plain(%x: tensor<4x10xf32>) -> tensor<4x10xf32> {
  %y = nn.layer_norm %x {axis = -1 : i64, epsilon = 1.0e-5 : f64} : (tensor<4x10xf32>) -> tensor<4x10xf32>
  return %y : tensor<4x10xf32>
}

// Scale without bias; bias without scale.
// CHECK-LABEL: func.func @layer_norm_scale_or_bias(
// CHECK: nn.layer_norm %arg0 scale %arg1 : (tensor<4x10xf32>, tensor<10xf32>) -> tensor<4x10xf32>
// CHECK: nn.layer_norm %arg0 bias %arg1 : (tensor<4x10xf32>, tensor<10xf32>) -> tensor<4x10xf32>
func.func @layer_norm_scale_or_bias(%x: tensor<4x10xf32>, %p: tensor<10xf32>) -> (tensor<4x10xf32>, tensor<4x10xf32>) {
  %0 = nn.layer_norm %x scale %p : (tensor<4x10xf32>, tensor<10xf32>) -> tensor<4x10xf32>
  %1 = nn.layer_norm %x bias %p : (tensor<4x10xf32>, tensor<10xf32>) -> tensor<4x10xf32>
  return %0, %1 : tensor<4x10xf32>, tensor<4x10xf32>
}

// Normalizing over [C, H, W] from axis 1: the affine operands are [C, H, W].
// CHECK-LABEL: func.func @layer_norm_axis(
// CHECK: nn.layer_norm %arg0 scale %arg1 bias %arg2 {axis = 1 : i64, epsilon = 1.000000e-03 : f64} : (tensor<2x3x4x5xf64>, tensor<3x4x5xf64>, tensor<3x4x5xf64>) -> tensor<2x3x4x5xf64>
func.func @layer_norm_axis(%x: tensor<2x3x4x5xf64>, %g: tensor<3x4x5xf64>, %b: tensor<3x4x5xf64>) -> tensor<2x3x4x5xf64> {
  %y = nn.layer_norm %x scale %g bias %b {axis = 1 : i64, epsilon = 1.0e-3 : f64} : (tensor<2x3x4x5xf64>, tensor<3x4x5xf64>, tensor<3x4x5xf64>) -> tensor<2x3x4x5xf64>
  return %y : tensor<2x3x4x5xf64>
}

// CHECK-LABEL: func.func @rms_norm(
// CHECK: nn.rms_norm %arg0 scale %arg1 : (tensor<?x8x32xf16>, tensor<32xf16>) -> tensor<?x8x32xf16>
func.func @rms_norm(%x: tensor<?x8x32xf16>, %g: tensor<32xf16>) -> tensor<?x8x32xf16> {
  %y = nn.rms_norm %x scale %g : (tensor<?x8x32xf16>, tensor<32xf16>) -> tensor<?x8x32xf16>
  return %y : tensor<?x8x32xf16>
}

// The default epsilon of rms_norm is 1e-6 (elided); 1e-5 is printed.
// CHECK-LABEL: func.func @rms_norm_attrs(
// CHECK: nn.rms_norm %arg0 : (tensor<4x8x32xf32>) -> tensor<4x8x32xf32>
// CHECK: nn.rms_norm %arg0 {axis = -2 : i64, epsilon = 1.000000e-05 : f64} : (tensor<4x8x32xf32>) -> tensor<4x8x32xf32>
func.func @rms_norm_attrs(%x: tensor<4x8x32xf32>) -> (tensor<4x8x32xf32>, tensor<4x8x32xf32>) {
  %0 = nn.rms_norm %x {epsilon = 1.0e-6 : f64} : (tensor<4x8x32xf32>) -> tensor<4x8x32xf32>
  %1 = nn.rms_norm %x {axis = -2 : i64, epsilon = 1.0e-5 : f64} : (tensor<4x8x32xf32>) -> tensor<4x8x32xf32>
  return %0, %1 : tensor<4x8x32xf32>, tensor<4x8x32xf32>
}

// CHECK-LABEL: func.func @batch_norm_2d(
// CHECK: nn.batch_norm %arg0, %arg1, %arg2, %arg3, %arg4 : (tensor<?x16x32x32xf32>, tensor<16xf32>, tensor<16xf32>, tensor<16xf32>, tensor<16xf32>) -> tensor<?x16x32x32xf32>
func.func @batch_norm_2d(%x: tensor<?x16x32x32xf32>, %s: tensor<16xf32>, %b: tensor<16xf32>, %m: tensor<16xf32>, %v: tensor<16xf32>) -> tensor<?x16x32x32xf32> {
  %y = nn.batch_norm %x, %s, %b, %m, %v : (tensor<?x16x32x32xf32>, tensor<16xf32>, tensor<16xf32>, tensor<16xf32>, tensor<16xf32>) -> tensor<?x16x32x32xf32>
  return %y : tensor<?x16x32x32xf32>
}

// [N, C] input (BatchNorm1d on features) with a non-default epsilon.
// CHECK-LABEL: func.func @batch_norm_features(
// CHECK: nn.batch_norm %arg0, %arg1, %arg2, %arg3, %arg4 {epsilon = 1.000000e-03 : f64} : (tensor<8x64xf64>, tensor<64xf64>, tensor<64xf64>, tensor<64xf64>, tensor<64xf64>) -> tensor<8x64xf64>
func.func @batch_norm_features(%x: tensor<8x64xf64>, %s: tensor<64xf64>, %b: tensor<64xf64>, %m: tensor<64xf64>, %v: tensor<64xf64>) -> tensor<8x64xf64> {
  %y = nn.batch_norm %x, %s, %b, %m, %v {epsilon = 1.0e-3 : f64} : (tensor<8x64xf64>, tensor<64xf64>, tensor<64xf64>, tensor<64xf64>, tensor<64xf64>) -> tensor<8x64xf64>
  return %y : tensor<8x64xf64>
}
