// RUN: nnc-opt %s --nn-fuse-bias-activation --convert-nn-to-linalg --canonicalize --nnc-fuse-elementwise --nnc-decompose-pads --nnc-cpu-attach-target="triple=x86_64-unknown-linux-gnu cpu=znver5 threads=2" --nnc-cpu-select-strategy --nnc-cpu-materialize-packing | FileCheck %s

// A 3x3 stride-1 convolution as Winograd F(2x2, 3x3): the filter transform
// G g G^T is a constant [16][F/MR][C][MR]; per block of the output (here a
// whole image: the batch gives the threads their iterations), an scf.forall
// iteration over (image, filter group, row block) computes the input transform V (B^T d B, [4][4][C][TH][TW]), 16
// GEMMs (a matmul root: rows = output channels, columns = tiles), the output
// transform (A^T M A into [F][TH][2][OW]) and the bias + relu epilogue on it,
// and inserts the image into the result. test/Integration/ops/cases_codegen.py checks
// the numbers.

// CHECK-DAG: #[[XMAP:.*]] = affine_map<(d0, d1, d2, d3, d4, d5, d6, d7) -> (d0, d3, d4 * 2 + d6, d5 * 2 + d7)>
// CHECK-DAG: #[[MMAP:.*]] = affine_map<(d0, d1, d2, d3, d4, d5, d6) -> (d0, d5, d6, d1, d2, d4 floordiv 2)>
// CHECK-DAG: #[[ATCOL:.*]] = affine_map<(d0, d1, d2, d3, d4, d5, d6) -> (d4 mod 2, d6)>

