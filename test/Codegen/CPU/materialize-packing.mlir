// RUN: nnc-opt %s --convert-nn-to-linalg --canonicalize --nnc-fuse-elementwise --nnc-decompose-pads --nnc-cpu-attach-target="triple=x86_64-unknown-linux-gnu cpu=znver5 threads=2" --nnc-cpu-select-strategy --nnc-cpu-materialize-packing | FileCheck %s

// Each matmul / conv root becomes a linalg.generic over its microkernel's
// layout, with constant weights packed at compile time, and its elementwise
// epilogue expanded into the same layout.

// CHECK-DAG: #[[A:.*]] = affine_map<(d0, d1, d2, d3) -> (d0, d2)>
// CHECK-DAG: #[[BP:.*]] = affine_map<(d0, d1, d2, d3) -> (d1, d2, d3)>
// CHECK-DAG: #[[C:.*]] = affine_map<(d0, d1, d2, d3) -> (d0, d1, d3)>
// CHECK-DAG: #[[BINPLACE:.*]] = affine_map<(d0, d1, d2, d3) -> (d2, d1, d3)>
// CHECK-DAG: #[[X:.*]] = affine_map<(d0, d1, d2, d3, d4, d5, d6, d7) -> (d0, d5, d3 * 2 + d6, d4 * 2 + d7)>
// CHECK-DAG: #[[WP:.*]] = affine_map<(d0, d1, d2, d3, d4, d5, d6, d7) -> (d1, d5, d6, d7, d2)>
// CHECK-DAG: #[[OUTF:.*]] = affine_map<(d0, d1, d2, d3, d4, d5, d6, d7) -> (d0, d1, d3, d4, d2)>
// CHECK-DAG: #[[TRANS:.*]] = affine_map<(d0, d1, d2, d3, d4) -> (d0, d1, d3, d4, d2)>
// CHECK-DAG: #[[ID5:.*]] = affine_map<(d0, d1, d2, d3, d4) -> (d0, d1, d2, d3, d4)>
// CHECK-DAG: #[[PX:.*]] = affine_map<(d0, d1, d2, d3, d4, d5) -> (d0, d4, d3 + d5)>
// CHECK-DAG: #[[PW:.*]] = affine_map<(d0, d1, d2, d3, d4, d5) -> (d1, d4, d5, d2)>
// CHECK-DAG: #[[POUT:.*]] = affine_map<(d0, d1, d2, d3, d4, d5) -> (d0, d1, d2, d3)>
// CHECK-DAG: #[[POOLIN:.*]] = affine_map<(d0, d1, d2, d3, d4, d5, d6) -> (d0, d1, d2, d3 * 2 + d5, d4 * 2 + d6)>
// CHECK-DAG: #[[POOLOUT:.*]] = affine_map<(d0, d1, d2, d3, d4, d5, d6) -> (d0, d1 * 16 + d2, d3, d4)>

