// RUN: nnc-opt %s --nnc-cpu-stack-tile-buffers | FileCheck %s
// RUN: nnc-opt %s --nnc-cpu-stack-tile-buffers="max-bytes=1024" | FileCheck %s --check-prefix=SMALL

// A static buffer allocated directly in a parallel tile (a tile's scratch)
// lives on that thread's stack: no malloc / free per tile and per thread.
// Dynamic buffers, buffers over the limit and buffers outside a forall stay
// on the heap.

// CHECK-LABEL: func.func @tile_scratch(
// CHECK: scf.forall
// CHECK-NEXT: %[[S:.*]] = memref.alloca() {alignment = 64 : i64} : memref<16x64xf32>
// CHECK-NOT: memref.dealloc
// CHECK: memref.alloc(%{{.*}}) : memref<?xf32>
// CHECK: memref.dealloc
// SMALL-LABEL: func.func @tile_scratch(
// SMALL: memref.alloc() {alignment = 64 : i64} : memref<16x64xf32>
func.func @tile_scratch(%out: memref<4x16x64xf32>, %n: index) {
  scf.forall (%i) in (4) {
    %s = memref.alloc() {alignment = 64 : i64} : memref<16x64xf32>
    %d = memref.alloc(%n) : memref<?xf32>
    %o = memref.subview %out[%i, 0, 0] [1, 16, 64] [1, 1, 1] : memref<4x16x64xf32> to memref<16x64xf32, strided<[64, 1], offset: ?>>
    memref.copy %s, %o : memref<16x64xf32> to memref<16x64xf32, strided<[64, 1], offset: ?>>
    memref.dealloc %s : memref<16x64xf32>
    memref.dealloc %d : memref<?xf32>
  }
  return
}

// CHECK-LABEL: func.func @outside_forall(
// CHECK: memref.alloc() : memref<16xf32>
func.func @outside_forall() -> memref<16xf32> {
  %a = memref.alloc() : memref<16xf32>
  return %a : memref<16xf32>
}

// In a loop of a parallel tile, a buffer that stays in its loop step is one
// stack buffer for all steps, at the start of the tile; one that a step
// yields (through a view too) stays on the heap.
// CHECK-LABEL: func.func @loop_scratch(
// CHECK: scf.forall
// CHECK-NEXT: %[[S:.*]] = memref.alloca() {alignment = 64 : i64} : memref<32xf32>
// CHECK: scf.for
// CHECK-NOT: memref.alloca
// CHECK: memref.copy %{{.*}}, %[[S]]
// CHECK: memref.alloc() : memref<4x8xf32>
// CHECK: scf.yield
func.func @loop_scratch(%in: memref<32xf32>, %n: index) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  scf.forall (%i) in (4) {
    %init = memref.alloc() : memref<32xf32>
    %r = scf.for %j = %c0 to %n step %c1 iter_args(%acc = %init) -> (memref<32xf32>) {
      %s = memref.alloc() {alignment = 64 : i64} : memref<32xf32>
      memref.copy %in, %s : memref<32xf32> to memref<32xf32>
      %y = memref.alloc() : memref<4x8xf32>
      %flat = memref.collapse_shape %y [[0, 1]] : memref<4x8xf32> into memref<32xf32>
      scf.yield %flat : memref<32xf32>
    }
  }
  return
}
