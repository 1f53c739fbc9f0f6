// RUN: nnc-opt %s --nnc-cpu-pipeline --mlir-print-ir-after=nnc-cpu-plan-memory -o /dev/null 2>&1 | FileCheck %s

// An LSTM's loop over time steps allocates nothing: the state is updated in
// the carried buffers, the step's temporaries are arena views planned
// before the loop (compile time and memory do not depend on T).
// CHECK-LABEL: func.func @lstm(
// CHECK: call @nnc_arena
// CHECK: scf.for %{{.*}} = %c0 to %c50 step %c1 {
// CHECK-NOT: memref.alloc
// CHECK-NOT: memref.dealloc
// CHECK: return
func.func @lstm(%x: tensor<4x50x8xf32>, %wih: tensor<64x8xf32>, %whh: tensor<64x16xf32>) -> tensor<4x16xf32> {
  %y, %h, %c = nn.lstm %x, %wih, %whh : (tensor<4x50x8xf32>, tensor<64x8xf32>, tensor<64x16xf32>) -> (tensor<4x50x16xf32>, tensor<4x16xf32>, tensor<4x16xf32>)
  return %h : tensor<4x16xf32>
}
