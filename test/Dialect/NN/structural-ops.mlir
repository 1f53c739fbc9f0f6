// RUN: nnc-opt %s | FileCheck %s
// RUN: nnc-opt %s | nnc-opt | FileCheck %s
// RUN: nnc-opt %s --mlir-print-op-generic | nnc-opt | FileCheck %s

// Round trip of the structural ops (NNStructuralOps.td): pool, global_pool,
// flatten, reshape, transpose, concat, split, reduce, dropout.

// 2x2 max pooling with stride 2.
// CHECK-LABEL: func.func @pool_max_2d(
// CHECK: nn.pool max %arg0 {kernel_shape = array<i64: 2, 2>, strides = array<i64: 2, 2>} : (tensor<?x16x28x28xf32>) -> tensor<?x16x14x14xf32>
func.func @pool_max_2d(%x: tensor<?x16x28x28xf32>) -> tensor<?x16x14x14xf32> {
  %y = nn.pool max %x {kernel_shape = array<i64: 2, 2>, strides = array<i64: 2, 2>} : (tensor<?x16x28x28xf32>) -> tensor<?x16x14x14xf32>
  return %y : tensor<?x16x14x14xf32>
}

// Average pooling with padding and count_include_pad: (8 + 1 + 1 - 3) / 1 + 1 = 8.
// CHECK-LABEL: func.func @pool_avg_padded(
// CHECK: nn.pool avg %arg0 {count_include_pad, kernel_shape = array<i64: 3, 3>, padding = array<i64: 1, 1, 1, 1>} : (tensor<1x4x8x8xf32>) -> tensor<1x4x8x8xf32>
func.func @pool_avg_padded(%x: tensor<1x4x8x8xf32>) -> tensor<1x4x8x8xf32> {
  %y = nn.pool avg %x {kernel_shape = array<i64: 3, 3>, padding = array<i64: 1, 1, 1, 1>, count_include_pad} : (tensor<1x4x8x8xf32>) -> tensor<1x4x8x8xf32>
  return %y : tensor<1x4x8x8xf32>
}

// 1-D pooling; ceil_mode rounds (10 - 3) / 2 + 1 = 4 up to 5.
// CHECK-LABEL: func.func @pool_1d_ceil(
// CHECK: nn.pool max %arg0 {kernel_shape = array<i64: 3>, strides = array<i64: 2>} : (tensor<2x3x10xf32>) -> tensor<2x3x4xf32>
// CHECK: nn.pool max %arg0 {ceil_mode, kernel_shape = array<i64: 3>, strides = array<i64: 2>} : (tensor<2x3x10xf32>) -> tensor<2x3x5xf32>
func.func @pool_1d_ceil(%x: tensor<2x3x10xf32>) -> (tensor<2x3x4xf32>, tensor<2x3x5xf32>) {
  %0 = nn.pool max %x {kernel_shape = array<i64: 3>, strides = array<i64: 2>} : (tensor<2x3x10xf32>) -> tensor<2x3x4xf32>
  %1 = nn.pool max %x {kernel_shape = array<i64: 3>, strides = array<i64: 2>, ceil_mode} : (tensor<2x3x10xf32>) -> tensor<2x3x5xf32>
  return %0, %1 : tensor<2x3x4xf32>, tensor<2x3x5xf32>
}

// CHECK-LABEL: func.func @global_pool(
// CHECK: nn.global_pool avg %arg0 : (tensor<?x512x7x7xf32>) -> tensor<?x512x1x1xf32>
// CHECK: nn.global_pool max %arg1 : (tensor<2x8x100xf16>) -> tensor<2x8x1xf16>
func.func @global_pool(%x: tensor<?x512x7x7xf32>, %s: tensor<2x8x100xf16>) -> (tensor<?x512x1x1xf32>, tensor<2x8x1xf16>) {
  %0 = nn.global_pool avg %x : (tensor<?x512x7x7xf32>) -> tensor<?x512x1x1xf32>
  %1 = nn.global_pool max %s : (tensor<2x8x100xf16>) -> tensor<2x8x1xf16>
  return %0, %1 : tensor<?x512x1x1xf32>, tensor<2x8x1xf16>
}

