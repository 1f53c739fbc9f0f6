// RUN: nnc-opt %s -split-input-file -verify-diagnostics

// Verifier errors of the sequence ops (attention, swiglu, embedding, rnn,
// lstm, kmeans).

//===----------------------------------------------------------------------===//
// nn.attention
//===----------------------------------------------------------------------===//

func.func @attention_query_rank(%q: tensor<10x32xf32>, %x: tensor<2x10x32xf32>, %w: tensor<32x32xf32>) {
  // expected-error @+1 {{'nn.attention' op query must have rank 3 [batch, seq, dim], got shape [10, 32]}}
  %0 = nn.attention %q, %x, %x weights(%w, %w, %w, %w) {num_heads = 4 : i64} : (tensor<10x32xf32>, tensor<2x10x32xf32>, tensor<2x10x32xf32>, tensor<32x32xf32>, tensor<32x32xf32>, tensor<32x32xf32>, tensor<32x32xf32>) -> tensor<10x32xf32>
  return
}

// -----

func.func @attention_key_rank(%x: tensor<2x10x32xf32>, %k: tensor<2x10x4x8xf32>, %w: tensor<32x32xf32>) {
  // expected-error @+1 {{'nn.attention' op key must have rank 3 [batch, seq, dim], got shape [2, 10, 4, 8]}}
  %0 = nn.attention %x, %k, %x weights(%w, %w, %w, %w) {num_heads = 4 : i64} : (tensor<2x10x32xf32>, tensor<2x10x4x8xf32>, tensor<2x10x32xf32>, tensor<32x32xf32>, tensor<32x32xf32>, tensor<32x32xf32>, tensor<32x32xf32>) -> tensor<2x10x32xf32>
  return
}

// -----

func.func @attention_value_rank(%x: tensor<2x10x32xf32>, %v: tensor<32xf32>, %w: tensor<32x32xf32>) {
  // expected-error @+1 {{'nn.attention' op value must have rank 3 [batch, seq, dim], got shape [32]}}
  %0 = nn.attention %x, %x, %v weights(%w, %w, %w, %w) {num_heads = 4 : i64} : (tensor<2x10x32xf32>, tensor<2x10x32xf32>, tensor<32xf32>, tensor<32x32xf32>, tensor<32x32xf32>, tensor<32x32xf32>, tensor<32x32xf32>) -> tensor<2x10x32xf32>
  return
}

// -----

func.func @attention_key_batch(%q: tensor<2x10x32xf32>, %k: tensor<3x7x32xf32>, %w: tensor<32x32xf32>) {
  // expected-error @+1 {{'nn.attention' op key shape [3, 7, 32] does not match the query batch: expected [2, 7, 32]}}
  %0 = nn.attention %q, %k, %k weights(%w, %w, %w, %w) {num_heads = 4 : i64} : (tensor<2x10x32xf32>, tensor<3x7x32xf32>, tensor<3x7x32xf32>, tensor<32x32xf32>, tensor<32x32xf32>, tensor<32x32xf32>, tensor<32x32xf32>) -> tensor<2x10x32xf32>
  return
}

// -----

func.func @attention_value_length(%q: tensor<2x10x32xf32>, %k: tensor<2x7x32xf32>, %v: tensor<2x8x32xf32>, %w: tensor<32x32xf32>) {
  // expected-error @+1 {{'nn.attention' op value shape [2, 8, 32] does not match the query batch and key length: expected [2, 7, 32]}}
  %0 = nn.attention %q, %k, %v weights(%w, %w, %w, %w) {num_heads = 4 : i64} : (tensor<2x10x32xf32>, tensor<2x7x32xf32>, tensor<2x8x32xf32>, tensor<32x32xf32>, tensor<32x32xf32>, tensor<32x32xf32>, tensor<32x32xf32>) -> tensor<2x10x32xf32>
  return
}

// -----

func.func @attention_num_heads_zero(%x: tensor<2x10x32xf32>, %w: tensor<32x32xf32>) {
  // expected-error @+1 {{'nn.attention' op num_heads must be >= 1, got 0}}
  %0 = nn.attention %x, %x, %x weights(%w, %w, %w, %w) {num_heads = 0 : i64} : (tensor<2x10x32xf32>, tensor<2x10x32xf32>, tensor<2x10x32xf32>, tensor<32x32xf32>, tensor<32x32xf32>, tensor<32x32xf32>, tensor<32x32xf32>) -> tensor<2x10x32xf32>
  return
}

// -----

func.func @attention_heads_divide(%x: tensor<2x10x32xf32>, %w: tensor<32x32xf32>) {
  // expected-error @+1 {{'nn.attention' op embedding dimension 32 is not divisible by num_heads 5}}
  %0 = nn.attention %x, %x, %x weights(%w, %w, %w, %w) {num_heads = 5 : i64} : (tensor<2x10x32xf32>, tensor<2x10x32xf32>, tensor<2x10x32xf32>, tensor<32x32xf32>, tensor<32x32xf32>, tensor<32x32xf32>, tensor<32x32xf32>) -> tensor<2x10x32xf32>
  return
}

// -----

func.func @attention_q_weight(%x: tensor<2x10x32xf32>, %w: tensor<32x32xf32>, %wq: tensor<16x32xf32>) {
  // expected-error @+1 {{'nn.attention' op q_weight shape [16, 32] does not match [E, E] for the query dimension: expected [32, 32]}}
  %0 = nn.attention %x, %x, %x weights(%wq, %w, %w, %w) {num_heads = 4 : i64} : (tensor<2x10x32xf32>, tensor<2x10x32xf32>, tensor<2x10x32xf32>, tensor<16x32xf32>, tensor<32x32xf32>, tensor<32x32xf32>, tensor<32x32xf32>) -> tensor<2x10x32xf32>
  return
}

