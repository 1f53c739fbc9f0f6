// RUN: nnc-opt %s --convert-nn-to-linalg | FileCheck %s
// RUN: nnc-opt %s --nnc-cpu-pipeline | FileCheck %s --check-prefix=CPU

// Lowering of pool, global_pool, flatten, reshape, transpose, concat, split,
// reduce and dropout (StructuralOps.cpp).

// Lowered to LLVM by the CPU pipeline: nothing but the LLVM dialect is left.
// CPU: llvm.func @pool_max_2d_padded(
// CPU-NOT: {{[ ](nn|linalg|tensor|memref|math|func|scf|cf|arith|bufferization)\.[a-z_]+}}
// CPU-NOT: unrealized_conversion_cast

// Max pooling: pad with -inf, fill with -inf, linalg.pooling_nchw_max.
// CHECK-LABEL: func.func @pool_max_2d_padded
// CHECK-SAME: (%[[X:.+]]: tensor<?x3x9x9xf32>)
// CHECK: %[[N:.+]] = tensor.dim %[[X]], %{{.+}} : tensor<?x3x9x9xf32>
// CHECK: %[[NEGINF:.+]] = arith.constant 0xFF800000 : f32
// CHECK: %[[P:.+]] = tensor.pad %[[X]] low[0, 0, 1, 1] high[0, 0, 1, 1]
// CHECK: tensor.yield %[[NEGINF]] : f32
// CHECK: } : tensor<?x3x9x9xf32> to tensor<?x3x11x11xf32>
// CHECK: %[[E:.+]] = tensor.empty(%[[N]]) : tensor<?x3x5x5xf32>
// CHECK: %[[INIT:.+]] = linalg.fill ins(%{{.+}} : f32) outs(%[[E]] : tensor<?x3x5x5xf32>)
// CHECK: %[[K:.+]] = tensor.empty() : tensor<3x3xf32>
// CHECK: %[[R:.+]] = linalg.pooling_nchw_max {dilations = dense<1> : vector<2xi64>, strides = dense<2> : vector<2xi64>} ins(%[[P]], %[[K]] : tensor<?x3x11x11xf32>, tensor<3x3xf32>) outs(%[[INIT]] : tensor<?x3x5x5xf32>)
// CHECK: return %[[R]]
// CHECK-NOT: nn.
func.func @pool_max_2d_padded(%x: tensor<?x3x9x9xf32>) -> tensor<?x3x5x5xf32> {
  %0 = nn.pool max %x {kernel_shape = array<i64: 3, 3>, strides = array<i64: 2, 2>, padding = array<i64: 1, 1, 1, 1>} : (tensor<?x3x9x9xf32>) -> tensor<?x3x5x5xf32>
  return %0 : tensor<?x3x5x5xf32>
}

// ceil_mode: the last window needs one position past the input, added as
// extra end padding.
// CHECK-LABEL: func.func @pool_max_1d_ceil
// CHECK: arith.constant 0xFFF0000000000000 : f64
// CHECK: tensor.pad %{{.+}} low[0, 0, 0] high[0, 0, 1]
// CHECK: } : tensor<2x3x10xf64> to tensor<2x3x11xf64>
// CHECK: linalg.pooling_ncw_max {dilations = dense<1> : vector<1xi64>, strides = dense<2> : vector<1xi64>}
// CHECK-SAME: -> tensor<2x3x5xf64>
// CHECK-NOT: nn.
func.func @pool_max_1d_ceil(%x: tensor<2x3x10xf64>) -> tensor<2x3x5xf64> {
  %0 = nn.pool max %x {kernel_shape = array<i64: 3>, strides = array<i64: 2>, ceil_mode} : (tensor<2x3x10xf64>) -> tensor<2x3x5xf64>
  return %0 : tensor<2x3x5xf64>
}