// The default axis 1 keeps a dynamic batch; axis 2 folds it into the rows;
// axis 0 gives [1, everything] and axis = rank gives [everything, 1].
// CHECK-LABEL: func.func @flatten(
// CHECK: nn.flatten %arg0 : (tensor<?x16x7x7xf32>) -> tensor<?x784xf32>
// CHECK: nn.flatten %arg0 {axis = 2 : i64} : (tensor<?x16x7x7xf32>) -> tensor<?x49xf32>
// CHECK: nn.flatten %arg1 {axis = 0 : i64} : (tensor<2x3x4xf32>) -> tensor<1x24xf32>
// CHECK: nn.flatten %arg1 {axis = -1 : i64} : (tensor<2x3x4xf32>) -> tensor<6x4xf32>
// CHECK: nn.flatten %arg1 {axis = 3 : i64} : (tensor<2x3x4xf32>) -> tensor<24x1xf32>
// CHECK: nn.flatten %arg2 {axis = 0 : i64} : (tensor<f32>) -> tensor<1x1xf32>
func.func @flatten(%x: tensor<?x16x7x7xf32>, %y: tensor<2x3x4xf32>, %s: tensor<f32>) {
  %0 = nn.flatten %x : (tensor<?x16x7x7xf32>) -> tensor<?x784xf32>
  %1 = nn.flatten %x {axis = 2 : i64} : (tensor<?x16x7x7xf32>) -> tensor<?x49xf32>
  %2 = nn.flatten %y {axis = 0 : i64} : (tensor<2x3x4xf32>) -> tensor<1x24xf32>
  %3 = nn.flatten %y {axis = -1 : i64} : (tensor<2x3x4xf32>) -> tensor<6x4xf32>
  %4 = nn.flatten %y {axis = 3 : i64} : (tensor<2x3x4xf32>) -> tensor<24x1xf32>
  %5 = nn.flatten %s {axis = 0 : i64} : (tensor<f32>) -> tensor<1x1xf32>
  return
}

// CHECK-LABEL: func.func @reshape(
// CHECK: nn.reshape %arg0 : (tensor<2x3x4xf32>) -> tensor<6x4xf32>
// CHECK: nn.reshape %arg0 : (tensor<2x3x4xf32>) -> tensor<?x12xf32>
// CHECK: nn.reshape %arg1 : (tensor<?x784xf32>) -> tensor<?x1x28x28xf32>
// CHECK: nn.reshape %arg2 : (tensor<f32>) -> tensor<1x1xf32>
func.func @reshape(%x: tensor<2x3x4xf32>, %d: tensor<?x784xf32>, %s: tensor<f32>) {
  %0 = nn.reshape %x : (tensor<2x3x4xf32>) -> tensor<6x4xf32>
  %1 = nn.reshape %x : (tensor<2x3x4xf32>) -> tensor<?x12xf32>
  %2 = nn.reshape %d : (tensor<?x784xf32>) -> tensor<?x1x28x28xf32>
  %3 = nn.reshape %s : (tensor<f32>) -> tensor<1x1xf32>
  return
}

// CHECK-LABEL: func.func @transpose(
// CHECK: nn.transpose %arg0 {permutation = array<i64: 0, 2, 1, 3>} : (tensor<?x8x16x64xf32>) -> tensor<?x16x8x64xf32>
// CHECK: nn.transpose %arg1 {permutation = array<i64: 1, 0>} : (tensor<3x5xf32>) -> tensor<5x3xf32>
func.func @transpose(%x: tensor<?x8x16x64xf32>, %m: tensor<3x5xf32>) -> (tensor<?x16x8x64xf32>, tensor<5x3xf32>) {
  %0 = nn.transpose %x {permutation = array<i64: 0, 2, 1, 3>} : (tensor<?x8x16x64xf32>) -> tensor<?x16x8x64xf32>
  %1 = nn.transpose %m {permutation = array<i64: 1, 0>} : (tensor<3x5xf32>) -> tensor<5x3xf32>
  return %0, %1 : tensor<?x16x8x64xf32>, tensor<5x3xf32>
}

// CHECK-LABEL: func.func @concat(
// CHECK: nn.concat %arg0, %arg1, %arg0 {axis = 1 : i64} : (tensor<?x3xf32>, tensor<?x5xf32>, tensor<?x3xf32>) -> tensor<?x11xf32>
// CHECK: nn.concat %arg0, %arg0 {axis = 0 : i64} : (tensor<?x3xf32>, tensor<?x3xf32>) -> tensor<?x3xf32>
// CHECK: nn.concat %arg2, %arg2 {axis = -1 : i64} : (tensor<2x4xf32>, tensor<2x4xf32>) -> tensor<2x8xf32>
// CHECK: nn.concat %arg2 {axis = 0 : i64} : (tensor<2x4xf32>) -> tensor<2x4xf32>
func.func @concat(%a: tensor<?x3xf32>, %b: tensor<?x5xf32>, %c: tensor<2x4xf32>) {
  %0 = nn.concat %a, %b, %a {axis = 1 : i64} : (tensor<?x3xf32>, tensor<?x5xf32>, tensor<?x3xf32>) -> tensor<?x11xf32>
  %1 = nn.concat %a, %a {axis = 0 : i64} : (tensor<?x3xf32>, tensor<?x3xf32>) -> tensor<?x3xf32>
  %2 = nn.concat %c, %c {axis = -1 : i64} : (tensor<2x4xf32>, tensor<2x4xf32>) -> tensor<2x8xf32>
  %3 = nn.concat %c {axis = 0 : i64} : (tensor<2x4xf32>) -> tensor<2x4xf32>
  return
}