// -----

func.func @attention_k_weight(%q: tensor<2x10x32xf32>, %k: tensor<2x7x24xf32>, %w: tensor<32x32xf32>) {
  // expected-error @+1 {{'nn.attention' op k_weight shape [32, 32] does not match [E, Ek] for the key dimension: expected [32, 24]}}
  %0 = nn.attention %q, %k, %k weights(%w, %w, %w, %w) {num_heads = 4 : i64} : (tensor<2x10x32xf32>, tensor<2x7x24xf32>, tensor<2x7x24xf32>, tensor<32x32xf32>, tensor<32x32xf32>, tensor<32x32xf32>, tensor<32x32xf32>) -> tensor<2x10x32xf32>
  return
}

// -----

func.func @attention_v_weight(%q: tensor<2x10x32xf32>, %k: tensor<2x7x24xf32>, %v: tensor<2x7x16xf32>, %w: tensor<32x32xf32>, %wk: tensor<32x24xf32>) {
  // expected-error @+1 {{'nn.attention' op v_weight shape [32, 24] does not match [E, Ev] for the value dimension: expected [32, 16]}}
  %0 = nn.attention %q, %k, %v weights(%w, %wk, %wk, %w) {num_heads = 4 : i64} : (tensor<2x10x32xf32>, tensor<2x7x24xf32>, tensor<2x7x16xf32>, tensor<32x32xf32>, tensor<32x24xf32>, tensor<32x24xf32>, tensor<32x32xf32>) -> tensor<2x10x32xf32>
  return
}

// -----

func.func @attention_out_weight(%x: tensor<2x10x32xf32>, %w: tensor<32x32xf32>, %wo: tensor<32x64xf32>) {
  // expected-error @+1 {{'nn.attention' op out_weight shape [32, 64] does not match [E, E] for the query dimension: expected [32, 32]}}
  %0 = nn.attention %x, %x, %x weights(%w, %w, %w, %wo) {num_heads = 4 : i64} : (tensor<2x10x32xf32>, tensor<2x10x32xf32>, tensor<2x10x32xf32>, tensor<32x32xf32>, tensor<32x32xf32>, tensor<32x32xf32>, tensor<32x64xf32>) -> tensor<2x10x32xf32>
  return
}

// -----

func.func @attention_bias_count(%x: tensor<2x10x32xf32>, %w: tensor<32x32xf32>, %b: tensor<32xf32>) {
  // expected-error @+1 {{'nn.attention' op expected 0 or 4 biases (q, k, v, out), got 3}}
  %0 = nn.attention %x, %x, %x weights(%w, %w, %w, %w) biases(%b, %b, %b) {num_heads = 4 : i64} : (tensor<2x10x32xf32>, tensor<2x10x32xf32>, tensor<2x10x32xf32>, tensor<32x32xf32>, tensor<32x32xf32>, tensor<32x32xf32>, tensor<32x32xf32>, tensor<32xf32>, tensor<32xf32>, tensor<32xf32>) -> tensor<2x10x32xf32>
  return
}

// -----

func.func @attention_bias_shape(%x: tensor<2x10x32xf32>, %w: tensor<32x32xf32>, %b: tensor<32xf32>, %c: tensor<24xf32>) {
  // expected-error @+1 {{'nn.attention' op bias shape [24] does not match the embedding dimension: expected [32]}}
  %0 = nn.attention %x, %x, %x weights(%w, %w, %w, %w) biases(%b, %c, %b, %b) {num_heads = 4 : i64} : (tensor<2x10x32xf32>, tensor<2x10x32xf32>, tensor<2x10x32xf32>, tensor<32x32xf32>, tensor<32x32xf32>, tensor<32x32xf32>, tensor<32x32xf32>, tensor<32xf32>, tensor<24xf32>, tensor<32xf32>, tensor<32xf32>) -> tensor<2x10x32xf32>
  return
}

// -----

func.func @attention_scale_zero(%x: tensor<2x10x32xf32>, %w: tensor<32x32xf32>) {
  // expected-error @+1 {{'nn.attention' op scale must be finite and > 0, got 0}}
  %0 = nn.attention %x, %x, %x weights(%w, %w, %w, %w) {num_heads = 4 : i64, scale = 0.0 : f64} : (tensor<2x10x32xf32>, tensor<2x10x32xf32>, tensor<2x10x32xf32>, tensor<32x32xf32>, tensor<32x32xf32>, tensor<32x32xf32>, tensor<32x32xf32>) -> tensor<2x10x32xf32>
  return
}

// -----

func.func @attention_scale_infinite(%x: tensor<2x10x32xf32>, %w: tensor<32x32xf32>) {
  // expected-error @+1 {{'nn.attention' op scale must be finite and > 0, got inf}}
  %0 = nn.attention %x, %x, %x weights(%w, %w, %w, %w) {num_heads = 4 : i64, scale = 0x7FF0000000000000 : f64} : (tensor<2x10x32xf32>, tensor<2x10x32xf32>, tensor<2x10x32xf32>, tensor<32x32xf32>, tensor<32x32xf32>, tensor<32x32xf32>, tensor<32x32xf32>) -> tensor<2x10x32xf32>
  return
}

// -----

