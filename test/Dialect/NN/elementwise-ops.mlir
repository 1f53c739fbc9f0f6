// RUN: nnc-opt %s | FileCheck %s
// RUN: nnc-opt %s | nnc-opt | FileCheck %s
// RUN: nnc-opt %s --mlir-print-op-generic | nnc-opt | FileCheck %s

// Round trip of the elementwise ops (NNElementwiseOps.td): binary ops with
// broadcasting, unary ops, activations and the softmax family.

// nn.add: same shape.
// CHECK-LABEL: func.func @add(
// CHECK: nn.add %arg0, %arg1 : (tensor<4x8xf32>, tensor<4x8xf32>) -> tensor<4x8xf32>
func.func @add(%a: tensor<4x8xf32>, %b: tensor<4x8xf32>) -> tensor<4x8xf32> {
  %y = nn.add %a, %b : (tensor<4x8xf32>, tensor<4x8xf32>) -> tensor<4x8xf32>
  return %y : tensor<4x8xf32>
}

// nn.sub: a row vector broadcasts over the batch.
// CHECK-LABEL: func.func @sub(
// CHECK: nn.sub %arg0, %arg1 : (tensor<4x8xf32>, tensor<8xf32>) -> tensor<4x8xf32>
func.func @sub(%a: tensor<4x8xf32>, %b: tensor<8xf32>) -> tensor<4x8xf32> {
  %y = nn.sub %a, %b : (tensor<4x8xf32>, tensor<8xf32>) -> tensor<4x8xf32>
  return %y : tensor<4x8xf32>
}

// nn.mul: both operands broadcast.
// CHECK-LABEL: func.func @mul(
// CHECK: nn.mul %arg0, %arg1 : (tensor<4x1x8xf32>, tensor<3x1xf32>) -> tensor<4x3x8xf32>
func.func @mul(%a: tensor<4x1x8xf32>, %b: tensor<3x1xf32>) -> tensor<4x3x8xf32> {
  %y = nn.mul %a, %b : (tensor<4x1x8xf32>, tensor<3x1xf32>) -> tensor<4x3x8xf32>
  return %y : tensor<4x3x8xf32>
}

// nn.div: dynamic batch.
// CHECK-LABEL: func.func @div(
// CHECK: nn.div %arg0, %arg1 : (tensor<?x8xf32>, tensor<1x8xf32>) -> tensor<?x8xf32>
func.func @div(%a: tensor<?x8xf32>, %b: tensor<1x8xf32>) -> tensor<?x8xf32> {
  %y = nn.div %a, %b : (tensor<?x8xf32>, tensor<1x8xf32>) -> tensor<?x8xf32>
  return %y : tensor<?x8xf32>
}

// nn.pow: a rank-0 exponent.
// CHECK-LABEL: func.func @pow(
// CHECK: nn.pow %arg0, %arg1 : (tensor<2x3xf64>, tensor<f64>) -> tensor<2x3xf64>
func.func @pow(%a: tensor<2x3xf64>, %b: tensor<f64>) -> tensor<2x3xf64> {
  %y = nn.pow %a, %b : (tensor<2x3xf64>, tensor<f64>) -> tensor<2x3xf64>
  return %y : tensor<2x3xf64>
}

// nn.max: dynamic with broadcasting.
// CHECK-LABEL: func.func @max(
// CHECK: nn.max %arg0, %arg1 : (tensor<?x1xf16>, tensor<1x5xf16>) -> tensor<?x5xf16>
func.func @max(%a: tensor<?x1xf16>, %b: tensor<1x5xf16>) -> tensor<?x5xf16> {
  %y = nn.max %a, %b : (tensor<?x1xf16>, tensor<1x5xf16>) -> tensor<?x5xf16>
  return %y : tensor<?x5xf16>
}

// nn.min: a dynamic dimension meets a static one.
// CHECK-LABEL: func.func @min(
// CHECK: nn.min %arg0, %arg1 : (tensor<2x?xbf16>, tensor<2x7xbf16>) -> tensor<2x7xbf16>
func.func @min(%a: tensor<2x?xbf16>, %b: tensor<2x7xbf16>) -> tensor<2x7xbf16> {
  %y = nn.min %a, %b : (tensor<2x?xbf16>, tensor<2x7xbf16>) -> tensor<2x7xbf16>
  return %y : tensor<2x7xbf16>
}

