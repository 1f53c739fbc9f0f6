// RUN: nnc-opt %s --convert-nn-to-linalg | FileCheck %s
// RUN: nnc-opt %s --nnc-cpu-pipeline | FileCheck %s --check-prefix=LLVM

// Fully lowered: no op of a higher-level dialect is left.
// LLVM: llvm.func @layer_norm(
// LLVM-NOT: {{[ ](nn|linalg|tensor|memref|math|func|scf|cf|arith|bufferization)\.[a-z_]+}}
// LLVM-NOT: unrealized_conversion_cast

// CHECK-DAG: #[[ID2:.+]] = affine_map<(d0, d1) -> (d0, d1)>
// CHECK-DAG: #[[ROW:.+]] = affine_map<(d0, d1) -> (d0)>
// CHECK-DAG: #[[COL:.+]] = affine_map<(d0, d1) -> (d1)>
// CHECK-DAG: #[[ID1:.+]] = affine_map<(d0) -> (d0)>
// CHECK-DAG: #[[ID3:.+]] = affine_map<(d0, d1, d2) -> (d0, d1, d2)>
// CHECK-DAG: #[[LEAD3:.+]] = affine_map<(d0, d1, d2) -> (d0)>
// CHECK-DAG: #[[TAIL3:.+]] = affine_map<(d0, d1, d2) -> (d1, d2)>
// CHECK-DAG: #[[ID4:.+]] = affine_map<(d0, d1, d2, d3) -> (d0, d1, d2, d3)>
// CHECK-DAG: #[[CH4:.+]] = affine_map<(d0, d1, d2, d3) -> (d1)>

// sum -> mean -> Σ(x - mean)² -> 1/sqrt(var + eps) -> normalize, scale, bias.
// CHECK-LABEL: func.func @layer_norm
// CHECK-SAME: (%[[X:.+]]: tensor<?x16xf32>, %[[S:.+]]: tensor<16xf32>, %[[B:.+]]: tensor<16xf32>)
// CHECK: %[[N:.+]] = arith.constant 1.600000e+01 : f32
// CHECK: %[[SUM:.+]] = linalg.generic {indexing_maps = [#[[ID2]], #[[ROW]]], iterator_types = ["parallel", "reduction"]} ins(%[[X]] : tensor<?x16xf32>)
// CHECK: arith.addf
// CHECK: %[[MEAN:.+]] = linalg.generic {indexing_maps = [#[[ID1]], #[[ID1]]], iterator_types = ["parallel"]} ins(%[[SUM]] : tensor<?xf32>)
// CHECK: arith.divf %{{.+}}, %[[N]]
// CHECK: %[[SQ:.+]] = linalg.generic {indexing_maps = [#[[ID2]], #[[ROW]], #[[ROW]]], iterator_types = ["parallel", "reduction"]} ins(%[[X]], %[[MEAN]] : tensor<?x16xf32>, tensor<?xf32>)
// CHECK: arith.subf
// CHECK: arith.mulf
// CHECK: arith.addf
// CHECK: %[[RSTD:.+]] = linalg.generic {{.*}} ins(%[[SQ]] : tensor<?xf32>)
// CHECK: arith.constant 9.99999974E-6 : f32
// CHECK: arith.divf %{{.+}}, %[[N]]
// CHECK: math.sqrt
// CHECK: linalg.generic {indexing_maps = [#[[ID2]], #[[ROW]], #[[ROW]], #[[COL]], #[[COL]], #[[ID2]]], iterator_types = ["parallel", "parallel"]} ins(%[[X]], %[[MEAN]], %[[RSTD]], %[[S]], %[[B]] :
// CHECK: arith.subf
// CHECK: arith.mulf
// CHECK: arith.mulf
// CHECK: arith.addf
// CHECK-NOT: nn.
func.func @layer_norm(%x: tensor<?x16xf32>, %s: tensor<16xf32>, %b: tensor<16xf32>) -> tensor<?x16xf32> {
  %0 = nn.layer_norm %x scale %s bias %b : (tensor<?x16xf32>, tensor<16xf32>, tensor<16xf32>) -> tensor<?x16xf32>
  return %0 : tensor<?x16xf32>
}

// Normalized dims [1, 3): both reduce; scale and bias read (d1, d2).
// CHECK-LABEL: func.func @layer_norm_axis1
// CHECK: arith.constant 2.400000e+01 : f32
// CHECK: linalg.generic {indexing_maps = [#[[ID3]], #[[LEAD3]]], iterator_types = ["parallel", "reduction", "reduction"]}
// CHECK: linalg.generic {indexing_maps = [#[[ID3]], #[[LEAD3]], #[[LEAD3]], #[[TAIL3]], #[[ID3]]], iterator_types = ["parallel", "parallel", "parallel"]}
// CHECK-NOT: nn.
func.func @layer_norm_axis1(%x: tensor<?x4x6xf32>, %s: tensor<4x6xf32>) -> tensor<?x4x6xf32> {
  %0 = nn.layer_norm %x scale %s {axis = 1 : i64, epsilon = 1.0e-3 : f64} : (tensor<?x4x6xf32>, tensor<4x6xf32>) -> tensor<?x4x6xf32>
  return %0 : tensor<?x4x6xf32>
}

