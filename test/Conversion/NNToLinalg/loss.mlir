// RUN: nnc-opt %s --convert-nn-to-linalg | FileCheck %s
// RUN: nnc-opt %s --nnc-cpu-pipeline | FileCheck %s --check-prefix=LLVM

// Lowering of cross_entropy, bce, bce_with_logits and mse (LossOps.cpp).

// Fully lowered: no op of a higher-level dialect is left.
// LLVM: llvm.func @ce_logits_index_mean(
// LLVM-NOT: {{[ ](nn|linalg|tensor|memref|math|func|scf|cf|arith|bufferization)\.[a-z_]+}}
// LLVM-NOT: unrealized_conversion_cast

// CHECK-DAG: #[[ID2:.+]] = affine_map<(d0, d1) -> (d0, d1)>
// CHECK-DAG: #[[ROW:.+]] = affine_map<(d0, d1) -> (d0)>
// CHECK-DAG: #[[ID1:.+]] = affine_map<(d0) -> (d0)>
// CHECK-DAG: #[[ALL1:.+]] = affine_map<(d0) -> ()>
// CHECK-DAG: #[[SCALAR:.+]] = affine_map<() -> ()>
// CHECK-DAG: #[[ALL2:.+]] = affine_map<(d0, d1) -> ()>

// From logits with class indices: lse = max + log Σ exp(x - max), loss[b] =
// lse[b] - x[b, t[b]]; mean = Σ / B with B from tensor.dim.
// CHECK-LABEL: func.func @ce_logits_index_mean
// CHECK-SAME: (%[[X:.+]]: tensor<?x10xf32>, %[[T:.+]]: tensor<?xi64>)
// CHECK: %[[B:.+]] = tensor.dim %[[X]], %{{.+}} : tensor<?x10xf32>
// CHECK: arith.constant 0xFF800000 : f32
// CHECK: %[[M:.+]] = linalg.generic {indexing_maps = [#[[ID2]], #[[ROW]]], iterator_types = ["parallel", "reduction"]} ins(%[[X]] : tensor<?x10xf32>)
// CHECK: arith.maximumf
// CHECK: %[[S:.+]] = linalg.generic {indexing_maps = [#[[ID2]], #[[ROW]], #[[ROW]]], iterator_types = ["parallel", "reduction"]} ins(%[[X]], %[[M]] : tensor<?x10xf32>, tensor<?xf32>)
// CHECK: arith.subf
// CHECK: math.exp
// CHECK: arith.addf
// CHECK: %[[LSE:.+]] = linalg.generic {indexing_maps = [#[[ID1]], #[[ID1]], #[[ID1]]], iterator_types = ["parallel"]} ins(%[[M]], %[[S]] : tensor<?xf32>, tensor<?xf32>)
// CHECK: math.log
// CHECK: arith.addf
// A label outside [0, 10): reported to the runtime, then clamped.
// CHECK: linalg.generic {{.+}} iterator_types = ["reduction"]} ins(%[[T]] : tensor<?xi64>) outs(%{{.+}} : tensor<i64>)
// CHECK: scf.if
// CHECK: func.call @nnc_check_failed
// CHECK: %[[L:.+]] = linalg.generic {indexing_maps = [#[[ID1]], #[[ID1]], #[[ID1]]], iterator_types = ["parallel"]} ins(%[[T]], %[[LSE]] : tensor<?xi64>, tensor<?xf32>)
// CHECK: ^bb0(%[[TI:.+]]: i64, %[[LI:.+]]: f32, %{{.+}}: f32):
// CHECK: %[[ROWI:.+]] = linalg.index 0 : index
// CHECK: %[[RAW:.+]] = arith.index_cast %[[TI]] : i64 to index
// CHECK: %[[LOW:.+]] = arith.minsi %[[RAW]]
// CHECK: %[[COL:.+]] = arith.maxsi %[[LOW]]
// CHECK: %[[XV:.+]] = tensor.extract %[[X]][%[[ROWI]], %[[COL]]] : tensor<?x10xf32>
// CHECK: arith.subf %[[LI]], %[[XV]] : f32
// CHECK: %[[SUM:.+]] = linalg.generic {indexing_maps = [#[[ID1]], #[[ALL1]]], iterator_types = ["reduction"]} ins(%[[L]] : tensor<?xf32>) outs(%{{.+}} : tensor<f32>)
// CHECK: %[[N:.+]] = tensor.dim %[[L]], %{{.+}} : tensor<?xf32>
// CHECK: %[[NI:.+]] = arith.index_cast %[[N]] : index to i64
// CHECK: %[[NF:.+]] = arith.sitofp %[[NI]] : i64 to f32
// CHECK: %[[MEAN:.+]] = linalg.generic {indexing_maps = [#[[SCALAR]], #[[SCALAR]]], iterator_types = []} ins(%[[SUM]] : tensor<f32>)
// CHECK: arith.divf %{{.+}}, %[[NF]] : f32
// CHECK: return %[[MEAN]] : tensor<f32>
// CHECK-NOT: nn.
func.func @ce_logits_index_mean(%x: tensor<?x10xf32>, %t: tensor<?xi64>) -> tensor<f32> {
  %0 = nn.cross_entropy %x, %t : (tensor<?x10xf32>, tensor<?xi64>) -> tensor<f32>
  return %0 : tensor<f32>
}

