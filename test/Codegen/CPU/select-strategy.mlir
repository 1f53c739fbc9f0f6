// RUN: nnc-opt %s --convert-nn-to-linalg --canonicalize --nnc-fuse-elementwise --nnc-decompose-pads --nnc-cpu-attach-target="triple=x86_64-unknown-linux-gnu cpu=znver5 threads=2" --nnc-cpu-select-strategy | FileCheck %s
// RUN: nnc-opt %s --convert-nn-to-linalg --canonicalize --nnc-fuse-elementwise --nnc-decompose-pads --nnc-cpu-attach-target="triple=x86_64-unknown-linux-gnu cpu=haswell threads=2" --nnc-cpu-select-strategy | FileCheck %s --check-prefix=AVX2
// RUN: nnc-opt %s --convert-nn-to-linalg --canonicalize --nnc-fuse-elementwise --nnc-cpu-attach-target="triple=x86_64-unknown-linux-gnu cpu=znver5 threads=1" --nnc-cpu-select-strategy | FileCheck %s --check-prefix=ONETHREAD
// RUN: nnc-opt %s --convert-nn-to-linalg --canonicalize --nnc-cpu-attach-target="triple=x86_64-unknown-linux-gnu cpu=znver5 threads=2" --nnc-cpu-select-strategy="matmul-microkernel=4,16" | FileCheck %s --check-prefix=OVERRIDE
// RUN: not nnc-opt %s --convert-nn-to-linalg --nnc-cpu-select-strategy 2>&1 | FileCheck %s --check-prefix=NOTARGET

// A lowering config per root op, from the target's vector width, registers
// and threads and the op's shapes (docs/Performance.md).
// NOTARGET: error: nnc-cpu-select-strategy needs the module's #nnc_codegen.target

