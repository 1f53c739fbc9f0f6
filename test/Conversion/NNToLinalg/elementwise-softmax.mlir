// RUN: nnc-opt %s --convert-nn-to-linalg | FileCheck %s
// RUN: nnc-opt %s --nnc-cpu-pipeline | FileCheck %s --check-prefix=LLVM

// Fully lowered: no op of a higher-level dialect is left.
// LLVM: llvm.func @softmax(
// LLVM-NOT: {{[ ](nn|linalg|tensor|memref|math|func|scf|cf|arith|bufferization)\.[a-z_]+}}
// LLVM-NOT: unrealized_conversion_cast

// CHECK-DAG: #[[ID2:.+]] = affine_map<(d0, d1) -> (d0, d1)>
// CHECK-DAG: #[[ROW:.+]] = affine_map<(d0, d1) -> (d0)>
// CHECK-DAG: #[[COL:.+]] = affine_map<(d0, d1) -> (d1)>
// CHECK-DAG: #[[ID3:.+]] = affine_map<(d0, d1, d2) -> (d0, d1, d2)>
// CHECK-DAG: #[[M3:.+]] = affine_map<(d0, d1, d2) -> (d1, d2)>
// CHECK-DAG: #[[R3:.+]] = affine_map<(d0, d1, d2) -> (d0, d1)>
// CHECK-DAG: #[[J3:.+]] = affine_map<(d0, d1, d2) -> (d0, d2)>
// CHECK-DAG: #[[X3:.+]] = affine_map<(d0, d1, d2) -> (d0)>

// max (init -inf), sum of exp(x - max) (init 0), exp(x - max) / sum.
// CHECK-LABEL: func.func @softmax
// CHECK-SAME: (%[[X:.+]]: tensor<?x10xf32>)
// CHECK: %[[N:.+]] = tensor.dim %[[X]], %{{.+}} : tensor<?x10xf32>
// CHECK: %[[E0:.+]] = tensor.empty(%[[N]]) : tensor<?xf32>
// CHECK: %[[NEGINF:.+]] = arith.constant 0xFF800000 : f32
// CHECK: %[[I0:.+]] = linalg.fill ins(%[[NEGINF]] : f32) outs(%[[E0]] : tensor<?xf32>)
// CHECK: %[[MAX:.+]] = linalg.generic {indexing_maps = [#[[ID2]], #[[ROW]]], iterator_types = ["parallel", "reduction"]} ins(%[[X]] : tensor<?x10xf32>) outs(%[[I0]] : tensor<?xf32>)
// CHECK: arith.maximumf
// CHECK: %[[SUM:.+]] = linalg.generic {indexing_maps = [#[[ID2]], #[[ROW]], #[[ROW]]], iterator_types = ["parallel", "reduction"]} ins(%[[X]], %[[MAX]] : tensor<?x10xf32>, tensor<?xf32>)
// CHECK: arith.subf
// CHECK: math.exp
// CHECK: arith.addf
// CHECK: linalg.generic {indexing_maps = [#[[ID2]], #[[ROW]], #[[ROW]], #[[ID2]]], iterator_types = ["parallel", "parallel"]} ins(%[[X]], %[[MAX]], %[[SUM]] : tensor<?x10xf32>, tensor<?xf32>, tensor<?xf32>)
// CHECK: arith.subf
// CHECK: math.exp
// CHECK: arith.divf
// CHECK-NOT: nn.
func.func @softmax(%x: tensor<?x10xf32>) -> tensor<?x10xf32> {
  %0 = nn.softmax %x : (tensor<?x10xf32>) -> tensor<?x10xf32>
  return %0 : tensor<?x10xf32>
}

// Reduction over dim 0 (parallel over the columns), with temperature.
// CHECK-LABEL: func.func @softmax_axis0_temperature
// CHECK: linalg.generic {indexing_maps = [#[[ID2]], #[[COL]]], iterator_types = ["reduction", "parallel"]}
// CHECK: arith.constant 5.000000e-01 : f64
// CHECK: arith.divf
// CHECK: arith.maximumf
// CHECK-NOT: nn.
func.func @softmax_axis0_temperature(%x: tensor<?x6xf64>) -> tensor<?x6xf64> {
  %0 = nn.softmax %x {axis = 0 : i64, temperature = 0.5 : f64} : (tensor<?x6xf64>) -> tensor<?x6xf64>
  return %0 : tensor<?x6xf64>
}

