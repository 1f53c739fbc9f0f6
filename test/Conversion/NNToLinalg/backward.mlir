// RUN: nnc-opt %s --convert-nn-to-linalg | FileCheck %s
// RUN: nnc-opt %s --nnc-cpu-pipeline | FileCheck %s --check-prefix=LLVM

// Lowering of the backward ops (lib/Conversion/NNToLinalg/BackwardOps.cpp
// and BackwardConvPool.cpp); their numerics are checked by
// test/Integration/ops/cases_backward.py and the gradient checks.

// The CPU pipeline lowers every one of them to the LLVM dialect.
// LLVM-LABEL: llvm.func @pointwise(
// LLVM-NOT: {{[ ](nn|linalg|tensor|memref|math|scf|cf|arith|bufferization)\.[a-z_]+}}
// LLVM-NOT: unrealized_conversion_cast
// LLVM-LABEL: llvm.func @global_max(

// Pointwise kernels: one linalg.generic per result, the saved forward value
// read in place (relu from its result), broadcast operands through their
// indexing maps.
// CHECK-LABEL: func.func @pointwise(
// CHECK: linalg.generic {{.*}} ins(%arg0, %arg1 : tensor<2x3xf32>, tensor<2x3xf32>)
// CHECK: arith.cmpf ogt
// CHECK: arith.mulf
// CHECK: linalg.generic
// CHECK: arith.constant 2.000000e-01 : f32
// CHECK: linalg.generic {{.*}} ins(%arg0, %arg1, %arg2 : tensor<2x3xf32>, tensor<2x3xf32>, tensor<3xf32>)
// CHECK: math.powf
// CHECK: linalg.generic {{.*}} ins(%arg0, %arg1, %arg2 : tensor<2x3xf32>, tensor<2x3xf32>, tensor<3xf32>)
// CHECK: math.log
// CHECK: arith.cmpf oeq
// CHECK: linalg.generic {{.*}} ins(%arg1, %arg0, %arg3 : tensor<2x3xf32>, tensor<2x3xf32>, tensor<f32>)
// CHECK: math.exp
// CHECK: linalg.generic {{.*}} ins(%arg1, %arg0, %arg3 : tensor<2x3xf32>, tensor<2x3xf32>, tensor<f32>)
// CHECK: arith.negf
// CHECK: linalg.generic {{.*}} ins(%arg0, %arg4 : tensor<2x3xf32>, tensor<2x1xi1>)
// CHECK: arith.select %{{.*}}, %{{.*}}, %{{.*}} : f32
// CHECK: linalg.generic {{.*}} ins(%arg1, %arg2 : tensor<2x3xf32>, tensor<3xf32>)
// CHECK: arith.cmpf oeq
// CHECK: return
func.func @pointwise(%g: tensor<2x3xf32>, %x: tensor<2x3xf32>, %r: tensor<3xf32>, %s: tensor<f32>, %m: tensor<2x1xi1>) -> (tensor<2x3xf32>, tensor<2x3xf32>, tensor<2x3xf32>, tensor<2x3xf32>, tensor<2x3xf32>, tensor<2x3xf32>, tensor<2x3xf32>) {
  %0 = nn.unary_backward relu %g, %x {from_result} : tensor<2x3xf32>
  %1 = nn.unary_backward leaky_relu %g, %x {alpha = 0.2 : f64} : tensor<2x3xf32>
  %2:2 = nn.binary_backward pow %g, %x, %r : tensor<2x3xf32>, tensor<2x3xf32>, tensor<3xf32>
  %3:2 = nn.loss_backward bce_with_logits %x, %g, %s : tensor<2x3xf32>, tensor<f32>
  %4 = nn.mask_backward %g, %m : tensor<2x3xf32>, tensor<2x1xi1>
  %5 = nn.eq_mask %x, %r : tensor<2x3xf32>, tensor<3xf32>
  return %0, %1, %2#0, %3#0, %3#1, %4, %5 : tensor<2x3xf32>, tensor<2x3xf32>, tensor<2x3xf32>, tensor<2x3xf32>, tensor<2x3xf32>, tensor<2x3xf32>, tensor<2x3xf32>
}

// CHECK-LABEL: func.func @one_hot(
// CHECK: linalg.generic {{.*}} ins(%arg0 : tensor<?xi64>) outs(%{{.*}} : tensor<?x4xf32>)
// CHECK: linalg.index 1
// CHECK: arith.cmpi eq
func.func @one_hot(%i: tensor<?xi64>) -> tensor<?x4xf32> {
  %0 = nn.one_hot %i : (tensor<?xi64>) -> tensor<?x4xf32>
  return %0 : tensor<?x4xf32>
}

