// RUN: nnc-opt %s --split-input-file --nnc-drop-in-place-results --verify-diagnostics | FileCheck %s

// An update written over its argument (through a cast or not) is not
// returned; a result of its own is.
// CHECK-LABEL: func.func @step(
// CHECK-SAME: %[[P:.*]]: memref<4xf32>, %[[V:.*]]: memref<4xf32>) -> memref<f32> {
// CHECK: %[[LOSS:.*]] = memref.alloc() : memref<f32>
// CHECK: return %[[LOSS]] : memref<f32>
func.func @step(%p: memref<4xf32>, %v: memref<4xf32>) -> (memref<f32>, memref<4xf32>, memref<?xf32>) {
  %loss = memref.alloc() : memref<f32>
  %cast = memref.cast %v : memref<4xf32> to memref<?xf32>
  return %loss, %p, %cast : memref<f32>, memref<4xf32>, memref<?xf32>
}

// A private function is left to upstream drop-equivalent-buffer-results.
// CHECK-LABEL: func.func private @helper(
// CHECK: return %{{.*}} : memref<4xf32>
func.func private @helper(%p: memref<4xf32>) -> memref<4xf32> {
  return %p : memref<4xf32>
}

// -----

// A public function that is called keeps its results for its callers.
// expected-error @below {{nnc-drop-in-place-results: @called is called in the module}}
func.func @called(%p: memref<4xf32>) -> memref<4xf32> {
  return %p : memref<4xf32>
}

func.func @caller(%p: memref<4xf32>) -> memref<4xf32> {
  %r = call @called(%p) : (memref<4xf32>) -> memref<4xf32>
  return %r : memref<4xf32>
}
