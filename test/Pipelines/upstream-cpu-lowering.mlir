// nnc-opt registers the upstream passes of the CPU lowering path; this runs
// DESIGN's tensors-to-LLVM pipeline on a linalg matmul + elementwise op.
// RUN: nnc-opt %s --one-shot-bufferize="bufferize-function-boundaries function-boundary-type-conversion=identity-layout-map" \
// RUN:   --buffer-deallocation-pipeline --convert-linalg-to-loops --convert-scf-to-cf \
// RUN:   --expand-strided-metadata --lower-affine --finalize-memref-to-llvm \
// RUN:   --convert-math-to-llvm --convert-arith-to-llvm --convert-func-to-llvm \
// RUN:   --convert-cf-to-llvm --reconcile-unrealized-casts | FileCheck %s

// CHECK-LABEL: llvm.func @matmul_exp
// CHECK:         llvm.fmul
// CHECK:         llvm.fadd
// CHECK:         llvm.intr.exp
// CHECK-NOT:     linalg.
// CHECK-NOT:     memref.
func.func @matmul_exp(%a: tensor<4x8xf32>, %b: tensor<8x16xf32>,
                      %c: tensor<4x16xf32>) -> tensor<4x16xf32> {
  %0 = linalg.matmul ins(%a, %b : tensor<4x8xf32>, tensor<8x16xf32>)
                     outs(%c : tensor<4x16xf32>) -> tensor<4x16xf32>
  %1 = linalg.exp ins(%0 : tensor<4x16xf32>) outs(%c : tensor<4x16xf32>) -> tensor<4x16xf32>
  return %1 : tensor<4x16xf32>
}