// Dense weights [512, 784] packed as [512/32][784][32]; C computed as
// [64][16][32] (a view of [64, 512]), the bias + relu epilogue on the same
// layout.
// CHECK-LABEL: func.func @dense_relu(
// CHECK: %[[W:.*]] = arith.constant dense<5.000000e-01> : tensor<16x784x32xf32>
// CHECK: %[[FILL:.*]] = linalg.fill {{.*}} -> tensor<64x16x32xf32>
// CHECK: %[[MM:.*]] = linalg.generic {indexing_maps = [#[[A]], #[[BP]], #[[C]]], iterator_types = ["parallel", "parallel", "reduction", "parallel"]} ins(%arg0, %[[W]] : tensor<64x784xf32>, tensor<16x784x32xf32>) outs(%[[FILL]] : tensor<64x16x32xf32>) attrs = {nnc_codegen.lowering_config = #nnc_codegen.lowering_config<matmul, microkernel = [8, 32]
// CHECK: %[[EPI:.*]] = linalg.generic {{.*}} ins(%[[MM]] : tensor<64x16x32xf32>) outs(%{{.*}} : tensor<64x16x32xf32>)
// CHECK: arith.maximumf
// CHECK: %[[Y:.*]] = tensor.collapse_shape %[[EPI]] {{\[\[}}0], [1, 2]] : tensor<64x16x32xf32> into tensor<64x512xf32>
// CHECK: return %[[Y]]
func.func @dense_relu(%x: tensor<64x784xf32>) -> tensor<64x512xf32> {
  %w = arith.constant dense<0.5> : tensor<512x784xf32>
  %b = arith.constant dense<0.25> : tensor<512xf32>
  %y = nn.dense %x, %w, %b {activation = #nn.activation<relu>} : (tensor<64x784xf32>, tensor<512x784xf32>, tensor<512xf32>) -> tensor<64x512xf32>
  return %y : tensor<64x512xf32>
}

// N = 10 is padded to one block of 16 columns: W [10, 2] packed [1][2][16]
// (column j of row k is W[j][k], zeros past 10), the result sliced back.
// CHECK-LABEL: func.func @padded_columns(
// CHECK: %[[W:.*]] = arith.constant dense_resource<[[BLOB:.*]]> : tensor<1x2x16xf32>
// CHECK: %[[MM:.*]] = linalg.generic {{.*}} ins(%{{.*}}, %[[W]] : tensor<4x2xf32>, tensor<1x2x16xf32>) outs(%{{.*}} : tensor<4x1x16xf32>)
// CHECK: %[[FLAT:.*]] = tensor.collapse_shape %[[MM]] {{\[\[}}0], [1, 2]] : tensor<4x1x16xf32> into tensor<4x16xf32>
// CHECK: tensor.extract_slice %[[FLAT]][0, 0] [4, 10] [1, 1] : tensor<4x16xf32> to tensor<4x10xf32>
func.func @padded_columns(%x: tensor<4x2xf32>) -> tensor<4x10xf32> {
  %w = arith.constant dense<[[1.0, 2.0], [3.0, 4.0], [5.0, 6.0], [7.0, 8.0], [9.0, 10.0], [11.0, 12.0], [13.0, 14.0], [15.0, 16.0], [17.0, 18.0], [19.0, 20.0]]> : tensor<10x2xf32>
  %y = nn.dense %x, %w : (tensor<4x2xf32>, tensor<10x2xf32>) -> tensor<4x10xf32>
  return %y : tensor<4x10xf32>
}

// B an activation [64, 96]: read in place as [64][3][32].
// CHECK-LABEL: func.func @matmul_activations(
// CHECK: %[[B:.*]] = tensor.expand_shape %arg1 {{\[\[}}0], [1, 2]] output_shape [64, 3, 32] : tensor<64x96xf32> into tensor<64x3x32xf32>
// CHECK: linalg.generic {indexing_maps = [#[[A]], #[[BINPLACE]], #[[C]]], {{.*}} ins(%arg0, %[[B]] : tensor<128x64xf32>, tensor<64x3x32xf32>)
func.func @matmul_activations(%a: tensor<128x64xf32>, %b: tensor<64x96xf32>) -> tensor<128x96xf32> {
  %y = nn.matmul %a, %b : (tensor<128x64xf32>, tensor<64x96xf32>) -> tensor<128x96xf32>
  return %y : tensor<128x96xf32>
}

// A strided conv (conv_filters): weights [32, 16, 3, 3] packed as
// [32/32][16][3][3][32], the result computed as [8][1][16][16][32] (a vector
// of 32 filters per output pixel) over loops n, f1, f0, oh, ow, c, kh, kw,
// then transposed to [8][1][32][16][16] by a copy.
// CHECK-LABEL: func.func @conv_stride2(
// CHECK: %[[W:.*]] = arith.constant dense<5.000000e-01> : tensor<1x16x3x3x32xf32>
// CHECK: %[[CONV:.*]] = linalg.generic {indexing_maps = [#[[X]], #[[WP]], #[[OUTF]]], iterator_types = ["parallel", "parallel", "parallel", "parallel", "parallel", "reduction", "reduction", "reduction"]} ins(%arg0, %[[W]] : tensor<8x16x33x33xf32>, tensor<1x16x3x3x32xf32>) outs(%{{.*}} : tensor<8x1x16x16x32xf32>) attrs = {nnc_codegen.lowering_config = #nnc_codegen.lowering_config<conv_filters
// CHECK: %[[T:.*]] = linalg.generic {indexing_maps = [#[[TRANS]], #[[ID5]]], {{.*}} ins(%[[CONV]] : tensor<8x1x16x16x32xf32>) outs(%{{.*}} : tensor<8x1x32x16x16xf32>)
// CHECK: tensor.collapse_shape %[[T]] {{\[\[}}0], [1, 2], [3], [4]] : tensor<8x1x32x16x16xf32> into tensor<8x32x16x16xf32>
func.func @conv_stride2(%x: tensor<8x16x33x33xf32>) -> tensor<8x32x16x16xf32> {
  %w = arith.constant dense<0.5> : tensor<32x16x3x3xf32>
  %y = nn.conv %x, %w {strides = array<i64: 2, 2>} : (tensor<8x16x33x33xf32>, tensor<32x16x3x3xf32>) -> tensor<8x32x16x16xf32>
  return %y : tensor<8x32x16x16xf32>
}

// The bias + relu epilogue of a conv_filters root absorbs the transposing
// copy: one generic reads the conv's pixel-major result and writes the
// channel-major one.
// CHECK-LABEL: func.func @conv_stride2_relu(
// CHECK: %[[CONV:.*]] = linalg.generic {{.*}} outs(%{{.*}} : tensor<1x1x16x16x32xf32>) attrs = {nnc_codegen.lowering_config = #nnc_codegen.lowering_config<conv_filters
// CHECK: %[[EPI:.*]] = linalg.generic {indexing_maps = [#[[TRANS]], #[[ID5]]], {{.*}} ins(%[[CONV]] : tensor<1x1x16x16x32xf32>) outs(%{{.*}} : tensor<1x1x32x16x16xf32>)
// CHECK: arith.addf
// CHECK: arith.maximumf
// CHECK-NOT: linalg.generic
// CHECK: tensor.collapse_shape %[[EPI]]
func.func @conv_stride2_relu(%x: tensor<1x16x33x33xf32>) -> tensor<1x32x16x16xf32> {
  %w = arith.constant dense<0.5> : tensor<32x16x3x3xf32>
  %b = arith.constant dense<0.25> : tensor<32xf32>
  %y = nn.conv %x, %w, %b {strides = array<i64: 2, 2>, activation = #nn.activation<relu>} : (tensor<1x16x33x33xf32>, tensor<32x16x3x3xf32>, tensor<32xf32>) -> tensor<1x32x16x16xf32>
  return %y : tensor<1x32x16x16xf32>
}

// A 1x1 conv is a matmul per image over the flattened pixels: x viewed as
// [2][32][64], weights [48/8][32][1][8], the result [2][6][8][64] (8 filters
// x 32 pixels per block) with its bias + relu on the same layout, expanded
// back to 8x8 at the end.
// CHECK-LABEL: func.func @conv1x1_relu(
// CHECK: %[[W:.*]] = arith.constant dense<5.000000e-01> : tensor<6x32x1x8xf32>
// CHECK: %[[X:.*]] = tensor.collapse_shape %arg0 {{\[\[}}0], [1], [2, 3]] : tensor<2x32x8x8xf32> into tensor<2x32x64xf32>
// CHECK: %[[CONV:.*]] = linalg.generic {indexing_maps = [#[[PX]], #[[PW]], #[[POUT]]], {{.*}} ins(%[[X]], %[[W]] : tensor<2x32x64xf32>, tensor<6x32x1x8xf32>) outs(%{{.*}} : tensor<2x6x8x64xf32>) attrs = {nnc_codegen.lowering_config = #nnc_codegen.lowering_config<conv, microkernel = [8, 32]
// CHECK: %[[EPI:.*]] = linalg.generic {{.*}} ins(%[[CONV]] : tensor<2x6x8x64xf32>)
// CHECK: arith.maximumf
// CHECK: %[[FLAT:.*]] = tensor.collapse_shape %[[EPI]] {{\[\[}}0], [1, 2], [3]] : tensor<2x6x8x64xf32> into tensor<2x48x64xf32>
// CHECK: %[[Y:.*]] = tensor.expand_shape %[[FLAT]] {{\[\[}}0], [1], [2, 3]] output_shape [2, 48, 8, 8]
// CHECK: return %[[Y]]
func.func @conv1x1_relu(%x: tensor<2x32x8x8xf32>) -> tensor<2x48x8x8xf32> {
  %w = arith.constant dense<0.5> : tensor<48x32x1x1xf32>
  %b = arith.constant dense<0.25> : tensor<48xf32>
  %y = nn.conv %x, %w, %b {activation = #nn.activation<relu>} : (tensor<2x32x8x8xf32>, tensor<48x32x1x1xf32>, tensor<48xf32>) -> tensor<2x48x8x8xf32>
  return %y : tensor<2x48x8x8xf32>
}

// A 2x2 / 2 max pool reading a conv's (bias + relu) result reads the
// packed layout [2][1][16][16][16] directly and writes its own [2][16][8][8].
// CHECK-LABEL: func.func @conv_relu_maxpool(
// CHECK: lowering_config<conv
// CHECK: %[[EPI:.*]] = linalg.generic {{.*}} outs(%{{.*}} : tensor<2x1x16x16x16xf32>)
// CHECK: %[[INIT:.*]] = linalg.fill ins(%{{.*}} : f32) outs(%{{.*}} : tensor<2x16x8x8xf32>)
// CHECK: %[[POOL:.*]] = linalg.generic {indexing_maps = [#[[POOLIN]], #{{.*}}, #[[POOLOUT]]], iterator_types = ["parallel", "parallel", "parallel", "parallel", "parallel", "reduction", "reduction"]} ins(%[[EPI]], %{{.*}} : tensor<2x1x16x16x16xf32>, tensor<2x2xf32>) outs(%[[INIT]] : tensor<2x16x8x8xf32>) attrs = {nnc_codegen.lowering_config = #nnc_codegen.lowering_config<pool
// CHECK: arith.maximumf
// CHECK: return %[[POOL]]
func.func @conv_relu_maxpool(%x: tensor<2x8x16x16xf32>) -> tensor<2x16x8x8xf32> {
  %w = arith.constant dense<0.5> : tensor<16x8x3x3xf32>
  %b = arith.constant dense<0.25> : tensor<16xf32>
  %y = nn.conv %x, %w, %b {padding = array<i64: 1, 1, 1, 1>, activation = #nn.activation<relu>} : (tensor<2x8x16x16xf32>, tensor<16x8x3x3xf32>, tensor<16xf32>) -> tensor<2x16x16x16xf32>
  %p = nn.pool max %y {kernel_shape = array<i64: 2, 2>, strides = array<i64: 2, 2>} : (tensor<2x16x16x16xf32>) -> tensor<2x16x8x8xf32>
  return %p : tensor<2x16x8x8xf32>
}

// Weights that are an argument (a trainer's parameters) are packed at run
// time by a transpose, threaded as the matmul is: by its 2 panels per tile.
// CHECK-LABEL: func.func @dense_weights_argument(
// CHECK: %[[BLOCKS:.*]] = tensor.expand_shape %{{.*}} {{\[\[}}0, 1], [2]] output_shape [16, 32, 784]
// CHECK: linalg.transpose ins(%[[BLOCKS]] : tensor<16x32x784xf32>) outs(%{{.*}} : tensor<16x784x32xf32>) permutation = [0, 2, 1] {nnc_codegen.lowering_config = #nnc_codegen.lowering_config<elementwise, parallel = [2, 0, 0], register_tiles = [1, 32, 32]>}
// CHECK: linalg.generic {{.*}}lowering_config<matmul, microkernel = [8, 32], parallel = [0, 2, 0, 0]
func.func @dense_weights_argument(%x: tensor<64x784xf32>, %w: tensor<512x784xf32>, %b: tensor<512xf32>) -> tensor<64x512xf32> {
  %y = nn.dense %x, %w, %b : (tensor<64x784xf32>, tensor<512x784xf32>, tensor<512xf32>) -> tensor<64x512xf32>
  return %y : tensor<64x512xf32>
}

// The packed bytes: W[j][k] at [0][k][j].
// CHECK: [[BLOB]]: "0x400000000000803F000040400000A0400000E04000001041000030410000504100007041000088410000984100000000000000000000000000000000000000000000000000000040000080400000C0400000004100002041000040410000604100008041000090410000A041000000000000000000000000000000000000000000000000"
