// RUN: nnc-opt %s --convert-nn-to-linalg | FileCheck %s
// RUN: nnc-opt %s --nnc-cpu-pipeline | FileCheck %s --check-prefix=LLVM

// Fully lowered: no op of a higher-level dialect is left.
// LLVM: llvm.func @add_broadcast(
// LLVM-NOT: {{[ ](nn|linalg|tensor|memref|math|func|scf|cf|arith|bufferization)\.[a-z_]+}}
// LLVM-NOT: unrealized_conversion_cast

// CHECK-DAG: #[[ID3:.+]] = affine_map<(d0, d1, d2) -> (d0, d1, d2)>
// CHECK-DAG: #[[ROW:.+]] = affine_map<(d0, d1, d2) -> (d2)>
// CHECK-DAG: #[[B0:.+]] = affine_map<(d0, d1, d2) -> (d0, 0, d2)>
// CHECK-DAG: #[[B1:.+]] = affine_map<(d0, d1, d2) -> (d1, 0)>

// CHECK-LABEL: func.func @add_broadcast
// CHECK-SAME: (%[[A:.+]]: tensor<?x4x5xf32>, %[[B:.+]]: tensor<5xf32>)
// CHECK: %[[N:.+]] = tensor.dim %[[A]], %{{.+}} : tensor<?x4x5xf32>
// CHECK: %[[E:.+]] = tensor.empty(%[[N]]) : tensor<?x4x5xf32>
// CHECK: linalg.generic {indexing_maps = [#[[ID3]], #[[ROW]], #[[ID3]]], iterator_types = ["parallel", "parallel", "parallel"]} ins(%[[A]], %[[B]] : tensor<?x4x5xf32>, tensor<5xf32>) outs(%[[E]] : tensor<?x4x5xf32>)
// CHECK: arith.addf
// CHECK-NOT: nn.
func.func @add_broadcast(%a: tensor<?x4x5xf32>, %b: tensor<5xf32>) -> tensor<?x4x5xf32> {
  %0 = nn.add %a, %b : (tensor<?x4x5xf32>, tensor<5xf32>) -> tensor<?x4x5xf32>
  return %0 : tensor<?x4x5xf32>
}

// Both operands broadcast: [?, 1, 5] and [4, 1] -> [?, 4, 5].
// CHECK-LABEL: func.func @sub_both_ways
// CHECK: linalg.generic {indexing_maps = [#[[B0]], #[[B1]], #[[ID3]]]
// CHECK: arith.subf
// CHECK: -> tensor<?x4x5xf32>
func.func @sub_both_ways(%a: tensor<?x1x5xf32>, %b: tensor<4x1xf32>) -> tensor<?x4x5xf32> {
  %0 = nn.sub %a, %b : (tensor<?x1x5xf32>, tensor<4x1xf32>) -> tensor<?x4x5xf32>
  return %0 : tensor<?x4x5xf32>
}

// CHECK-LABEL: func.func @binary_ops
// CHECK: arith.mulf
// CHECK: arith.divf
// CHECK: math.powf
// CHECK: arith.maximumf
// CHECK: arith.minimumf
// CHECK-NOT: nn.
func.func @binary_ops(%a: tensor<?x3xf64>, %b: tensor<3xf64>) -> (tensor<?x3xf64>, tensor<?x3xf64>, tensor<?x3xf64>, tensor<?x3xf64>, tensor<?x3xf64>) {
  %0 = nn.mul %a, %b : (tensor<?x3xf64>, tensor<3xf64>) -> tensor<?x3xf64>
  %1 = nn.div %a, %b : (tensor<?x3xf64>, tensor<3xf64>) -> tensor<?x3xf64>
  %2 = nn.pow %a, %b : (tensor<?x3xf64>, tensor<3xf64>) -> tensor<?x3xf64>
  %3 = nn.max %a, %b : (tensor<?x3xf64>, tensor<3xf64>) -> tensor<?x3xf64>
  %4 = nn.min %a, %b : (tensor<?x3xf64>, tensor<3xf64>) -> tensor<?x3xf64>
  return %0, %1, %2, %3, %4 : tensor<?x3xf64>, tensor<?x3xf64>, tensor<?x3xf64>, tensor<?x3xf64>, tensor<?x3xf64>
}

// A declared result type less static than the operands get a tensor.cast.
// CHECK-LABEL: func.func @add_cast_result
// CHECK: %[[R:.+]] = linalg.generic
// CHECK: -> tensor<2x3xf32>
// CHECK: %[[C:.+]] = tensor.cast %[[R]] : tensor<2x3xf32> to tensor<?x3xf32>
// CHECK: return %[[C]]
func.func @add_cast_result(%a: tensor<2x3xf32>, %b: tensor<3xf32>) -> tensor<?x3xf32> {
  %0 = nn.add %a, %b : (tensor<2x3xf32>, tensor<3xf32>) -> tensor<?x3xf32>
  return %0 : tensor<?x3xf32>
}