// Average pooling whose windows are all full: sum, then divide by 4.
// CHECK-LABEL: func.func @pool_avg_2d_full_windows
// CHECK-NOT: tensor.pad
// CHECK: %[[S:.+]] = linalg.pooling_nchw_sum {dilations = dense<1> : vector<2xi64>, strides = dense<2> : vector<2xi64>} ins(%arg0, %{{.+}} : tensor<?x3x8x8xf32>, tensor<2x2xf32>)
// CHECK: linalg.generic
// CHECK-SAME: ins(%[[S]] : tensor<?x3x4x4xf32>)
// CHECK-NOT: linalg.index
// CHECK: %[[FOUR:.+]] = arith.constant 4.000000e+00 : f32
// CHECK: arith.divf %{{.+}}, %[[FOUR]] : f32
// CHECK-NOT: nn.
func.func @pool_avg_2d_full_windows(%x: tensor<?x3x8x8xf32>) -> tensor<?x3x4x4xf32> {
  %0 = nn.pool avg %x {kernel_shape = array<i64: 2, 2>, strides = array<i64: 2, 2>} : (tensor<?x3x8x8xf32>) -> tensor<?x3x4x4xf32>
  return %0 : tensor<?x3x4x4xf32>
}

// count_include_pad false: each output divides by the window positions
// inside the input, min(start + k, 9) - max(start, 0) per spatial dim.
// CHECK-LABEL: func.func @pool_avg_2d_exclude_pad
// CHECK: tensor.pad %{{.+}} low[0, 0, 1, 1] high[0, 0, 1, 1]
// CHECK: %[[S:.+]] = linalg.pooling_nchw_sum
// CHECK: linalg.generic
// CHECK-SAME: ins(%[[S]] : tensor<?x3x5x5xf32>)
// CHECK: linalg.index 2 : index
// CHECK: arith.maxsi
// CHECK: arith.minsi
// CHECK: linalg.index 3 : index
// CHECK: arith.maxsi
// CHECK: arith.minsi
// CHECK: arith.muli
// CHECK: arith.index_cast
// CHECK: arith.sitofp
// CHECK: arith.divf
// CHECK-NOT: nn.
func.func @pool_avg_2d_exclude_pad(%x: tensor<?x3x9x9xf32>) -> tensor<?x3x5x5xf32> {
  %0 = nn.pool avg %x {kernel_shape = array<i64: 3, 3>, strides = array<i64: 2, 2>, padding = array<i64: 1, 1, 1, 1>} : (tensor<?x3x9x9xf32>) -> tensor<?x3x5x5xf32>
  return %0 : tensor<?x3x5x5xf32>
}

// count_include_pad true and no window past the padded input: the constant
// kernel size.
// CHECK-LABEL: func.func @pool_avg_2d_include_pad
// CHECK: linalg.pooling_nchw_sum
// CHECK: linalg.generic
// CHECK-NOT: linalg.index
// CHECK: arith.constant 9.000000e+00 : f32
// CHECK: arith.divf
// CHECK-NOT: nn.
func.func @pool_avg_2d_include_pad(%x: tensor<1x3x9x9xf32>) -> tensor<1x3x5x5xf32> {
  %0 = nn.pool avg %x {kernel_shape = array<i64: 3, 3>, strides = array<i64: 2, 2>, padding = array<i64: 1, 1, 1, 1>, count_include_pad} : (tensor<1x3x9x9xf32>) -> tensor<1x3x5x5xf32>
  return %0 : tensor<1x3x5x5xf32>
}

// count_include_pad with ceil_mode: the extra end position (high 1 + 1)
// does not count: min(start + k, 10 + 1) - start.
// CHECK-LABEL: func.func @pool_avg_1d_ceil_include_pad
// CHECK: tensor.pad %{{.+}} low[0, 0, 1] high[0, 0, 2]
// CHECK: } : tensor<?x3x10xf32> to tensor<?x3x13xf32>
// CHECK: linalg.pooling_ncw_sum
// CHECK: linalg.generic
// CHECK: linalg.index 2 : index
// CHECK-NOT: arith.maxsi
// CHECK: %[[END:.+]] = arith.constant 11 : index
// CHECK: arith.minsi %{{.+}}, %[[END]] : index
// CHECK: arith.divf
// CHECK-NOT: nn.
func.func @pool_avg_1d_ceil_include_pad(%x: tensor<?x3x10xf32>) -> tensor<?x3x6xf32> {
  %0 = nn.pool avg %x {kernel_shape = array<i64: 3>, strides = array<i64: 2>, padding = array<i64: 1, 1>, ceil_mode, count_include_pad} : (tensor<?x3x10xf32>) -> tensor<?x3x6xf32>
  return %0 : tensor<?x3x6xf32>
}