func.func @attention_mask_incompatible(%x: tensor<2x10x32xf32>, %w: tensor<32x32xf32>, %m: tensor<10x9xi1>) {
  // expected-error @+1 {{'nn.attention' op mask shape [10, 9] and scores shape [2, 4, 10, 10] are not broadcast-compatible: dimension -1 is 9 vs 10}}
  %0 = nn.attention %x, %x, %x weights(%w, %w, %w, %w) mask %m {num_heads = 4 : i64} : (tensor<2x10x32xf32>, tensor<2x10x32xf32>, tensor<2x10x32xf32>, tensor<32x32xf32>, tensor<32x32xf32>, tensor<32x32xf32>, tensor<32x32xf32>, tensor<10x9xi1>) -> tensor<2x10x32xf32>
  return
}

// -----

// A per-head mask needs as many heads as the op has.
func.func @attention_mask_heads(%x: tensor<2x10x32xf32>, %w: tensor<32x32xf32>, %m: tensor<2x4x10x10xi1>) {
  // expected-error @+1 {{'nn.attention' op mask shape [2, 4, 10, 10] does not broadcast to the scores shape [2, 1, 10, 10] [batch, heads, Lq, Lk]}}
  %0 = nn.attention %x, %x, %x weights(%w, %w, %w, %w) mask %m {num_heads = 1 : i64} : (tensor<2x10x32xf32>, tensor<2x10x32xf32>, tensor<2x10x32xf32>, tensor<32x32xf32>, tensor<32x32xf32>, tensor<32x32xf32>, tensor<32x32xf32>, tensor<2x4x10x10xi1>) -> tensor<2x10x32xf32>
  return
}

// -----

func.func @attention_mask_rank(%x: tensor<2x10x32xf32>, %w: tensor<32x32xf32>, %m: tensor<1x2x4x10x10xi1>) {
  // expected-error @+1 {{'nn.attention' op mask shape [1, 2, 4, 10, 10] does not broadcast to the scores shape [2, 4, 10, 10] [batch, heads, Lq, Lk]}}
  %0 = nn.attention %x, %x, %x weights(%w, %w, %w, %w) mask %m {num_heads = 4 : i64} : (tensor<2x10x32xf32>, tensor<2x10x32xf32>, tensor<2x10x32xf32>, tensor<32x32xf32>, tensor<32x32xf32>, tensor<32x32xf32>, tensor<32x32xf32>, tensor<1x2x4x10x10xi1>) -> tensor<2x10x32xf32>
  return
}

// -----

func.func @attention_mask_element_type(%x: tensor<2x10x32xf32>, %w: tensor<32x32xf32>, %m: tensor<10x10xbf16>) {
  // expected-error @+1 {{'nn.attention' op mask must be i1 or the query element type 'f32', got 'bf16'}}
  %0 = nn.attention %x, %x, %x weights(%w, %w, %w, %w) mask %m {num_heads = 4 : i64} : (tensor<2x10x32xf32>, tensor<2x10x32xf32>, tensor<2x10x32xf32>, tensor<32x32xf32>, tensor<32x32xf32>, tensor<32x32xf32>, tensor<32x32xf32>, tensor<10x10xbf16>) -> tensor<2x10x32xf32>
  return
}

// -----

func.func @attention_key_element_type(%x: tensor<2x10x32xf32>, %k: tensor<2x10x32xf16>, %w: tensor<32x32xf32>) {
  // expected-error @+1 {{'nn.attention' op key element type 'f16' does not match the input element type 'f32'}}
  %0 = nn.attention %x, %k, %x weights(%w, %w, %w, %w) {num_heads = 4 : i64} : (tensor<2x10x32xf32>, tensor<2x10x32xf16>, tensor<2x10x32xf32>, tensor<32x32xf32>, tensor<32x32xf32>, tensor<32x32xf32>, tensor<32x32xf32>) -> tensor<2x10x32xf32>
  return
}

// -----

func.func @attention_weight_element_type(%x: tensor<2x10x32xf32>, %w: tensor<32x32xf32>, %wv: tensor<32x32xf64>) {
  // expected-error @+1 {{'nn.attention' op v_weight element type 'f64' does not match the input element type 'f32'}}
  %0 = nn.attention %x, %x, %x weights(%w, %w, %wv, %w) {num_heads = 4 : i64} : (tensor<2x10x32xf32>, tensor<2x10x32xf32>, tensor<2x10x32xf32>, tensor<32x32xf32>, tensor<32x32xf32>, tensor<32x32xf64>, tensor<32x32xf32>) -> tensor<2x10x32xf32>
  return
}

// -----

func.func @attention_bias_element_type(%x: tensor<2x10x32xf32>, %w: tensor<32x32xf32>, %b: tensor<32xf32>, %c: tensor<32xbf16>) {
  // expected-error @+1 {{'nn.attention' op bias element type 'bf16' does not match the input element type 'f32'}}
  %0 = nn.attention %x, %x, %x weights(%w, %w, %w, %w) biases(%b, %b, %b, %c) {num_heads = 4 : i64} : (tensor<2x10x32xf32>, tensor<2x10x32xf32>, tensor<2x10x32xf32>, tensor<32x32xf32>, tensor<32x32xf32>, tensor<32x32xf32>, tensor<32x32xf32>, tensor<32xf32>, tensor<32xf32>, tensor<32xf32>, tensor<32xbf16>) -> tensor<2x10x32xf32>
  return
}

// -----

func.func @attention_result_type(%q: tensor<2x10x32xf32>, %k: tensor<2x7x32xf32>, %w: tensor<32x32xf32>) {
  // expected-error @+1 {{'nn.attention' op result type tensor<2x7x32xf32> does not match the operands: expected tensor<2x10x32xf32>}}
  %0 = nn.attention %q, %k, %k weights(%w, %w, %w, %w) {num_heads = 4 : i64} : (tensor<2x10x32xf32>, tensor<2x7x32xf32>, tensor<2x7x32xf32>, tensor<32x32xf32>, tensor<32x32xf32>, tensor<32x32xf32>, tensor<32x32xf32>) -> tensor<2x7x32xf32>
  return
}

