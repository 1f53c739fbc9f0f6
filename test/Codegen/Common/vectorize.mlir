// RUN: nnc-opt %s --nn-fuse-bias-activation --convert-nn-to-linalg --canonicalize --nnc-fuse-elementwise --nnc-decompose-pads --nnc-cpu-attach-target="triple=x86_64-unknown-linux-gnu cpu=znver5 threads=1" --nnc-cpu-select-strategy --nnc-cpu-materialize-packing --canonicalize --cse --nnc-tile-and-fuse --nnc-vectorize | FileCheck %s

// Register blocks become vectors: a matmul or conv block is one
// vector.outerproduct per reduction step, its accumulator carried in
// registers across the reduction loops (the zero fill folded in), and the
// epilogue applied to it before one write; a pool reads its strided window
// through a strided slice and keeps the maximum in a register.

// CHECK-LABEL: func.func @dense_relu(
// CHECK-DAG: %[[BIAS:.*]] = arith.constant dense<2.500000e-01> : vector<8x1x32xf32>
// CHECK-DAG: %[[ZERO:.*]] = arith.constant dense<0.000000e+00> : vector<8x1x32xf32>
// CHECK: scf.for %[[N1:.*]] = %c0 to %c4 step %c1
// CHECK: scf.for %[[M:.*]] = %c0 to %c64 step %c8
// CHECK: %[[ACC:.*]] = scf.for %[[K:.*]] = %c0 to %c256 step %c1 iter_args(%[[A:.*]] = %[[ZERO]]) -> (vector<8x1x32xf32>) {
// CHECK: %[[ROWS:.*]] = vector.transfer_read %arg0[%[[M]], %[[K]]], {{.*}} : tensor<64x256xf32>, vector<8xf32>
// CHECK: %[[PANEL:.*]] = vector.transfer_read %{{.*}}[%c0, %[[K]], %c0], {{.*}} : tensor<1x256x32xf32>, vector<32xf32>
// CHECK: %[[A2:.*]] = vector.shape_cast %[[A]] : vector<8x1x32xf32> to vector<8x32xf32>
// CHECK: %[[P:.*]] = vector.outerproduct %[[ROWS]], %[[PANEL]], %[[A2]] {kind = #vector.kind<add>} : vector<8xf32>, vector<32xf32>
// CHECK: vector.shape_cast %[[P]] : vector<8x32xf32> to vector<8x1x32xf32>
// CHECK: }
// CHECK: %[[B:.*]] = arith.addf %[[ACC]], %[[BIAS]] : vector<8x1x32xf32>
// CHECK: %[[R:.*]] = arith.maximumf %[[B]], %[[ZERO]] : vector<8x1x32xf32>
// CHECK: vector.transfer_write %[[R]], %{{.*}}[%[[M]], %[[N1]], %c0] {in_bounds = [true, true, true]} : vector<8x1x32xf32>, tensor<64x4x32xf32>
func.func @dense_relu(%x: tensor<64x256xf32>) -> tensor<64x128xf32> {
  %w = arith.constant dense<0.5> : tensor<128x256xf32>
  %b = arith.constant dense<0.25> : tensor<128xf32>
  %y = nn.dense %x, %w, %b {activation = #nn.activation<relu>} : (tensor<64x256xf32>, tensor<128x256xf32>, tensor<128xf32>) -> tensor<64x128xf32>
  return %y : tensor<64x128xf32>
}

// A conv block: 16 output channels x 16 output columns; per (c, kh, kw) one
// outer product of the packed weights' 16 channels and an input row.
// CHECK-LABEL: func.func @conv(
// CHECK: scf.for %[[C:.*]] = %c0 to %c8 step %c1 iter_args(%{{.*}}) -> (vector<16x1x16xf32>) {
// CHECK: scf.for %[[KH:.*]] = %c0 to %c3 step %c1 iter_args(%{{.*}}) -> (vector<16x1x16xf32>) {
// CHECK: scf.for %[[KW:.*]] = %c0 to %c3 step %c1 iter_args(%{{.*}}) -> (vector<16x1x16xf32>) {
// CHECK: %[[W:.*]] = vector.transfer_read %{{.*}}[%c0, %[[C]], %[[KH]], %[[KW]], %c0], {{.*}} : tensor<1x8x3x3x16xf32>, vector<16xf32>
// CHECK: %[[ROW:.*]] = vector.transfer_read %arg0[%{{.*}}, %[[C]], %{{.*}}, %[[KW]]], {{.*}} : tensor<2x8x18x18xf32>, vector<16xf32>
// CHECK: vector.outerproduct %[[W]], %[[ROW]], %{{.*}} : vector<16xf32>, vector<16xf32>
func.func @conv(%x: tensor<2x8x18x18xf32>) -> tensor<2x16x16x16xf32> {
  %w = arith.constant dense<0.5> : tensor<16x8x3x3xf32>
  %y = nn.conv %x, %w : (tensor<2x8x18x18xf32>, tensor<16x8x3x3xf32>) -> tensor<2x16x16x16xf32>
  return %y : tensor<2x16x16x16xf32>
}

// A depthwise block: 4 output rows x 14 columns of one channel; per (kh, kw)
// one FMA of 4 input rows with the channel's weight broadcast once.
// CHECK-LABEL: func.func @depthwise_rows(
// CHECK: scf.for %[[KH:.*]] = %c0 to %c3 step %c1 iter_args(%{{.*}}) -> (vector<4x14xf32>) {
// CHECK: scf.for %[[KW:.*]] = %c0 to %c3 step %c1 iter_args(%[[ACC:.*]] = %{{.*}}) -> (vector<4x14xf32>) {
// CHECK: %[[ROWS:.*]] = vector.transfer_read {{.*}} : tensor<1x32x1x30x30xf32>, vector<4x14xf32>
// CHECK: %[[W:.*]] = vector.transfer_read {{.*}}[%c0, %c0, %c0, %[[KH]], %[[KW]], %c0], {{.*}} : tensor<1x1x1x3x3x1xf32>, vector<1xf32>
// CHECK: %[[SPLAT:.*]] = vector.broadcast %[[W]] : vector<1xf32> to vector<4x14xf32>
// CHECK: vector.fma %[[ROWS]], %[[SPLAT]], %[[ACC]] : vector<4x14xf32>
func.func @depthwise_rows(%x: tensor<1x32x28x28xf32>) -> tensor<1x32x28x28xf32> {
  %d = arith.constant dense<0.25> : tensor<32x1x3x3xf32>
  %y = nn.conv %x, %d {padding = array<i64: 1, 1, 1, 1>, groups = 32 : i64} : (tensor<1x32x28x28xf32>, tensor<32x1x3x3xf32>) -> tensor<1x32x28x28xf32>
  return %y : tensor<1x32x28x28xf32>
}

// A 2x2 / 2 max pool: each window position reads every other input column.
// CHECK-LABEL: func.func @max_pool(
// CHECK-DAG: %[[NEGINF:.*]] = arith.constant dense<0xFF800000> : vector<14xf32>
// CHECK: scf.for %{{.*}} = %c0 to %c2 step %c1 iter_args(%{{.*}} = %[[NEGINF]]) -> (vector<14xf32>) {
// CHECK: scf.for %{{.*}} = %c0 to %c2 step %c1 iter_args(%[[MAX:.*]] = %{{.*}}) -> (vector<14xf32>) {
// CHECK: %[[EVERY:.*]] = tensor.extract_slice %{{.*}}[0, 0, 0, 0] [1, 1, 1, 14] [1, 1, 1, 2] : tensor<1x1x1x27xf32> to tensor<1x1x1x14xf32>
// CHECK: %[[V:.*]] = vector.transfer_read %[[EVERY]][%c0, %c0, %c0, %c0], {{.*}} : tensor<1x1x1x14xf32>, vector<14xf32>
// CHECK: arith.maximumf %[[MAX]], %[[V]] : vector<14xf32>
func.func @max_pool(%x: tensor<4x8x28x28xf32>) -> tensor<4x8x14x14xf32> {
  %y = nn.pool max %x {kernel_shape = array<i64: 2, 2>, strides = array<i64: 2, 2>} : (tensor<4x8x28x28xf32>) -> tensor<4x8x14x14xf32>
  return %y : tensor<4x8x14x14xf32>
}

// Winograd F(2x2, 3x3): the input transform reads 4 padded rows, combines
// them (B^T d) and takes the 4 columns of each tile from every other
// element (d B); the output transform combines the 16 products of a tile
// row (A^T M A), interleaves the two columns of each tile and applies the
// bias + relu before one write.
// CHECK-LABEL: func.func @winograd_relu(
// CHECK: %[[ROWS:.*]] = vector.transfer_read {{.*}} : tensor<2x16x10x10xf32>, vector<4x10xf32>
// CHECK: %[[R0:.*]] = vector.extract %[[ROWS]][0] : vector<10xf32> from vector<4x10xf32>
// CHECK: %[[R2:.*]] = vector.extract %[[ROWS]][2] : vector<10xf32> from vector<4x10xf32>
// CHECK: %[[D0:.*]] = arith.subf %[[R0]], %[[R2]] : vector<10xf32>
// CHECK: vector.shuffle %[[D0]], %[[D0]] [0, 2, 4, 6] : vector<10xf32>, vector<10xf32>
// CHECK: vector.outerproduct
// CHECK: %[[M:.*]] = vector.transfer_read {{.*}} : tensor<1x4x4x32x4x4xf32>, vector<4x4x1x1x4xf32>
// CHECK: %[[EVEN:.*]] = arith.addf
// CHECK: vector.interleave %{{.*}}, %{{.*}} : vector<4xf32> -> vector<8xf32>
// CHECK: %[[BIASED:.*]] = arith.addf %{{.*}}, %{{.*}} : vector<2x8xf32>
// CHECK: %[[RELU:.*]] = arith.maximumf %[[BIASED]], %{{.*}} : vector<2x8xf32>
// CHECK: vector.transfer_write %[[RELU]], {{.*}} : vector<2x8xf32>, tensor<1x1x1x2x8xf32>
func.func @winograd_relu(%x: tensor<2x16x8x8xf32>) -> tensor<2x32x8x8xf32> {
  %w = arith.constant dense<0.5> : tensor<32x16x3x3xf32>
  %b = arith.constant dense<0.25> : tensor<32xf32>
  %y = nn.conv %x, %w, %b {padding = array<i64: 1, 1, 1, 1>, activation = #nn.activation<relu>} : (tensor<2x16x8x8xf32>, tensor<32x16x3x3xf32>, tensor<32xf32>) -> tensor<2x32x8x8xf32>
  return %y : tensor<2x32x8x8xf32>
}