// Dynamic spatial sizes: output size and ceil_mode padding computed at run
// time; a size smaller than the window is reported to the runtime and gives
// 0 outputs.
// CHECK-LABEL: func.func @pool_max_dynamic_spatial
// CHECK: %[[H:.+]] = tensor.dim %arg0, %{{.+}} : tensor<?x3x?x?xf32>
// CHECK: %[[SPAN:.+]] = arith.subi %[[H]]
// CHECK: %[[SMALL:.+]] = arith.cmpi slt, %[[SPAN]]
// CHECK: scf.if %[[SMALL]] {
// CHECK: func.call @nnc_check_failed
// CHECK: arith.divsi
// CHECK: arith.select %[[SMALL]]
// CHECK: arith.cmpi sge
// CHECK: %[[OH:.+]] = arith.select
// CHECK: %[[EH:.+]] = arith.maxsi
// CHECK: func.call @nnc_check_failed
// CHECK: arith.cmpi sge
// CHECK: %[[OW:.+]] = arith.select
// CHECK: %[[EW:.+]] = arith.maxsi
// CHECK: tensor.pad %arg0 low[0, 0, 0, 0] high[0, 0, %[[EH]], %[[EW]]]
// CHECK: tensor.empty(%{{.+}}, %[[OH]], %[[OW]]) : tensor<?x3x?x?xf32>
// CHECK: linalg.pooling_nchw_max
// CHECK-NOT: nn.
func.func @pool_max_dynamic_spatial(%x: tensor<?x3x?x?xf32>) -> tensor<?x3x?x?xf32> {
  %0 = nn.pool max %x {kernel_shape = array<i64: 3, 3>, strides = array<i64: 2, 2>, ceil_mode} : (tensor<?x3x?x?xf32>) -> tensor<?x3x?x?xf32>
  return %0 : tensor<?x3x?x?xf32>
}

// The spatial dims are collapsed into one row, reduced as one.
// CHECK-LABEL: func.func @global_pool_avg
// CHECK: %[[ROWS:.+]] = tensor.collapse_shape %arg0 {{\[}}[0], [1], [2, 3]] : tensor<?x4x5x6xf32> into tensor<?x4x30xf32>
// CHECK: %[[R:.+]] = linalg.reduce ins(%[[ROWS]] : tensor<?x4x30xf32>) outs(%{{.+}} : tensor<?x4xf32>) dimensions = [2]
// CHECK: arith.addf
// CHECK: %[[C:.+]] = arith.constant 3.000000e+01 : f32
// CHECK: %[[D:.+]] = linalg.generic
// CHECK-SAME: ins(%[[R]] : tensor<?x4xf32>)
// CHECK: arith.divf %{{.+}}, %[[C]] : f32
// CHECK: tensor.expand_shape %[[D]] {{\[}}[0], [1, 2, 3]] output_shape [%{{.+}}, 4, 1, 1] : tensor<?x4xf32> into tensor<?x4x1x1xf32>
// CHECK-NOT: nn.
func.func @global_pool_avg(%x: tensor<?x4x5x6xf32>) -> tensor<?x4x1x1xf32> {
  %0 = nn.global_pool avg %x : (tensor<?x4x5x6xf32>) -> tensor<?x4x1x1xf32>
  return %0 : tensor<?x4x1x1xf32>
}