// -----

func.func @attention_missing_num_heads(%x: tensor<2x10x32xf32>, %w: tensor<32x32xf32>) {
  // expected-error @+1 {{'nn.attention' op requires attribute 'num_heads'}}
  %0 = nn.attention %x, %x, %x weights(%w, %w, %w, %w) : (tensor<2x10x32xf32>, tensor<2x10x32xf32>, tensor<2x10x32xf32>, tensor<32x32xf32>, tensor<32x32xf32>, tensor<32x32xf32>, tensor<32x32xf32>) -> tensor<2x10x32xf32>
  return
}

//===----------------------------------------------------------------------===//
// nn.swiglu
//===----------------------------------------------------------------------===//

// -----

func.func @swiglu_rank0(%x: tensor<f32>, %w: tensor<64x1xf32>, %d: tensor<1x64xf32>) {
  // expected-error @+1 {{'nn.swiglu' op input must be a ranked tensor of rank >= 1 [..., D]}}
  %0 = nn.swiglu %x, %w, %w, %d : (tensor<f32>, tensor<64x1xf32>, tensor<64x1xf32>, tensor<1x64xf32>) -> tensor<1xf32>
  return
}

// -----

func.func @swiglu_gate_rank(%x: tensor<8x32xf32>, %g: tensor<64x32x1xf32>, %u: tensor<64x32xf32>, %d: tensor<32x64xf32>) {
  // expected-error @+1 {{'nn.swiglu' op gate_weight must have rank 2 [H, D], got shape [64, 32, 1]}}
  %0 = nn.swiglu %x, %g, %u, %d : (tensor<8x32xf32>, tensor<64x32x1xf32>, tensor<64x32xf32>, tensor<32x64xf32>) -> tensor<8x32xf32>
  return
}

// -----

func.func @swiglu_down_rank(%x: tensor<8x32xf32>, %g: tensor<64x32xf32>, %d: tensor<64xf32>) {
  // expected-error @+1 {{'nn.swiglu' op down_weight must have rank 2 [O, H], got shape [64]}}
  %0 = nn.swiglu %x, %g, %g, %d : (tensor<8x32xf32>, tensor<64x32xf32>, tensor<64x32xf32>, tensor<64xf32>) -> tensor<8x32xf32>
  return
}

// -----

func.func @swiglu_gate_shape(%x: tensor<8x32xf32>, %g: tensor<64x16xf32>, %d: tensor<32x64xf32>) {
  // expected-error @+1 {{'nn.swiglu' op gate_weight shape [64, 16] does not match the input features: expected [64, 32]}}
  %0 = nn.swiglu %x, %g, %g, %d : (tensor<8x32xf32>, tensor<64x16xf32>, tensor<64x16xf32>, tensor<32x64xf32>) -> tensor<8x32xf32>
  return
}

// -----

func.func @swiglu_up_shape(%x: tensor<8x32xf32>, %g: tensor<64x32xf32>, %u: tensor<48x32xf32>, %d: tensor<32x64xf32>) {
  // expected-error @+1 {{'nn.swiglu' op up_weight shape [48, 32] does not match [H, D] of gate_weight: expected [64, 32]}}
  %0 = nn.swiglu %x, %g, %u, %d : (tensor<8x32xf32>, tensor<64x32xf32>, tensor<48x32xf32>, tensor<32x64xf32>) -> tensor<8x32xf32>
  return
}

// -----

func.func @swiglu_down_shape(%x: tensor<8x32xf32>, %g: tensor<64x32xf32>, %d: tensor<32x48xf32>) {
  // expected-error @+1 {{'nn.swiglu' op down_weight shape [32, 48] does not match the hidden size of gate_weight: expected [32, 64]}}
  %0 = nn.swiglu %x, %g, %g, %d : (tensor<8x32xf32>, tensor<64x32xf32>, tensor<64x32xf32>, tensor<32x48xf32>) -> tensor<8x32xf32>
  return
}

// -----

func.func @swiglu_bias_count(%x: tensor<8x32xf32>, %g: tensor<64x32xf32>, %d: tensor<32x64xf32>, %b: tensor<64xf32>) {
  // expected-error @+1 {{'nn.swiglu' op expected 0 or 3 biases (gate, up, down), got 2}}
  %0 = nn.swiglu %x, %g, %g, %d biases(%b, %b) : (tensor<8x32xf32>, tensor<64x32xf32>, tensor<64x32xf32>, tensor<32x64xf32>, tensor<64xf32>, tensor<64xf32>) -> tensor<8x32xf32>
  return
}

// -----

func.func @swiglu_gate_bias(%x: tensor<8x32xf32>, %g: tensor<64x32xf32>, %d: tensor<32x64xf32>, %b: tensor<64xf32>, %c: tensor<32xf32>) {
  // expected-error @+1 {{'nn.swiglu' op gate bias shape [32] does not match the hidden size: expected [64]}}
  %0 = nn.swiglu %x, %g, %g, %d biases(%c, %b, %c) : (tensor<8x32xf32>, tensor<64x32xf32>, tensor<64x32xf32>, tensor<32x64xf32>, tensor<32xf32>, tensor<64xf32>, tensor<32xf32>) -> tensor<8x32xf32>
  return
}

// -----

