// RUN: nnc-opt %s --nnc-cpu-pipeline | FileCheck %s

// Very long sequences compile (in the time of short ones): an LSTM of 2^31
// steps is one loop over the steps, also in a module with attention (whose
// fusion used to decompose the LSTM too, unrolled into one copy per step:
// out of memory here), and a causal attention's mask over 100,000
// positions is computed in its kernel, never materialized as an Lq x Lk
// constant.
// CHECK-LABEL: llvm.func @lstm_long(
// CHECK: llvm.icmp "slt" %{{.+}}, %{{.+}} : i64
func.func @lstm_long(%x: tensor<1x2147483648x4xf32>, %wih: tensor<12x4xf32>, %whh: tensor<12x3xf32>) -> (tensor<1x3xf32>, tensor<1x3xf32>) {
  %y, %h, %c = nn.lstm %x, %wih, %whh : (tensor<1x2147483648x4xf32>, tensor<12x4xf32>, tensor<12x3xf32>) -> (tensor<1x2147483648x3xf32>, tensor<1x3xf32>, tensor<1x3xf32>)
  return %h, %c : tensor<1x3xf32>, tensor<1x3xf32>
}

// CHECK-LABEL: llvm.func @causal_long(
// CHECK-NOT: llvm.mlir.global
// CHECK: llvm.return
func.func @causal_long(%x: tensor<1x100000x8xf32>, %w: tensor<8x8xf32>) -> tensor<1x100000x8xf32> {
  %y = nn.attention %x, %x, %x weights(%w, %w, %w, %w) {num_heads = 1 : i64, causal} : (tensor<1x100000x8xf32>, tensor<1x100000x8xf32>, tensor<1x100000x8xf32>, tensor<8x8xf32>, tensor<8x8xf32>, tensor<8x8xf32>, tensor<8x8xf32>) -> tensor<1x100000x8xf32>
  return %y : tensor<1x100000x8xf32>
}