// CHECK-LABEL: func.func @global_pool_max_1d_f16
// CHECK: arith.constant 0xFC00 : f16
// CHECK: linalg.reduce ins(%arg0 : tensor<2x8x100xf16>) outs(%{{.+}} : tensor<2x8xf16>) dimensions = [2]
// CHECK: arith.maximumf
// CHECK: tensor.expand_shape %{{.+}} {{\[}}[0], [1, 2]] output_shape [2, 8, 1] : tensor<2x8xf16> into tensor<2x8x1xf16>
// CHECK-NOT: nn.
func.func @global_pool_max_1d_f16(%x: tensor<2x8x100xf16>) -> tensor<2x8x1xf16> {
  %0 = nn.global_pool max %x : (tensor<2x8x100xf16>) -> tensor<2x8x1xf16>
  return %0 : tensor<2x8x1xf16>
}

// CHECK-LABEL: func.func @flatten
// CHECK: %[[A:.+]] = tensor.collapse_shape %arg0 {{\[}}[0], [1, 2, 3]] : tensor<?x3x4x5xf32> into tensor<?x60xf32>
// CHECK: %[[F0:.+]] = tensor.collapse_shape %arg1 {{\[}}[0, 1, 2]] : tensor<2x3x4xf32> into tensor<24xf32>
// CHECK: %[[B:.+]] = tensor.expand_shape %[[F0]] {{\[}}[0, 1]] output_shape [1, 24] : tensor<24xf32> into tensor<1x24xf32>
// CHECK: %[[F1:.+]] = tensor.collapse_shape %arg1 {{\[}}[0, 1, 2]] : tensor<2x3x4xf32> into tensor<24xf32>
// CHECK: %[[C:.+]] = tensor.expand_shape %[[F1]] {{\[}}[0, 1]] output_shape [24, 1] : tensor<24xf32> into tensor<24x1xf32>
// CHECK: return %[[A]], %[[B]], %[[C]]
func.func @flatten(%x: tensor<?x3x4x5xf32>, %y: tensor<2x3x4xf32>) -> (tensor<?x60xf32>, tensor<1x24xf32>, tensor<24x1xf32>) {
  %0 = nn.flatten %x : (tensor<?x3x4x5xf32>) -> tensor<?x60xf32>
  %1 = nn.flatten %y {axis = 0 : i64} : (tensor<2x3x4xf32>) -> tensor<1x24xf32>
  %2 = nn.flatten %y {axis = 3 : i64} : (tensor<2x3x4xf32>) -> tensor<24x1xf32>
  return %0, %1, %2 : tensor<?x60xf32>, tensor<1x24xf32>, tensor<24x1xf32>
}

// CHECK-LABEL: func.func @reshape_expand_collapse
// CHECK: %[[N:.+]] = tensor.dim %arg0, %{{.+}} : tensor<?x784xf32>
// CHECK: %[[A:.+]] = tensor.expand_shape %arg0 {{\[}}[0], [1, 2, 3]] output_shape [%[[N]], 1, 28, 28] : tensor<?x784xf32> into tensor<?x1x28x28xf32>
// CHECK: %[[B:.+]] = tensor.collapse_shape %arg1 {{\[}}[0], [1, 2]] : tensor<?x4x6xf32> into tensor<?x24xf32>
// CHECK: return %[[A]], %[[B]]
func.func @reshape_expand_collapse(%x: tensor<?x784xf32>, %y: tensor<?x4x6xf32>) -> (tensor<?x1x28x28xf32>, tensor<?x24xf32>) {
  %0 = nn.reshape %x : (tensor<?x784xf32>) -> tensor<?x1x28x28xf32>
  %1 = nn.reshape %y : (tensor<?x4x6xf32>) -> tensor<?x24xf32>
  return %0, %1 : tensor<?x1x28x28xf32>, tensor<?x24xf32>
}

