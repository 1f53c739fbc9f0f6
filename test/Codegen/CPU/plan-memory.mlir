// RUN: nnc-opt %s --nnc-cpu-plan-memory | FileCheck %s

// Intermediate buffers (allocated and freed in the function body) become
// views of one arena from nnc_arena: %a (4 KiB) and %b (1 KiB) are live at
// once, %c (1 KiB) only after %a is freed, so it reuses %a's bytes. The
// result (never freed here) and a dynamic buffer stay allocations.

// CHECK: func.func private @nnc_arena(i64) -> memref<?xi8> attributes {llvm.emit_c_interface}
// CHECK-LABEL: func.func @reuse(
// CHECK: %[[ARENA:.*]] = call @nnc_arena(%c5120_i64) : (i64) -> memref<?xi8>
// CHECK: %[[A:.*]] = memref.view %[[ARENA]][%c0{{.*}}][] : memref<?xi8> to memref<1024xf32>
// CHECK: %[[B:.*]] = memref.view %[[ARENA]][%c4096{{.*}}][] : memref<?xi8> to memref<256xf32>
// CHECK: %[[C:.*]] = memref.view %[[ARENA]][%c0{{.*}}][] : memref<?xi8> to memref<256xf32>
// CHECK: %[[R:.*]] = memref.alloc() : memref<256xf32>
// CHECK: memref.alloc(%{{.*}}) : memref<?xf32>
// CHECK-NOT: memref.dealloc %[[A]]
// CHECK-NOT: memref.dealloc %[[B]]
// CHECK-NOT: memref.dealloc %[[C]]
// CHECK: return %[[R]]
func.func @reuse(%x: memref<1024xf32>, %n: index) -> memref<256xf32> {
  %a = memref.alloc() : memref<1024xf32>
  memref.copy %x, %a : memref<1024xf32> to memref<1024xf32>
  %b = memref.alloc() : memref<256xf32>
  %sa = memref.subview %a[0] [256] [1] : memref<1024xf32> to memref<256xf32, strided<[1]>>
  memref.copy %sa, %b : memref<256xf32, strided<[1]>> to memref<256xf32>
  memref.dealloc %a : memref<1024xf32>
  %c = memref.alloc() : memref<256xf32>
  memref.copy %b, %c : memref<256xf32> to memref<256xf32>
  memref.dealloc %b : memref<256xf32>
  %r = memref.alloc() : memref<256xf32>
  memref.copy %c, %r : memref<256xf32> to memref<256xf32>
  memref.dealloc %c : memref<256xf32>
  %d = memref.alloc(%n) : memref<?xf32>
  memref.dealloc %d : memref<?xf32>
  return %r : memref<256xf32>
}

// A function that calls another of the module (and that one) keeps its
// allocations: both would take the calling thread's one arena.
// CHECK-LABEL: func.func @caller(
// CHECK: memref.alloc() : memref<64xf32>
// CHECK: memref.dealloc
// CHECK-LABEL: func.func @callee(
// CHECK: memref.alloc() : memref<64xf32>
// CHECK: memref.dealloc
func.func @caller(%x: memref<64xf32>) {
  %a = memref.alloc() : memref<64xf32>
  memref.copy %x, %a : memref<64xf32> to memref<64xf32>
  call @callee(%a) : (memref<64xf32>) -> ()
  memref.dealloc %a : memref<64xf32>
  return
}
func.func @callee(%x: memref<64xf32>) {
  %b = memref.alloc() : memref<64xf32>
  memref.copy %x, %b : memref<64xf32> to memref<64xf32>
  memref.dealloc %b : memref<64xf32>
  return
}

// Deallocations at the end of the body (where the deallocation pipeline
// puts them) do not extend a lifetime: it ends at the last use of the
// buffer or of a view of it, here inside a loop, so %q reuses %p's bytes;
// %s is carried by a loop whose result is read later, so it lives until
// that read.
// CHECK-LABEL: func.func @last_use(
// CHECK: %[[ARENA:.*]] = call @nnc_arena(%c8192_i64) : (i64) -> memref<?xi8>
// CHECK: memref.view %[[ARENA]][%c0{{.*}}][] : memref<?xi8> to memref<1024xf32>
// CHECK: memref.view %[[ARENA]][%c0{{.*}}][] : memref<?xi8> to memref<1024xf32>
// CHECK: memref.view %[[ARENA]][%c4096{{.*}}][] : memref<?xi8> to memref<1024xf32>
// CHECK: memref.view %[[ARENA]][%c0{{.*}}][] : memref<?xi8> to memref<1024xf32>
func.func @last_use(%x: memref<1024xf32>, %y: memref<1024xf32>) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c4 = arith.constant 4 : index
  %p = memref.alloc() : memref<1024xf32>
  %pv = memref.subview %p[0] [512] [1] : memref<1024xf32> to memref<512xf32, strided<[1]>>
  scf.for %i = %c0 to %c4 step %c1 {
    memref.copy %x, %p : memref<1024xf32> to memref<1024xf32>
  }
  %q = memref.alloc() : memref<1024xf32>
  memref.copy %x, %q : memref<1024xf32> to memref<1024xf32>
  %s = memref.alloc() : memref<1024xf32>
  %r = scf.for %i = %c0 to %c4 step %c1 iter_args(%acc = %s) -> (memref<1024xf32>) {
    memref.copy %q, %acc : memref<1024xf32> to memref<1024xf32>
    scf.yield %acc : memref<1024xf32>
  }
  %t = memref.alloc() : memref<1024xf32>
  memref.copy %x, %t : memref<1024xf32> to memref<1024xf32>
  memref.copy %r, %y : memref<1024xf32> to memref<1024xf32>
  memref.dealloc %p : memref<1024xf32>
  memref.dealloc %q : memref<1024xf32>
  memref.dealloc %s : memref<1024xf32>
  memref.dealloc %t : memref<1024xf32>
  return
}
