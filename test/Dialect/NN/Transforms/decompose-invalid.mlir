// RUN: nnc-opt %s --nn-decompose -split-input-file -verify-diagnostics
// RUN: nnc-opt %s --nn-decompose=composites-only -split-input-file -verify-diagnostics

// Composite layers nn-decompose cannot rewrite (yet) are reported on the op
// and the pass fails (convert-nn-to-linalg reports the same).

func.func @attention_dynamic_embedding(%x: tensor<2x3x?xf32>, %w: tensor<?x?xf32>) -> tensor<2x3x?xf32> {
  // expected-error @+1 {{'nn.attention' op with a dynamic embedding dimension cannot be decomposed into heads: not supported yet}}
  %y = nn.attention %x, %x, %x weights(%w, %w, %w, %w) {num_heads = 2 : i64} : (tensor<2x3x?xf32>, tensor<2x3x?xf32>, tensor<2x3x?xf32>, tensor<?x?xf32>, tensor<?x?xf32>, tensor<?x?xf32>, tensor<?x?xf32>) -> tensor<2x3x?xf32>
  return %y : tensor<2x3x?xf32>
}

// -----

// Unrolling needs a static number of time steps.
func.func @rnn_dynamic_length(%x: tensor<2x?x4xf32>, %wih: tensor<5x4xf32>, %whh: tensor<5x5xf32>) -> (tensor<2x?x5xf32>, tensor<2x5xf32>) {
  // expected-error @+1 {{'nn.rnn' op with a dynamic sequence length is not supported yet: the layer is unrolled over a static number of time steps}}
  %y, %h = nn.rnn %x, %wih, %whh : (tensor<2x?x4xf32>, tensor<5x4xf32>, tensor<5x5xf32>) -> (tensor<2x?x5xf32>, tensor<2x5xf32>)
  return %y, %h : tensor<2x?x5xf32>, tensor<2x5xf32>
}

// -----

func.func @lstm_dynamic_length(%x: tensor<?x?x8xf32>, %wih: tensor<64x8xf32>, %whh: tensor<64x16xf32>) -> (tensor<?x?x16xf32>, tensor<?x16xf32>, tensor<?x16xf32>) {
  // expected-error @+1 {{'nn.lstm' op with a dynamic sequence length is not supported yet}}
  %y, %h, %c = nn.lstm %x, %wih, %whh : (tensor<?x?x8xf32>, tensor<64x8xf32>, tensor<64x16xf32>) -> (tensor<?x?x16xf32>, tensor<?x16xf32>, tensor<?x16xf32>)
  return %y, %h, %c : tensor<?x?x16xf32>, tensor<?x16xf32>, tensor<?x16xf32>
}

// -----

func.func @lstm_empty(%x: tensor<2x0x8xf32>, %wih: tensor<64x8xf32>, %whh: tensor<64x16xf32>) -> (tensor<2x0x16xf32>, tensor<2x16xf32>, tensor<2x16xf32>) {
  // expected-error @+1 {{'nn.lstm' op with an empty sequence (T = 0) is not supported}}
  %y, %h, %c = nn.lstm %x, %wih, %whh : (tensor<2x0x8xf32>, tensor<64x8xf32>, tensor<64x16xf32>) -> (tensor<2x0x16xf32>, tensor<2x16xf32>, tensor<2x16xf32>)
  return %y, %h, %c : tensor<2x0x16xf32>, tensor<2x16xf32>, tensor<2x16xf32>
}

// -----

func.func @rnn_dynamic_hidden(%x: tensor<2x3x4xf32>, %wih: tensor<?x4xf32>, %whh: tensor<?x?xf32>) -> (tensor<2x3x?xf32>, tensor<2x?xf32>) {
  // expected-error @+1 {{'nn.rnn' op with a dynamic hidden size is not supported yet}}
  %y, %h = nn.rnn %x, %wih, %whh : (tensor<2x3x4xf32>, tensor<?x4xf32>, tensor<?x?xf32>) -> (tensor<2x3x?xf32>, tensor<2x?xf32>)
  return %y, %h : tensor<2x3x?xf32>, tensor<2x?xf32>
}