// No single reassociation: tensor.reshape; the (last) dynamic result dim is
// the element count divided by the static ones.
// CHECK-LABEL: func.func @reshape_general
// CHECK: %[[N:.+]] = tensor.dim %arg0, %{{.+}} : tensor<?x6x2xf32>
// CHECK: %[[COUNT:.+]] = arith.muli %[[N]]
// CHECK: %[[B:.+]] = arith.divsi %{{.+}}, %{{.+}} : index
// CHECK: %[[SHAPE:.+]] = tensor.from_elements %[[B]], %{{.+}}, %{{.+}} : tensor<3xindex>
// CHECK: tensor.reshape %arg0(%[[SHAPE]]) : (tensor<?x6x2xf32>, tensor<3xindex>) -> tensor<?x2x6xf32>
// CHECK-NOT: nn.
func.func @reshape_general(%x: tensor<?x6x2xf32>) -> tensor<?x2x6xf32> {
  %0 = nn.reshape %x : (tensor<?x6x2xf32>) -> tensor<?x2x6xf32>
  return %0 : tensor<?x2x6xf32>
}

// A static input refines the dynamic result dim: collapse, then cast.
// CHECK-LABEL: func.func @reshape_static_to_dynamic
// CHECK: %[[C:.+]] = tensor.collapse_shape %arg0 {{\[}}[0], [1, 2]] : tensor<2x3x4xf32> into tensor<2x12xf32>
// CHECK: tensor.cast %[[C]] : tensor<2x12xf32> to tensor<?x12xf32>
func.func @reshape_static_to_dynamic(%x: tensor<2x3x4xf32>) -> tensor<?x12xf32> {
  %0 = nn.reshape %x : (tensor<2x3x4xf32>) -> tensor<?x12xf32>
  return %0 : tensor<?x12xf32>
}

// CHECK-LABEL: func.func @transpose
// CHECK: %[[N:.+]] = tensor.dim %arg0, %{{.+}} : tensor<?x8x16x64xf32>
// CHECK: %[[E:.+]] = tensor.empty(%[[N]]) : tensor<?x16x8x64xf32>
// CHECK: linalg.transpose ins(%arg0 : tensor<?x8x16x64xf32>) outs(%[[E]] : tensor<?x16x8x64xf32>) permutation = [0, 2, 1, 3]
// CHECK-NOT: nn.
func.func @transpose(%x: tensor<?x8x16x64xf32>) -> tensor<?x16x8x64xf32> {
  %0 = nn.transpose %x {permutation = array<i64: 0, 2, 1, 3>} : (tensor<?x8x16x64xf32>) -> tensor<?x16x8x64xf32>
  return %0 : tensor<?x16x8x64xf32>
}

// CHECK-LABEL: func.func @concat
// CHECK: %[[E:.+]] = tensor.empty(%{{.+}}) : tensor<?x11xf32>
// CHECK: %[[I0:.+]] = tensor.insert_slice %arg0 into %[[E]][0, 0] [%{{.+}}, 3] [1, 1] : tensor<?x3xf32> into tensor<?x11xf32>
// CHECK: %[[I1:.+]] = tensor.insert_slice %arg1 into %[[I0]][0, 3] [%{{.+}}, 5] [1, 1] : tensor<?x5xf32> into tensor<?x11xf32>
// CHECK: %[[I2:.+]] = tensor.insert_slice %arg0 into %[[I1]][0, 8] [%{{.+}}, 3] [1, 1] : tensor<?x3xf32> into tensor<?x11xf32>
// CHECK: return %[[I2]]
func.func @concat(%a: tensor<?x3xf32>, %b: tensor<?x5xf32>) -> tensor<?x11xf32> {
  %0 = nn.concat %a, %b, %a {axis = 1 : i64} : (tensor<?x3xf32>, tensor<?x5xf32>, tensor<?x3xf32>) -> tensor<?x11xf32>
  return %0 : tensor<?x11xf32>
}

