// RUN: nnc-opt %s | FileCheck %s
// RUN: nnc-opt %s | nnc-opt | FileCheck %s
// RUN: nnc-opt %s --mlir-print-op-generic | nnc-opt | FileCheck %s

// Round trip of the sequence ops (NNSequenceOps.td): attention, swiglu,
// embedding, rnn, lstm, kmeans.

// Self-attention without biases or mask.
// CHECK-LABEL: func.func @attention_plain(
// CHECK: nn.attention %arg0, %arg0, %arg0 weights(%arg1, %arg1, %arg1, %arg1) {num_heads = 4 : i64} : (tensor<2x10x32xf32>, tensor<2x10x32xf32>, tensor<2x10x32xf32>, tensor<32x32xf32>, tensor<32x32xf32>, tensor<32x32xf32>, tensor<32x32xf32>) -> tensor<2x10x32xf32>
func.func @attention_plain(%x: tensor<2x10x32xf32>, %w: tensor<32x32xf32>) -> tensor<2x10x32xf32> {
  %y = nn.attention %x, %x, %x weights(%w, %w, %w, %w) {num_heads = 4 : i64} : (tensor<2x10x32xf32>, tensor<2x10x32xf32>, tensor<2x10x32xf32>, tensor<32x32xf32>, tensor<32x32xf32>, tensor<32x32xf32>, tensor<32x32xf32>) -> tensor<2x10x32xf32>
  return %y : tensor<2x10x32xf32>
}

// Cross-attention with the four biases, a boolean mask broadcast over the
// heads ([B, 1, Lq, Lk]), causal and an explicit scale; key and value have
// their own widths (Ek = 24, Ev = 16) and length (Lk = 7).
// CHECK-LABEL: func.func @attention_full(
// CHECK: nn.attention %arg0, %arg1, %arg2 weights(%arg3, %arg4, %arg5, %arg6) biases(%arg7, %arg7, %arg7, %arg7) mask %arg8 {causal, num_heads = 2 : i64, scale = 1.250000e-01 : f64} : (tensor<?x5x32xf32>, tensor<?x7x24xf32>, tensor<?x7x16xf32>, tensor<32x32xf32>, tensor<32x24xf32>, tensor<32x16xf32>, tensor<32x32xf32>, tensor<32xf32>, tensor<32xf32>, tensor<32xf32>, tensor<32xf32>, tensor<1x1x5x7xi1>) -> tensor<?x5x32xf32>
func.func @attention_full(%q: tensor<?x5x32xf32>, %k: tensor<?x7x24xf32>, %v: tensor<?x7x16xf32>,
                          %wq: tensor<32x32xf32>, %wk: tensor<32x24xf32>, %wv: tensor<32x16xf32>, %wo: tensor<32x32xf32>,
                          %b: tensor<32xf32>, %m: tensor<1x1x5x7xi1>) -> tensor<?x5x32xf32> {
  %y = nn.attention %q, %k, %v weights(%wq, %wk, %wv, %wo) biases(%b, %b, %b, %b) mask %m {num_heads = 2 : i64, causal, scale = 0.125 : f64} : (tensor<?x5x32xf32>, tensor<?x7x24xf32>, tensor<?x7x16xf32>, tensor<32x32xf32>, tensor<32x24xf32>, tensor<32x16xf32>, tensor<32x32xf32>, tensor<32xf32>, tensor<32xf32>, tensor<32xf32>, tensor<32xf32>, tensor<1x1x5x7xi1>) -> tensor<?x5x32xf32>
  return %y : tensor<?x5x32xf32>
}