func.func @swiglu_up_bias(%x: tensor<8x32xf32>, %g: tensor<64x32xf32>, %d: tensor<32x64xf32>, %b: tensor<64xf32>, %c: tensor<32xf32>) {
  // expected-error @+1 {{'nn.swiglu' op up bias shape [32] does not match the hidden size: expected [64]}}
  %0 = nn.swiglu %x, %g, %g, %d biases(%b, %c, %c) : (tensor<8x32xf32>, tensor<64x32xf32>, tensor<64x32xf32>, tensor<32x64xf32>, tensor<64xf32>, tensor<32xf32>, tensor<32xf32>) -> tensor<8x32xf32>
  return
}

// -----

func.func @swiglu_down_bias(%x: tensor<8x32xf32>, %g: tensor<64x32xf32>, %d: tensor<32x64xf32>, %b: tensor<64xf32>) {
  // expected-error @+1 {{'nn.swiglu' op down bias shape [64] does not match the output features: expected [32]}}
  %0 = nn.swiglu %x, %g, %g, %d biases(%b, %b, %b) : (tensor<8x32xf32>, tensor<64x32xf32>, tensor<64x32xf32>, tensor<32x64xf32>, tensor<64xf32>, tensor<64xf32>, tensor<64xf32>) -> tensor<8x32xf32>
  return
}

// -----

func.func @swiglu_weight_element_type(%x: tensor<8x32xf32>, %g: tensor<64x32xf32>, %u: tensor<64x32xf16>, %d: tensor<32x64xf32>) {
  // expected-error @+1 {{'nn.swiglu' op up_weight element type 'f16' does not match the input element type 'f32'}}
  %0 = nn.swiglu %x, %g, %u, %d : (tensor<8x32xf32>, tensor<64x32xf32>, tensor<64x32xf16>, tensor<32x64xf32>) -> tensor<8x32xf32>
  return
}

// -----

func.func @swiglu_bias_element_type(%x: tensor<8x32xf32>, %g: tensor<64x32xf32>, %d: tensor<32x64xf32>, %b: tensor<64xf32>, %c: tensor<32xf64>) {
  // expected-error @+1 {{'nn.swiglu' op bias element type 'f64' does not match the input element type 'f32'}}
  %0 = nn.swiglu %x, %g, %g, %d biases(%b, %b, %c) : (tensor<8x32xf32>, tensor<64x32xf32>, tensor<64x32xf32>, tensor<32x64xf32>, tensor<64xf32>, tensor<64xf32>, tensor<32xf64>) -> tensor<8x32xf32>
  return
}

// -----

func.func @swiglu_result_type(%x: tensor<8x32xf32>, %g: tensor<64x32xf32>, %d: tensor<16x64xf32>) {
  // expected-error @+1 {{'nn.swiglu' op result type tensor<8x32xf32> does not match the operands: expected tensor<8x16xf32>}}
  %0 = nn.swiglu %x, %g, %g, %d : (tensor<8x32xf32>, tensor<64x32xf32>, tensor<64x32xf32>, tensor<16x64xf32>) -> tensor<8x32xf32>
  return
}

//===----------------------------------------------------------------------===//
// nn.embedding
//===----------------------------------------------------------------------===//

// -----

func.func @embedding_table_rank(%ids: tensor<4x12xi64>, %t: tensor<1000xf32>) {
  // expected-error @+1 {{'nn.embedding' op table must have rank 2 [vocab, dim], got shape [1000]}}
  %0 = nn.embedding %ids, %t : (tensor<4x12xi64>, tensor<1000xf32>) -> tensor<4x12xf32>
  return
}

// -----

func.func @embedding_float_indices(%ids: tensor<4x12xf32>, %t: tensor<1000x64xf32>) {
  // expected-error @+1 {{'nn.embedding' op operand #0 must be ranked tensor of 32-bit signless integer or 64-bit signless integer values, but got 'tensor<4x12xf32>'}}
  %0 = nn.embedding %ids, %t : (tensor<4x12xf32>, tensor<1000x64xf32>) -> tensor<4x12x64xf32>
  return
}

// -----

func.func @embedding_result_type(%ids: tensor<4x12xi64>, %t: tensor<1000x64xf32>) {
  // expected-error @+1 {{'nn.embedding' op result type tensor<4x12x1000xf32> does not match the operands: expected tensor<4x12x64xf32>}}
  %0 = nn.embedding %ids, %t : (tensor<4x12xi64>, tensor<1000x64xf32>) -> tensor<4x12x1000xf32>
  return
}

//===----------------------------------------------------------------------===//
// nn.rnn
//===----------------------------------------------------------------------===//

// -----

func.func @rnn_input_rank(%x: tensor<10x8xf32>, %wih: tensor<16x8xf32>, %whh: tensor<16x16xf32>) {
  // expected-error @+1 {{'nn.rnn' op input must have rank 3 [batch, seq, features], got shape [10, 8]}}
  %y, %h = nn.rnn %x, %wih, %whh : (tensor<10x8xf32>, tensor<16x8xf32>, tensor<16x16xf32>) -> (tensor<10x16xf32>, tensor<16xf32>)
  return
}

// -----

func.func @rnn_w_ih_rank(%x: tensor<4x10x8xf32>, %wih: tensor<16xf32>, %whh: tensor<16x16xf32>) {
  // expected-error @+1 {{'nn.rnn' op w_ih must have rank 2 [H, I], got shape [16]}}
  %y, %h = nn.rnn %x, %wih, %whh : (tensor<4x10x8xf32>, tensor<16xf32>, tensor<16x16xf32>) -> (tensor<4x10x16xf32>, tensor<4x16xf32>)
  return
}

// -----

