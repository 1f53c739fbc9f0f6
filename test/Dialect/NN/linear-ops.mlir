// RUN: nnc-opt %s | FileCheck %s
// RUN: nnc-opt %s | nnc-opt | FileCheck %s
// RUN: nnc-opt %s --mlir-print-op-generic | nnc-opt | FileCheck %s

// Round trip of the linear ops (NNLinearOps.td): dense, conv, matmul.

// CHECK-LABEL: func.func @dense_bias(
// CHECK: nn.dense %arg0, %arg1, %arg2 : (tensor<32x128xf32>, tensor<64x128xf32>, tensor<64xf32>) -> tensor<32x64xf32>
func.func @dense_bias(%x: tensor<32x128xf32>, %w: tensor<64x128xf32>, %b: tensor<64xf32>) -> tensor<32x64xf32> {
  %y = nn.dense %x, %w, %b : (tensor<32x128xf32>, tensor<64x128xf32>, tensor<64xf32>) -> tensor<32x64xf32>
  return %y : tensor<32x64xf32>
}

// CHECK-LABEL: func.func @dense_no_bias(
// CHECK: nn.dense %arg0, %arg1 : (tensor<32x128xf32>, tensor<10x128xf32>) -> tensor<32x10xf32>
func.func @dense_no_bias(%x: tensor<32x128xf32>, %w: tensor<10x128xf32>) -> tensor<32x10xf32> {
  %y = nn.dense %x, %w : (tensor<32x128xf32>, tensor<10x128xf32>) -> tensor<32x10xf32>
  return %y : tensor<32x10xf32>
}

