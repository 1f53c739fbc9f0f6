// RUN: nnc-opt %s --convert-nn-to-linalg | FileCheck %s
// RUN: nnc-opt %s --nnc-cpu-pipeline | FileCheck %s --check-prefix=LLVM

// Fully lowered: no op of a higher-level dialect is left.
// LLVM: llvm.func @dense_bias_leaky_relu(
// LLVM-NOT: {{[ ](nn|linalg|tensor|memref|math|func|scf|cf|arith|bufferization)\.[a-z_]+}}
// LLVM-NOT: unrealized_conversion_cast

// CHECK-DAG: #[[MA:.+]] = affine_map<(d0, d1, d2) -> (d0, d2)>
// CHECK-DAG: #[[MB:.+]] = affine_map<(d0, d1, d2) -> (d1, d2)>
// CHECK-DAG: #[[MC:.+]] = affine_map<(d0, d1, d2) -> (d0, d1)>
// CHECK-DAG: #[[TA:.+]] = affine_map<(d0, d1, d2) -> (d2, d0)>
// CHECK-DAG: #[[TB:.+]] = affine_map<(d0, d1, d2) -> (d2, d1)>
// CHECK-DAG: #[[LHS:.+]] = affine_map<(d0, d1, d2, d3, d4) -> (d0, 0, d2, d4)>
// CHECK-DAG: #[[RHS:.+]] = affine_map<(d0, d1, d2, d3, d4) -> (d1, d4, d3)>
// CHECK-DAG: #[[OUT:.+]] = affine_map<(d0, d1, d2, d3, d4) -> (d0, d1, d2, d3)>
// CHECK-DAG: #[[DX:.+]] = affine_map<(d0, d1, d2, d3) -> (d0, d1, d3)>
// CHECK-DAG: #[[DW:.+]] = affine_map<(d0, d1, d2, d3) -> (d2, d3)>
// CHECK-DAG: #[[DO:.+]] = affine_map<(d0, d1, d2, d3) -> (d0, d1, d2)>
// y = x·Wᵀ: linalg.matmul with transposed-B indexing maps, then one generic
// for bias + activation.
// CHECK-LABEL: func.func @dense_bias_leaky_relu
// CHECK-SAME: (%[[X:.+]]: tensor<?x8xf32>, %[[W:.+]]: tensor<4x8xf32>, %[[B:.+]]: tensor<4xf32>)
// CHECK: %[[N:.+]] = tensor.dim %[[X]], %{{.+}} : tensor<?x8xf32>
// CHECK: %[[E:.+]] = tensor.empty(%[[N]]) : tensor<?x4xf32>
// CHECK: %[[Z:.+]] = linalg.fill ins(%{{.+}} : f32) outs(%[[E]] : tensor<?x4xf32>)
// CHECK: %[[MM:.+]] = linalg.matmul indexing_maps = [#[[MA]], #[[MB]], #[[MC]]] ins(%[[X]], %[[W]] : tensor<?x8xf32>, tensor<4x8xf32>) outs(%[[Z]] : tensor<?x4xf32>)
// CHECK: linalg.generic
// CHECK-SAME: ins(%[[MM]], %[[B]] : tensor<?x4xf32>, tensor<4xf32>)
// CHECK: arith.addf
// CHECK: arith.constant 2.000000e-01 : f32
// CHECK: arith.select
// CHECK-NOT: nn.
// CHECK: return
func.func @dense_bias_leaky_relu(%x: tensor<?x8xf32>, %w: tensor<4x8xf32>, %b: tensor<4xf32>) -> tensor<?x4xf32> {
  %y = nn.dense %x, %w, %b {activation = #nn.activation<leaky_relu, 0.2 : f64>} : (tensor<?x8xf32>, tensor<4x8xf32>, tensor<4xf32>) -> tensor<?x4xf32>
  return %y : tensor<?x4xf32>
}

// Leading dims collapse to 2-D and expand back; no epilogue without bias and
// activation.
// CHECK-LABEL: func.func @dense_3d_no_bias
// CHECK: %[[C:.+]] = tensor.collapse_shape %{{.+}} {{\[\[}}0, 1], [2]] : tensor<?x5x8xf32> into tensor<?x8xf32>
// CHECK: %[[MM:.+]] = linalg.matmul {{.*}}ins(%[[C]], %{{.+}} : tensor<?x8xf32>, tensor<4x8xf32>)
// CHECK-NOT: linalg.generic
// CHECK: %[[R:.+]] = tensor.expand_shape %[[MM]] {{\[\[}}0, 1], [2]] output_shape [%{{.+}}, 5, 4] : tensor<?x4xf32> into tensor<?x5x4xf32>
// CHECK: return %[[R]]
func.func @dense_3d_no_bias(%x: tensor<?x5x8xf32>, %w: tensor<4x8xf32>) -> tensor<?x5x4xf32> {
  %y = nn.dense %x, %w : (tensor<?x5x8xf32>, tensor<4x8xf32>) -> tensor<?x5x4xf32>
  return %y : tensor<?x5x4xf32>
}

// Several dynamic leading dims: a contraction generic (no reshapes; MLIR 22's
// expand-strided-metadata cannot expand two dynamic dims of one group).
// CHECK-LABEL: func.func @dense_several_dynamic
// CHECK-NOT: tensor.collapse_shape
// CHECK: linalg.generic {indexing_maps = [#[[DX]], #[[DW]], #[[DO]]], iterator_types = ["parallel", "parallel", "parallel", "reduction"]} ins(%{{.+}}, %{{.+}} : tensor<?x?x8xf32>, tensor<4x8xf32>) outs(%{{.+}} : tensor<?x?x4xf32>)
// CHECK-NOT: tensor.expand_shape
// CHECK: return
func.func @dense_several_dynamic(%x: tensor<?x?x8xf32>, %w: tensor<4x8xf32>) -> tensor<?x?x4xf32> {
  %y = nn.dense %x, %w : (tensor<?x?x8xf32>, tensor<4x8xf32>) -> tensor<?x?x4xf32>
  return %y : tensor<?x?x4xf32>
}

// CHECK-LABEL: func.func @dense_1d_f64_gelu
// CHECK: tensor.expand_shape %{{.+}} {{\[\[}}0, 1]] output_shape [1, 8] : tensor<8xf64> into tensor<1x8xf64>
// CHECK: linalg.matmul
// CHECK: linalg.generic
// CHECK: math.erf {{.*}} : f64
// CHECK: tensor.collapse_shape %{{.+}} {{\[\[}}0, 1]] : tensor<1x4xf64> into tensor<4xf64>
// CHECK-NOT: nn.
func.func @dense_1d_f64_gelu(%x: tensor<8xf64>, %w: tensor<4x8xf64>) -> tensor<4xf64> {
  %y = nn.dense %x, %w {activation = #nn.activation<gelu>} : (tensor<8xf64>, tensor<4x8xf64>) -> tensor<4xf64>
  return %y : tensor<4xf64>
}

// ONNX padding [1, 1, 1, 1] -> tensor.pad of the spatial dims.
// CHECK-LABEL: func.func @conv2d_stride_pad_bias_relu
// CHECK: %[[P:.+]] = tensor.pad %{{.+}} low[0, 0, 1, 1] high[0, 0, 1, 1]
// CHECK: tensor<?x3x8x8xf32> to tensor<?x3x10x10xf32>
// CHECK: %[[CONV:.+]] = linalg.conv_2d_nchw_fchw {dilations = dense<1> : vector<2xi64>, strides = dense<2> : vector<2xi64>} ins(%[[P]], %{{.+}} : tensor<?x3x10x10xf32>, tensor<6x3x3x3xf32>) outs(%{{.+}} : tensor<?x6x4x4xf32>)
// CHECK: linalg.generic {{.*}}ins(%[[CONV]], %{{.+}} : tensor<?x6x4x4xf32>, tensor<6xf32>)
// CHECK: arith.addf
// CHECK: arith.maximumf
// CHECK-NOT: nn.
func.func @conv2d_stride_pad_bias_relu(%x: tensor<?x3x8x8xf32>, %w: tensor<6x3x3x3xf32>, %b: tensor<6xf32>) -> tensor<?x6x4x4xf32> {
  %y = nn.conv %x, %w, %b {strides = array<i64: 2, 2>, padding = array<i64: 1, 1, 1, 1>, activation = #nn.activation<relu>} : (tensor<?x3x8x8xf32>, tensor<6x3x3x3xf32>, tensor<6xf32>) -> tensor<?x6x4x4xf32>
  return %y : tensor<?x6x4x4xf32>
}

// Asymmetric padding: begins [0, 1], ends [2, 1].
// CHECK-LABEL: func.func @conv2d_asymmetric_pad
// CHECK: tensor.pad %{{.+}} low[0, 0, 0, 1] high[0, 0, 2, 1]
// CHECK: linalg.conv_2d_nchw_fchw
// CHECK-NOT: nn.
func.func @conv2d_asymmetric_pad(%x: tensor<2x2x7x6xf32>, %w: tensor<3x2x3x3xf32>) -> tensor<2x3x7x6xf32> {
  %y = nn.conv %x, %w {padding = array<i64: 0, 1, 2, 1>} : (tensor<2x2x7x6xf32>, tensor<3x2x3x3xf32>) -> tensor<2x3x7x6xf32>
  return %y : tensor<2x3x7x6xf32>
}

// Groups: [N, G·C, H, W] -> [N, G, C, H, W], weight [G·F, C, kH, kW] ->
// [G, F, C, kH, kW], conv_2d_ngchw_gfchw, collapse back.
// CHECK-LABEL: func.func @conv2d_groups_dilation
// CHECK: %[[XG:.+]] = tensor.expand_shape %{{.+}} {{\[\[}}0], [1, 2], [3], [4]] output_shape [%{{.+}}, 2, 2, 8, 8] : tensor<?x4x8x8xf32> into tensor<?x2x2x8x8xf32>
// CHECK: %[[WG:.+]] = tensor.expand_shape %{{.+}} {{\[\[}}0, 1], [2], [3], [4]] output_shape [2, 3, 2, 3, 3] : tensor<6x2x3x3xf32> into tensor<2x3x2x3x3xf32>
// CHECK: %[[C:.+]] = linalg.conv_2d_ngchw_gfchw {dilations = dense<2> : vector<2xi64>, strides = dense<1> : vector<2xi64>} ins(%[[XG]], %[[WG]] : {{.*}}) outs(%{{.+}} : tensor<?x2x3x4x4xf32>)
// CHECK: tensor.collapse_shape %[[C]] {{\[\[}}0], [1, 2], [3], [4]] : tensor<?x2x3x4x4xf32> into tensor<?x6x4x4xf32>
// CHECK-NOT: nn.
func.func @conv2d_groups_dilation(%x: tensor<?x4x8x8xf32>, %w: tensor<6x2x3x3xf32>) -> tensor<?x6x4x4xf32> {
  %y = nn.conv %x, %w {groups = 2 : i64, dilations = array<i64: 2, 2>} : (tensor<?x4x8x8xf32>, tensor<6x2x3x3xf32>) -> tensor<?x6x4x4xf32>
  return %y : tensor<?x6x4x4xf32>
}

// CHECK-LABEL: func.func @conv1d
// CHECK: tensor.pad %{{.+}} low[0, 0, 2] high[0, 0, 1]
// CHECK: linalg.conv_1d_ncw_fcw {dilations = dense<2> : vector<1xi64>, strides = dense<2> : vector<1xi64>}
// CHECK: linalg.generic
// CHECK: math.tanh
// CHECK-NOT: nn.
func.func @conv1d(%x: tensor<?x3x16xf32>, %w: tensor<5x3x3xf32>, %b: tensor<5xf32>) -> tensor<?x5x8xf32> {
  %y = nn.conv %x, %w, %b {strides = array<i64: 2>, padding = array<i64: 2, 1>, dilations = array<i64: 2>, activation = #nn.activation<tanh>} : (tensor<?x3x16xf32>, tensor<5x3x3xf32>, tensor<5xf32>) -> tensor<?x5x8xf32>
  return %y : tensor<?x5x8xf32>
}

// A grouped 1-D conv runs as a 2-D one with a unit height.
// CHECK-LABEL: func.func @conv1d_depthwise
// CHECK: tensor.expand_shape %{{.+}} {{\[\[}}0], [1, 2], [3, 4]] output_shape [%{{.+}}, 4, 1, 1, 11] : tensor<?x4x11xf32> into tensor<?x4x1x1x11xf32>
// CHECK: tensor.expand_shape %{{.+}} {{\[\[}}0, 1], [2], [3, 4]] output_shape [4, 1, 1, 1, 5] : tensor<4x1x5xf32> into tensor<4x1x1x1x5xf32>
// CHECK: linalg.conv_2d_ngchw_gfchw {dilations = dense<1> : vector<2xi64>, strides = dense<[1, 3]> : vector<2xi64>}
// CHECK: tensor.collapse_shape %{{.+}} {{\[\[}}0], [1, 2], [3, 4]] : tensor<?x4x1x1x3xf32> into tensor<?x4x3xf32>
// CHECK-NOT: nn.
func.func @conv1d_depthwise(%x: tensor<?x4x11xf32>, %w: tensor<4x1x5xf32>) -> tensor<?x4x3xf32> {
  %y = nn.conv %x, %w {groups = 4 : i64, strides = array<i64: 3>} : (tensor<?x4x11xf32>, tensor<4x1x5xf32>) -> tensor<?x4x3xf32>
  return %y : tensor<?x4x3xf32>
}

// CHECK-LABEL: func.func @matmul_2d
// CHECK: linalg.matmul ins(%{{.+}}, %{{.+}} : tensor<4x5xf32>, tensor<5x6xf32>) outs(%{{.+}} : tensor<4x6xf32>)
// CHECK-NOT: nn.
func.func @matmul_2d(%a: tensor<4x5xf32>, %b: tensor<5x6xf32>) -> tensor<4x6xf32> {
  %y = nn.matmul %a, %b : (tensor<4x5xf32>, tensor<5x6xf32>) -> tensor<4x6xf32>
  return %y : tensor<4x6xf32>
}

// A transposed lhs (a weight gradient dYᵀ·X) is read in place as [K, M]
// through the matmul's map (the transpose is left unused).
// CHECK-LABEL: func.func @matmul_transposed_lhs
// CHECK-SAME: (%[[DY:.+]]: tensor<?x4xf32>, %[[X:.+]]: tensor<?x6xf32>)
// CHECK: linalg.matmul indexing_maps = [#[[TA]], #[[TB]], #[[MC]]] ins(%[[DY]], %[[X]] : tensor<?x4xf32>, tensor<?x6xf32>) outs(%{{.+}} : tensor<4x6xf32>)
func.func @matmul_transposed_lhs(%dy: tensor<?x4xf32>, %x: tensor<?x6xf32>) -> tensor<4x6xf32> {
  %t = nn.transpose %dy {permutation = array<i64: 1, 0>} : (tensor<?x4xf32>) -> tensor<4x?xf32>
  %y = nn.matmul %t, %x : (tensor<4x?xf32>, tensor<?x6xf32>) -> tensor<4x6xf32>
  return %y : tensor<4x6xf32>
}

// CHECK-LABEL: func.func @matmul_batched
// CHECK: linalg.batch_matmul ins(%{{.+}}, %{{.+}} : tensor<?x4x5xf32>, tensor<?x5x6xf32>) outs(%{{.+}} : tensor<?x4x6xf32>)
// CHECK-NOT: nn.
func.func @matmul_batched(%a: tensor<?x4x5xf32>, %b: tensor<?x5x6xf32>) -> tensor<?x4x6xf32> {
  %y = nn.matmul %a, %b : (tensor<?x4x5xf32>, tensor<?x5x6xf32>) -> tensor<?x4x6xf32>
  return %y : tensor<?x4x6xf32>
}

// [..., M, K] · [K, N] collapses the lhs to one 2-D matmul.
// CHECK-LABEL: func.func @matmul_by_2d_bias_silu
// CHECK: tensor.collapse_shape %{{.+}} {{\[\[}}0, 1, 2], [3]] : tensor<?x3x4x5xf32> into tensor<?x5xf32>
// CHECK: linalg.matmul ins
// CHECK: tensor.expand_shape %{{.+}} {{\[\[}}0, 1, 2], [3]] output_shape [%{{.+}}, 3, 4, 6] : tensor<?x6xf32> into tensor<?x3x4x6xf32>
// CHECK: linalg.generic
// CHECK: math.exp
// CHECK-NOT: nn.
func.func @matmul_by_2d_bias_silu(%a: tensor<?x3x4x5xf32>, %b: tensor<5x6xf32>, %c: tensor<6xf32>) -> tensor<?x3x4x6xf32> {
  %y = nn.matmul %a, %b, %c {activation = #nn.activation<silu>} : (tensor<?x3x4x5xf32>, tensor<5x6xf32>, tensor<6xf32>) -> tensor<?x3x4x6xf32>
  return %y : tensor<?x3x4x6xf32>
}

// Equal static batches of rank > 3 (attention's [B, H, L, D]): one
// batch_matmul over the collapsed batch.
// CHECK-LABEL: func.func @matmul_4d_equal_batches
// CHECK: %[[A:.+]] = tensor.collapse_shape %{{.+}} {{\[\[}}0, 1], [2], [3]] : tensor<2x3x4x5xf32> into tensor<6x4x5xf32>
// CHECK: %[[B:.+]] = tensor.collapse_shape %{{.+}} {{\[\[}}0, 1], [2], [3]] : tensor<2x3x5x6xf32> into tensor<6x5x6xf32>
// CHECK: %[[MM:.+]] = linalg.batch_matmul ins(%[[A]], %[[B]] : tensor<6x4x5xf32>, tensor<6x5x6xf32>) outs(%{{.+}} : tensor<6x4x6xf32>)
// CHECK: tensor.expand_shape %[[MM]] {{\[\[}}0, 1], [2], [3]] output_shape [2, 3, 4, 6] : tensor<6x4x6xf32> into tensor<2x3x4x6xf32>
// CHECK-NOT: nn.
func.func @matmul_4d_equal_batches(%a: tensor<2x3x4x5xf32>, %b: tensor<2x3x5x6xf32>) -> tensor<2x3x4x6xf32> {
  %y = nn.matmul %a, %b : (tensor<2x3x4x5xf32>, tensor<2x3x5x6xf32>) -> tensor<2x3x4x6xf32>
  return %y : tensor<2x3x4x6xf32>
}

// Broadcast batch dims: a contraction generic; size-1 batch dims read index 0.
// CHECK-LABEL: func.func @matmul_broadcast_batch
// CHECK: %[[N:.+]] = tensor.dim %{{.+}}, %{{.+}} : tensor<?x1x4x5xf64>
// CHECK: tensor.empty(%[[N]]) : tensor<?x3x4x6xf64>
// CHECK: linalg.generic {indexing_maps = [#[[LHS]], #[[RHS]], #[[OUT]]], iterator_types = ["parallel", "parallel", "parallel", "parallel", "reduction"]}
// CHECK: arith.mulf
// CHECK: arith.addf
// CHECK-NOT: nn.
func.func @matmul_broadcast_batch(%a: tensor<?x1x4x5xf64>, %b: tensor<3x5x6xf64>) -> tensor<?x3x4x6xf64> {
  %y = nn.matmul %a, %b : (tensor<?x1x4x5xf64>, tensor<3x5x6xf64>) -> tensor<?x3x4x6xf64>
  return %y : tensor<?x3x4x6xf64>
}