// A float (additive) mask [Lq, Lk] without biases; causal alone.
// CHECK-LABEL: func.func @attention_mask_causal(
// CHECK: nn.attention %arg0, %arg0, %arg0 weights(%arg1, %arg1, %arg1, %arg1) mask %arg2 {num_heads = 8 : i64} : (tensor<1x6x64xf32>, tensor<1x6x64xf32>, tensor<1x6x64xf32>, tensor<64x64xf32>, tensor<64x64xf32>, tensor<64x64xf32>, tensor<64x64xf32>, tensor<6x6xf32>) -> tensor<1x6x64xf32>
// CHECK: nn.attention %arg0, %arg0, %arg0 weights(%arg1, %arg1, %arg1, %arg1) {causal, num_heads = 1 : i64} : (tensor<1x6x64xf32>, tensor<1x6x64xf32>, tensor<1x6x64xf32>, tensor<64x64xf32>, tensor<64x64xf32>, tensor<64x64xf32>, tensor<64x64xf32>) -> tensor<1x6x64xf32>
func.func @attention_mask_causal(%x: tensor<1x6x64xf32>, %w: tensor<64x64xf32>, %m: tensor<6x6xf32>) -> (tensor<1x6x64xf32>, tensor<1x6x64xf32>) {
  %0 = nn.attention %x, %x, %x weights(%w, %w, %w, %w) mask %m {num_heads = 8 : i64} : (tensor<1x6x64xf32>, tensor<1x6x64xf32>, tensor<1x6x64xf32>, tensor<64x64xf32>, tensor<64x64xf32>, tensor<64x64xf32>, tensor<64x64xf32>, tensor<6x6xf32>) -> tensor<1x6x64xf32>
  %1 = nn.attention %x, %x, %x weights(%w, %w, %w, %w) {num_heads = 1 : i64, causal} : (tensor<1x6x64xf32>, tensor<1x6x64xf32>, tensor<1x6x64xf32>, tensor<64x64xf32>, tensor<64x64xf32>, tensor<64x64xf32>, tensor<64x64xf32>) -> tensor<1x6x64xf32>
  return %0, %1 : tensor<1x6x64xf32>, tensor<1x6x64xf32>
}

// CHECK-LABEL: func.func @swiglu(
// CHECK: nn.swiglu %arg0, %arg1, %arg1, %arg2 : (tensor<?x16x32xf32>, tensor<64x32xf32>, tensor<64x32xf32>, tensor<48x64xf32>) -> tensor<?x16x48xf32>
func.func @swiglu(%x: tensor<?x16x32xf32>, %wg: tensor<64x32xf32>, %wd: tensor<48x64xf32>) -> tensor<?x16x48xf32> {
  %y = nn.swiglu %x, %wg, %wg, %wd : (tensor<?x16x32xf32>, tensor<64x32xf32>, tensor<64x32xf32>, tensor<48x64xf32>) -> tensor<?x16x48xf32>
  return %y : tensor<?x16x48xf32>
}

// CHECK-LABEL: func.func @swiglu_biases(
// CHECK: nn.swiglu %arg0, %arg1, %arg2, %arg3 biases(%arg4, %arg4, %arg5) : (tensor<8x32xf32>, tensor<64x32xf32>, tensor<64x32xf32>, tensor<32x64xf32>, tensor<64xf32>, tensor<64xf32>, tensor<32xf32>) -> tensor<8x32xf32>
func.func @swiglu_biases(%x: tensor<8x32xf32>, %wg: tensor<64x32xf32>, %wu: tensor<64x32xf32>, %wd: tensor<32x64xf32>, %bh: tensor<64xf32>, %bo: tensor<32xf32>) -> tensor<8x32xf32> {
  %y = nn.swiglu %x, %wg, %wu, %wd biases(%bh, %bh, %bo) : (tensor<8x32xf32>, tensor<64x32xf32>, tensor<64x32xf32>, tensor<32x64xf32>, tensor<64xf32>, tensor<64xf32>, tensor<32xf32>) -> tensor<8x32xf32>
  return %y : tensor<8x32xf32>
}

// Any index shape; the result appends the embedding width.
// CHECK-LABEL: func.func @embedding(
// CHECK: nn.embedding %arg0, %arg2 : (tensor<?x12xi64>, tensor<1000x64xf32>) -> tensor<?x12x64xf32>
// CHECK: nn.embedding %arg1, %arg2 : (tensor<5xi32>, tensor<1000x64xf32>) -> tensor<5x64xf32>
func.func @embedding(%ids: tensor<?x12xi64>, %ids32: tensor<5xi32>, %table: tensor<1000x64xf32>) -> (tensor<?x12x64xf32>, tensor<5x64xf32>) {
  %0 = nn.embedding %ids, %table : (tensor<?x12xi64>, tensor<1000x64xf32>) -> tensor<?x12x64xf32>
  %1 = nn.embedding %ids32, %table : (tensor<5xi32>, tensor<1000x64xf32>) -> tensor<5x64xf32>
  return %0, %1 : tensor<?x12x64xf32>, tensor<5x64xf32>
}

