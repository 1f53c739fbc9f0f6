// RUN: nnc-opt %s --nnc-cpu-pipeline="results-to-out-params" --mlir-print-ir-after=nnc-cpu-plan-memory -o /dev/null 2>&1 | FileCheck %s

// With results-to-out-params (shared libraries with static outputs), a
// static result becomes a buffer argument, and the allocation it was
// computed in is the caller's buffer: no allocation, no copy. A result that
// is not a buffer of its own (here: the input itself) is copied into it.

// CHECK-LABEL: func.func @dense_relu(
// CHECK-SAME: %[[X:.*]]: memref<4x16xf32>, %{{.*}}: memref<8x16xf32>, %[[OUT:.*]]: memref<4x8xf32>) {
// CHECK-NOT: memref.alloc() {{.*}} : memref<4x8xf32>
// CHECK: %[[ROW:.*]] = memref.subview %[[OUT]]
// CHECK: vector.transfer_write %{{.*}}, %[[ROW]]
// CHECK-NOT: memref.copy
// CHECK: return
// CHECK-NEXT: }
func.func @dense_relu(%x: tensor<4x16xf32>, %w: tensor<8x16xf32>) -> tensor<4x8xf32> {
  %y = nn.dense %x, %w {activation = #nn.activation<relu>} : (tensor<4x16xf32>, tensor<8x16xf32>) -> tensor<4x8xf32>
  return %y : tensor<4x8xf32>
}

// CHECK-LABEL: func.func @identity(
// CHECK-SAME: %[[X:.*]]: memref<3xf32>, %[[OUT:.*]]: memref<3xf32>) {
// CHECK: memref.copy %[[X]], %[[OUT]] : memref<3xf32> to memref<3xf32>
func.func @identity(%x: tensor<3xf32>) -> tensor<3xf32> {
  return %x : tensor<3xf32>
}