func.func @rnn_w_hh_rank(%x: tensor<4x10x8xf32>, %wih: tensor<16x8xf32>, %whh: tensor<1x16x16xf32>) {
  // expected-error @+1 {{'nn.rnn' op w_hh must have rank 2 [H, H], got shape [1, 16, 16]}}
  %y, %h = nn.rnn %x, %wih, %whh : (tensor<4x10x8xf32>, tensor<16x8xf32>, tensor<1x16x16xf32>) -> (tensor<4x10x16xf32>, tensor<4x16xf32>)
  return
}

// -----

func.func @rnn_w_ih_shape(%x: tensor<4x10x8xf32>, %wih: tensor<16x4xf32>, %whh: tensor<16x16xf32>) {
  // expected-error @+1 {{'nn.rnn' op w_ih shape [16, 4] does not match [H, I] for the input features: expected [16, 8]}}
  %y, %h = nn.rnn %x, %wih, %whh : (tensor<4x10x8xf32>, tensor<16x4xf32>, tensor<16x16xf32>) -> (tensor<4x10x16xf32>, tensor<4x16xf32>)
  return
}

// -----

func.func @rnn_w_hh_shape(%x: tensor<4x10x8xf32>, %wih: tensor<16x8xf32>, %whh: tensor<12x16xf32>) {
  // expected-error @+1 {{'nn.rnn' op w_hh shape [12, 16] does not match [H, H]: expected [16, 16]}}
  %y, %h = nn.rnn %x, %wih, %whh : (tensor<4x10x8xf32>, tensor<16x8xf32>, tensor<12x16xf32>) -> (tensor<4x10x16xf32>, tensor<4x16xf32>)
  return
}

// -----

func.func @rnn_bias_count(%x: tensor<4x10x8xf32>, %wih: tensor<16x8xf32>, %whh: tensor<16x16xf32>, %b: tensor<16xf32>) {
  // expected-error @+1 {{'nn.rnn' op expected 0 or 2 biases (b_ih, b_hh), got 1}}
  %y, %h = nn.rnn %x, %wih, %whh biases(%b) : (tensor<4x10x8xf32>, tensor<16x8xf32>, tensor<16x16xf32>, tensor<16xf32>) -> (tensor<4x10x16xf32>, tensor<4x16xf32>)
  return
}

// -----

func.func @rnn_bias_shape(%x: tensor<4x10x8xf32>, %wih: tensor<16x8xf32>, %whh: tensor<16x16xf32>, %b: tensor<16xf32>, %c: tensor<8xf32>) {
  // expected-error @+1 {{'nn.rnn' op bias shape [8] does not match [H]: expected [16]}}
  %y, %h = nn.rnn %x, %wih, %whh biases(%b, %c) : (tensor<4x10x8xf32>, tensor<16x8xf32>, tensor<16x16xf32>, tensor<16xf32>, tensor<8xf32>) -> (tensor<4x10x16xf32>, tensor<4x16xf32>)
  return
}

// -----

func.func @rnn_initial_count(%x: tensor<4x10x8xf32>, %wih: tensor<16x8xf32>, %whh: tensor<16x16xf32>, %h0: tensor<4x16xf32>) {
  // expected-error @+1 {{'nn.rnn' op expected 0 or 1 initial state (h0), got 2}}
  %y, %h = nn.rnn %x, %wih, %whh initial(%h0, %h0) : (tensor<4x10x8xf32>, tensor<16x8xf32>, tensor<16x16xf32>, tensor<4x16xf32>, tensor<4x16xf32>) -> (tensor<4x10x16xf32>, tensor<4x16xf32>)
  return
}

// -----

func.func @rnn_initial_shape(%x: tensor<4x10x8xf32>, %wih: tensor<16x8xf32>, %whh: tensor<16x16xf32>, %h0: tensor<1x16xf32>) {
  // expected-error @+1 {{'nn.rnn' op initial state shape [1, 16] does not match [batch, hidden]: expected [4, 16]}}
  %y, %h = nn.rnn %x, %wih, %whh initial(%h0) : (tensor<4x10x8xf32>, tensor<16x8xf32>, tensor<16x16xf32>, tensor<1x16xf32>) -> (tensor<4x10x16xf32>, tensor<4x16xf32>)
  return
}

// -----

func.func @rnn_weight_element_type(%x: tensor<4x10x8xf32>, %wih: tensor<16x8xf32>, %whh: tensor<16x16xf16>) {
  // expected-error @+1 {{'nn.rnn' op w_hh element type 'f16' does not match the input element type 'f32'}}
  %y, %h = nn.rnn %x, %wih, %whh : (tensor<4x10x8xf32>, tensor<16x8xf32>, tensor<16x16xf16>) -> (tensor<4x10x16xf32>, tensor<4x16xf32>)
  return
}

// -----

func.func @rnn_initial_element_type(%x: tensor<4x10x8xf32>, %wih: tensor<16x8xf32>, %whh: tensor<16x16xf32>, %h0: tensor<4x16xf64>) {
  // expected-error @+1 {{'nn.rnn' op initial state element type 'f64' does not match the input element type 'f32'}}
  %y, %h = nn.rnn %x, %wih, %whh initial(%h0) : (tensor<4x10x8xf32>, tensor<16x8xf32>, tensor<16x16xf32>, tensor<4x16xf64>) -> (tensor<4x10x16xf32>, tensor<4x16xf32>)
  return
}

// -----

func.func @rnn_result_type(%x: tensor<4x10x8xf32>, %wih: tensor<16x8xf32>, %whh: tensor<16x16xf32>) {
  // expected-error @+1 {{'nn.rnn' op result type tensor<4x10x16xf32>, tensor<4x10x16xf32> does not match the operands: expected tensor<4x10x16xf32>, tensor<4x16xf32>}}
  %y, %h = nn.rnn %x, %wih, %whh : (tensor<4x10x8xf32>, tensor<16x8xf32>, tensor<16x16xf32>) -> (tensor<4x10x16xf32>, tensor<4x10x16xf32>)
  return
}