// CHECK-LABEL: func.func @neg(
// CHECK: nn.neg %arg0 : tensor<4x8xf32>
func.func @neg(%x: tensor<4x8xf32>) -> tensor<4x8xf32> {
  %y = nn.neg %x : tensor<4x8xf32>
  return %y : tensor<4x8xf32>
}

// CHECK-LABEL: func.func @exp(
// CHECK: nn.exp %arg0 : tensor<?x8xf32>
func.func @exp(%x: tensor<?x8xf32>) -> tensor<?x8xf32> {
  %y = nn.exp %x : tensor<?x8xf32>
  return %y : tensor<?x8xf32>
}

// CHECK-LABEL: func.func @log(
// CHECK: nn.log %arg0 : tensor<2x3x4xf64>
func.func @log(%x: tensor<2x3x4xf64>) -> tensor<2x3x4xf64> {
  %y = nn.log %x : tensor<2x3x4xf64>
  return %y : tensor<2x3x4xf64>
}

// CHECK-LABEL: func.func @sqrt(
// CHECK: nn.sqrt %arg0 : tensor<16xf16>
func.func @sqrt(%x: tensor<16xf16>) -> tensor<16xf16> {
  %y = nn.sqrt %x : tensor<16xf16>
  return %y : tensor<16xf16>
}

// CHECK-LABEL: func.func @rsqrt(
// CHECK: nn.rsqrt %arg0 : tensor<2x16xbf16>
func.func @rsqrt(%x: tensor<2x16xbf16>) -> tensor<2x16xbf16> {
  %y = nn.rsqrt %x : tensor<2x16xbf16>
  return %y : tensor<2x16xbf16>
}

// CHECK-LABEL: func.func @abs(
// CHECK: nn.abs %arg0 : tensor<f32>
func.func @abs(%x: tensor<f32>) -> tensor<f32> {
  %y = nn.abs %x : tensor<f32>
  return %y : tensor<f32>
}

// CHECK-LABEL: func.func @erf(
// CHECK: nn.erf %arg0 : tensor<3x3xf32>
func.func @erf(%x: tensor<3x3xf32>) -> tensor<3x3xf32> {
  %y = nn.erf %x : tensor<3x3xf32>
  return %y : tensor<3x3xf32>
}

// CHECK-LABEL: func.func @relu(
// CHECK: nn.relu %arg0 : tensor<?x128xf32>
func.func @relu(%x: tensor<?x128xf32>) -> tensor<?x128xf32> {
  %y = nn.relu %x : tensor<?x128xf32>
  return %y : tensor<?x128xf32>
}

// CHECK-LABEL: func.func @silu(
// CHECK: nn.silu %arg0 : tensor<2x64xf32>
func.func @silu(%x: tensor<2x64xf32>) -> tensor<2x64xf32> {
  %y = nn.silu %x : tensor<2x64xf32>
  return %y : tensor<2x64xf32>
}

// CHECK-LABEL: func.func @sigmoid(
// CHECK: nn.sigmoid %arg0 : tensor<4x1xf32>
func.func @sigmoid(%x: tensor<4x1xf32>) -> tensor<4x1xf32> {
  %y = nn.sigmoid %x : tensor<4x1xf32>
  return %y : tensor<4x1xf32>
}

// CHECK-LABEL: func.func @tanh(
// CHECK: nn.tanh %arg0 : tensor<7xf64>
func.func @tanh(%x: tensor<7xf64>) -> tensor<7xf64> {
  %y = nn.tanh %x : tensor<7xf64>
  return %y : tensor<7xf64>
}

// The default alpha (0.01) is elided when printed.
// CHECK-LABEL: func.func @leaky_relu(
// CHECK: nn.leaky_relu %arg0 : tensor<4x8xf32>
// CHECK: nn.leaky_relu %arg0 : tensor<4x8xf32>
// CHECK: nn.leaky_relu %arg0 {alpha = 2.000000e-01 : f64} : tensor<4x8xf32>
func.func @leaky_relu(%x: tensor<4x8xf32>) -> (tensor<4x8xf32>, tensor<4x8xf32>, tensor<4x8xf32>) {
  %0 = nn.leaky_relu %x : tensor<4x8xf32>
  %1 = nn.leaky_relu %x {alpha = 0.01 : f64} : tensor<4x8xf32>
  %2 = nn.leaky_relu %x {alpha = 0.2 : f64} : tensor<4x8xf32>
  return %0, %1, %2 : tensor<4x8xf32>, tensor<4x8xf32>, tensor<4x8xf32>
}