// From logits with probability targets: loss[b] = Σ_c t·(lse - x).
// CHECK-LABEL: func.func @ce_logits_prob_none
// CHECK: %[[LSE:.+]] = linalg.generic {{.*}} iterator_types = ["parallel"]}
// CHECK: %[[L:.+]] = linalg.generic {indexing_maps = [#[[ID2]], #[[ID2]], #[[ROW]], #[[ROW]]], iterator_types = ["parallel", "reduction"]} ins(%arg0, %arg1, %[[LSE]] : tensor<?x10xf64>, tensor<?x10xf64>, tensor<?xf64>)
// CHECK: ^bb0(%[[XE:.+]]: f64, %[[TE:.+]]: f64, %[[LE:.+]]: f64, %[[ACC:.+]]: f64):
// CHECK: %[[NLL:.+]] = arith.subf %[[LE]], %[[XE]] : f64
// CHECK: %[[TERM:.+]] = arith.mulf %[[TE]], %[[NLL]] : f64
// CHECK: arith.addf %[[ACC]], %[[TERM]] : f64
// CHECK: return %[[L]] : tensor<?xf64>
// CHECK-NOT: nn.
func.func @ce_logits_prob_none(%x: tensor<?x10xf64>, %t: tensor<?x10xf64>) -> tensor<?xf64> {
  %0 = nn.cross_entropy %x, %t {reduction = #nn.reduction<none>} : (tensor<?x10xf64>, tensor<?x10xf64>) -> tensor<?xf64>
  return %0 : tensor<?xf64>
}

// From probabilities with (i32) class indices: loss[b] = -log p[b, t[b]].
// CHECK-LABEL: func.func @ce_probs_index_sum
// CHECK-NOT: math.exp
// CHECK: %[[L:.+]] = linalg.generic {indexing_maps = [#[[ID1]], #[[ID1]]], iterator_types = ["parallel"]} ins(%arg1 : tensor<32xi32>)
// CHECK: arith.index_cast %{{.+}} : i32 to index
// CHECK: %[[P:.+]] = tensor.extract %arg0[%{{.+}}, %{{.+}}] : tensor<32x10xf32>
// CHECK: %[[LOG:.+]] = math.log %[[P]] : f32
// CHECK: arith.negf %[[LOG]] : f32
// CHECK: %[[SUM:.+]] = linalg.generic {indexing_maps = [#[[ID1]], #[[ALL1]]], iterator_types = ["reduction"]} ins(%[[L]] : tensor<32xf32>)
// CHECK-NOT: arith.divf
// CHECK: return %[[SUM]] : tensor<f32>
func.func @ce_probs_index_sum(%p: tensor<32x10xf32>, %t: tensor<32xi32>) -> tensor<f32> {
  %0 = nn.cross_entropy %p, %t {from_logits = false, reduction = #nn.reduction<sum>} : (tensor<32x10xf32>, tensor<32xi32>) -> tensor<f32>
  return %0 : tensor<f32>
}

// From probabilities with probability targets: -Σ_c t·log p; static batch:
// the mean divides by the constant 32.
// CHECK-LABEL: func.func @ce_probs_prob_mean
// CHECK: linalg.generic {indexing_maps = [#[[ID2]], #[[ID2]], #[[ROW]]], iterator_types = ["parallel", "reduction"]} ins(%arg0, %arg1 : tensor<32x10xf32>, tensor<32x10xf32>)
// CHECK: math.log
// CHECK: arith.negf
// CHECK: arith.mulf
// CHECK: arith.addf
// CHECK: linalg.generic {{.*}} iterator_types = ["reduction"]}
// CHECK: %[[C:.+]] = arith.constant 3.200000e+01 : f32
// CHECK: linalg.generic {indexing_maps = [#[[SCALAR]], #[[SCALAR]]], iterator_types = []}
// CHECK: arith.divf %{{.+}}, %[[C]] : f32
// CHECK-NOT: nn.
func.func @ce_probs_prob_mean(%p: tensor<32x10xf32>, %t: tensor<32x10xf32>) -> tensor<f32> {
  %0 = nn.cross_entropy %p, %t {from_logits = false, num_classes = 10 : i64} : (tensor<32x10xf32>, tensor<32x10xf32>) -> tensor<f32>
  return %0 : tensor<f32>
}

// (t - 1)·max(log1p(-p), -100) - t·max(log p, -100); log1p through
// log(u)·y / (u - 1), u = 1 + y; mean over all elements.
// CHECK-LABEL: func.func @bce
// CHECK: %[[E:.+]] = linalg.generic {indexing_maps = [#[[ID2]], #[[ID2]], #[[ID2]]], iterator_types = ["parallel", "parallel"]} ins(%arg0, %arg1 : tensor<?x1xf32>, tensor<?x1xf32>)
// CHECK: ^bb0(%[[P:.+]]: f32, %[[T:.+]]: f32, %{{.+}}: f32):
// CHECK: %[[FLOOR:.+]] = arith.constant -1.000000e+02 : f32
// CHECK: %[[LOGP:.+]] = math.log %[[P]] : f32
// CHECK: %[[CLP:.+]] = arith.maximumf %[[LOGP]], %[[FLOOR]] : f32
// CHECK: %[[NEGP:.+]] = arith.negf %[[P]] : f32
// CHECK: %[[U:.+]] = arith.addf %{{.+}}, %[[NEGP]] : f32
// CHECK: math.log %[[U]] : f32
// CHECK: arith.cmpf oeq, %[[U]]
// CHECK: %[[L1P:.+]] = arith.select
// CHECK: %[[CL1P:.+]] = arith.maximumf %[[L1P]], %[[FLOOR]] : f32
// CHECK: %[[TM1:.+]] = arith.subf %[[T]], %{{.+}} : f32
// CHECK: %[[A:.+]] = arith.mulf %[[T]], %[[CLP]] : f32
// CHECK: %[[B:.+]] = arith.mulf %[[TM1]], %[[CL1P]] : f32
// CHECK: arith.subf %[[B]], %[[A]] : f32
// CHECK: %[[SUM:.+]] = linalg.generic {indexing_maps = [#[[ID2]], #[[ALL2]]], iterator_types = ["reduction", "reduction"]} ins(%[[E]] : tensor<?x1xf32>)
// CHECK: tensor.dim %[[E]], %{{.+}} : tensor<?x1xf32>
// CHECK: arith.sitofp
// CHECK: linalg.generic {indexing_maps = [#[[SCALAR]], #[[SCALAR]]], iterator_types = []} ins(%[[SUM]] : tensor<f32>)
// CHECK: arith.divf
// CHECK-NOT: nn.
func.func @bce(%p: tensor<?x1xf32>, %t: tensor<?x1xf32>) -> tensor<f32> {
  %0 = nn.bce %p, %t : (tensor<?x1xf32>, tensor<?x1xf32>) -> tensor<f32>
  return %0 : tensor<f32>
}

// max(x, 0) - x·t + log1p(exp(-|x|)), per element (none).
// CHECK-LABEL: func.func @bce_with_logits_none
// CHECK: %[[E:.+]] = linalg.generic {indexing_maps = [#[[ID2]], #[[ID2]], #[[ID2]]], iterator_types = ["parallel", "parallel"]} ins(%arg0, %arg1 : tensor<?x3xf32>, tensor<?x3xf32>)
// CHECK: ^bb0(%[[X:.+]]: f32, %[[T:.+]]: f32, %{{.+}}: f32):
// CHECK: %[[RELU:.+]] = arith.maximumf %[[X]], %{{.+}} : f32
// CHECK: %[[ABS:.+]] = math.absf %[[X]] : f32
// CHECK: %[[NABS:.+]] = arith.negf %[[ABS]] : f32
// CHECK: %[[EXP:.+]] = math.exp %[[NABS]] : f32
// CHECK: %[[SP:.+]] = arith.select %{{.+}}, %[[EXP]], %{{.+}} : f32
// CHECK: %[[XT:.+]] = arith.mulf %[[X]], %[[T]] : f32
// CHECK: %[[D:.+]] = arith.subf %[[RELU]], %[[XT]] : f32
// CHECK: arith.addf %[[D]], %[[SP]] : f32
// CHECK: return %[[E]] : tensor<?x3xf32>
// CHECK-NOT: nn.
func.func @bce_with_logits_none(%x: tensor<?x3xf32>, %t: tensor<?x3xf32>) -> tensor<?x3xf32> {
  %0 = nn.bce_with_logits %x, %t {reduction = #nn.reduction<none>} : (tensor<?x3xf32>, tensor<?x3xf32>) -> tensor<?x3xf32>
  return %0 : tensor<?x3xf32>
}

// CHECK-LABEL: func.func @mse_sum
// CHECK: %[[E:.+]] = linalg.generic {{.*}} ins(%arg0, %arg1 : tensor<4x3xf64>, tensor<4x3xf64>)
// CHECK: %[[D:.+]] = arith.subf
// CHECK: arith.mulf %[[D]], %[[D]] : f64
// CHECK: %[[SUM:.+]] = linalg.generic {indexing_maps = [#[[ID2]], #[[ALL2]]], iterator_types = ["reduction", "reduction"]} ins(%[[E]] : tensor<4x3xf64>) outs(%{{.+}} : tensor<f64>)
// CHECK-NOT: arith.divf
// CHECK: return %[[SUM]] : tensor<f64>
func.func @mse_sum(%x: tensor<4x3xf64>, %t: tensor<4x3xf64>) -> tensor<f64> {
  %0 = nn.mse %x, %t {reduction = #nn.reduction<sum>} : (tensor<4x3xf64>, tensor<4x3xf64>) -> tensor<f64>
  return %0 : tensor<f64>
}

// mean over a dynamic batch and a static width: dim · 3 elements.
// CHECK-LABEL: func.func @mse_mean_dynamic
// CHECK: %[[SUM:.+]] = linalg.generic {{.*}} iterator_types = ["reduction", "reduction"]}
// CHECK: %[[N:.+]] = tensor.dim
// CHECK: %[[THREE:.+]] = arith.constant 3 : index
// CHECK: %[[COUNT:.+]] = arith.muli %[[N]], %[[THREE]] : index
// CHECK: arith.index_cast %[[COUNT]] : index to i64
// CHECK: arith.divf
// CHECK-NOT: nn.
func.func @mse_mean_dynamic(%x: tensor<?x3xf32>, %t: tensor<?x3xf32>) -> tensor<f32> {
  %0 = nn.mse %x, %t : (tensor<?x3xf32>, tensor<?x3xf32>) -> tensor<f32>
  return %0 : tensor<f32>
}
