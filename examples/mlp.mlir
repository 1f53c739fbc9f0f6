// A 784-512-256-10 multilayer perceptron on flattened 28x28 images (batch
// 1), ending in a softmax. Weights are function arguments here.
//
//   nnc-opt --nn-shape-ledger examples/mlp.mlir -o /dev/null
func.func @mlp(%x: tensor<1x784xf32>,
               %w1: tensor<512x784xf32>, %b1: tensor<512xf32>,
               %w2: tensor<256x512xf32>, %b2: tensor<256xf32>,
               %w3: tensor<10x256xf32>, %b3: tensor<10xf32>) -> tensor<1x10xf32> {
  %h1 = nn.dense %x, %w1, %b1 {activation = #nn.activation<relu>}
      : (tensor<1x784xf32>, tensor<512x784xf32>, tensor<512xf32>) -> tensor<1x512xf32>
  %h2 = nn.dense %h1, %w2, %b2 {activation = #nn.activation<relu>}
      : (tensor<1x512xf32>, tensor<256x512xf32>, tensor<256xf32>) -> tensor<1x256xf32>
  %logits = nn.dense %h2, %w3, %b3
      : (tensor<1x256xf32>, tensor<10x256xf32>, tensor<10xf32>) -> tensor<1x10xf32>
  %probs = nn.softmax %logits : (tensor<1x10xf32>) -> tensor<1x10xf32>
  return %probs : tensor<1x10xf32>
}
