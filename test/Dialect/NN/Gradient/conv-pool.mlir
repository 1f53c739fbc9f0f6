// RUN: nnc-opt %s --nn-derive-backward=wrt-inputs=true | FileCheck %s

// Structure of the conv / pool / global_pool / embedding gradient rules
// (lib/Dialect/NN/Gradient/ConvPoolGradients.cpp); their numerics are checked
// by test/Gradient/cases_conv_pool.py.

// CHECK-LABEL: func.func @f(
func.func @f(%x: tensor<?x2x6x6xf32>) -> tensor<f32> {
  %w = arith.constant dense<0.5> : tensor<4x1x3x3xf32>
  %b = arith.constant dense<0.1> : tensor<4xf32>
  %c = nn.conv %x, %w, %b {activation = #nn.activation<relu>, padding = array<i64: 1, 1, 1, 1>, groups = 2 : i64} : (tensor<?x2x6x6xf32>, tensor<4x1x3x3xf32>, tensor<4xf32>) -> tensor<?x4x6x6xf32>
  %p = nn.pool max %c {kernel_shape = array<i64: 2, 2>, strides = array<i64: 2, 2>} : (tensor<?x4x6x6xf32>) -> tensor<?x4x3x3xf32>
  %a = nn.pool avg %p {kernel_shape = array<i64: 2, 2>, padding = array<i64: 0, 0, 1, 1>, ceil_mode} : (tensor<?x4x3x3xf32>) -> tensor<?x4x3x3xf32>
  %g = nn.global_pool avg %a : (tensor<?x4x3x3xf32>) -> tensor<?x4x1x1xf32>
  %l = nn.reduce mean %g {axes = array<i64: 0, 1, 2, 3>} : (tensor<?x4x1x1xf32>) -> tensor<f32>
  return %l : tensor<f32>
}

// CHECK-LABEL: func.func @f_grad(
// CHECK-SAME: %[[X:[a-z0-9]+]]: tensor<?x2x6x6xf32>, %[[W:[a-z0-9]+]]: tensor<4x1x3x3xf32>
// CHECK-SAME: -> (tensor<f32>, tensor<4x1x3x3xf32>, tensor<4xf32>, tensor<?x2x6x6xf32>)
// CHECK: %[[CONV:.*]] = nn.conv %[[X]], %[[W]]
// CHECK: %[[RELU:.*]] = nn.relu %[[CONV]]
// CHECK: %[[MAX:.*]] = nn.pool max %[[RELU]]

// global_pool <avg>: dY broadcast and divided by the spatial count.
// CHECK: linalg.generic
// CHECK: arith.divf

// pool <avg>: dY times 1/count (a constant per output position), added into
// a zero tensor of the padded input size, one strided slice per kernel
// offset, then the unpadded window.
// CHECK: %[[ACC:.*]] = linalg.fill {{.*}} -> tensor<?x4x4x4xf32>
// CHECK: %[[RECIP:.*]] = arith.constant dense<{{.*}}> : tensor<3x3xf32>
// CHECK: tensor.extract_slice %[[ACC]][0, 0, 0, 0] [%{{.*}}, 4, 3, 3] [1, 1, 1, 1]
// CHECK: linalg.generic {{.*}} ins(%{{.*}}, %[[RECIP]] : tensor<?x4x3x3xf32>, tensor<3x3xf32>)
// CHECK: arith.mulf
// CHECK: arith.addf
// CHECK: tensor.insert_slice
// CHECK-COUNT-3: tensor.insert_slice {{.*}} [1, 1, 1, 1] : tensor<?x4x3x3xf32> into tensor<?x4x4x4xf32>
// CHECK: %[[DAVG:.*]] = tensor.extract_slice %{{.*}}[0, 0, 0, 0] [%{{.*}}, 4, 3, 3] [1, 1, 1, 1] : tensor<?x4x4x4xf32> to tensor<?x4x3x3xf32>

// pool <max>: the first maximum of each window (argfirst, i64), then dY
// routed to it through strided slices (stride 2).
// CHECK: %[[WIN:.*]] = tensor.empty() : tensor<2x2xf32>
// CHECK: %[[ARG:.*]] = linalg.generic {{.*}} iterator_types = ["parallel", "parallel", "parallel", "parallel", "reduction", "reduction"]} ins(%[[RELU]], %[[WIN]], %[[MAX]] : {{.*}}) outs(%{{.*}} : tensor<?x4x3x3xi64>)
// CHECK: arith.cmpf oeq
// CHECK: arith.minsi
// CHECK: tensor.extract_slice %{{.*}}[0, 0, 0, 0] [%{{.*}}, 4, 3, 3] [1, 1, 2, 2] : tensor<?x4x6x6xf32> to tensor<?x4x3x3xf32>
// CHECK: linalg.generic {{.*}} ins(%[[ARG]], %[[DAVG]] : tensor<?x4x3x3xi64>, tensor<?x4x3x3xf32>)
// CHECK: arith.cmpi eq
// CHECK-COUNT-3: tensor.insert_slice {{.*}} [1, 1, 2, 2] : tensor<?x4x3x3xf32> into tensor<?x4x6x6xf32>

// relu, then conv dX: groups split by expand_shape, one accumulation per
// kernel offset (reduction over the group's output channels) into the padded
// input, the window [1, 7) collapsed back to [N, Cin, H, W].
// CHECK: %[[DYG:.*]] = tensor.expand_shape %[[DY:[a-z0-9_]+]] {{\[}}[0], [1, 2], [3], [4]] {{.*}} into tensor<?x2x2x6x6xf32>
// CHECK: %[[WG:.*]] = tensor.expand_shape %[[W]] {{\[}}[0, 1], [2], [3], [4]] {{.*}} into tensor<2x2x1x3x3xf32>
// CHECK: linalg.fill {{.*}} -> tensor<?x2x1x8x8xf32>
// CHECK-COUNT-9: linalg.generic {{.*}} iterator_types = ["parallel", "parallel", "parallel", "parallel", "parallel", "reduction"]} ins(%[[DYG]], %[[WG]] : tensor<?x2x2x6x6xf32>, tensor<2x2x1x3x3xf32>)
// CHECK: %[[DXW:.*]] = tensor.extract_slice %{{.*}}[0, 0, 0, 1, 1] [%{{.*}}, 2, 1, 6, 6] [1, 1, 1, 1, 1] : tensor<?x2x1x8x8xf32> to tensor<?x2x1x6x6xf32>
// CHECK: %[[DX:.*]] = tensor.collapse_shape %[[DXW]] {{\[}}[0], [1, 2], [3], [4]] : tensor<?x2x1x6x6xf32> into tensor<?x2x6x6xf32>

// conv dW: one generic over (g, co, ci, kh, kw, n, oh, ow) reading the
// zero-padded input; db: nn.reduce sum.
// CHECK: %[[XP:.*]] = tensor.pad %[[X]] low[0, 0, 1, 1] high[0, 0, 1, 1]
// CHECK: %[[XPG:.*]] = tensor.expand_shape %[[XP]] {{.*}} into tensor<?x2x1x8x8xf32>
// CHECK: %[[DWG:.*]] = linalg.generic {{.*}} iterator_types = ["parallel", "parallel", "parallel", "parallel", "parallel", "reduction", "reduction", "reduction"]} ins(%[[DYG]], %[[XPG]] : {{.*}}) outs(%{{.*}} : tensor<2x2x1x3x3xf32>)
// CHECK: %[[DW:.*]] = tensor.collapse_shape %[[DWG]] {{\[}}[0, 1], [2], [3], [4]] : tensor<2x2x1x3x3xf32> into tensor<4x1x3x3xf32>
// CHECK: %[[DB:.*]] = nn.reduce sum %[[DY]] {axes = array<i64: 0, 2, 3>}
// CHECK: return %{{.*}}, %[[DW]], %[[DB]], %[[DX]]

// CHECK-LABEL: func.func @f_init(

// CHECK-LABEL: func.func @emb(
func.func @emb(%i: tensor<2x3xi64>) -> tensor<f32> {
  %t = arith.constant dense<0.25> : tensor<5x4xf32>
  %e = nn.embedding %i, %t : (tensor<2x3xi64>, tensor<5x4xf32>) -> tensor<2x3x4xf32>
  %m = nn.global_pool max %e : (tensor<2x3x4xf32>) -> tensor<2x3x1xf32>
  %l = nn.reduce sum %m {axes = array<i64: 0, 1, 2>} : (tensor<2x3x1xf32>) -> tensor<f32>
  return %l : tensor<f32>
}

// CHECK-LABEL: func.func @emb_grad(
// CHECK-SAME: %[[I:[a-z0-9]+]]: tensor<2x3xi64>, %[[T:[a-z0-9]+]]: tensor<5x4xf32>
// CHECK-SAME: -> (tensor<f32>, tensor<5x4xf32>)
// CHECK: %[[E:.*]] = nn.embedding %[[I]], %[[T]]
// CHECK: %[[M:.*]] = nn.global_pool max %[[E]]

// global_pool <max>: argfirst over the spatial dim, dY routed to it.
// CHECK: %[[GARG:.*]] = linalg.generic {{.*}} iterator_types = ["parallel", "parallel", "reduction"]} ins(%[[E]], %[[M]] : tensor<2x3x4xf32>, tensor<2x3x1xf32>) outs(%{{.*}} : tensor<2x3xi64>)
// CHECK: arith.minsi
// CHECK: %[[DE:.*]] = linalg.generic {{.*}} ins(%[[GARG]], %{{.*}} : tensor<2x3xi64>, tensor<2x3x1xf32>)
// CHECK: arith.cmpi eq

// embedding: scatter-add of the dY rows at the indices (clamped like the
// forward lookup), one scf.for step per index position.
// CHECK: %[[IDX:.*]] = tensor.collapse_shape %[[I]] {{\[}}[0, 1]] : tensor<2x3xi64> into tensor<6xi64>
// CHECK: %[[DEF:.*]] = tensor.collapse_shape %[[DE]] {{\[}}[0, 1], [2]] : tensor<2x3x4xf32> into tensor<6x4xf32>
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
// CHECK: return %{{.*}}, %[[DT]] : tensor<f32>, tensor<5x4xf32>

// CHECK-LABEL: func.func @emb_init(
