// RUN: nnc-opt %s --convert-nn-to-linalg | FileCheck %s
// RUN: nnc-opt %s --convert-nn-to-linalg=check-values=false --canonicalize | FileCheck %s --check-prefix=NOCHECK
// RUN: nnc-opt %s --nnc-cpu-pipeline | FileCheck %s --check-prefix=LLVM

// Lowering of embedding and kmeans (SequenceOps.cpp).

// Fully lowered: no op of a higher-level dialect is left.
// LLVM: llvm.func @embedding(
// LLVM-NOT: {{[ ](nn|linalg|tensor|memref|math|func|scf|cf|arith|bufferization)\.[a-z_]+}}
// LLVM-NOT: unrealized_conversion_cast

// CHECK-DAG: #[[IDX3:.+]] = affine_map<(d0, d1, d2) -> (d0, d1)>
// CHECK-DAG: #[[ID3:.+]] = affine_map<(d0, d1, d2) -> (d0, d1, d2)>
// CHECK-DAG: #[[ID2:.+]] = affine_map<(d0, d1) -> (d0, d1)>
// CHECK-DAG: #[[ROW2:.+]] = affine_map<(d0, d1) -> (d0)>
// CHECK-DAG: #[[XD:.+]] = affine_map<(d0, d1, d2) -> (d0, d2)>
// CHECK-DAG: #[[CD:.+]] = affine_map<(d0, d1, d2) -> (d1, d2)>

// First a reduction over the flattened ids for the first one outside
// [0, rows), reported to the runtime (nnc_check_failed) only if there is
// one; then one generic over indices.shape + [D]: the row index from the
// input, clamped to the table, the column from linalg.index, the element
// with tensor.extract.
// CHECK-LABEL: func.func @embedding
// CHECK-SAME: (%[[IDS:.+]]: tensor<?x12xi64>, %[[T:.+]]: tensor<1000x64xf32>)
// CHECK: %[[N:.+]] = tensor.dim %[[IDS]], %{{.+}} : tensor<?x12xi64>
// CHECK: %[[E:.+]] = tensor.empty(%[[N]]) : tensor<?x12x64xf32>
// CHECK: %[[FLAT:.+]] = tensor.collapse_shape %[[IDS]] {{\[}}[0, 1]] : tensor<?x12xi64> into tensor<?xi64>
// CHECK: %[[FIRST:.+]] = linalg.generic {{.+}} iterator_types = ["reduction"]} ins(%[[FLAT]] : tensor<?xi64>) outs(%{{.+}} : tensor<i64>)
// CHECK: arith.cmpi slt
// CHECK: arith.minsi
// CHECK: %[[POS:.+]] = tensor.extract %[[FIRST]][] : tensor<i64>
// CHECK: %[[BAD:.+]] = arith.cmpi ne, %[[POS]]
// CHECK: scf.if %[[BAD]] {
// CHECK: func.call @nnc_check_failed(%{{.+}}, %[[POS]], %{{.+}}, %{{.+}}) : (i64, i64, i64, i64) -> ()
// CHECK: linalg.generic {indexing_maps = [#[[IDX3]], #[[ID3]]], iterator_types = ["parallel", "parallel", "parallel"]} ins(%[[IDS]] : tensor<?x12xi64>) outs(%[[E]] : tensor<?x12x64xf32>)
// CHECK: ^bb0(%[[I:.+]]: i64, %{{.+}}: f32):
// CHECK: %[[R:.+]] = arith.index_cast %[[I]] : i64 to index
// CHECK: %[[LOW:.+]] = arith.minsi %[[R]]
// CHECK: %[[ROW:.+]] = arith.maxsi %[[LOW]]
// CHECK: %[[C:.+]] = linalg.index 2 : index
// CHECK: %[[V:.+]] = tensor.extract %[[T]][%[[ROW]], %[[C]]] : tensor<1000x64xf32>
// CHECK: linalg.yield %[[V]] : f32
// CHECK-NOT: nn.
// Without check-values, the ids are clamped but not reported: neither the
// reduction nor the call (nor its declaration) is left.
// NOCHECK-NOT: nnc_check_failed
// NOCHECK-LABEL: func.func @embedding
// NOCHECK-NOT: "reduction"
// NOCHECK: linalg.generic
// NOCHECK: arith.minsi
// NOCHECK: arith.maxsi
// NOCHECK: return
func.func @embedding(%ids: tensor<?x12xi64>, %table: tensor<1000x64xf32>) -> tensor<?x12x64xf32> {
  %0 = nn.embedding %ids, %table : (tensor<?x12xi64>, tensor<1000x64xf32>) -> tensor<?x12x64xf32>
  return %0 : tensor<?x12x64xf32>
}