// CHECK-LABEL: func.func @rnn(
// CHECK: nn.rnn %arg0, %arg1, %arg2 : (tensor<4x10x8xf32>, tensor<16x8xf32>, tensor<16x16xf32>) -> (tensor<4x10x16xf32>, tensor<4x16xf32>)
func.func @rnn(%x: tensor<4x10x8xf32>, %wih: tensor<16x8xf32>, %whh: tensor<16x16xf32>) -> (tensor<4x10x16xf32>, tensor<4x16xf32>) {
  %y, %h = nn.rnn %x, %wih, %whh : (tensor<4x10x8xf32>, tensor<16x8xf32>, tensor<16x16xf32>) -> (tensor<4x10x16xf32>, tensor<4x16xf32>)
  return %y, %h : tensor<4x10x16xf32>, tensor<4x16xf32>
}

// Biases, an initial state and the relu nonlinearity, dynamic batch.
// CHECK-LABEL: func.func @rnn_full(
// CHECK: nn.rnn %arg0, %arg1, %arg2 biases(%arg3, %arg3) initial(%arg4) {activation = #nn.rnn_activation<relu>} : (tensor<?x10x8xf32>, tensor<16x8xf32>, tensor<16x16xf32>, tensor<16xf32>, tensor<16xf32>, tensor<?x16xf32>) -> (tensor<?x10x16xf32>, tensor<?x16xf32>)
func.func @rnn_full(%x: tensor<?x10x8xf32>, %wih: tensor<16x8xf32>, %whh: tensor<16x16xf32>, %b: tensor<16xf32>, %h0: tensor<?x16xf32>) -> (tensor<?x10x16xf32>, tensor<?x16xf32>) {
  %y, %h = nn.rnn %x, %wih, %whh biases(%b, %b) initial(%h0) {activation = #nn.rnn_activation<relu>} : (tensor<?x10x8xf32>, tensor<16x8xf32>, tensor<16x16xf32>, tensor<16xf32>, tensor<16xf32>, tensor<?x16xf32>) -> (tensor<?x10x16xf32>, tensor<?x16xf32>)
  return %y, %h : tensor<?x10x16xf32>, tensor<?x16xf32>
}

// An initial state without biases; the default tanh is elided.
// CHECK-LABEL: func.func @rnn_initial_only(
// CHECK: nn.rnn %arg0, %arg1, %arg2 initial(%arg3) : (tensor<2x3x4xf64>, tensor<5x4xf64>, tensor<5x5xf64>, tensor<2x5xf64>) -> (tensor<2x3x5xf64>, tensor<2x5xf64>)
func.func @rnn_initial_only(%x: tensor<2x3x4xf64>, %wih: tensor<5x4xf64>, %whh: tensor<5x5xf64>, %h0: tensor<2x5xf64>) -> (tensor<2x3x5xf64>, tensor<2x5xf64>) {
  %y, %h = nn.rnn %x, %wih, %whh initial(%h0) {activation = #nn.rnn_activation<tanh>} : (tensor<2x3x4xf64>, tensor<5x4xf64>, tensor<5x5xf64>, tensor<2x5xf64>) -> (tensor<2x3x5xf64>, tensor<2x5xf64>)
  return %y, %h : tensor<2x3x5xf64>, tensor<2x5xf64>
}

// H = 16, so the gate rows are 4H = 64.
// CHECK-LABEL: func.func @lstm(
// CHECK: nn.lstm %arg0, %arg1, %arg2 : (tensor<4x10x8xf32>, tensor<64x8xf32>, tensor<64x16xf32>) -> (tensor<4x10x16xf32>, tensor<4x16xf32>, tensor<4x16xf32>)
func.func @lstm(%x: tensor<4x10x8xf32>, %wih: tensor<64x8xf32>, %whh: tensor<64x16xf32>) -> (tensor<4x10x16xf32>, tensor<4x16xf32>, tensor<4x16xf32>) {
  %y, %h, %c = nn.lstm %x, %wih, %whh : (tensor<4x10x8xf32>, tensor<64x8xf32>, tensor<64x16xf32>) -> (tensor<4x10x16xf32>, tensor<4x16xf32>, tensor<4x16xf32>)
  return %y, %h, %c : tensor<4x10x16xf32>, tensor<4x16xf32>, tensor<4x16xf32>
}

// CHECK-LABEL: func.func @lstm_full(
// CHECK: nn.lstm %arg0, %arg1, %arg2 biases(%arg3, %arg3) initial(%arg4, %arg4) : (tensor<?x?x8xf32>, tensor<64x8xf32>, tensor<64x16xf32>, tensor<64xf32>, tensor<64xf32>, tensor<?x16xf32>, tensor<?x16xf32>) -> (tensor<?x?x16xf32>, tensor<?x16xf32>, tensor<?x16xf32>)
func.func @lstm_full(%x: tensor<?x?x8xf32>, %wih: tensor<64x8xf32>, %whh: tensor<64x16xf32>, %b: tensor<64xf32>, %s: tensor<?x16xf32>) -> (tensor<?x?x16xf32>, tensor<?x16xf32>, tensor<?x16xf32>) {
  %y, %h, %c = nn.lstm %x, %wih, %whh biases(%b, %b) initial(%s, %s) : (tensor<?x?x8xf32>, tensor<64x8xf32>, tensor<64x16xf32>, tensor<64xf32>, tensor<64xf32>, tensor<?x16xf32>, tensor<?x16xf32>) -> (tensor<?x?x16xf32>, tensor<?x16xf32>, tensor<?x16xf32>)
  return %y, %h, %c : tensor<?x?x16xf32>, tensor<?x16xf32>, tensor<?x16xf32>
}

// Biases without initial states.
// CHECK-LABEL: func.func @lstm_biases_only(
// CHECK: nn.lstm %arg0, %arg1, %arg2 biases(%arg3, %arg3) : (tensor<1x5x3xf32>, tensor<8x3xf32>, tensor<8x2xf32>, tensor<8xf32>, tensor<8xf32>) -> (tensor<1x5x2xf32>, tensor<1x2xf32>, tensor<1x2xf32>)
func.func @lstm_biases_only(%x: tensor<1x5x3xf32>, %wih: tensor<8x3xf32>, %whh: tensor<8x2xf32>, %b: tensor<8xf32>) -> (tensor<1x5x2xf32>, tensor<1x2xf32>, tensor<1x2xf32>) {
  %y, %h, %c = nn.lstm %x, %wih, %whh biases(%b, %b) : (tensor<1x5x3xf32>, tensor<8x3xf32>, tensor<8x2xf32>, tensor<8xf32>, tensor<8xf32>) -> (tensor<1x5x2xf32>, tensor<1x2xf32>, tensor<1x2xf32>)
  return %y, %h, %c : tensor<1x5x2xf32>, tensor<1x2xf32>, tensor<1x2xf32>
}

// CHECK-LABEL: func.func @kmeans(
// CHECK: nn.kmeans %arg0, %arg1 : (tensor<?x16xf32>, tensor<10x16xf32>) -> tensor<?x10xf32>
// CHECK: nn.kmeans %arg0, %arg1 {temperature = 5.000000e-01 : f64} : (tensor<?x16xf32>, tensor<10x16xf32>) -> tensor<?x10xf32>
func.func @kmeans(%x: tensor<?x16xf32>, %c: tensor<10x16xf32>) -> (tensor<?x10xf32>, tensor<?x10xf32>) {
  %0 = nn.kmeans %x, %c : (tensor<?x16xf32>, tensor<10x16xf32>) -> tensor<?x10xf32>
  %1 = nn.kmeans %x, %c {temperature = 0.5 : f64} : (tensor<?x16xf32>, tensor<10x16xf32>) -> tensor<?x10xf32>
  return %0, %1 : tensor<?x10xf32>, tensor<?x10xf32>
}