// CHECK-LABEL: func.func @winograd_relu(
// CHECK-DAG: %[[AT:.*]] = arith.constant dense<{{\[\[}}1.000000e+00, 1.000000e+00, 1.000000e+00, 0.000000e+00], [0.000000e+00, 1.000000e+00, -1.000000e+00, -1.000000e+00]]> : tensor<2x4xf32>
// CHECK-DAG: %[[BT:.*]] = arith.constant dense<{{\[\[}}1.000000e+00, 0.000000e+00, -1.000000e+00, 0.000000e+00], [0.000000e+00, 1.000000e+00, 1.000000e+00, 0.000000e+00], [0.000000e+00, -1.000000e+00, 1.000000e+00, 0.000000e+00], [0.000000e+00, 1.000000e+00, 0.000000e+00, -1.000000e+00]]> : tensor<4x4xf32>
// CHECK-DAG: %[[U:.*]] = arith.constant dense_resource<nnc_winograd_filter> : tensor<16x2x16x16xf32>
// CHECK: %[[PADDED:.*]] = tensor.insert_slice %{{.*}}[0, 0, 1, 1] [2, 16, 8, 8]
// CHECK: scf.forall (%[[N:.*]], %{{.*}}, %{{.*}}) in (2, 1, 1) shared_outs(%[[OUT:.*]] = %{{.*}}) -> (tensor<2x32x8x8xf32>) {
// CHECK: %[[IMG:.*]] = tensor.extract_slice %[[PADDED]][%[[N]], 0, 0, 0] [1, 16, 10, 10]
// CHECK: %[[V:.*]] = linalg.generic {indexing_maps = [#[[XMAP]], {{.*}}} ins(%[[IMG]], %[[BT]], %[[BT]] : {{.*}}) outs(%{{.*}} : tensor<1x4x4x16x4x4xf32>) attrs = {nnc_codegen.lowering_config = #nnc_codegen.lowering_config<winograd_input, register_tiles = [1, 0, 0, 1, 1, 0, 0, 0]>}
// CHECK: %[[VF:.*]] = tensor.collapse_shape %[[V]] {{.*}} into tensor<1x16x16x16xf32>
// CHECK: %[[M:.*]] = linalg.generic {{.*}} ins(%[[U]], %[[VF]] : tensor<16x2x16x16xf32>, tensor<1x16x16x16xf32>) outs(%{{.*}} : tensor<1x16x2x16x16xf32>) attrs = {nnc_codegen.lowering_config = #nnc_codegen.lowering_config<matmul, microkernel = [16, 16], register_tiles = [1, 1, 1, 16, 16, 0], reduction = [0, 0, 0, 0, 0, 1], interchange = [0, 1, 4, 2, 3, 5]>}
// CHECK: %[[MV:.*]] = tensor.expand_shape {{.*}} into tensor<1x4x4x32x4x4xf32>
// CHECK: %[[Y:.*]] = linalg.generic {indexing_maps = [#[[MMAP]], {{.*}}, #[[ATCOL]], {{.*}}} ins(%[[MV]], %[[AT]], %[[AT]] : {{.*}}) outs(%{{.*}} : tensor<1x32x4x2x8xf32>) attrs = {nnc_codegen.lowering_config = #nnc_codegen.lowering_config<winograd_output, register_tiles = [1, 1, 1, 0, 0, 0, 0]>}
// CHECK: %[[SLOT:.*]] = tensor.extract_slice %[[OUT]][%[[N]], 0, 0, 0] [1, 32, 8, 8]
// CHECK: %[[DEST:.*]] = tensor.expand_shape %[[SLOT]]
// CHECK: %[[E:.*]] = linalg.generic {{.*}} ins(%[[Y]] : tensor<1x32x4x2x8xf32>) outs(%[[DEST]] : tensor<1x32x4x2x8xf32>)
// CHECK: arith.maximumf
// CHECK: %[[IMGOUT:.*]] = tensor.collapse_shape %[[E]]
// CHECK: scf.forall.in_parallel {
// CHECK-NEXT: tensor.parallel_insert_slice %[[IMGOUT]] into %[[OUT]][%[[N]], 0, 0, 0] [1, 32, 8, 8]
func.func @winograd_relu(%x: tensor<2x16x8x8xf32>) -> tensor<2x32x8x8xf32> {
  %w = arith.constant dense<0.5> : tensor<32x16x3x3xf32>
  %b = arith.constant dense<0.25> : tensor<32xf32>
  %y = nn.conv %x, %w, %b {padding = array<i64: 1, 1, 1, 1>, activation = #nn.activation<relu>} : (tensor<2x16x8x8xf32>, tensor<32x16x3x3xf32>, tensor<32xf32>) -> tensor<2x32x8x8xf32>
  return %y : tensor<2x32x8x8xf32>
}

// At batch 1 the threads take blocks of rows and filters instead. A 32x32
// image: 4 tile rows (8 output rows) per block keep its transformed input
// and products in L2 and give 2 threads 4 blocks.
// CHECK-LABEL: func.func @winograd_b1_row_blocks(
// CHECK: scf.forall (%{{.*}}, %{{.*}}, %[[R:.*]]) in (1, 1, 4) shared_outs(%[[OUT:.*]] = %{{.*}}) -> (tensor<1x64x32x32xf32>) {
// CHECK: %[[H0:.*]] = arith.muli %[[R]], %c8
// CHECK: tensor.extract_slice %{{.*}}[%{{.*}}, 0, %[[H0]], 0] [1, 32, 10, 34]
// CHECK: tensor.parallel_insert_slice %{{.*}} into %[[OUT]][%{{.*}}, 0, %[[H0]], 0] [1, 64, 8, 32]
func.func @winograd_b1_row_blocks(%x: tensor<1x32x32x32xf32>) -> tensor<1x64x32x32xf32> {
  %w = arith.constant dense<0.5> : tensor<64x32x3x3xf32>
  %y = nn.conv %x, %w {padding = array<i64: 1, 1, 1, 1>} : (tensor<1x32x32x32xf32>, tensor<64x32x3x3xf32>) -> tensor<1x64x32x32xf32>
  return %y : tensor<1x64x32x32xf32>
}

// An 8x8 image is one block of rows (its GEMMs fill their 16 columns);
// two filter groups give each thread one block, which reads half of U and
// slices the residual operand of its epilogue to its filters.
// CHECK-LABEL: func.func @winograd_b1_filter_groups(
// CHECK: %[[U:.*]] = arith.constant dense_resource<nnc_winograd_filter{{.*}}> : tensor<16x4x32x16xf32>
// CHECK: scf.forall (%{{.*}}, %[[G:.*]], %{{.*}}) in (1, 2, 1) shared_outs(%[[OUT:.*]] = %{{.*}}) -> (tensor<1x64x8x8xf32>) {
// CHECK-DAG: %[[F0:.*]] = arith.muli %[[G]], %c32
// CHECK-DAG: %[[F1:.*]] = arith.muli %[[G]], %c2
// CHECK-DAG: tensor.extract_slice %[[U]][0, %[[F1]], 0, 0] [16, 2, 32, 16]
// CHECK-DAG: tensor.extract_slice %{{.*}}[%{{.*}}, %[[F0]], 0, 0] [1, 32, 8, 8] [1, 1, 1, 1] : tensor<1x64x8x8xf32> to tensor<1x32x8x8xf32>
// CHECK: tensor.parallel_insert_slice %{{.*}} into %[[OUT]][%{{.*}}, %[[F0]], 0, 0] [1, 32, 8, 8]
func.func @winograd_b1_filter_groups(%x: tensor<1x32x8x8xf32>, %r: tensor<1x64x8x8xf32>) -> tensor<1x64x8x8xf32> {
  %w = arith.constant dense<0.5> : tensor<64x32x3x3xf32>
  %y = nn.conv %x, %w {padding = array<i64: 1, 1, 1, 1>} : (tensor<1x32x8x8xf32>, tensor<64x32x3x3xf32>) -> tensor<1x64x8x8xf32>
  %s = nn.add %y, %r : (tensor<1x64x8x8xf32>, tensor<1x64x8x8xf32>) -> tensor<1x64x8x8xf32>
  return %s : tensor<1x64x8x8xf32>
}