// i32 indices, 1-D, f64 table with a dynamic vocabulary.
// CHECK-LABEL: func.func @embedding_i32_1d
// CHECK: linalg.generic {indexing_maps = [#[[ROW2]], #[[ID2]]], iterator_types = ["parallel", "parallel"]} ins(%arg0 : tensor<7xi32>) outs(%{{.+}} : tensor<7x16xf64>)
// CHECK: arith.index_cast %{{.+}} : i32 to index
// CHECK: linalg.index 1 : index
// CHECK: tensor.extract %arg1[%{{.+}}, %{{.+}}] : tensor<?x16xf64>
// CHECK-NOT: nn.
func.func @embedding_i32_1d(%ids: tensor<7xi32>, %table: tensor<?x16xf64>) -> tensor<7x16xf64> {
  %0 = nn.embedding %ids, %table : (tensor<7xi32>, tensor<?x16xf64>) -> tensor<7x16xf64>
  return %0 : tensor<7x16xf64>
}

// Squared distances (reduction over D), then a stable softmax of -d / T
// over the centers: max, exp(s - max), sum, divide.
// CHECK-LABEL: func.func @kmeans
// CHECK-SAME: (%[[X:.+]]: tensor<?x16xf32>, %[[C:.+]]: tensor<10x16xf32>)
// CHECK: %[[N:.+]] = tensor.dim %[[X]], %{{.+}} : tensor<?x16xf32>
// CHECK: %[[Z:.+]] = linalg.fill ins(%{{.+}} : f32) outs(%{{.+}} : tensor<?x10xf32>)
// CHECK: %[[D:.+]] = linalg.generic {indexing_maps = [#[[XD]], #[[CD]], #[[IDX3]]], iterator_types = ["parallel", "parallel", "reduction"]} ins(%[[X]], %[[C]] : tensor<?x16xf32>, tensor<10x16xf32>) outs(%[[Z]] : tensor<?x10xf32>)
// CHECK: arith.subf
// CHECK: arith.mulf
// CHECK: arith.addf
// CHECK: %[[NEGINF:.+]] = arith.constant 0xFF800000 : f32
// CHECK: %[[M:.+]] = linalg.generic {indexing_maps = [#[[ID2]], #[[ROW2]]], iterator_types = ["parallel", "reduction"]} ins(%[[D]] : tensor<?x10xf32>)
// CHECK: arith.negf
// CHECK: arith.constant 5.000000e-01 : f32
// CHECK: arith.divf
// CHECK: arith.maximumf
// CHECK: %[[EXP:.+]] = linalg.generic {indexing_maps = [#[[ID2]], #[[ROW2]], #[[ID2]]], iterator_types = ["parallel", "parallel"]} ins(%[[D]], %[[M]] : tensor<?x10xf32>, tensor<?xf32>)
// CHECK: arith.subf
// CHECK: math.exp
// CHECK: %[[S:.+]] = linalg.generic {indexing_maps = [#[[ID2]], #[[ROW2]]], iterator_types = ["parallel", "reduction"]} ins(%[[EXP]] : tensor<?x10xf32>)
// CHECK: arith.addf
// CHECK: %[[R:.+]] = linalg.generic {indexing_maps = [#[[ID2]], #[[ROW2]], #[[ID2]]], iterator_types = ["parallel", "parallel"]} ins(%[[EXP]], %[[S]] : tensor<?x10xf32>, tensor<?xf32>)
// CHECK: arith.divf
// CHECK: return %[[R]] : tensor<?x10xf32>
// CHECK-NOT: nn.
func.func @kmeans(%x: tensor<?x16xf32>, %c: tensor<10x16xf32>) -> tensor<?x10xf32> {
  %0 = nn.kmeans %x, %c {temperature = 0.5 : f64} : (tensor<?x16xf32>, tensor<10x16xf32>) -> tensor<?x10xf32>
  return %0 : tensor<?x10xf32>
}