// A dynamic normalized dim: n = tensor.dim converted to the element type.
// CHECK-LABEL: func.func @layer_norm_dynamic_features
// CHECK: tensor.dim %{{.+}}, %{{.+}} : tensor<2x?xf64>
// CHECK: %[[I:.+]] = arith.index_cast %{{.+}} : index to i64
// CHECK: %[[N:.+]] = arith.sitofp %[[I]] : i64 to f64
// CHECK: arith.divf %{{.+}}, %[[N]] : f64
// CHECK-NOT: nn.
func.func @layer_norm_dynamic_features(%x: tensor<2x?xf64>) -> tensor<2x?xf64> {
  %0 = nn.layer_norm %x : (tensor<2x?xf64>) -> tensor<2x?xf64>
  return %0 : tensor<2x?xf64>
}

// x · 1/sqrt(mean(x²) + eps) · scale
// CHECK-LABEL: func.func @rms_norm
// CHECK: %[[SS:.+]] = linalg.generic {indexing_maps = [#[[ID2]], #[[ROW]]], iterator_types = ["parallel", "reduction"]}
// CHECK: arith.mulf
// CHECK: arith.addf
// CHECK: %[[R:.+]] = linalg.generic {{.*}} ins(%[[SS]] : tensor<?xf32>)
// CHECK: arith.constant 9.99999997E-7 : f32
// CHECK: math.sqrt
// CHECK: linalg.generic {indexing_maps = [#[[ID2]], #[[ROW]], #[[COL]], #[[ID2]]], iterator_types = ["parallel", "parallel"]} ins(%{{.+}}, %[[R]], %{{.+}} :
// CHECK: arith.mulf
// CHECK: arith.mulf
// CHECK-NOT: arith.subf
// CHECK-NOT: nn.
// CHECK: return
func.func @rms_norm(%x: tensor<?x16xf32>, %s: tensor<16xf32>) -> tensor<?x16xf32> {
  %0 = nn.rms_norm %x scale %s : (tensor<?x16xf32>, tensor<16xf32>) -> tensor<?x16xf32>
  return %0 : tensor<?x16xf32>
}

// Per channel a = scale / sqrt(var + eps), b = bias - mean·a; y = x·a + b.
// CHECK-LABEL: func.func @batch_norm
// CHECK: %[[AB:.+]]:2 = linalg.generic {indexing_maps = [#[[ID1]], #[[ID1]], #[[ID1]], #[[ID1]], #[[ID1]], #[[ID1]]], iterator_types = ["parallel"]}
// CHECK: math.sqrt
// CHECK: linalg.yield
// CHECK: linalg.generic {indexing_maps = [#[[ID4]], #[[CH4]], #[[CH4]], #[[ID4]]], iterator_types = ["parallel", "parallel", "parallel", "parallel"]} ins(%{{.+}}, %[[AB]]#0, %[[AB]]#1 :
// CHECK: arith.mulf
// CHECK: arith.addf
// CHECK-NOT: nn.
func.func @batch_norm(%x: tensor<?x3x4x5xf32>, %s: tensor<3xf32>, %b: tensor<3xf32>, %m: tensor<3xf32>, %v: tensor<3xf32>) -> tensor<?x3x4x5xf32> {
  %0 = nn.batch_norm %x, %s, %b, %m, %v : (tensor<?x3x4x5xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>) -> tensor<?x3x4x5xf32>
  return %0 : tensor<?x3x4x5xf32>
}

// CHECK-LABEL: func.func @batch_norm_1d_f64
// CHECK: %[[AB:.+]]:2 = linalg.generic
// CHECK: linalg.generic {{.*}} ins(%{{.+}}, %[[AB]]#0, %[[AB]]#1 : tensor<?x4x6xf64>, tensor<4xf64>, tensor<4xf64>) outs(%{{.+}} : tensor<?x4x6xf64>)
// CHECK-NOT: nn.
func.func @batch_norm_1d_f64(%x: tensor<?x4x6xf64>, %s: tensor<4xf64>, %b: tensor<4xf64>, %m: tensor<4xf64>, %v: tensor<4xf64>) -> tensor<?x4x6xf64> {
  %0 = nn.batch_norm %x, %s, %b, %m, %v {epsilon = 1.0e-3 : f64} : (tensor<?x4x6xf64>, tensor<4xf64>, tensor<4xf64>, tensor<4xf64>, tensor<4xf64>) -> tensor<?x4x6xf64>
  return %0 : tensor<?x4x6xf64>
}
