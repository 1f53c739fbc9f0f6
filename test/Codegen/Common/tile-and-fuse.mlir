// RUN: nnc-opt %s --nn-fuse-bias-activation --convert-nn-to-linalg --canonicalize --nnc-fuse-elementwise --nnc-cpu-attach-target="triple=x86_64-unknown-linux-gnu cpu=znver5 threads=2" --nnc-cpu-select-strategy --nnc-cpu-materialize-packing --canonicalize --cse --nnc-tile-and-fuse | FileCheck %s

// The group of a root (its fill and its epilogue) is tiled by the root's
// config: an scf.forall over the parallel tiles, scf.for loops over register
// blocks with the fill and the epilogue fused into each block, and the
// block's reduction tiled by 1. A loop whose tile does not divide it is
// peeled; a remainder of dynamic size is tiled by 1 row. The blocks are
// marked for nnc-vectorize.

// 71 rows: parallel tiles of 40 rows x 1 panel, 8-row blocks, the remainder
// of each tile one row at a time.
// CHECK-LABEL: func.func @dense_relu(
// CHECK: scf.forall (%{{.*}}, %{{.*}}) = (0, 0) to (71, 4) step (40, 1) shared_outs(%{{.*}}) -> (tensor<71x4x32xf32>) {
// CHECK: scf.for %{{.*}} = %c0 to %{{.*}} step %c8 iter_args(%{{.*}}) -> (tensor<?x1x32xf32>) {
// CHECK: %[[FILL:.*]] = linalg.fill {nnc_codegen.vectorize} {{.*}} -> tensor<8x1x32xf32>
// CHECK: %[[ACC:.*]] = scf.for %{{.*}} = %{{.*}} to %c256 step %c1{{.*}} iter_args(%{{.*}} = %[[FILL]]) -> (tensor<8x1x32xf32>) {
// CHECK: linalg.generic {{.*}} ins(%{{.*}}, %{{.*}} : tensor<8x1xf32>, tensor<1x1x32xf32>) outs(%{{.*}} : tensor<8x1x32xf32>) attrs = {nnc_codegen.lowering_config = {{.*}}, nnc_codegen.vectorize}
// CHECK: linalg.generic {{.*}} ins(%[[ACC]] : tensor<8x1x32xf32>) outs(%{{.*}} : tensor<8x1x32xf32>) attrs = {nnc_codegen.vectorize}
// CHECK: arith.maximumf
// CHECK: scf.for %{{.*}} = %{{.*}} to %{{.*}} step %c8 iter_args
// CHECK: scf.for %{{.*}} = %c0 to %{{.*}} step %c1 iter_args(%{{.*}}) -> (tensor<?x1x32xf32>) {
// CHECK: linalg.fill {nnc_codegen.vectorize} {{.*}} -> tensor<1x1x32xf32>
// CHECK: linalg.generic {{.*}} outs(%{{.*}} : tensor<1x1x32xf32>) attrs = {nnc_codegen.lowering_config = {{.*}}, nnc_codegen.vectorize}
// CHECK: linalg.generic {{.*}} outs(%{{.*}} : tensor<1x1x32xf32>) attrs = {nnc_codegen.vectorize}
// CHECK: scf.forall.in_parallel
func.func @dense_relu(%x: tensor<71x256xf32>) -> tensor<71x128xf32> {
  %w = arith.constant dense<0.5> : tensor<128x256xf32>
  %b = arith.constant dense<0.25> : tensor<128xf32>
  %y = nn.dense %x, %w, %b {activation = #nn.activation<relu>} : (tensor<71x256xf32>, tensor<128x256xf32>, tensor<128xf32>) -> tensor<71x128xf32>
  return %y : tensor<71x128xf32>
}

// A dynamic batch: 8-row blocks, then the rows left over one by one (every
// block has a static shape).
// CHECK-LABEL: func.func @dense_dynamic(
// CHECK: scf.forall (%{{.*}}) in (2) shared_outs(%{{.*}}) -> (tensor<?x2x32xf32>) {
// CHECK: scf.for %{{.*}} step %c8 iter_args
// CHECK: linalg.fill {nnc_codegen.vectorize} {{.*}} -> tensor<8x1x32xf32>
// CHECK: scf.for %{{.*}} step %c8 iter_args
// CHECK: scf.for %{{.*}} step %c1 iter_args
// CHECK: linalg.fill {nnc_codegen.vectorize} {{.*}} -> tensor<1x1x32xf32>
// CHECK-NOT: tensor<?x1x32xf32>) attrs
// CHECK: scf.forall.in_parallel
func.func @dense_dynamic(%x: tensor<?x256xf32>) -> tensor<?x64xf32> {
  %w = arith.constant dense<0.5> : tensor<64x256xf32>
  %y = nn.dense %x, %w : (tensor<?x256xf32>, tensor<64x256xf32>) -> tensor<?x64xf32>
  return %y : tensor<?x64xf32>
}

// A pool reading a conv is computed on the conv's parallel tiles: per tile
// (one image, 4 conv rows), the conv blocks and their bias + relu fill a
// tile of the conv output, which the pool then reads; the conv output is
// never whole.
// CHECK-LABEL: func.func @conv_relu_maxpool(
// CHECK: scf.forall (%{{.*}}, %{{.*}}) = (0, 0) to (2, 8) step (1, 2) shared_outs(%{{.*}}) -> (tensor<2x16x8x8xf32>) {
// CHECK: %[[TILE:.*]] = tensor.empty() : tensor<1x1x16x4x16xf32>
// CHECK: %[[CONV:.*]] = scf.for {{.*}} iter_args(%{{.*}} = %[[TILE]]) -> (tensor<1x1x16x4x16xf32>) {
// CHECK: linalg.generic {{.*}} outs(%{{.*}} : tensor<1x1x16x1x16xf32>) attrs = {nnc_codegen.lowering_config = #nnc_codegen.lowering_config<conv,
// CHECK: arith.maximumf
// CHECK: scf.for {{.*}} -> (tensor<1x16x2x8xf32>) {
// CHECK: linalg.fill {{.*}} -> tensor<1x1x1x8xf32>
// CHECK: linalg.generic {{.*}} outs(%{{.*}} : tensor<1x1x1x8xf32>) attrs = {nnc_codegen.lowering_config = #nnc_codegen.lowering_config<pool
// CHECK-NOT: tensor<2x1x16x16x16xf32>
// CHECK: return
func.func @conv_relu_maxpool(%x: tensor<2x8x16x16xf32>) -> tensor<2x16x8x8xf32> {
  %w = arith.constant dense<0.5> : tensor<16x8x3x3xf32>
  %b = arith.constant dense<0.25> : tensor<16xf32>
  %y = nn.conv %x, %w, %b {padding = array<i64: 1, 1, 1, 1>, activation = #nn.activation<relu>} : (tensor<2x8x16x16xf32>, tensor<16x8x3x3xf32>, tensor<16xf32>) -> tensor<2x16x16x16xf32>
  %p = nn.pool max %y {kernel_shape = array<i64: 2, 2>, strides = array<i64: 2, 2>} : (tensor<2x16x16x16xf32>) -> tensor<2x16x8x8xf32>
  return %p : tensor<2x16x8x8xf32>
}

// Two depthwise convs of one shape: CSE merges their zero fills into one
// with two uses; each root gets its own copy, fused into its blocks, so no
// whole-buffer fill is left (it would be a memset on one thread, and the
// blocks would load their accumulators from it).
// CHECK-LABEL: func.func @shared_fill(
// CHECK-NOT: linalg.fill {{.*}}tensor<1x16x1x1x28x28xf32>
// CHECK: linalg.fill {nnc_codegen.vectorize} {{.*}}tensor<1x1x1x1x4x14xf32>
// CHECK-NOT: linalg.fill {{.*}}tensor<1x16x1x1x28x28xf32>
// CHECK: linalg.fill {nnc_codegen.vectorize} {{.*}}tensor<1x1x1x1x4x14xf32>
// CHECK-NOT: linalg.fill {{.*}}tensor<1x16x1x1x28x28xf32>
// CHECK: return
func.func @shared_fill(%x: tensor<1x16x28x28xf32>) -> tensor<1x16x28x28xf32> {
  %d = arith.constant dense<0.25> : tensor<16x1x3x3xf32>
  %y = nn.conv %x, %d {padding = array<i64: 1, 1, 1, 1>, groups = 16 : i64} : (tensor<1x16x28x28xf32>, tensor<16x1x3x3xf32>) -> tensor<1x16x28x28xf32>
  %e = arith.constant dense<0.5> : tensor<16x1x3x3xf32>
  %z = nn.conv %y, %e {padding = array<i64: 1, 1, 1, 1>, groups = 16 : i64} : (tensor<1x16x28x28xf32>, tensor<16x1x3x3xf32>) -> tensor<1x16x28x28xf32>
  return %z : tensor<1x16x28x28xf32>
}