// A dynamic size read at run time.
// CHECK-LABEL: func.func @numel(
// CHECK: %[[D:.*]] = tensor.dim %arg0, %c0
// CHECK: arith.index_cast %[[D]] : index to i64
// CHECK: arith.sitofp
// CHECK: tensor.from_elements
func.func @numel(%x: tensor<?x4xf32>) -> tensor<f32> {
  %0 = nn.numel %x {axes = array<i64: 0>} : (tensor<?x4xf32>) -> tensor<f32>
  return %0 : tensor<f32>
}

// CHECK-LABEL: func.func @broadcast(
// CHECK: linalg.generic {{.*}} ins(%arg0 : tensor<1x4xf32>) outs(%{{.*}} : tensor<?x4xf32>)
// CHECK-NEXT: ^bb0
// CHECK-NEXT: linalg.yield
func.func @broadcast(%c: tensor<1x4xf32>, %x: tensor<?x4xf32>) -> tensor<?x4xf32> {
  %0 = nn.broadcast %c, %x : (tensor<1x4xf32>, tensor<?x4xf32>) -> tensor<?x4xf32>
  return %0 : tensor<?x4xf32>
}

// SplitMix64 of (seed, stream, element index), 1/(1 - rate) where kept.
// CHECK-LABEL: func.func @dropout_mask(
// CHECK: %[[SEED:.*]] = tensor.extract %arg1[] : tensor<i64>
// CHECK: linalg.generic
// CHECK: arith.xori %[[SEED]]
// CHECK: linalg.index 0
// CHECK: linalg.index 1
// CHECK: arith.constant 2.000000e+00 : f32
// CHECK: arith.cmpf oge, %{{.*}}, %{{.*}} : f64
func.func @dropout_mask(%x: tensor<?x4xf32>, %seed: tensor<i64>) -> tensor<?x4xf32> {
  %0 = nn.dropout_mask %x, %seed {rate = 0.5 : f64, stream = 3 : i64} : (tensor<?x4xf32>, tensor<i64>) -> tensor<?x4xf32>
  return %0 : tensor<?x4xf32>
}

// Scatter-add of the dY rows at the indices (clamped like the forward
// lookup), one scf.for step per index position.
// CHECK-LABEL: func.func @embedding_backward(
// CHECK: %[[IDX:.*]] = tensor.collapse_shape %arg1 {{\[}}[0, 1]] : tensor<2x3xi64> into tensor<6xi64>
// CHECK: %[[DEF:.*]] = tensor.collapse_shape %arg0 {{\[}}[0, 1], [2]] : tensor<2x3x4xf32> into tensor<6x4xf32>
// CHECK: %[[DT:.*]] = scf.for %[[P:.*]] = %{{.*}} to %{{.*}} step %{{.*}} iter_args(%[[ACC:.*]] = %{{.*}}) -> (tensor<5x4xf32>)
// CHECK: %[[ROW:.*]] = tensor.extract %[[IDX]][%[[P]]]
// CHECK: %[[RAW:.*]] = arith.index_cast %[[ROW]] : i64 to index
// CHECK: %[[LOW:.*]] = arith.minsi %[[RAW]]
// CHECK: %[[R:.*]] = arith.maxsi %[[LOW]]
// CHECK: tensor.extract_slice %[[DEF]][%[[P]], 0] [1, 4] [1, 1]
// CHECK: tensor.extract_slice %[[ACC]][%[[R]], 0] [1, 4] [1, 1]
// CHECK: arith.addf
// CHECK: %[[NEXT:.*]] = tensor.insert_slice %{{.*}} into %[[ACC]][%[[R]], 0] [1, 4] [1, 1]
// CHECK: scf.yield %[[NEXT]]
// CHECK: return %[[DT]] : tensor<5x4xf32>
func.func @embedding_backward(%g: tensor<2x3x4xf32>, %i: tensor<2x3xi64>) -> tensor<5x4xf32> {
  %0 = nn.embedding_backward %g, %i : (tensor<2x3x4xf32>, tensor<2x3xi64>) -> tensor<5x4xf32>
  return %0 : tensor<5x4xf32>
}