// CHECK-LABEL: func.func @gelu(
// CHECK: nn.gelu %arg0 : tensor<?x16xf32>
// CHECK: nn.gelu %arg0 {approximate} : tensor<?x16xf32>
func.func @gelu(%x: tensor<?x16xf32>) -> (tensor<?x16xf32>, tensor<?x16xf32>) {
  %0 = nn.gelu %x : tensor<?x16xf32>
  %1 = nn.gelu %x {approximate} : tensor<?x16xf32>
  return %0, %1 : tensor<?x16xf32>, tensor<?x16xf32>
}

// The default alpha (1.0) is elided when printed.
// CHECK-LABEL: func.func @elu(
// CHECK: nn.elu %arg0 : tensor<4x8xf32>
// CHECK: nn.elu %arg0 {alpha = 5.000000e-01 : f64} : tensor<4x8xf32>
func.func @elu(%x: tensor<4x8xf32>) -> (tensor<4x8xf32>, tensor<4x8xf32>) {
  %0 = nn.elu %x : tensor<4x8xf32>
  %1 = nn.elu %x {alpha = 0.5 : f64} : tensor<4x8xf32>
  return %0, %1 : tensor<4x8xf32>, tensor<4x8xf32>
}

// CHECK-LABEL: func.func @softplus(
// CHECK: nn.softplus %arg0 : tensor<4x8xf32>
// CHECK: nn.softplus %arg0 {beta = 2.000000e+00 : f64, threshold = 1.000000e+01 : f64} : tensor<4x8xf32>
func.func @softplus(%x: tensor<4x8xf32>) -> (tensor<4x8xf32>, tensor<4x8xf32>) {
  %0 = nn.softplus %x {beta = 1.0 : f64, threshold = 20.0 : f64} : tensor<4x8xf32>
  %1 = nn.softplus %x {beta = 2.0 : f64, threshold = 10.0 : f64} : tensor<4x8xf32>
  return %0, %1 : tensor<4x8xf32>, tensor<4x8xf32>
}

// Defaults (axis = -1, temperature = 1.0) are elided when printed.
// CHECK-LABEL: func.func @softmax(
// CHECK: nn.softmax %arg0 : (tensor<?x10xf32>) -> tensor<?x10xf32>
// CHECK: nn.softmax %arg0 {axis = 0 : i64, temperature = 5.000000e-01 : f64} : (tensor<?x10xf32>) -> tensor<?x10xf32>
func.func @softmax(%x: tensor<?x10xf32>) -> (tensor<?x10xf32>, tensor<?x10xf32>) {
  %0 = nn.softmax %x {axis = -1 : i64, temperature = 1.0 : f64} : (tensor<?x10xf32>) -> tensor<?x10xf32>
  %1 = nn.softmax %x {axis = 0 : i64, temperature = 0.5 : f64} : (tensor<?x10xf32>) -> tensor<?x10xf32>
  return %0, %1 : tensor<?x10xf32>, tensor<?x10xf32>
}

// A boolean mask that broadcasts over the batch, and an additive float
// mask of the input's shape, with a temperature.
// CHECK-LABEL: func.func @softmax_mask(
// CHECK: nn.softmax %arg0 mask %arg1 : (tensor<2x4x6xf32>, tensor<4x6xi1>) -> tensor<2x4x6xf32>
// CHECK: nn.softmax %arg0 mask %arg2 {axis = 2 : i64, temperature = 2.000000e+00 : f64} : (tensor<2x4x6xf32>, tensor<2x4x6xf32>) -> tensor<2x4x6xf32>
func.func @softmax_mask(%x: tensor<2x4x6xf32>, %m: tensor<4x6xi1>, %f: tensor<2x4x6xf32>) -> (tensor<2x4x6xf32>, tensor<2x4x6xf32>) {
  %0 = nn.softmax %x mask %m : (tensor<2x4x6xf32>, tensor<4x6xi1>) -> tensor<2x4x6xf32>
  %1 = nn.softmax %x mask %f {axis = 2 : i64, temperature = 2.0 : f64} : (tensor<2x4x6xf32>, tensor<2x4x6xf32>) -> tensor<2x4x6xf32>
  return %0, %1 : tensor<2x4x6xf32>, tensor<2x4x6xf32>
}