// Along the dynamic axis: the sizes add up at run time.
// CHECK-LABEL: func.func @concat_dynamic_axis
// CHECK: %[[A:.+]] = tensor.dim %arg0, %{{.+}} : tensor<?x3xf32>
// CHECK: %[[B:.+]] = tensor.dim %arg1, %{{.+}} : tensor<?x3xf32>
// CHECK: %[[N:.+]] = arith.addi %[[A]], %[[B]] : index
// CHECK: %[[E:.+]] = tensor.empty(%[[N]]) : tensor<?x3xf32>
// CHECK: %[[I0:.+]] = tensor.insert_slice %arg0 into %[[E]][0, 0] [%[[A]], 3] [1, 1]
// CHECK: tensor.insert_slice %arg1 into %[[I0]][%[[A]], 0] [%[[B]], 3] [1, 1]
func.func @concat_dynamic_axis(%a: tensor<?x3xf32>, %b: tensor<?x3xf32>) -> tensor<?x3xf32> {
  %0 = nn.concat %a, %b {axis = 0 : i64} : (tensor<?x3xf32>, tensor<?x3xf32>) -> tensor<?x3xf32>
  return %0 : tensor<?x3xf32>
}

// CHECK-LABEL: func.func @split
// CHECK: %[[N:.+]] = tensor.dim %arg0, %{{.+}} : tensor<?x128xf32>
// CHECK: %[[A:.+]] = tensor.extract_slice %arg0[0, 0] [%[[N]], 32] [1, 1] : tensor<?x128xf32> to tensor<?x32xf32>
// CHECK: %[[B:.+]] = tensor.extract_slice %arg0[0, 32] [%[[N]], 96] [1, 1] : tensor<?x128xf32> to tensor<?x96xf32>
// CHECK: return %[[A]], %[[B]]
func.func @split(%x: tensor<?x128xf32>) -> (tensor<?x32xf32>, tensor<?x96xf32>) {
  %0:2 = nn.split %x {axis = -1 : i64, sizes = array<i64: 32, 96>} : (tensor<?x128xf32>) -> (tensor<?x32xf32>, tensor<?x96xf32>)
  return %0#0, %0#1 : tensor<?x32xf32>, tensor<?x96xf32>
}

// CHECK-LABEL: func.func @reduce_sum
// CHECK: %[[Z:.+]] = arith.constant 0.000000e+00 : f32
// CHECK: %[[I:.+]] = linalg.fill ins(%[[Z]] : f32) outs(%{{.+}} : tensor<?x16xf32>)
// CHECK: linalg.reduce ins(%arg0 : tensor<?x8x16xf32>) outs(%[[I]] : tensor<?x16xf32>) dimensions = [1]
// CHECK: arith.addf
// CHECK-NOT: nn.
func.func @reduce_sum(%x: tensor<?x8x16xf32>) -> tensor<?x16xf32> {
  %0 = nn.reduce sum %x {axes = array<i64: 1>} : (tensor<?x8x16xf32>) -> tensor<?x16xf32>
  return %0 : tensor<?x16xf32>
}

// mean = sum / 128, keepdims re-expands [?] to [?, 1, 1].
// CHECK-LABEL: func.func @reduce_mean_keepdims
// CHECK: %[[R:.+]] = linalg.reduce ins(%arg0 : tensor<?x8x16xf32>) outs(%{{.+}} : tensor<?xf32>) dimensions = [1, 2]
// CHECK: %[[C:.+]] = arith.constant 1.280000e+02 : f32
// CHECK: %[[M:.+]] = linalg.generic
// CHECK-SAME: ins(%[[R]] : tensor<?xf32>)
// CHECK: arith.divf %{{.+}}, %[[C]] : f32
// CHECK: tensor.expand_shape %[[M]] {{\[}}[0, 1, 2]] output_shape [%{{.+}}, 1, 1] : tensor<?xf32> into tensor<?x1x1xf32>
func.func @reduce_mean_keepdims(%x: tensor<?x8x16xf32>) -> tensor<?x1x1xf32> {
  %0 = nn.reduce mean %x {axes = array<i64: 1, 2>, keepdims} : (tensor<?x8x16xf32>) -> tensor<?x1x1xf32>
  return %0 : tensor<?x1x1xf32>
}

