// RUN: nnc-opt %s --convert-nn-to-linalg --canonicalize | FileCheck %s
// RUN: nnc-opt %s --convert-nn-to-linalg=attention-key-block=0 | FileCheck %s --check-prefix=OFF
// RUN: not nnc-opt %s --convert-nn-to-linalg=attention-query-block=0 2>&1 | FileCheck %s --check-prefix=BAD

// BAD: error: convert-nn-to-linalg: attention-query-block must be >= 1 and attention-key-block >= 0
// BAD-NOT: see current operation

// Blocks of 25 queries (a divisor of 100) and 64 keys; 150 keys are two
// full blocks and 22. Causal: the loop stops at the block that holds the
// last query of the query block. No 100x150 score tensor.
// CHECK-LABEL: func.func @causal_blocks
// CHECK-NOT: 100x150
// CHECK: scf.forall (%[[BH:.+]], %[[QB:.+]]) in (8, 4) shared_outs(%{{.+}} = %{{.+}}) -> (tensor<8x100x8xf32>)
// CHECK: %[[Q:.+]] = tensor.extract_slice %{{.+}}[%[[BH]], %{{.+}}, 0] [1, 25, 16] [1, 1, 1] : tensor<8x100x16xf32> to tensor<25x16xf32>
// CHECK: %[[UB:.+]] = affine.min
// CHECK: scf.for %{{.+}} = %{{.+}} to %[[UB]] step %{{.+}} iter_args(%[[ACC:.+]] = %{{.+}}, %[[M:.+]] = %{{.+}}, %[[L:.+]] = %{{.+}}) -> (tensor<25x8xf32>, tensor<25xf32>, tensor<25xf32>)
// CHECK: linalg.matmul ins(%[[Q]], %{{.+}} : tensor<25x16xf32>, tensor<16x64xf32>)
// CHECK: arith.cmpi ule
// CHECK: outs(%[[M]], %{{.+}} : tensor<25xf32>, tensor<25xf32>)
// CHECK: math.exp
// CHECK: outs(%[[L]] : tensor<25xf32>)
// CHECK: outs(%[[ACC]] : tensor<25x8xf32>)
// CHECK: linalg.matmul ins(%{{.+}}, %{{.+}} : tensor<25x64xf32>, tensor<64x8xf32>)
// CHECK: scf.yield
// CHECK: linalg.matmul ins(%[[Q]], %{{.+}} : tensor<25x16xf32>, tensor<16x22xf32>)
// CHECK: arith.divf
// CHECK: tensor.parallel_insert_slice %{{.+}} into %{{.+}}[%[[BH]], %{{.+}}, 0] [1, 25, 8] [1, 1, 1] : tensor<25x8xf32> into tensor<8x100x8xf32>
// CHECK: tensor.expand_shape %{{.+}} {{\[\[}}0, 1], [2], [3]] output_shape [2, 4, 100, 8]
// OFF-LABEL: func.func @causal_blocks
// OFF: linalg.batch_matmul
// OFF-NOT: scf.forall
func.func @causal_blocks(%q: tensor<2x4x100x16xf32>, %kt: tensor<2x4x16x150xf32>, %v: tensor<2x4x150x8xf32>) -> tensor<2x4x100x8xf32> {
  %c = arith.constant dense<0.25> : tensor<f32>
  %s = nn.matmul %q, %kt : (tensor<2x4x100x16xf32>, tensor<2x4x16x150xf32>) -> tensor<2x4x100x150xf32>
  %t = nn.mul %c, %s : (tensor<f32>, tensor<2x4x100x150xf32>) -> tensor<2x4x100x150xf32>
  %p = nn.softmax %t {causal} : (tensor<2x4x100x150xf32>) -> tensor<2x4x100x150xf32>
  %y = nn.matmul %p, %v : (tensor<2x4x100x150xf32>, tensor<2x4x150x8xf32>) -> tensor<2x4x100x8xf32>
  return %y : tensor<2x4x100x8xf32>
}

// A boolean mask is read as i8 blocks; a row with no key kept gives 0.
// Blocks of 32 queries and a remainder block of 3 (no divisor near 32).
// CHECK-LABEL: func.func @bool_mask
// CHECK: arith.extui %{{.+}} : i1 to i8
// CHECK: scf.forall (%{{.+}}) in (3)
// CHECK: tensor.extract_slice %{{.+}}[0, 0, 0] [1, 32, 64] [1, 1, 1] : tensor<1x35x64xi8> to tensor<32x64xi8>
// CHECK: arith.cmpi ne
// CHECK: arith.cmpf oeq
// CHECK: arith.select
// CHECK: scf.forall (%{{.+}}) in (3)
// CHECK: [0, 32, 0] [1, 3, 64] [1, 1, 1] : tensor<1x35x64xi8> to tensor<3x64xi8>
func.func @bool_mask(%q: tensor<3x35x16xf32>, %kt: tensor<3x16x64xf32>, %v: tensor<3x64x16xf32>, %m: tensor<1x35x64xi1>) -> tensor<3x35x16xf32> {
  %s = nn.matmul %q, %kt : (tensor<3x35x16xf32>, tensor<3x16x64xf32>) -> tensor<3x35x64xf32>
  %p = nn.softmax %s mask %m : (tensor<3x35x64xf32>, tensor<1x35x64xi1>) -> tensor<3x35x64xf32>
  %y = nn.matmul %p, %v : (tensor<3x35x64xf32>, tensor<3x64x16xf32>) -> tensor<3x35x16xf32>
  return %y : tensor<3x35x16xf32>
}

// The probabilities are a result too: nothing is fused.
// CHECK-LABEL: func.func @probabilities_used
// CHECK-NOT: scf.forall
// CHECK: linalg.batch_matmul
func.func @probabilities_used(%q: tensor<2x8x4xf32>, %kt: tensor<2x4x8xf32>, %v: tensor<2x8x4xf32>) -> (tensor<2x8x4xf32>, tensor<2x8x8xf32>) {
  %s = nn.matmul %q, %kt : (tensor<2x8x4xf32>, tensor<2x4x8xf32>) -> tensor<2x8x8xf32>
  %p = nn.softmax %s : (tensor<2x8x8xf32>) -> tensor<2x8x8xf32>
  %y = nn.matmul %p, %v : (tensor<2x8x8xf32>, tensor<2x8x4xf32>) -> tensor<2x8x4xf32>
  return %y, %p : tensor<2x8x4xf32>, tensor<2x8x8xf32>
}