// An i1 mask broadcast over the batch: masked elements are left out of max
// and sum and give probability 0.
// CHECK-LABEL: func.func @softmax_bool_mask
// CHECK: linalg.generic {indexing_maps = [#[[ID3]], #[[M3]], #[[R3]]], iterator_types = ["parallel", "parallel", "reduction"]} ins(%{{.+}}, %{{.+}} : tensor<?x4x6xf32>, tensor<4x6xi1>)
// CHECK: ^bb0(%{{.+}}: f32, %[[K0:.+]]: i1, %{{.+}}: f32):
// CHECK: arith.select %[[K0]]
// CHECK: arith.maximumf
// CHECK: linalg.generic
// CHECK: ^bb0(%{{.+}}: f32, %[[K1:.+]]: i1, %{{.+}}: f32, %{{.+}}: f32):
// CHECK: math.exp
// CHECK: arith.select %[[K1]]
// CHECK: arith.addf
// CHECK: linalg.generic
// CHECK: ^bb0(%{{.+}}: f32, %[[K2:.+]]: i1, %{{.+}}: f32, %{{.+}}: f32, %{{.+}}: f32):
// CHECK: arith.divf
// CHECK: arith.select %[[K2]]
// CHECK-NOT: nn.
func.func @softmax_bool_mask(%x: tensor<?x4x6xf32>, %m: tensor<4x6xi1>) -> tensor<?x4x6xf32> {
  %0 = nn.softmax %x mask %m : (tensor<?x4x6xf32>, tensor<4x6xi1>) -> tensor<?x4x6xf32>
  return %0 : tensor<?x4x6xf32>
}

// Causal: key j of query row i is kept when j <= i, from linalg.index in
// each of the three generics (no mask tensor), and'ed with a boolean mask.
// CHECK-LABEL: func.func @softmax_causal
// CHECK: linalg.generic
// CHECK: ^bb0(%{{.+}}: f32, %[[C0:.+]]: i1, %{{.+}}: f32):
// CHECK: %[[J0:.+]] = linalg.index 2 : index
// CHECK: %[[I0:.+]] = linalg.index 1 : index
// CHECK: %[[P0:.+]] = arith.cmpi ule, %[[J0]], %[[I0]] : index
// CHECK: %[[K0:.+]] = arith.andi %[[C0]], %[[P0]] : i1
// CHECK: arith.select %[[K0]]
// CHECK: arith.maximumf
// CHECK: linalg.generic
// CHECK: arith.cmpi ule
// CHECK: linalg.generic
// CHECK: arith.cmpi ule
// CHECK-NOT: nn.
// CHECK-NOT: tensor<?x?xi1>
func.func @softmax_causal(%x: tensor<2x?x?xf32>, %m: tensor<2x1x1xi1>) -> tensor<2x?x?xf32> {
  %0 = nn.softmax %x mask %m {causal} : (tensor<2x?x?xf32>, tensor<2x1x1xi1>) -> tensor<2x?x?xf32>
  return %0 : tensor<2x?x?xf32>
}

// A float mask is added to the scaled logits.
// CHECK-LABEL: func.func @softmax_float_mask
// CHECK: linalg.generic {indexing_maps = [#[[ID3]], #[[M3]], #[[R3]]]
// CHECK: ^bb0(%[[XV:.+]]: f32, %[[MV:.+]]: f32, %{{.+}}: f32):
// CHECK: %[[S:.+]] = arith.divf %[[XV]]
// CHECK: arith.addf %[[S]], %[[MV]]
// CHECK-NOT: nn.
func.func @softmax_float_mask(%x: tensor<?x4x4xf32>, %m: tensor<4x4xf32>) -> tensor<?x4x4xf32> {
  %0 = nn.softmax %x mask %m {temperature = 2.0 : f64} : (tensor<?x4x4xf32>, tensor<4x4xf32>) -> tensor<?x4x4xf32>
  return %0 : tensor<?x4x4xf32>
}

// log_softmax: x - max - log(sum).
// CHECK-LABEL: func.func @log_softmax
// CHECK: arith.maximumf
// CHECK: math.exp
// CHECK: linalg.generic
// CHECK: arith.subf
// CHECK: math.log
// CHECK: arith.subf
// CHECK-NOT: math.exp
// CHECK-NOT: nn.
// CHECK: return
func.func @log_softmax(%x: tensor<?x10xf32>) -> tensor<?x10xf32> {
  %0 = nn.log_softmax %x : (tensor<?x10xf32>) -> tensor<?x10xf32>
  return %0 : tensor<?x10xf32>
}