// A dense layer with constant weights: 8 x 32 register blocks on AVX-512
// (16 accumulators), 6 x 16 on AVX2, panels of B outside rows of A; parallel
// tiles of two panels each (8 tiles for 2 threads); its bias + relu epilogue
// gets no config of its own (it is fused into the matmul's tiles).
// CHECK-LABEL: func.func @dense_relu(
// CHECK: linalg.matmul {{.*}}nnc_codegen.lowering_config = #nnc_codegen.lowering_config<matmul, microkernel = [8, 32], parallel = [0, 2, 0, 0], register_tiles = [8, 1, 0, 32], reduction = [0, 0, 1, 0], interchange = [1, 0, 2, 3]>
// CHECK: linalg.generic
// CHECK-NOT: lowering_config
// CHECK: return
// AVX2-LABEL: func.func @dense_relu(
// AVX2: microkernel = [6, 16], parallel = [0, 4, 0, 0], register_tiles = [6, 1, 0, 16]
// ONETHREAD-LABEL: func.func @dense_relu(
// ONETHREAD: lowering_config<matmul, microkernel = [8, 32], register_tiles
// OVERRIDE-LABEL: func.func @dense_relu(
// OVERRIDE: microkernel = [4, 16]
func.func @dense_relu(%x: tensor<64x784xf32>) -> tensor<64x512xf32> {
  %w = arith.constant dense<0.5> : tensor<512x784xf32>
  %b = arith.constant dense<0.25> : tensor<512xf32>
  %y = nn.dense %x, %w, %b {activation = #nn.activation<relu>} : (tensor<64x784xf32>, tensor<512x784xf32>, tensor<512xf32>) -> tensor<64x512xf32>
  return %y : tensor<64x512xf32>
}

// Too little work for threads; a block of 4 rows (the whole batch) and one
// vector of columns (N = 10, padded at packing).
// CHECK-LABEL: func.func @small_dense(
// CHECK: lowering_config<matmul, microkernel = [4, 16], register_tiles = [4, 1, 0, 16], reduction = [0, 0, 1, 0], interchange = [1, 0, 2, 3]>
func.func @small_dense(%x: tensor<4x256xf32>) -> tensor<4x10xf32> {
  %w = arith.constant dense<0.5> : tensor<10x256xf32>
  %y = nn.dense %x, %w : (tensor<4x256xf32>, tensor<10x256xf32>) -> tensor<4x10xf32>
  return %y : tensor<4x10xf32>
}

// B an activation in row-major [K, N]: read in place, N a multiple of the
// block's columns. Stored [N, K] it would need a pack per call: no config.
// CHECK-LABEL: func.func @matmul_activations(
// CHECK: linalg.matmul {{.*}}lowering_config<matmul, microkernel = [8, 32]
// CHECK-LABEL: func.func @matmul_transposed_activation(
// CHECK-NOT: lowering_config
// CHECK: return
func.func @matmul_activations(%a: tensor<128x64xf32>, %b: tensor<64x96xf32>) -> tensor<128x96xf32> {
  %y = nn.matmul %a, %b : (tensor<128x64xf32>, tensor<64x96xf32>) -> tensor<128x96xf32>
  return %y : tensor<128x96xf32>
}
func.func @matmul_transposed_activation(%x: tensor<16x32xf32>, %w: tensor<8x32xf32>) -> tensor<16x8xf32> {
  %y = nn.dense %x, %w : (tensor<16x32xf32>, tensor<8x32xf32>) -> tensor<16x8xf32>
  return %y : tensor<16x8xf32>
}

// A strided convolution (conv_filters): vectors of filters, 2 per block
// (32 filters) x 8 output columns whose input pixels are broadcast; one
// parallel tile per image (with AVX2, 2 x 8 filters x 4 columns).
// CHECK-LABEL: func.func @conv_stride2(
// CHECK: linalg.conv_2d_nchw_fchw {{.*}}lowering_config<conv_filters, microkernel = [32, 8], parallel = [1, 0, 0, 0, 0, 0, 0, 0], register_tiles = [1, 1, 32, 1, 8, 0, 0, 0], reduction = [0, 0, 0, 0, 0, 1, 1, 1]>
// AVX2-LABEL: func.func @conv_stride2(
// AVX2: lowering_config<conv_filters, microkernel = [16, 4]
func.func @conv_stride2(%x: tensor<8x16x33x33xf32>) -> tensor<8x32x16x16xf32> {
  %w = arith.constant dense<0.5> : tensor<32x16x3x3xf32>
  %y = nn.conv %x, %w {strides = array<i64: 2, 2>} : (tensor<8x16x33x33xf32>, tensor<32x16x3x3xf32>) -> tensor<8x32x16x16xf32>
  return %y : tensor<8x32x16x16xf32>
}

// A 5x5 conv, stride 1, with rows of whole vectors (conv): output channels
// as rows, two vectors of output columns (8 x 32).
// CHECK-LABEL: func.func @conv_wide_rows(
// CHECK: linalg.conv_2d_nchw_fchw {{.*}}lowering_config<conv, microkernel = [8, 32], parallel = [1, 0, 0, 0, 0, 0, 0, 0], register_tiles = [1, 1, 8, 1, 32, 0, 0, 0]
func.func @conv_wide_rows(%x: tensor<8x16x36x36xf32>) -> tensor<8x32x32x32xf32> {
  %w = arith.constant dense<0.5> : tensor<32x16x5x5xf32>
  %y = nn.conv %x, %w : (tensor<8x16x36x36xf32>, tensor<32x16x5x5xf32>) -> tensor<8x32x32x32xf32>
  return %y : tensor<8x32x32x32xf32>
}

// 3x3, stride 1, enough channels, an even output: Winograd F(2x2, 3x3); the
// block is that of its GEMMs (output channels x tiles), the parallel tile a
// whole image (4 images balance over 2 threads). The argument's copy into
// its padded buffer is an elementwise op of its own.
// CHECK-LABEL: func.func @conv_winograd(
// CHECK: linalg.fill {{.*}}lowering_config<elementwise, register_tiles = [1, 1, 1, 16]>
// CHECK: linalg.copy {{.*}}lowering_config<elementwise, register_tiles = [1, 1, 1, 14]>
// CHECK: linalg.conv_2d_nchw_fchw {{.*}}lowering_config<winograd, microkernel = [16, 16], parallel = [1, 64, 14, 14]>
func.func @conv_winograd(%x: tensor<4x32x14x14xf32>) -> tensor<4x64x14x14xf32> {
  %w = arith.constant dense<0.5> : tensor<64x32x3x3xf32>
  %y = nn.conv %x, %w {padding = array<i64: 1, 1, 1, 1>} : (tensor<4x32x14x14xf32>, tensor<64x32x3x3xf32>) -> tensor<4x64x14x14xf32>
  return %y : tensor<4x64x14x14xf32>
}

// mobilenet_v2's expansion and depthwise conv at batch 1: both split their
// output rows only (8 tiles of 7 rows, 14 tiles of 4), not their filters or
// channels, so that each thread reads the rows it wrote in the layer before.
// The depthwise block is 4 output rows of one channel (rows of 14 columns),
// each weight broadcast once per block.
// CHECK-LABEL: func.func @expand_depthwise(
// CHECK: linalg.conv_2d_nchw_fchw {{.*}}lowering_config<conv, microkernel = [16, 14], parallel = [1, 0, 0, 7, 0, 0, 0, 0], register_tiles = [1, 1, 16, 1, 14, 0, 0, 0]
// CHECK: linalg.conv_2d_ngchw_gfchw {{.*}}lowering_config<conv, microkernel = [1, 14], parallel = [1, 0, 0, 0, 4, 0, 0, 0, 0], register_tiles = [1, 1, 1, 1, 4, 14, 0, 0, 0]
func.func @expand_depthwise(%x: tensor<1x24x56x56xf32>) -> tensor<1x144x56x56xf32> {
  %w = arith.constant dense<0.5> : tensor<144x24x1x1xf32>
  %e = nn.conv %x, %w : (tensor<1x24x56x56xf32>, tensor<144x24x1x1xf32>) -> tensor<1x144x56x56xf32>
  %d = arith.constant dense<0.25> : tensor<144x1x3x3xf32>
  %y = nn.conv %e, %d {padding = array<i64: 1, 1, 1, 1>, groups = 144 : i64} : (tensor<1x144x56x56xf32>, tensor<144x1x3x3xf32>) -> tensor<1x144x56x56xf32>
  return %y : tensor<1x144x56x56xf32>
}

// The border of a padded buffer is filled in a parallel loop over blocks
// of 12 channels (nnc-decompose-pads): inside it the rows above and below
// (one strided slice) are vector fills, the 1-element-wide columns (one
// slice, 2 wide, strided across the interior) a store per element, neither
// threaded again.
// CHECK-LABEL: func.func @padded_border_columns(
// CHECK: scf.forall (%{{.*}}) in (8)
// CHECK: linalg.fill {{.*}}lowering_config<elementwise, register_tiles = [1, 1, 1, 64]>{{.*}}tensor<1x12x2x114xf32>
// CHECK: linalg.fill {{.*}}lowering_config<elementwise, register_tiles = [1, 1, 1, 2]>{{.*}}tensor<1x12x112x2xf32>
// CHECK: linalg.conv_2d_ngchw_gfchw {{.*}}lowering_config<conv, microkernel = [1, 16], parallel = [1, 0, 0, 0, 8, 0, 0, 0, 0]
func.func @padded_border_columns(%x: tensor<1x96x112x112xf32>) -> tensor<1x96x112x112xf32> {
  %w = arith.constant dense<0.5> : tensor<96x1x3x3xf32>
  %y = nn.conv %x, %w {padding = array<i64: 1, 1, 1, 1>, groups = 96 : i64} : (tensor<1x96x112x112xf32>, tensor<96x1x3x3xf32>) -> tensor<1x96x112x112xf32>
  return %y : tensor<1x96x112x112xf32>
}

// A 1x1 conv on a 14x14 image over 384 channels runs on vectors of
// filters (32 filters x 7 columns): rows of 14 fill 7/8 of the lanes, but
// 16 weights broadcast per step cost more over a reduction this long. Over
// 64 channels it keeps vectors of columns, flattened (16 filters x 14).
// CHECK-LABEL: func.func @project_14(
// CHECK: linalg.conv_2d_nchw_fchw {{.*}}lowering_config<conv_filters, microkernel = [32, 7], parallel = [1, 0, 0, 1, 0, 0, 0, 0]
func.func @project_14(%x: tensor<1x384x14x14xf32>) -> tensor<1x64x14x14xf32> {
  %w = arith.constant dense<0.5> : tensor<64x384x1x1xf32>
  %y = nn.conv %x, %w : (tensor<1x384x14x14xf32>, tensor<64x384x1x1xf32>) -> tensor<1x64x14x14xf32>
  return %y : tensor<1x64x14x14xf32>
}

// CHECK-LABEL: func.func @expand_14(
// CHECK: lowering_config<conv, microkernel = [16, 14]
func.func @expand_14(%x: tensor<1x64x14x14xf32>) -> tensor<1x384x14x14xf32> {
  %w = arith.constant dense<0.5> : tensor<384x64x1x1xf32>
  %y = nn.conv %x, %w : (tensor<1x64x14x14xf32>, tensor<384x64x1x1xf32>) -> tensor<1x384x14x14xf32>
  return %y : tensor<1x384x14x14xf32>
}

// Pooling: one output row per block, its window tiled by 1; the -inf fill of
// its init goes into its tiles, so it gets no config.
// CHECK-LABEL: func.func @max_pool(
// CHECK: linalg.fill ins(%{{.*}} : f32) outs(%{{.*}} : tensor<64x32x14x14xf32>) -> tensor<64x32x14x14xf32>
// CHECK: linalg.pooling_nchw_max {{.*}}lowering_config<pool, parallel = [8, 0, 0, 0, 0, 0], register_tiles = [1, 1, 1, 14, 0, 0], reduction = [0, 0, 0, 0, 1, 1]>
func.func @max_pool(%x: tensor<64x32x28x28xf32>) -> tensor<64x32x14x14xf32> {
  %y = nn.pool max %x {kernel_shape = array<i64: 2, 2>, strides = array<i64: 2, 2>} : (tensor<64x32x28x28xf32>) -> tensor<64x32x14x14xf32>
  return %y : tensor<64x32x14x14xf32>
}

// Elementwise: 4 vectors of the innermost dimension per block.
// CHECK-LABEL: func.func @elementwise(
// CHECK: linalg.generic {{.*}}lowering_config<elementwise, parallel = [8, 0], register_tiles = [1, 64]>
func.func @elementwise(%a: tensor<64x1024xf32>, %b: tensor<64x1024xf32>) -> tensor<64x1024xf32> {
  %y = nn.add %a, %b : (tensor<64x1024xf32>, tensor<64x1024xf32>) -> tensor<64x1024xf32>
  return %y : tensor<64x1024xf32>
}

// An update with two results (an optimizer's new weights and velocity,
// written over its outs) is an elementwise op of its own, threaded, not the
// epilogue of the matmul that makes its gradient.
// CHECK-LABEL: func.func @optimizer_update(
// CHECK: linalg.matmul {{.*}}lowering_config<matmul
// CHECK: linalg.generic {{.*}} outs(%{{.*}}, %{{.*}} : tensor<512x784xf32>, tensor<512x784xf32>)
// CHECK-SAME: lowering_config<elementwise, parallel = [64, 0], register_tiles = [1, 64]>
#id = affine_map<(d0, d1) -> (d0, d1)>
func.func @optimizer_update(%a: tensor<512x64xf32>, %b: tensor<64x784xf32>, %p: tensor<512x784xf32>, %v: tensor<512x784xf32>) -> (tensor<512x784xf32>, tensor<512x784xf32>) {
  %g = nn.matmul %a, %b : (tensor<512x64xf32>, tensor<64x784xf32>) -> tensor<512x784xf32>
  %r:2 = linalg.generic {indexing_maps = [#id, #id, #id], iterator_types = ["parallel", "parallel"]} ins(%g : tensor<512x784xf32>) outs(%p, %v : tensor<512x784xf32>, tensor<512x784xf32>) {
  ^bb0(%gi: f32, %pi: f32, %vi: f32):
    %vn = arith.addf %vi, %gi : f32
    %pn = arith.subf %pi, %vn : f32
    linalg.yield %pn, %vn : f32, f32
  } -> (tensor<512x784xf32>, tensor<512x784xf32>)
  return %r#0, %r#1 : tensor<512x784xf32>, tensor<512x784xf32>
}

// Booleans stay loops (a vector of i1 in memory is bit-packed in LLVM).
// CHECK-LABEL: func.func @masked_select(
// CHECK-NOT: lowering_config
// CHECK: return
func.func @masked_select(%x: tensor<64x1024xf32>, %m: tensor<64x1024xi1>) -> tensor<64x1024xf32> {
  %y = nn.softmax %x mask %m : (tensor<64x1024xf32>, tensor<64x1024xi1>) -> tensor<64x1024xf32>
  return %y : tensor<64x1024xf32>
}

// Softmax: the max and the sum are reductions (whole 128-element rows per
// block, rows split over the threads); the exp and the division are
// elementwise.
// CHECK-LABEL: func.func @softmax_rows(
// CHECK: linalg.generic {{.*}}iterator_types = ["parallel", "parallel", "reduction"]{{.*}}lowering_config<reduction, parallel = [8, 0, 0], register_tiles = [1, 1, 0]>
// CHECK: lowering_config<reduction
// CHECK: lowering_config<elementwise
func.func @softmax_rows(%x: tensor<64x32x128xf32>) -> tensor<64x32x128xf32> {
  %y = nn.softmax %x : (tensor<64x32x128xf32>) -> tensor<64x32x128xf32>
  return %y : tensor<64x32x128xf32>
}

// A transpose that moves the innermost dimension is copied in 16 x 16
// blocks (read by rows, written by rows).
// CHECK-LABEL: func.func @transpose_blocks(
// CHECK: linalg.transpose {{.*}}lowering_config<elementwise, parallel = [{{.*}}], register_tiles = [16, 16]>
func.func @transpose_blocks(%x: tensor<256x512xf32>) -> tensor<512x256xf32> {
  %y = nn.transpose %x {permutation = array<i64: 1, 0>} : (tensor<256x512xf32>) -> tensor<512x256xf32>
  return %y : tensor<512x256xf32>
}

// A global pool over 112 x 112: its row of 12544 elements (the image,
// collapsed) is reduced 16 vectors at a time, not as one vector.
// CHECK-LABEL: func.func @global_pool_long_rows(
// CHECK: lowering_config<reduction, {{.*}}register_tiles = [1, 1, 0], reduction = [0, 0, 256]>
func.func @global_pool_long_rows(%x: tensor<1x32x112x112xf32>) -> tensor<1x32x1x1xf32> {
  %y = nn.global_pool avg %x : (tensor<1x32x112x112xf32>) -> tensor<1x32x1x1xf32>
  return %y : tensor<1x32x1x1xf32>
}

// The fused attention core is an scf.forall already: its matmuls (a
// 32 x 256 x 64 block would get parallel tiles on its own) run on the
// thread of their iteration.
// CHECK-LABEL: func.func @attention_core(
// CHECK: scf.forall
// CHECK: linalg.matmul {nnc_codegen.lowering_config = #nnc_codegen.lowering_config<matmul, microkernel = [8, 32], register_tiles = [8, 1, 0, 32], reduction = [0, 0, 1, 0], interchange = [1, 0, 2, 3]>} ins(%{{.*}}, %{{.*}} : tensor<32x256xf32>, tensor<256x64xf32>)
func.func @attention_core(%q: tensor<2x128x256xf32>, %kt: tensor<2x256x128xf32>, %v: tensor<2x128x64xf32>) -> tensor<2x128x64xf32> {
  %s = nn.matmul %q, %kt : (tensor<2x128x256xf32>, tensor<2x256x128xf32>) -> tensor<2x128x128xf32>
  %p = nn.softmax %s : (tensor<2x128x128xf32>) -> tensor<2x128x128xf32>
  %y = nn.matmul %p, %v : (tensor<2x128x128xf32>, tensor<2x128x64xf32>) -> tensor<2x128x64xf32>
  return %y : tensor<2x128x64xf32>
}