// CHECK-LABEL: func.func @unary_ops
// CHECK: arith.negf
// CHECK: math.exp
// CHECK: math.log
// CHECK: math.sqrt
// rsqrt = 1 / sqrt(x)
// CHECK: math.sqrt
// CHECK: arith.divf
// CHECK: math.absf
// CHECK: math.erf
// CHECK-NOT: nn.
func.func @unary_ops(%x: tensor<?x7xf32>) -> (tensor<?x7xf32>, tensor<?x7xf32>, tensor<?x7xf32>, tensor<?x7xf32>, tensor<?x7xf32>, tensor<?x7xf32>, tensor<?x7xf32>) {
  %0 = nn.neg %x : tensor<?x7xf32>
  %1 = nn.exp %x : tensor<?x7xf32>
  %2 = nn.log %x : tensor<?x7xf32>
  %3 = nn.sqrt %x : tensor<?x7xf32>
  %4 = nn.rsqrt %x : tensor<?x7xf32>
  %5 = nn.abs %x : tensor<?x7xf32>
  %6 = nn.erf %x : tensor<?x7xf32>
  return %0, %1, %2, %3, %4, %5, %6 : tensor<?x7xf32>, tensor<?x7xf32>, tensor<?x7xf32>, tensor<?x7xf32>, tensor<?x7xf32>, tensor<?x7xf32>, tensor<?x7xf32>
}

// CHECK-LABEL: func.func @relu
// CHECK: linalg.generic
// CHECK: arith.maximumf
// CHECK-NOT: nn.
func.func @relu(%x: tensor<?x16xf32>) -> tensor<?x16xf32> {
  %0 = nn.relu %x : tensor<?x16xf32>
  return %0 : tensor<?x16xf32>
}

// CHECK-LABEL: func.func @leaky_relu
// CHECK: arith.constant 2.000000e-01 : f32
// CHECK: arith.cmpf ogt
// CHECK: arith.select
func.func @leaky_relu(%x: tensor<?x16xf32>) -> tensor<?x16xf32> {
  %0 = nn.leaky_relu %x {alpha = 0.2 : f64} : tensor<?x16xf32>
  return %0 : tensor<?x16xf32>
}

// CHECK-LABEL: func.func @gelu
// CHECK: math.erf
// CHECK-NOT: math.tanh
// CHECK: linalg.generic
// CHECK-NOT: math.erf
// CHECK: math.tanh
// CHECK: return
func.func @gelu(%x: tensor<?x16xf32>) -> (tensor<?x16xf32>, tensor<?x16xf32>) {
  %0 = nn.gelu %x : tensor<?x16xf32>
  %1 = nn.gelu %x {approximate} : tensor<?x16xf32>
  return %0, %1 : tensor<?x16xf32>, tensor<?x16xf32>
}

// CHECK-LABEL: func.func @silu_sigmoid_tanh
// CHECK: math.exp
// CHECK: arith.divf
// CHECK: arith.mulf
// CHECK: linalg.generic
// CHECK: math.exp
// CHECK: arith.divf
// CHECK: linalg.generic
// CHECK: math.tanh
func.func @silu_sigmoid_tanh(%x: tensor<?x16xf64>) -> (tensor<?x16xf64>, tensor<?x16xf64>, tensor<?x16xf64>) {
  %0 = nn.silu %x : tensor<?x16xf64>
  %1 = nn.sigmoid %x : tensor<?x16xf64>
  %2 = nn.tanh %x : tensor<?x16xf64>
  return %0, %1, %2 : tensor<?x16xf64>, tensor<?x16xf64>, tensor<?x16xf64>
}

// expm1 is computed as (u - 1)·x/log(u), u = exp(x), accurate near 0.
// CHECK-LABEL: func.func @elu
// CHECK: math.exp
// CHECK: math.log
// CHECK: arith.constant 5.000000e-01 : f32
// CHECK: arith.select
func.func @elu(%x: tensor<?x16xf32>) -> tensor<?x16xf32> {
  %0 = nn.elu %x {alpha = 0.5 : f64} : tensor<?x16xf32>
  return %0 : tensor<?x16xf32>
}

// softplus: log1p(exp(beta·x)) / beta, x where beta·x > threshold; log1p(y)
// is computed as log(u)·y/(u - 1), u = 1 + y, accurate for small y.
// CHECK-LABEL: func.func @softplus
// CHECK: arith.constant 2.000000e+00 : f32
// CHECK: math.exp
// CHECK: math.log
// CHECK: arith.constant 5.000000e+00 : f32
// CHECK: arith.cmpf ogt
// CHECK: arith.select
// CHECK-NOT: nn.
func.func @softplus(%x: tensor<?x16xf32>) -> tensor<?x16xf32> {
  %0 = nn.softplus %x {beta = 2.0 : f64, threshold = 5.0 : f64} : tensor<?x16xf32>
  return %0 : tensor<?x16xf32>
}