//===----------------------------------------------------------------------===//
// nn.lstm
//===----------------------------------------------------------------------===//

// -----

func.func @lstm_input_rank(%x: tensor<4x10x8x1xf32>, %wih: tensor<64x8xf32>, %whh: tensor<64x16xf32>) {
  // expected-error @+1 {{'nn.lstm' op input must have rank 3 [batch, seq, features], got shape [4, 10, 8, 1]}}
  %y, %h, %c = nn.lstm %x, %wih, %whh : (tensor<4x10x8x1xf32>, tensor<64x8xf32>, tensor<64x16xf32>) -> (tensor<4x10x16xf32>, tensor<4x16xf32>, tensor<4x16xf32>)
  return
}

// -----

func.func @lstm_w_ih_rank(%x: tensor<4x10x8xf32>, %wih: tensor<4x16x8xf32>, %whh: tensor<64x16xf32>) {
  // expected-error @+1 {{'nn.lstm' op w_ih must have rank 2 [4H, I], got shape [4, 16, 8]}}
  %y, %h, %c = nn.lstm %x, %wih, %whh : (tensor<4x10x8xf32>, tensor<4x16x8xf32>, tensor<64x16xf32>) -> (tensor<4x10x16xf32>, tensor<4x16xf32>, tensor<4x16xf32>)
  return
}

// -----

func.func @lstm_w_hh_rank(%x: tensor<4x10x8xf32>, %wih: tensor<64x8xf32>, %whh: tensor<64xf32>) {
  // expected-error @+1 {{'nn.lstm' op w_hh must have rank 2 [4H, H], got shape [64]}}
  %y, %h, %c = nn.lstm %x, %wih, %whh : (tensor<4x10x8xf32>, tensor<64x8xf32>, tensor<64xf32>) -> (tensor<4x10x16xf32>, tensor<4x16xf32>, tensor<4x16xf32>)
  return
}

// -----

// With the hidden size unknown from w_hh, it comes from the w_ih rows.
func.func @lstm_w_ih_rows(%x: tensor<4x10x8xf32>, %wih: tensor<30x8xf32>, %whh: tensor<?x?xf32>) {
  // expected-error @+1 {{'nn.lstm' op w_ih rows 30 are not divisible by 4}}
  %y, %h, %c = nn.lstm %x, %wih, %whh : (tensor<4x10x8xf32>, tensor<30x8xf32>, tensor<?x?xf32>) -> (tensor<4x10x?xf32>, tensor<4x?xf32>, tensor<4x?xf32>)
  return
}

// -----

// The classic mistake: w_ih with H rows instead of 4H.
func.func @lstm_w_ih_shape(%x: tensor<4x10x8xf32>, %wih: tensor<16x8xf32>, %whh: tensor<64x16xf32>) {
  // expected-error @+1 {{'nn.lstm' op w_ih shape [16, 8] does not match [4H, I] for the input features: expected [64, 8]}}
  %y, %h, %c = nn.lstm %x, %wih, %whh : (tensor<4x10x8xf32>, tensor<16x8xf32>, tensor<64x16xf32>) -> (tensor<4x10x16xf32>, tensor<4x16xf32>, tensor<4x16xf32>)
  return
}

// -----

func.func @lstm_w_hh_shape(%x: tensor<4x10x8xf32>, %wih: tensor<64x8xf32>, %whh: tensor<16x16xf32>) {
  // expected-error @+1 {{'nn.lstm' op w_hh shape [16, 16] does not match [4H, H]: expected [64, 16]}}
  %y, %h, %c = nn.lstm %x, %wih, %whh : (tensor<4x10x8xf32>, tensor<64x8xf32>, tensor<16x16xf32>) -> (tensor<4x10x16xf32>, tensor<4x16xf32>, tensor<4x16xf32>)
  return
}

// -----

func.func @lstm_bias_count(%x: tensor<4x10x8xf32>, %wih: tensor<64x8xf32>, %whh: tensor<64x16xf32>, %b: tensor<64xf32>) {
  // expected-error @+1 {{'nn.lstm' op expected 0 or 2 biases (b_ih, b_hh), got 3}}
  %y, %h, %c = nn.lstm %x, %wih, %whh biases(%b, %b, %b) : (tensor<4x10x8xf32>, tensor<64x8xf32>, tensor<64x16xf32>, tensor<64xf32>, tensor<64xf32>, tensor<64xf32>) -> (tensor<4x10x16xf32>, tensor<4x16xf32>, tensor<4x16xf32>)
  return
}

// -----

func.func @lstm_bias_shape(%x: tensor<4x10x8xf32>, %wih: tensor<64x8xf32>, %whh: tensor<64x16xf32>, %b: tensor<16xf32>) {
  // expected-error @+1 {{'nn.lstm' op bias shape [16] does not match [4H]: expected [64]}}
  %y, %h, %c = nn.lstm %x, %wih, %whh biases(%b, %b) : (tensor<4x10x8xf32>, tensor<64x8xf32>, tensor<64x16xf32>, tensor<16xf32>, tensor<16xf32>) -> (tensor<4x10x16xf32>, tensor<4x16xf32>, tensor<4x16xf32>)
  return
}

// -----