// A masked log_softmax element is -inf.
// CHECK-LABEL: func.func @log_softmax_bool_mask
// CHECK: math.log
// CHECK: %[[NI:.+]] = arith.constant 0xFF800000 : f32
// CHECK: arith.select %{{.+}}, %{{.+}}, %[[NI]] : f32
func.func @log_softmax_bool_mask(%x: tensor<?x6xf32>, %m: tensor<1x6xi1>) -> tensor<?x6xf32> {
  %0 = nn.log_softmax %x mask %m : (tensor<?x6xf32>, tensor<1x6xi1>) -> tensor<?x6xf32>
  return %0 : tensor<?x6xf32>
}

// [?, 12] -> [?, 3, 4], softmax on the last dim, back to [?, 12].
// CHECK-LABEL: func.func @grid_softmax
// CHECK: %[[G:.+]] = tensor.expand_shape %{{.+}} {{\[\[}}0], [1, 2]] output_shape [%{{.+}}, 3, 4] : tensor<?x12xf32> into tensor<?x3x4xf32>
// CHECK: linalg.generic {indexing_maps = [#[[ID3]], #[[R3]]], iterator_types = ["parallel", "parallel", "reduction"]} ins(%[[G]] : tensor<?x3x4xf32>)
// CHECK: arith.constant 2.500000e-01 : f32
// CHECK: linalg.generic
// CHECK: %[[Y:.+]] = linalg.generic {{.*}} iterator_types = ["parallel", "parallel", "parallel"]
// CHECK: tensor.collapse_shape %[[Y]] {{\[\[}}0], [1, 2]] : tensor<?x3x4xf32> into tensor<?x12xf32>
// CHECK-NOT: nn.
func.func @grid_softmax(%x: tensor<?x12xf32>) -> tensor<?x12xf32> {
  %0 = nn.grid_softmax %x {groups = 3 : i64, temperature = 0.25 : f64} : (tensor<?x12xf32>) -> tensor<?x12xf32>
  return %0 : tensor<?x12xf32>
}

// Sort-free sparsemax: max; c_i, s_i over an extra reduction dim j;
// support size and sum; max(z - tau, 0).
// CHECK-LABEL: func.func @sparsemax
// CHECK: %[[M:.+]] = linalg.generic {indexing_maps = [#[[ID2]], #[[ROW]]], iterator_types = ["parallel", "reduction"]}
// CHECK: arith.maximumf
// CHECK: %[[CS:.+]]:2 = linalg.generic {indexing_maps = [#[[R3]], #[[J3]], #[[X3]], #[[R3]], #[[R3]]], iterator_types = ["parallel", "parallel", "reduction"]} ins(%{{.+}}, %{{.+}}, %[[M]] :
// CHECK: arith.cmpf oge
// CHECK: %[[KS:.+]]:2 = linalg.generic {indexing_maps = [#[[ID2]], #[[ROW]], #[[ID2]], #[[ID2]], #[[ROW]], #[[ROW]]], iterator_types = ["parallel", "reduction"]} ins(%{{.+}}, %[[M]], %[[CS]]#0, %[[CS]]#1 :
// CHECK: arith.cmpf ogt
// CHECK: linalg.generic {{.*}} ins(%{{.+}}, %[[M]], %[[KS]]#0, %[[KS]]#1 :
// CHECK: arith.divf
// CHECK: arith.maximumf
// CHECK-NOT: nn.
func.func @sparsemax(%x: tensor<?x8xf32>) -> tensor<?x8xf32> {
  %0 = nn.sparsemax %x : (tensor<?x8xf32>) -> tensor<?x8xf32>
  return %0 : tensor<?x8xf32>
}

// CHECK-LABEL: func.func @sparsemax_axis0_f64
// CHECK: iterator_types = ["reduction", "parallel"]
// CHECK: iterator_types = ["parallel", "parallel", "reduction"]
// CHECK-NOT: nn.
func.func @sparsemax_axis0_f64(%x: tensor<6x?xf64>) -> tensor<6x?xf64> {
  %0 = nn.sparsemax %x {axis = 0 : i64} : (tensor<6x?xf64>) -> tensor<6x?xf64>
  return %0 : tensor<6x?xf64>
}