// Mean over the dynamic batch: the count comes from tensor.dim.
// CHECK-LABEL: func.func @reduce_mean_batch
// CHECK: linalg.reduce ins(%arg0 : tensor<?x8xf64>) outs(%{{.+}} : tensor<8xf64>) dimensions = [0]
// CHECK: %[[N:.+]] = tensor.dim %arg0, %{{.+}} : tensor<?x8xf64>
// CHECK: %[[I:.+]] = arith.index_cast %[[N]] : index to i64
// CHECK: %[[F:.+]] = arith.sitofp %[[I]] : i64 to f64
// CHECK: linalg.generic
// CHECK: arith.divf %{{.+}}, %[[F]] : f64
func.func @reduce_mean_batch(%x: tensor<?x8xf64>) -> tensor<8xf64> {
  %0 = nn.reduce mean %x {axes = array<i64: 0>} : (tensor<?x8xf64>) -> tensor<8xf64>
  return %0 : tensor<8xf64>
}

// CHECK-LABEL: func.func @reduce_max_min_prod
// CHECK: arith.constant 0xFF800000 : f32
// CHECK: linalg.reduce ins(%arg0 : tensor<?x8x16xf32>) outs(%{{.+}} : tensor<?x8xf32>) dimensions = [2]
// CHECK: arith.maximumf
// CHECK: arith.constant 0x7F800000 : f32
// CHECK: %[[MIN:.+]] = linalg.reduce ins(%arg0 : tensor<?x8x16xf32>) outs(%{{.+}} : tensor<8x16xf32>) dimensions = [0]
// CHECK: arith.minimumf
// CHECK: tensor.expand_shape %[[MIN]] {{\[}}[0, 1], [2]] output_shape [1, 8, 16] : tensor<8x16xf32> into tensor<1x8x16xf32>
// CHECK: arith.constant 1.000000e+00 : f32
// CHECK: linalg.reduce ins(%arg0 : tensor<?x8x16xf32>) outs(%{{.+}} : tensor<f32>) dimensions = [0, 1, 2]
// CHECK: arith.mulf
// CHECK-NOT: nn.
func.func @reduce_max_min_prod(%x: tensor<?x8x16xf32>) -> (tensor<?x8xf32>, tensor<1x8x16xf32>, tensor<f32>) {
  %0 = nn.reduce max %x {axes = array<i64: -1>} : (tensor<?x8x16xf32>) -> tensor<?x8xf32>
  %1 = nn.reduce min %x {axes = array<i64: 0>, keepdims} : (tensor<?x8x16xf32>) -> tensor<1x8x16xf32>
  %2 = nn.reduce prod %x {axes = array<i64: 2, 0, 1>} : (tensor<?x8x16xf32>) -> tensor<f32>
  return %0, %1, %2 : tensor<?x8xf32>, tensor<1x8x16xf32>, tensor<f32>
}

// Inference: the identity.
// CHECK-LABEL: func.func @dropout
// CHECK-NEXT: return %arg0 : tensor<?x128xf32>
func.func @dropout(%x: tensor<?x128xf32>) -> tensor<?x128xf32> {
  %0 = nn.dropout %x {rate = 0.5 : f64} : tensor<?x128xf32>
  return %0 : tensor<?x128xf32>
}

// A dynamic dim of a zero-element reshape derives 0 (the other dims
// multiply to 0); dividing by them used to trap at compile time (SIGFPE).
// CHECK-LABEL: func.func @reshape_zero_elements
// CHECK: %[[C0:.+]] = arith.constant 0 : index
// CHECK: tensor.from_elements %[[C0]], %{{.+}} : tensor<2xindex>
// CHECK: tensor.reshape %arg0({{.+}}) : (tensor<0x4xf32>, tensor<2xindex>) -> tensor<0x0xf32>
func.func @reshape_zero_elements(%x: tensor<0x4xf32>) -> tensor<?x0xf32> {
  %r = nn.reshape %x : (tensor<0x4xf32>) -> tensor<?x0xf32>
  return %r : tensor<?x0xf32>
}