func.func @lstm_initial_count(%x: tensor<4x10x8xf32>, %wih: tensor<64x8xf32>, %whh: tensor<64x16xf32>, %h0: tensor<4x16xf32>) {
  // expected-error @+1 {{'nn.lstm' op expected 0 or 2 initial states (h0, c0), got 1}}
  %y, %h, %c = nn.lstm %x, %wih, %whh initial(%h0) : (tensor<4x10x8xf32>, tensor<64x8xf32>, tensor<64x16xf32>, tensor<4x16xf32>) -> (tensor<4x10x16xf32>, tensor<4x16xf32>, tensor<4x16xf32>)
  return
}

// -----

func.func @lstm_initial_shape(%x: tensor<4x10x8xf32>, %wih: tensor<64x8xf32>, %whh: tensor<64x16xf32>, %h0: tensor<4x16xf32>, %c0: tensor<4x64xf32>) {
  // expected-error @+1 {{'nn.lstm' op initial state shape [4, 64] does not match [batch, hidden]: expected [4, 16]}}
  %y, %h, %c = nn.lstm %x, %wih, %whh initial(%h0, %c0) : (tensor<4x10x8xf32>, tensor<64x8xf32>, tensor<64x16xf32>, tensor<4x16xf32>, tensor<4x64xf32>) -> (tensor<4x10x16xf32>, tensor<4x16xf32>, tensor<4x16xf32>)
  return
}

// -----

func.func @lstm_w_ih_element_type(%x: tensor<4x10x8xf32>, %wih: tensor<64x8xbf16>, %whh: tensor<64x16xf32>) {
  // expected-error @+1 {{'nn.lstm' op w_ih element type 'bf16' does not match the input element type 'f32'}}
  %y, %h, %c = nn.lstm %x, %wih, %whh : (tensor<4x10x8xf32>, tensor<64x8xbf16>, tensor<64x16xf32>) -> (tensor<4x10x16xf32>, tensor<4x16xf32>, tensor<4x16xf32>)
  return
}

// -----

func.func @lstm_bias_element_type(%x: tensor<4x10x8xf32>, %wih: tensor<64x8xf32>, %whh: tensor<64x16xf32>, %b: tensor<64xf32>, %c: tensor<64xf16>) {
  // expected-error @+1 {{'nn.lstm' op bias element type 'f16' does not match the input element type 'f32'}}
  %y, %h, %cn = nn.lstm %x, %wih, %whh biases(%b, %c) : (tensor<4x10x8xf32>, tensor<64x8xf32>, tensor<64x16xf32>, tensor<64xf32>, tensor<64xf16>) -> (tensor<4x10x16xf32>, tensor<4x16xf32>, tensor<4x16xf32>)
  return
}

// -----

func.func @lstm_result_type(%x: tensor<4x10x8xf32>, %wih: tensor<64x8xf32>, %whh: tensor<64x16xf32>) {
  // expected-error @+1 {{'nn.lstm' op result type tensor<4x10x64xf32>, tensor<4x64xf32>, tensor<4x64xf32> does not match the operands: expected tensor<4x10x16xf32>, tensor<4x16xf32>, tensor<4x16xf32>}}
  %y, %h, %c = nn.lstm %x, %wih, %whh : (tensor<4x10x8xf32>, tensor<64x8xf32>, tensor<64x16xf32>) -> (tensor<4x10x64xf32>, tensor<4x64xf32>, tensor<4x64xf32>)
  return
}

//===----------------------------------------------------------------------===//
// nn.kmeans
//===----------------------------------------------------------------------===//

// -----

func.func @kmeans_rank0(%x: tensor<f32>, %c: tensor<10x1xf32>) {
  // expected-error @+1 {{'nn.kmeans' op input must be a ranked tensor of rank >= 1 [..., D]}}
  %0 = nn.kmeans %x, %c : (tensor<f32>, tensor<10x1xf32>) -> tensor<10xf32>
  return
}

// -----

func.func @kmeans_centers_rank(%x: tensor<4x16xf32>, %c: tensor<16xf32>) {
  // expected-error @+1 {{'nn.kmeans' op centers must have rank 2 [K, D], got shape [16]}}
  %0 = nn.kmeans %x, %c : (tensor<4x16xf32>, tensor<16xf32>) -> tensor<4x1xf32>
  return
}

// -----

func.func @kmeans_centers_shape(%x: tensor<4x16xf32>, %c: tensor<10x8xf32>) {
  // expected-error @+1 {{'nn.kmeans' op centers shape [10, 8] does not match the input features: expected [10, 16]}}
  %0 = nn.kmeans %x, %c : (tensor<4x16xf32>, tensor<10x8xf32>) -> tensor<4x10xf32>
  return
}

// -----

func.func @kmeans_centers_element_type(%x: tensor<4x16xf32>, %c: tensor<10x16xf64>) {
  // expected-error @+1 {{'nn.kmeans' op centers element type 'f64' does not match the input element type 'f32'}}
  %0 = nn.kmeans %x, %c : (tensor<4x16xf32>, tensor<10x16xf64>) -> tensor<4x10xf32>
  return
}

// -----

func.func @kmeans_temperature(%x: tensor<4x16xf32>, %c: tensor<10x16xf32>) {
  // expected-error @+1 {{'nn.kmeans' op temperature must be finite and > 0, got 0}}
  %0 = nn.kmeans %x, %c {temperature = 0.0 : f64} : (tensor<4x16xf32>, tensor<10x16xf32>) -> tensor<4x10xf32>
  return
}

// -----

func.func @kmeans_result_type(%x: tensor<4x16xf32>, %c: tensor<10x16xf32>) {
  // expected-error @+1 {{'nn.kmeans' op result type tensor<4x16xf32> does not match the operands: expected tensor<4x10xf32>}}
  %0 = nn.kmeans %x, %c : (tensor<4x16xf32>, tensor<10x16xf32>) -> tensor<4x16xf32>
  return
}