// An explicit `none` is no epilogue, as an absent attribute.
// CHECK-LABEL: func.func @dense_activation_none(
// CHECK: nn.dense %arg0, %arg1 {activation = #nn.activation<none>} : (tensor<2x3xf32>, tensor<4x3xf32>) -> tensor<2x4xf32>
func.func @dense_activation_none(%x: tensor<2x3xf32>, %w: tensor<4x3xf32>) -> tensor<2x4xf32> {
  %y = nn.dense %x, %w {activation = #nn.activation<none>} : (tensor<2x3xf32>, tensor<4x3xf32>) -> tensor<2x4xf32>
  return %y : tensor<2x4xf32>
}

// CHECK-LABEL: func.func @dense_relu(
// CHECK: nn.dense %arg0, %arg1, %arg2 {activation = #nn.activation<relu>} : (tensor<32x128xf32>, tensor<64x128xf32>, tensor<64xf32>) -> tensor<32x64xf32>
func.func @dense_relu(%x: tensor<32x128xf32>, %w: tensor<64x128xf32>, %b: tensor<64xf32>) -> tensor<32x64xf32> {
  %y = nn.dense %x, %w, %b {activation = #nn.activation<relu>} : (tensor<32x128xf32>, tensor<64x128xf32>, tensor<64xf32>) -> tensor<32x64xf32>
  return %y : tensor<32x64xf32>
}

// CHECK-LABEL: func.func @dense_leaky_relu_alpha(
// CHECK: nn.dense %arg0, %arg1, %arg2 {activation = #nn.activation<leaky_relu, 2.000000e-01 : f64>} : (tensor<8x16xf32>, tensor<4x16xf32>, tensor<4xf32>) -> tensor<8x4xf32>
func.func @dense_leaky_relu_alpha(%x: tensor<8x16xf32>, %w: tensor<4x16xf32>, %b: tensor<4xf32>) -> tensor<8x4xf32> {
  %y = nn.dense %x, %w, %b {activation = #nn.activation<leaky_relu, 0.2 : f64>} : (tensor<8x16xf32>, tensor<4x16xf32>, tensor<4xf32>) -> tensor<8x4xf32>
  return %y : tensor<8x4xf32>
}

// CHECK-LABEL: func.func @dense_elu_alpha(
// CHECK: nn.dense %arg0, %arg1 {activation = #nn.activation<elu, 1.500000e+00 : f64>} : (tensor<8x16xf64>, tensor<4x16xf64>) -> tensor<8x4xf64>
func.func @dense_elu_alpha(%x: tensor<8x16xf64>, %w: tensor<4x16xf64>) -> tensor<8x4xf64> {
  %y = nn.dense %x, %w {activation = #nn.activation<elu, 1.5 : f64>} : (tensor<8x16xf64>, tensor<4x16xf64>) -> tensor<8x4xf64>
  return %y : tensor<8x4xf64>
}

// Every case of the activation enum prints by name.
// CHECK-LABEL: func.func @dense_activations(
// CHECK: nn.dense %arg0, %arg1 {activation = #nn.activation<gelu>} : (tensor<2x3xf16>, tensor<5x3xf16>) -> tensor<2x5xf16>
// CHECK: nn.dense %arg0, %arg1 {activation = #nn.activation<gelu_tanh>} : (tensor<2x3xf16>, tensor<5x3xf16>) -> tensor<2x5xf16>
// CHECK: nn.dense %arg0, %arg1 {activation = #nn.activation<silu>} : (tensor<2x3xf16>, tensor<5x3xf16>) -> tensor<2x5xf16>
// CHECK: nn.dense %arg0, %arg1 {activation = #nn.activation<sigmoid>} : (tensor<2x3xf16>, tensor<5x3xf16>) -> tensor<2x5xf16>
// CHECK: nn.dense %arg0, %arg1 {activation = #nn.activation<tanh>} : (tensor<2x3xf16>, tensor<5x3xf16>) -> tensor<2x5xf16>
// CHECK: nn.dense %arg0, %arg1 {activation = #nn.activation<softplus>} : (tensor<2x3xf16>, tensor<5x3xf16>) -> tensor<2x5xf16>
func.func @dense_activations(%x: tensor<2x3xf16>, %w: tensor<5x3xf16>) {
  %0 = nn.dense %x, %w {activation = #nn.activation<gelu>} : (tensor<2x3xf16>, tensor<5x3xf16>) -> tensor<2x5xf16>
  %1 = nn.dense %x, %w {activation = #nn.activation<gelu_tanh>} : (tensor<2x3xf16>, tensor<5x3xf16>) -> tensor<2x5xf16>
  %2 = nn.dense %x, %w {activation = #nn.activation<silu>} : (tensor<2x3xf16>, tensor<5x3xf16>) -> tensor<2x5xf16>
  %3 = nn.dense %x, %w {activation = #nn.activation<sigmoid>} : (tensor<2x3xf16>, tensor<5x3xf16>) -> tensor<2x5xf16>
  %4 = nn.dense %x, %w {activation = #nn.activation<tanh>} : (tensor<2x3xf16>, tensor<5x3xf16>) -> tensor<2x5xf16>
  %5 = nn.dense %x, %w {activation = #nn.activation<softplus>} : (tensor<2x3xf16>, tensor<5x3xf16>) -> tensor<2x5xf16>
  return
}

// CHECK-LABEL: func.func @dense_dynamic_batch(
// CHECK: nn.dense %arg0, %arg1, %arg2 : (tensor<?x784xf32>, tensor<10x784xf32>, tensor<10xf32>) -> tensor<?x10xf32>
func.func @dense_dynamic_batch(%x: tensor<?x784xf32>, %w: tensor<10x784xf32>, %b: tensor<10xf32>) -> tensor<?x10xf32> {
  %y = nn.dense %x, %w, %b : (tensor<?x784xf32>, tensor<10x784xf32>, tensor<10xf32>) -> tensor<?x10xf32>
  return %y : tensor<?x10xf32>
}

// Leading dimensions of the input are kept: [B, T, in] -> [B, T, out].
// CHECK-LABEL: func.func @dense_rank3(
// CHECK: nn.dense %arg0, %arg1 : (tensor<2x7x16xbf16>, tensor<32x16xbf16>) -> tensor<2x7x32xbf16>
func.func @dense_rank3(%x: tensor<2x7x16xbf16>, %w: tensor<32x16xbf16>) -> tensor<2x7x32xbf16> {
  %y = nn.dense %x, %w : (tensor<2x7x16xbf16>, tensor<32x16xbf16>) -> tensor<2x7x32xbf16>
  return %y : tensor<2x7x32xbf16>
}

// 1-D convolution, defaults: [N, Cin, L] * [Cout, Cin, k] -> L - k + 1.
// CHECK-LABEL: func.func @conv1d(
// CHECK: nn.conv %arg0, %arg1 : (tensor<2x3x32xf32>, tensor<8x3x5xf32>) -> tensor<2x8x28xf32>
func.func @conv1d(%x: tensor<2x3x32xf32>, %w: tensor<8x3x5xf32>) -> tensor<2x8x28xf32> {
  %y = nn.conv %x, %w : (tensor<2x3x32xf32>, tensor<8x3x5xf32>) -> tensor<2x8x28xf32>
  return %y : tensor<2x8x28xf32>
}

// 1-D: (32 + 1 + 2 - 2*(5-1) - 1) / 2 + 1 = 14.
// CHECK-LABEL: func.func @conv1d_attrs(
// CHECK: nn.conv %arg0, %arg1, %arg2 {dilations = array<i64: 2>, padding = array<i64: 1, 2>, strides = array<i64: 2>} : (tensor<2x3x32xf32>, tensor<8x3x5xf32>, tensor<8xf32>) -> tensor<2x8x14xf32>
func.func @conv1d_attrs(%x: tensor<2x3x32xf32>, %w: tensor<8x3x5xf32>, %b: tensor<8xf32>) -> tensor<2x8x14xf32> {
  %y = nn.conv %x, %w, %b {strides = array<i64: 2>, padding = array<i64: 1, 2>, dilations = array<i64: 2>} : (tensor<2x3x32xf32>, tensor<8x3x5xf32>, tensor<8xf32>) -> tensor<2x8x14xf32>
  return %y : tensor<2x8x14xf32>
}

// 2-D, 3x3 "same" convolution with bias and fused relu.
// CHECK-LABEL: func.func @conv2d_same_relu(
// CHECK: nn.conv %arg0, %arg1, %arg2 {activation = #nn.activation<relu>, padding = array<i64: 1, 1, 1, 1>} : (tensor<1x3x28x28xf32>, tensor<16x3x3x3xf32>, tensor<16xf32>) -> tensor<1x16x28x28xf32>
func.func @conv2d_same_relu(%x: tensor<1x3x28x28xf32>, %w: tensor<16x3x3x3xf32>, %b: tensor<16xf32>) -> tensor<1x16x28x28xf32> {
  %y = nn.conv %x, %w, %b {padding = array<i64: 1, 1, 1, 1>, activation = #nn.activation<relu>} : (tensor<1x3x28x28xf32>, tensor<16x3x3x3xf32>, tensor<16xf32>) -> tensor<1x16x28x28xf32>
  return %y : tensor<1x16x28x28xf32>
}

// 2-D with every attribute: H = (32 + 1 + 0 - 1*2 - 1) / 2 + 1 = 16,
// W = (30 + 2 + 1 - 2*2 - 1) / 1 + 1 = 29; weight [Cout, Cin/groups, kH, kW].
// CHECK-LABEL: func.func @conv2d_all_attrs(
// CHECK: nn.conv %arg0, %arg1, %arg2 {activation = #nn.activation<leaky_relu, 1.000000e-01 : f64>, dilations = array<i64: 1, 2>, groups = 2 : i64, padding = array<i64: 1, 2, 0, 1>, strides = array<i64: 2, 1>} : (tensor<4x8x32x30xf32>, tensor<6x4x3x3xf32>, tensor<6xf32>) -> tensor<4x6x16x29xf32>
func.func @conv2d_all_attrs(%x: tensor<4x8x32x30xf32>, %w: tensor<6x4x3x3xf32>, %b: tensor<6xf32>) -> tensor<4x6x16x29xf32> {
  %y = nn.conv %x, %w, %b {strides = array<i64: 2, 1>, padding = array<i64: 1, 2, 0, 1>, dilations = array<i64: 1, 2>, groups = 2 : i64, activation = #nn.activation<leaky_relu, 0.1 : f64>} : (tensor<4x8x32x30xf32>, tensor<6x4x3x3xf32>, tensor<6xf32>) -> tensor<4x6x16x29xf32>
  return %y : tensor<4x6x16x29xf32>
}

// Depthwise: groups = Cin = Cout, weight [C, 1, k, k].
// CHECK-LABEL: func.func @conv2d_depthwise(
// CHECK: nn.conv %arg0, %arg1 {groups = 32 : i64} : (tensor<1x32x10x10xf32>, tensor<32x1x3x3xf32>) -> tensor<1x32x8x8xf32>
func.func @conv2d_depthwise(%x: tensor<1x32x10x10xf32>, %w: tensor<32x1x3x3xf32>) -> tensor<1x32x8x8xf32> {
  %y = nn.conv %x, %w {groups = 32 : i64} : (tensor<1x32x10x10xf32>, tensor<32x1x3x3xf32>) -> tensor<1x32x8x8xf32>
  return %y : tensor<1x32x8x8xf32>
}

// The default groups = 1 is elided when printed.
// CHECK-LABEL: func.func @conv2d_groups_default(
// CHECK: nn.conv %arg0, %arg1 : (tensor<1x3x5x5xf32>, tensor<2x3x5x5xf32>) -> tensor<1x2x1x1xf32>
func.func @conv2d_groups_default(%x: tensor<1x3x5x5xf32>, %w: tensor<2x3x5x5xf32>) -> tensor<1x2x1x1xf32> {
  %y = nn.conv %x, %w {groups = 1 : i64} : (tensor<1x3x5x5xf32>, tensor<2x3x5x5xf32>) -> tensor<1x2x1x1xf32>
  return %y : tensor<1x2x1x1xf32>
}

// CHECK-LABEL: func.func @conv2d_dynamic_batch(
// CHECK: nn.conv %arg0, %arg1, %arg2 {strides = array<i64: 2, 2>} : (tensor<?x3x224x224xf32>, tensor<64x3x7x7xf32>, tensor<64xf32>) -> tensor<?x64x109x109xf32>
func.func @conv2d_dynamic_batch(%x: tensor<?x3x224x224xf32>, %w: tensor<64x3x7x7xf32>, %b: tensor<64xf32>) -> tensor<?x64x109x109xf32> {
  %y = nn.conv %x, %w, %b {strides = array<i64: 2, 2>} : (tensor<?x3x224x224xf32>, tensor<64x3x7x7xf32>, tensor<64xf32>) -> tensor<?x64x109x109xf32>
  return %y : tensor<?x64x109x109xf32>
}

// CHECK-LABEL: func.func @matmul_2d(
// CHECK: nn.matmul %arg0, %arg1 : (tensor<4x8xf32>, tensor<8x16xf32>) -> tensor<4x16xf32>
func.func @matmul_2d(%a: tensor<4x8xf32>, %b: tensor<8x16xf32>) -> tensor<4x16xf32> {
  %y = nn.matmul %a, %b : (tensor<4x8xf32>, tensor<8x16xf32>) -> tensor<4x16xf32>
  return %y : tensor<4x16xf32>
}

// Batch dimensions broadcast: [2, 1] with [3] -> [2, 3].
// CHECK-LABEL: func.func @matmul_batched_broadcast(
// CHECK: nn.matmul %arg0, %arg1 : (tensor<2x1x4x8xf32>, tensor<3x8x5xf32>) -> tensor<2x3x4x5xf32>
func.func @matmul_batched_broadcast(%a: tensor<2x1x4x8xf32>, %b: tensor<3x8x5xf32>) -> tensor<2x3x4x5xf32> {
  %y = nn.matmul %a, %b : (tensor<2x1x4x8xf32>, tensor<3x8x5xf32>) -> tensor<2x3x4x5xf32>
  return %y : tensor<2x3x4x5xf32>
}

// CHECK-LABEL: func.func @matmul_bias_gelu(
// CHECK: nn.matmul %arg0, %arg1, %arg2 {activation = #nn.activation<gelu>} : (tensor<?x10x8xf32>, tensor<8x16xf32>, tensor<16xf32>) -> tensor<?x10x16xf32>
func.func @matmul_bias_gelu(%a: tensor<?x10x8xf32>, %b: tensor<8x16xf32>, %c: tensor<16xf32>) -> tensor<?x10x16xf32> {
  %y = nn.matmul %a, %b, %c {activation = #nn.activation<gelu>} : (tensor<?x10x8xf32>, tensor<8x16xf32>, tensor<16xf32>) -> tensor<?x10x16xf32>
  return %y : tensor<?x10x16xf32>
}

// CHECK-LABEL: func.func @matmul_elu_alpha(
// CHECK: nn.matmul %arg0, %arg1 {activation = #nn.activation<elu, 5.000000e-01 : f64>} : (tensor<3x4xf64>, tensor<4x2xf64>) -> tensor<3x2xf64>
func.func @matmul_elu_alpha(%a: tensor<3x4xf64>, %b: tensor<4x2xf64>) -> tensor<3x2xf64> {
  %y = nn.matmul %a, %b {activation = #nn.activation<elu, 0.5 : f64>} : (tensor<3x4xf64>, tensor<4x2xf64>) -> tensor<3x2xf64>
  return %y : tensor<3x2xf64>
}