// A dynamic dimension outside the axis is refined by a static one.
// CHECK-LABEL: func.func @concat_refine(
// CHECK: nn.concat %arg0, %arg1 {axis = 1 : i64} : (tensor<?x3xf32>, tensor<4x5xf32>) -> tensor<4x8xf32>
func.func @concat_refine(%a: tensor<?x3xf32>, %b: tensor<4x5xf32>) -> tensor<4x8xf32> {
  %0 = nn.concat %a, %b {axis = 1 : i64} : (tensor<?x3xf32>, tensor<4x5xf32>) -> tensor<4x8xf32>
  return %0 : tensor<4x8xf32>
}

// CHECK-LABEL: func.func @split(
// CHECK: nn.split %arg0 {axis = 1 : i64, sizes = array<i64: 32, 32, 64>} : (tensor<?x128xf32>) -> (tensor<?x32xf32>, tensor<?x32xf32>, tensor<?x64xf32>)
// CHECK: nn.split %arg0 {axis = -1 : i64, sizes = array<i64: 128>} : (tensor<?x128xf32>) -> tensor<?x128xf32>
// CHECK: nn.split %arg0 {axis = 0 : i64, sizes = array<i64: 1, 2>} : (tensor<?x128xf32>) -> (tensor<1x128xf32>, tensor<2x128xf32>)
func.func @split(%x: tensor<?x128xf32>) {
  %0:3 = nn.split %x {axis = 1 : i64, sizes = array<i64: 32, 32, 64>} : (tensor<?x128xf32>) -> (tensor<?x32xf32>, tensor<?x32xf32>, tensor<?x64xf32>)
  %1 = nn.split %x {axis = -1 : i64, sizes = array<i64: 128>} : (tensor<?x128xf32>) -> tensor<?x128xf32>
  %2:2 = nn.split %x {axis = 0 : i64, sizes = array<i64: 1, 2>} : (tensor<?x128xf32>) -> (tensor<1x128xf32>, tensor<2x128xf32>)
  return
}

// Every reduction kind; keepdims keeps the reduced axes as 1.
// CHECK-LABEL: func.func @reduce(
// CHECK: nn.reduce sum %arg0 {axes = array<i64: 1>} : (tensor<?x8x16xf32>) -> tensor<?x16xf32>
// CHECK: nn.reduce mean %arg0 {axes = array<i64: 1, 2>, keepdims} : (tensor<?x8x16xf32>) -> tensor<?x1x1xf32>
// CHECK: nn.reduce max %arg0 {axes = array<i64: -1>} : (tensor<?x8x16xf32>) -> tensor<?x8xf32>
// CHECK: nn.reduce min %arg0 {axes = array<i64: 0>} : (tensor<?x8x16xf32>) -> tensor<8x16xf32>
// CHECK: nn.reduce prod %arg0 {axes = array<i64: 2, 0, 1>} : (tensor<?x8x16xf32>) -> tensor<f32>
func.func @reduce(%x: tensor<?x8x16xf32>) {
  %0 = nn.reduce sum %x {axes = array<i64: 1>} : (tensor<?x8x16xf32>) -> tensor<?x16xf32>
  %1 = nn.reduce mean %x {axes = array<i64: 1, 2>, keepdims} : (tensor<?x8x16xf32>) -> tensor<?x1x1xf32>
  %2 = nn.reduce max %x {axes = array<i64: -1>} : (tensor<?x8x16xf32>) -> tensor<?x8xf32>
  %3 = nn.reduce min %x {axes = array<i64: 0>} : (tensor<?x8x16xf32>) -> tensor<8x16xf32>
  %4 = nn.reduce prod %x {axes = array<i64: 2, 0, 1>} : (tensor<?x8x16xf32>) -> tensor<f32>
  return
}

// CHECK-LABEL: func.func @dropout(
// CHECK: nn.dropout %arg0 {rate = 5.000000e-01 : f64} : tensor<?x128xf32>
// CHECK: nn.dropout %arg0 {rate = 0.000000e+00 : f64} : tensor<?x128xf32>
func.func @dropout(%x: tensor<?x128xf32>) -> (tensor<?x128xf32>, tensor<?x128xf32>) {
  %0 = nn.dropout %x {rate = 0.5 : f64} : tensor<?x128xf32>
  %1 = nn.dropout %x {rate = 0.0 : f64} : tensor<?x128xf32>
  return %0, %1 : tensor<?x128xf32>, tensor<?x128xf32>
}