// CHECK-LABEL: func.func @conv_pool(
// CHECK-SAME: %[[X:[a-z0-9]+]]: tensor<?x2x6x6xf32>, %[[W:[a-z0-9]+]]: tensor<4x1x3x3xf32>, %[[RELU:[a-z0-9]+]]: tensor<?x4x6x6xf32>, %[[MAX:[a-z0-9]+]]: tensor<?x4x3x3xf32>, %{{[a-z0-9]+}}: tensor<?x4x3x3xf32>, %[[DG:[a-z0-9]+]]: tensor<?x4x1x1xf32>, %[[DY:[a-z0-9]+]]: tensor<?x4x6x6xf32>

// global_pool_backward avg: dY broadcast and divided by the spatial count.
// CHECK: %[[DG2:.*]] = linalg.generic {{.*}} ins(%[[DG]] : tensor<?x4x1x1xf32>) outs(%{{.*}} : tensor<?x4x3x3xf32>)
// CHECK: arith.divf

// pool_backward avg: dY times 1/count (a constant per output position),
// added into a zero tensor of the padded input size, one strided slice per
// kernel offset, then the unpadded window.
// CHECK: %[[ACC:.*]] = linalg.fill {{.*}} -> tensor<?x4x4x4xf32>
// CHECK: %[[RECIP:.*]] = arith.constant dense<{{.*}}> : tensor<3x3xf32>
// CHECK: tensor.extract_slice %[[ACC]][0, 0, 0, 0] [%{{.*}}, 4, 3, 3] [1, 1, 1, 1]
// CHECK: linalg.generic {{.*}} ins(%[[DG2]], %[[RECIP]] : tensor<?x4x3x3xf32>, tensor<3x3xf32>)
// CHECK: arith.mulf
// CHECK: arith.addf
// CHECK: tensor.insert_slice
// CHECK-COUNT-3: tensor.insert_slice {{.*}} [1, 1, 1, 1] : tensor<?x4x3x3xf32> into tensor<?x4x4x4xf32>
// CHECK: %[[DAVG:.*]] = tensor.extract_slice %{{.*}}[0, 0, 0, 0] [%{{.*}}, 4, 3, 3] [1, 1, 1, 1] : tensor<?x4x4x4xf32> to tensor<?x4x3x3xf32>

// pool_backward max: the first maximum of each window (argfirst, i64),
// then dY routed to it through strided slices (stride 2).
// CHECK: %[[WIN:.*]] = tensor.empty() : tensor<2x2xf32>
// CHECK: %[[ARG:.*]] = linalg.generic {{.*}} iterator_types = ["parallel", "parallel", "parallel", "parallel", "reduction", "reduction"]} ins(%[[RELU]], %[[WIN]], %[[MAX]] : {{.*}}) outs(%{{.*}} : tensor<?x4x3x3xi64>)
// CHECK: arith.cmpf oeq
// CHECK: arith.minsi
// CHECK: tensor.extract_slice %{{.*}}[0, 0, 0, 0] [%{{.*}}, 4, 3, 3] [1, 1, 2, 2] : tensor<?x4x6x6xf32> to tensor<?x4x3x3xf32>
// CHECK: linalg.generic {{.*}} ins(%[[ARG]], %[[DAVG]] : tensor<?x4x3x3xi64>, tensor<?x4x3x3xf32>)
// CHECK: arith.cmpi eq
// CHECK-COUNT-3: tensor.insert_slice {{.*}} [1, 1, 2, 2] : tensor<?x4x3x3xf32> into tensor<?x4x6x6xf32>

// conv_backward_input: groups split by expand_shape, one accumulation per
// kernel offset (reduction over the group's output channels) into the
// padded input, the window [1, 7) collapsed back to [N, Cin, H, W].
// CHECK: %[[DYG:.*]] = tensor.expand_shape %[[DY]] {{\[}}[0], [1, 2], [3], [4]] {{.*}} into tensor<?x2x2x6x6xf32>
// CHECK: %[[WG:.*]] = tensor.expand_shape %[[W]] {{\[}}[0, 1], [2], [3], [4]] {{.*}} into tensor<2x2x1x3x3xf32>
// CHECK: linalg.fill {{.*}} -> tensor<?x2x1x8x8xf32>
// CHECK-COUNT-9: linalg.generic {{.*}} iterator_types = ["parallel", "parallel", "parallel", "parallel", "parallel", "reduction"]} ins(%[[DYG]], %[[WG]] : tensor<?x2x2x6x6xf32>, tensor<2x2x1x3x3xf32>)
// CHECK: %[[DXW:.*]] = tensor.extract_slice %{{.*}}[0, 0, 0, 1, 1] [%{{.*}}, 2, 1, 6, 6] [1, 1, 1, 1, 1] : tensor<?x2x1x8x8xf32> to tensor<?x2x1x6x6xf32>
// CHECK: %[[DX:.*]] = tensor.collapse_shape %[[DXW]] {{\[}}[0], [1, 2], [3], [4]] : tensor<?x2x1x6x6xf32> into tensor<?x2x6x6xf32>