// CHECK-LABEL: func.func @log_softmax(
// CHECK: nn.log_softmax %arg0 : (tensor<8x10xf32>) -> tensor<8x10xf32>
// CHECK: nn.log_softmax %arg0 mask %arg1 {axis = 1 : i64, temperature = 3.000000e+00 : f64} : (tensor<8x10xf32>, tensor<1x10xi1>) -> tensor<8x10xf32>
func.func @log_softmax(%x: tensor<8x10xf32>, %m: tensor<1x10xi1>) -> (tensor<8x10xf32>, tensor<8x10xf32>) {
  %0 = nn.log_softmax %x : (tensor<8x10xf32>) -> tensor<8x10xf32>
  %1 = nn.log_softmax %x mask %m {axis = 1 : i64, temperature = 3.0 : f64} : (tensor<8x10xf32>, tensor<1x10xi1>) -> tensor<8x10xf32>
  return %0, %1 : tensor<8x10xf32>, tensor<8x10xf32>
}

// CHECK-LABEL: func.func @sparsemax(
// CHECK: nn.sparsemax %arg0 : (tensor<?x10xf32>) -> tensor<?x10xf32>
// CHECK: nn.sparsemax %arg0 {axis = -2 : i64} : (tensor<?x10xf32>) -> tensor<?x10xf32>
func.func @sparsemax(%x: tensor<?x10xf32>) -> (tensor<?x10xf32>, tensor<?x10xf32>) {
  %0 = nn.sparsemax %x : (tensor<?x10xf32>) -> tensor<?x10xf32>
  %1 = nn.sparsemax %x {axis = -2 : i64} : (tensor<?x10xf32>) -> tensor<?x10xf32>
  return %0, %1 : tensor<?x10xf32>, tensor<?x10xf32>
}

// 4 experts of 3 gates each: the last dimension is 12.
// CHECK-LABEL: func.func @grid_softmax(
// CHECK: nn.grid_softmax %arg0 {groups = 4 : i64} : (tensor<?x12xf32>) -> tensor<?x12xf32>
// CHECK: nn.grid_softmax %arg0 {groups = 3 : i64, temperature = 2.500000e-01 : f64} : (tensor<?x12xf32>) -> tensor<?x12xf32>
func.func @grid_softmax(%x: tensor<?x12xf32>) -> (tensor<?x12xf32>, tensor<?x12xf32>) {
  %0 = nn.grid_softmax %x {groups = 4 : i64} : (tensor<?x12xf32>) -> tensor<?x12xf32>
  %1 = nn.grid_softmax %x {groups = 3 : i64, temperature = 0.25 : f64} : (tensor<?x12xf32>) -> tensor<?x12xf32>
  return %0, %1 : tensor<?x12xf32>, tensor<?x12xf32>
}

// The defaults (PyTorch's hardsigmoid: 1/6, 1/2) are not printed.
// CHECK-LABEL: func.func @hard_sigmoid_swish(
// CHECK: nn.hard_sigmoid %arg0 : tensor<4x8xf32>
// CHECK: nn.hard_sigmoid %arg0 {alpha = 2.000000e-01 : f64} : tensor<4x8xf32>
// CHECK: nn.hard_swish %arg0 : tensor<4x8xf32>
func.func @hard_sigmoid_swish(%x: tensor<4x8xf32>) -> (tensor<4x8xf32>, tensor<4x8xf32>, tensor<4x8xf32>) {
  %0 = nn.hard_sigmoid %x : tensor<4x8xf32>
  %1 = nn.hard_sigmoid %x {alpha = 0.2 : f64, beta = 0.5 : f64} : tensor<4x8xf32>
  %2 = nn.hard_swish %x : tensor<4x8xf32>
  return %0, %1, %2 : tensor<4x8xf32>, tensor<4x8xf32>, tensor<4x8xf32>
}
