// A shared library with a dynamic batch takes the batch size first and gives
// every sample the result it gets alone, at batch 1, 7 and 64.
// RUN: rm -rf %t && mkdir -p %t
// RUN: nnc-translate %s --emit=shared -o %t/libdyn.so
// RUN: FileCheck %s --check-prefix=HEADER < %t/dyn.h
// RUN: cc -std=c99 -Wall -Werror -I%t %S/Inputs/use_dynamic_batch.c -L%t -ldyn -lm -Wl,-rpath,%t -o %t/use
// RUN: %t/use | FileCheck %s

// HEADER: int dyn_run(int64_t batch, const float *in0, float *out0)
// HEADER: input  in0: float32 [?, 8], batch x 8 elements
// HEADER: #define DYN_IN0_SIZE 8
// CHECK: batch 1: ok
// CHECK: batch 7: ok
// CHECK: batch 64: ok
func.func @main(%x: tensor<?x8xf32>) -> tensor<?x4xf32> {
  %w = arith.constant dense<[[0.1, -0.2, 0.3, 0.4, -0.5, 0.6, 0.7, -0.8],
                             [0.5, 0.1, -0.3, 0.2, 0.9, -0.4, 0.3, 0.2],
                             [-0.7, 0.6, 0.2, -0.1, 0.3, 0.8, -0.6, 0.4],
                             [0.2, 0.2, 0.2, 0.2, -0.2, -0.2, -0.2, -0.2]]> : tensor<4x8xf32>
  %b = arith.constant dense<[0.1, -0.1, 0.2, 0.0]> : tensor<4xf32>
  %h = nn.dense %x, %w, %b {activation = #nn.activation<tanh>} : (tensor<?x8xf32>, tensor<4x8xf32>, tensor<4xf32>) -> tensor<?x4xf32>
  %y = nn.softmax %h : (tensor<?x4xf32>) -> tensor<?x4xf32>
  return %y : tensor<?x4xf32>
}