// [B, T, D] rows; temperature 1 needs no division.
// CHECK-LABEL: func.func @kmeans_3d
// CHECK: linalg.generic {{.*}} iterator_types = ["parallel", "parallel", "parallel", "reduction"]} ins(%arg0, %arg1 : tensor<?x5x4xf64>, tensor<3x4xf64>) outs(%{{.+}} : tensor<?x5x3xf64>)
// CHECK: linalg.generic {{.*}} iterator_types = ["parallel", "parallel", "reduction"]} ins(%{{.+}} : tensor<?x5x3xf64>) outs(%{{.+}} : tensor<?x5xf64>)
// CHECK-NOT: arith.divf
// CHECK: math.exp
// CHECK: linalg.generic
// CHECK: arith.divf
// CHECK-SAME: f64
// CHECK-NOT: nn.
func.func @kmeans_3d(%x: tensor<?x5x4xf64>, %c: tensor<3x4xf64>) -> tensor<?x5x3xf64> {
  %0 = nn.kmeans %x, %c : (tensor<?x5x4xf64>, tensor<3x4xf64>) -> tensor<?x5x3xf64>
  return %0 : tensor<?x5x3xf64>
}

// nn.lstm: the input projection of all steps at once, then a loop over the
// (here dynamic) steps carrying h, c and the output; one step's cell is
// linalg ops inside the loop (no unrolling).
// CHECK-LABEL: func.func @lstm_loop
// CHECK: %[[R:.+]]:3 = scf.for %[[S:.+]] = %{{.+}} to %{{.+}} step %{{.+}} iter_args(%[[H:.+]] = %{{.+}}, %[[C:.+]] = %{{.+}}, %[[Y:.+]] = %{{.+}}) -> (tensor<2x3xf32>, tensor<2x3xf32>, tensor<2x?x3xf32>)
// CHECK: tensor.extract_slice %{{.+}}[0, %[[S]], 0] [2, 1, 12] [1, 1, 1] : tensor<2x?x12xf32> to tensor<2x12xf32>
// CHECK: linalg.matmul
// CHECK: math.tanh
// CHECK: %[[YN:.+]] = tensor.insert_slice %{{.+}} into %[[Y]][0, %[[S]], 0] [2, 1, 3] [1, 1, 1] : tensor<2x3xf32> into tensor<2x?x3xf32>
// The new h and c are copied into the carried ones: the loop yields its
// own buffers (no allocation per step once bufferized).
// CHECK: %[[HN:.+]] = linalg.copy ins(%{{.+}} : tensor<2x3xf32>) outs(%[[H]] : tensor<2x3xf32>)
// CHECK: %[[CN:.+]] = linalg.copy ins(%{{.+}} : tensor<2x3xf32>) outs(%[[C]] : tensor<2x3xf32>)
// CHECK: scf.yield %[[HN]], %[[CN]], %[[YN]]
// CHECK-NOT: nn.
func.func @lstm_loop(%x: tensor<2x?x4xf32>, %wih: tensor<12x4xf32>, %whh: tensor<12x3xf32>) -> (tensor<2x?x3xf32>, tensor<2x3xf32>, tensor<2x3xf32>) {
  %y, %h, %c = nn.lstm %x, %wih, %whh : (tensor<2x?x4xf32>, tensor<12x4xf32>, tensor<12x3xf32>) -> (tensor<2x?x3xf32>, tensor<2x3xf32>, tensor<2x3xf32>)
  return %y, %h, %c : tensor<2x?x3xf32>, tensor<2x3xf32>, tensor<2x3xf32>
}