// conv_backward_weight: one generic over (g, co, ci, kh, kw, n, oh, ow)
// reading the zero-padded input.
// CHECK: %[[XP:.*]] = tensor.pad %[[X]] low[0, 0, 1, 1] high[0, 0, 1, 1]
// CHECK: %[[XPG:.*]] = tensor.expand_shape %[[XP]] {{.*}} into tensor<?x2x1x8x8xf32>
// CHECK: %[[DWG:.*]] = linalg.generic {{.*}} iterator_types = ["parallel", "parallel", "parallel", "parallel", "parallel", "reduction", "reduction", "reduction"]} ins(%{{.*}}, %[[XPG]] : {{.*}}) outs(%{{.*}} : tensor<2x2x1x3x3xf32>)
// CHECK: %[[DW:.*]] = tensor.collapse_shape %[[DWG]] {{\[}}[0, 1], [2], [3], [4]] : tensor<2x2x1x3x3xf32> into tensor<4x1x3x3xf32>
// CHECK: return %{{.*}}, %[[DX]], %[[DW]]
func.func @conv_pool(%x: tensor<?x2x6x6xf32>, %w: tensor<4x1x3x3xf32>, %relu: tensor<?x4x6x6xf32>, %max: tensor<?x4x3x3xf32>, %avg: tensor<?x4x3x3xf32>, %dg: tensor<?x4x1x1xf32>, %dy: tensor<?x4x6x6xf32>) -> (tensor<?x4x6x6xf32>, tensor<?x2x6x6xf32>, tensor<4x1x3x3xf32>) {
  %0 = nn.global_pool_backward avg %dg, %avg : (tensor<?x4x1x1xf32>, tensor<?x4x3x3xf32>) -> tensor<?x4x3x3xf32>
  %1 = nn.pool_backward avg %0 {ceil_mode, kernel_shape = array<i64: 2, 2>, padding = array<i64: 0, 0, 1, 1>} : (tensor<?x4x3x3xf32>) -> tensor<?x4x3x3xf32>
  %2 = nn.pool_backward max %1, %relu, %max {kernel_shape = array<i64: 2, 2>, strides = array<i64: 2, 2>} : (tensor<?x4x3x3xf32>, tensor<?x4x6x6xf32>, tensor<?x4x3x3xf32>) -> tensor<?x4x6x6xf32>
  %3 = nn.conv_backward_input %dy, %w {groups = 2 : i64, padding = array<i64: 1, 1, 1, 1>} : (tensor<?x4x6x6xf32>, tensor<4x1x3x3xf32>) -> tensor<?x2x6x6xf32>
  %4 = nn.conv_backward_weight %dy, %x {groups = 2 : i64, padding = array<i64: 1, 1, 1, 1>} : (tensor<?x4x6x6xf32>, tensor<?x2x6x6xf32>) -> tensor<4x1x3x3xf32>
  return %2, %3, %4 : tensor<?x4x6x6xf32>, tensor<?x2x6x6xf32>, tensor<4x1x3x3xf32>
}

// global_pool_backward max: argfirst over the spatial dim, dY routed to it.
// CHECK-LABEL: func.func @global_max(
// CHECK: %[[GARG:.*]] = linalg.generic {{.*}} iterator_types = ["parallel", "parallel", "reduction"]} ins(%arg1, %arg2 : tensor<2x3x4xf32>, tensor<2x3x1xf32>) outs(%{{.*}} : tensor<2x3xi64>)
// CHECK: arith.minsi
// CHECK: linalg.generic {{.*}} ins(%[[GARG]], %arg0 : tensor<2x3xi64>, tensor<2x3x1xf32>)
// CHECK: arith.cmpi eq
func.func @global_max(%g: tensor<2x3x1xf32>, %e: tensor<2x3x4xf32>, %m: tensor<2x3x1xf32>) -> tensor<2x3x4xf32> {
  %0 = nn.global_pool_backward max %g, %e, %m : (tensor<2x3x1xf32>, tensor<2x3x4xf32>, tensor<2x3x1xf32>) -> tensor<2x3x4xf32>
  return %0 : tensor<2x3x4xf32>
}
