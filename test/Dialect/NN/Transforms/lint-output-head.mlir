// RUN: nnc-opt %s --nn-lint-output-head -split-input-file -verify-diagnostics -o /dev/null

// nn-lint-output-head: one function per output-layer mistake (a warning on
// the head op, naming it and giving the fix, and a note at the loss), then
// one per correct pairing (no diagnostic). lint-output-head-werror.mlir
// checks the `werror` option.

//===----------------------------------------------------------------------===//
// Double softmax: softmax in the model, cross_entropy from logits.
//===----------------------------------------------------------------------===//

func.func @softmax_then_cross_entropy(%x: tensor<?x16xf32>, %w: tensor<10x16xf32>, %t: tensor<?xi64>) -> tensor<f32> {
  %logits = nn.dense %x, %w : (tensor<?x16xf32>, tensor<10x16xf32>) -> tensor<?x10xf32>
  // expected-warning @+1 {{nn-lint-output-head: 'nn.softmax' feeds 'nn.cross_entropy', which applies log_softmax itself (double softmax); fix: pass the logits to nn.cross_entropy, or set from_logits = false}}
  %p = nn.softmax %logits : (tensor<?x10xf32>) -> tensor<?x10xf32>
  // expected-note @+1 {{the loss 'nn.cross_entropy' is here}}
  %loss = nn.cross_entropy %p, %t : (tensor<?x10xf32>, tensor<?xi64>) -> tensor<f32>
  return %loss : tensor<f32>
}

// -----

// Traced through dropout and reshape; from_logits = true written out.
func.func @softmax_dropout_reshape_cross_entropy(%x: tensor<4x2x5xf32>, %t: tensor<4xi64>) -> tensor<f32> {
  // expected-warning @+1 {{'nn.softmax' feeds 'nn.cross_entropy', which applies log_softmax itself (double softmax)}}
  %p = nn.softmax %x : (tensor<4x2x5xf32>) -> tensor<4x2x5xf32>
  %d = nn.dropout %p {rate = 0.1 : f64} : tensor<4x2x5xf32>
  %r = nn.reshape %d : (tensor<4x2x5xf32>) -> tensor<4x10xf32>
  // expected-note @+1 {{the loss 'nn.cross_entropy' is here}}
  %loss = nn.cross_entropy %r, %t {from_logits = true} : (tensor<4x10xf32>, tensor<4xi64>) -> tensor<f32>
  return %loss : tensor<f32>
}

// -----

// log_softmax into cross_entropy from logits: log_softmax twice.
func.func @log_softmax_then_cross_entropy(%x: tensor<8x10xf32>, %t: tensor<8xi64>) -> tensor<f32> {
  // expected-warning @+1 {{'nn.log_softmax' feeds 'nn.cross_entropy', which applies log_softmax itself (log_softmax twice: redundant work, and probabilities are expected only with from_logits = false); fix: pass the logits to nn.cross_entropy}}
  %lp = nn.log_softmax %x : (tensor<8x10xf32>) -> tensor<8x10xf32>
  // expected-note @+1 {{the loss 'nn.cross_entropy' is here}}
  %loss = nn.cross_entropy %lp, %t : (tensor<8x10xf32>, tensor<8xi64>) -> tensor<f32>
  return %loss : tensor<f32>
}

// -----

// log_softmax into cross_entropy on probabilities: log of log-probabilities.
func.func @log_softmax_then_nll_on_probabilities(%x: tensor<8x10xf32>, %t: tensor<8xi64>) -> tensor<f32> {
  // expected-warning @+1 {{'nn.log_softmax' feeds 'nn.cross_entropy' with from_logits = false, which takes the log of its input again (log of log-probabilities: NaN for negative values); fix: pass the logits to nn.cross_entropy with from_logits = true}}
  %lp = nn.log_softmax %x : (tensor<8x10xf32>) -> tensor<8x10xf32>
  // expected-note @+1 {{the loss 'nn.cross_entropy' is here}}
  %loss = nn.cross_entropy %lp, %t {from_logits = false} : (tensor<8x10xf32>, tensor<8xi64>) -> tensor<f32>
  return %loss : tensor<f32>
}

//===----------------------------------------------------------------------===//
// Softmax on a regression or multi-label head.
//===----------------------------------------------------------------------===//

// -----

func.func @softmax_regression_mse(%x: tensor<?x16xf32>, %w: tensor<3x16xf32>, %y: tensor<?x3xf32>) -> tensor<f32> {
  %h = nn.dense %x, %w : (tensor<?x16xf32>, tensor<3x16xf32>) -> tensor<?x3xf32>
  // expected-warning @+1 {{nn-lint-output-head: 'nn.softmax' on a regression head: it feeds 'nn.mse', but softmax outputs are coupled (they sum to 1), meaningless for continuous targets; fix: use an identity output (no activation) for regression, or nn.cross_entropy on the logits for class targets}}
  %p = nn.softmax %h : (tensor<?x3xf32>) -> tensor<?x3xf32>
  // expected-note @+1 {{the loss 'nn.mse' is here}}
  %loss = nn.mse %p, %y : (tensor<?x3xf32>, tensor<?x3xf32>) -> tensor<f32>
  return %loss : tensor<f32>
}

// -----

func.func @softmax_multilabel_bce(%x: tensor<8x5xf32>, %y: tensor<8x5xf32>) -> tensor<f32> {
  // expected-warning @+1 {{nn-lint-output-head: 'nn.softmax' on a multi-label head: it feeds 'nn.bce', but softmax makes the labels compete (the outputs sum to 1, so one label dominates); fix: use nn.sigmoid per output with nn.bce, or pass the logits to nn.bce_with_logits}}
  %p = nn.softmax %x : (tensor<8x5xf32>) -> tensor<8x5xf32>
  // expected-note @+1 {{the loss 'nn.bce' is here}}
  %loss = nn.bce %p, %y : (tensor<8x5xf32>, tensor<8x5xf32>) -> tensor<f32>
  return %loss : tensor<f32>
}

// -----

func.func @softmax_multilabel_bce_with_logits(%x: tensor<8x5xf32>, %y: tensor<8x5xf32>) -> tensor<f32> {
  // expected-warning @+1 {{'nn.softmax' on a multi-label head: it feeds 'nn.bce_with_logits', but softmax makes the labels compete (the outputs sum to 1, so one label dominates); fix: pass the logits to nn.bce_with_logits (it applies a sigmoid per label)}}
  %p = nn.softmax %x : (tensor<8x5xf32>) -> tensor<8x5xf32>
  // expected-note @+1 {{the loss 'nn.bce_with_logits' is here}}
  %loss = nn.bce_with_logits %p, %y : (tensor<8x5xf32>, tensor<8x5xf32>) -> tensor<f32>
  return %loss : tensor<f32>
}

//===----------------------------------------------------------------------===//
// MSE after sigmoid.
//===----------------------------------------------------------------------===//

// -----

func.func @sigmoid_then_mse(%x: tensor<?x16xf32>, %w: tensor<1x16xf32>, %y: tensor<?x1xf32>) -> tensor<f32> {
  %z = nn.dense %x, %w : (tensor<?x16xf32>, tensor<1x16xf32>) -> tensor<?x1xf32>
  // expected-warning @+1 {{nn-lint-output-head: 'nn.sigmoid' feeds 'nn.mse' (MSE after sigmoid: the gradient vanishes as the outputs saturate near 0 or 1); fix: for binary targets use nn.bce on the probabilities or nn.bce_with_logits on the logits; for regression use an identity output}}
  %p = nn.sigmoid %z : tensor<?x1xf32>
  // expected-note @+1 {{the loss 'nn.mse' is here}}
  %loss = nn.mse %p, %y : (tensor<?x1xf32>, tensor<?x1xf32>) -> tensor<f32>
  return %loss : tensor<f32>
}

// -----

// The sigmoid as the dense's epilogue (after nn-fuse-bias-activation).
func.func @dense_sigmoid_epilogue_then_mse(%x: tensor<?x16xf32>, %w: tensor<1x16xf32>, %b: tensor<1xf32>, %y: tensor<?x1xf32>) -> tensor<f32> {
  // expected-warning @+1 {{nn-lint-output-head: 'nn.dense' with activation = sigmoid feeds 'nn.mse' (MSE after sigmoid}}
  %p = nn.dense %x, %w, %b {activation = #nn.activation<sigmoid>} : (tensor<?x16xf32>, tensor<1x16xf32>, tensor<1xf32>) -> tensor<?x1xf32>
  // expected-note @+1 {{the loss 'nn.mse' is here}}
  %loss = nn.mse %p, %y : (tensor<?x1xf32>, tensor<?x1xf32>) -> tensor<f32>
  return %loss : tensor<f32>
}

//===----------------------------------------------------------------------===//
// ReLU on a regression output.
//===----------------------------------------------------------------------===//

// -----

func.func @relu_regression_output(%x: tensor<?x16xf32>, %w: tensor<2x16xf32>, %y: tensor<?x2xf32>) -> tensor<f32> {
  %z = nn.dense %x, %w : (tensor<?x16xf32>, tensor<2x16xf32>) -> tensor<?x2xf32>
  // expected-warning @+1 {{nn-lint-output-head: 'nn.relu' on a regression output feeding 'nn.mse' cannot predict negative values (they are clipped to 0, with no gradient); fix: use an identity output (no activation)}}
  %r = nn.relu %z : tensor<?x2xf32>
  // expected-note @+1 {{the loss 'nn.mse' is here}}
  %loss = nn.mse %r, %y {reduction = #nn.reduction<sum>} : (tensor<?x2xf32>, tensor<?x2xf32>) -> tensor<f32>
  return %loss : tensor<f32>
}

// -----

func.func @dense_relu_epilogue_regression(%x: tensor<?x16xf32>, %w: tensor<2x16xf32>, %b: tensor<2xf32>, %y: tensor<?x2xf32>) -> tensor<f32> {
  // expected-warning @+1 {{nn-lint-output-head: 'nn.dense' with activation = relu on a regression output feeding 'nn.mse' cannot predict negative values}}
  %r = nn.dense %x, %w, %b {activation = #nn.activation<relu>} : (tensor<?x16xf32>, tensor<2x16xf32>, tensor<2xf32>) -> tensor<?x2xf32>
  // expected-note @+1 {{the loss 'nn.mse' is here}}
  %loss = nn.mse %r, %y : (tensor<?x2xf32>, tensor<?x2xf32>) -> tensor<f32>
  return %loss : tensor<f32>
}

// -----

// A conv with a relu epilogue, flattened into a per-pixel regression.
func.func @conv_relu_epilogue_flatten_regression(%x: tensor<2x3x4x4xf32>, %w: tensor<1x3x1x1xf32>, %y: tensor<2x16xf32>) -> tensor<f32> {
  // expected-warning @+1 {{'nn.conv' with activation = relu on a regression output feeding 'nn.mse'}}
  %c = nn.conv %x, %w {activation = #nn.activation<relu>} : (tensor<2x3x4x4xf32>, tensor<1x3x1x1xf32>) -> tensor<2x1x4x4xf32>
  %f = nn.flatten %c : (tensor<2x1x4x4xf32>) -> tensor<2x16xf32>
  // expected-note @+1 {{the loss 'nn.mse' is here}}
  %loss = nn.mse %f, %y : (tensor<2x16xf32>, tensor<2x16xf32>) -> tensor<f32>
  return %loss : tensor<f32>
}

//===----------------------------------------------------------------------===//
// Sigmoid followed by categorical cross-entropy.
//===----------------------------------------------------------------------===//

// -----

func.func @sigmoid_then_cross_entropy(%x: tensor<8x10xf32>, %t: tensor<8xi64>) -> tensor<f32> {
  // expected-warning @+1 {{nn-lint-output-head: 'nn.sigmoid' feeds 'nn.cross_entropy' (sigmoid followed by categorical cross-entropy: sigmoid outputs are independent and do not sum to 1); fix: for single-label classes pass the logits to nn.cross_entropy (or nn.softmax probabilities with from_logits = false), for multi-label targets use nn.bce on the sigmoid outputs (or nn.bce_with_logits on the logits)}}
  %p = nn.sigmoid %x : tensor<8x10xf32>
  // expected-note @+1 {{the loss 'nn.cross_entropy' is here}}
  %loss = nn.cross_entropy %p, %t {from_logits = false} : (tensor<8x10xf32>, tensor<8xi64>) -> tensor<f32>
  return %loss : tensor<f32>
}

// -----

func.func @dense_sigmoid_epilogue_then_cross_entropy(%x: tensor<8x16xf32>, %w: tensor<10x16xf32>, %t: tensor<8x10xf32>) -> tensor<f32> {
  // expected-warning @+1 {{'nn.dense' with activation = sigmoid feeds 'nn.cross_entropy' (sigmoid followed by categorical cross-entropy}}
  %p = nn.dense %x, %w {activation = #nn.activation<sigmoid>} : (tensor<8x16xf32>, tensor<10x16xf32>) -> tensor<8x10xf32>
  // expected-note @+1 {{the loss 'nn.cross_entropy' is here}}
  %loss = nn.cross_entropy %p, %t : (tensor<8x10xf32>, tensor<8x10xf32>) -> tensor<f32>
  return %loss : tensor<f32>
}

//===----------------------------------------------------------------------===//
// Output width != the number of classes the loss expects.
//===----------------------------------------------------------------------===//

// -----

func.func @width_not_num_classes(%x: tensor<?x16xf32>, %w: tensor<5x16xf32>, %t: tensor<?xi64>) -> tensor<f32> {
  // expected-warning @+1 {{nn-lint-output-head: 'nn.dense' outputs 5 classes but 'nn.cross_entropy' expects num_classes = 10 (output width != class count); fix: make the output layer 10 wide (one output per class), or correct num_classes}}
  %logits = nn.dense %x, %w : (tensor<?x16xf32>, tensor<5x16xf32>) -> tensor<?x5xf32>
  // expected-note @+1 {{the loss 'nn.cross_entropy' with num_classes = 10 is here}}
  %loss = nn.cross_entropy %logits, %t {num_classes = 10 : i64} : (tensor<?x5xf32>, tensor<?xi64>) -> tensor<f32>
  return %loss : tensor<f32>
}

// -----

// Softmax probabilities (a correct pairing) of the wrong width: the width
// is reported on the dense that sets it.
func.func @width_through_softmax(%x: tensor<4x16xf32>, %w: tensor<3x16xf32>, %t: tensor<4xi64>) -> tensor<f32> {
  // expected-warning @+1 {{'nn.dense' outputs 3 classes but 'nn.cross_entropy' expects num_classes = 2}}
  %logits = nn.dense %x, %w : (tensor<4x16xf32>, tensor<3x16xf32>) -> tensor<4x3xf32>
  %p = nn.softmax %logits : (tensor<4x3xf32>) -> tensor<4x3xf32>
  // expected-note @+1 {{the loss 'nn.cross_entropy' with num_classes = 2 is here}}
  %loss = nn.cross_entropy %p, %t {from_logits = false, num_classes = 2 : i64} : (tensor<4x3xf32>, tensor<4xi64>) -> tensor<f32>
  return %loss : tensor<f32>
}

// -----

// The logits are a function argument: reported on the loss.
func.func @width_of_argument(%logits: tensor<4x7xf32>, %t: tensor<4xi64>) -> tensor<f32> {
  // expected-warning @+2 {{nn-lint-output-head: the input of 'nn.cross_entropy' has 7 classes but num_classes = 8 (output width != class count); fix: make the output layer 8 wide (one output per class), or correct num_classes}}
  // expected-note @+1 {{the loss 'nn.cross_entropy' with num_classes = 8 is here}}
  %loss = nn.cross_entropy %logits, %t {num_classes = 8 : i64} : (tensor<4x7xf32>, tensor<4xi64>) -> tensor<f32>
  return %loss : tensor<f32>
}

// -----

// Two mistakes on one head: double softmax and the wrong width.
func.func @double_softmax_and_width(%x: tensor<4x16xf32>, %w: tensor<3x16xf32>, %t: tensor<4xi64>) -> tensor<f32> {
  // expected-warning @+1 {{'nn.dense' outputs 3 classes but 'nn.cross_entropy' expects num_classes = 4}}
  %logits = nn.dense %x, %w : (tensor<4x16xf32>, tensor<3x16xf32>) -> tensor<4x3xf32>
  // expected-warning @+1 {{'nn.softmax' feeds 'nn.cross_entropy', which applies log_softmax itself (double softmax)}}
  %p = nn.softmax %logits : (tensor<4x3xf32>) -> tensor<4x3xf32>
  // expected-note @+2 {{the loss 'nn.cross_entropy' is here}}
  // expected-note @+1 {{the loss 'nn.cross_entropy' with num_classes = 4 is here}}
  %loss = nn.cross_entropy %p, %t {num_classes = 4 : i64} : (tensor<4x3xf32>, tensor<4xi64>) -> tensor<f32>
  return %loss : tensor<f32>
}

//===----------------------------------------------------------------------===//
// Double sigmoid: sigmoid into bce_with_logits.
//===----------------------------------------------------------------------===//

// -----

func.func @sigmoid_then_bce_with_logits(%x: tensor<8x5xf32>, %y: tensor<8x5xf32>) -> tensor<f32> {
  // expected-warning @+1 {{nn-lint-output-head: 'nn.sigmoid' feeds 'nn.bce_with_logits', which applies sigmoid itself (double sigmoid); fix: pass the logits to nn.bce_with_logits, or use nn.bce on the probabilities}}
  %p = nn.sigmoid %x : tensor<8x5xf32>
  // expected-note @+1 {{the loss 'nn.bce_with_logits' is here}}
  %loss = nn.bce_with_logits %p, %y : (tensor<8x5xf32>, tensor<8x5xf32>) -> tensor<f32>
  return %loss : tensor<f32>
}

//===----------------------------------------------------------------------===//
// Correct pairings: no diagnostic.
//===----------------------------------------------------------------------===//

// -----

// Identity output + MSE (regression).
func.func @identity_mse(%x: tensor<?x16xf32>, %w: tensor<3x16xf32>, %b: tensor<3xf32>, %y: tensor<?x3xf32>) -> tensor<f32> {
  %h = nn.dense %x, %w, %b : (tensor<?x16xf32>, tensor<3x16xf32>, tensor<3xf32>) -> tensor<?x3xf32>
  %loss = nn.mse %h, %y : (tensor<?x3xf32>, tensor<?x3xf32>) -> tensor<f32>
  return %loss : tensor<f32>
}

// -----

// Sigmoid + BCE (binary / multi-label), as an op and as an epilogue.
func.func @sigmoid_bce(%x: tensor<?x16xf32>, %w: tensor<1x16xf32>, %y: tensor<?x1xf32>) -> (tensor<f32>, tensor<f32>) {
  %z = nn.dense %x, %w : (tensor<?x16xf32>, tensor<1x16xf32>) -> tensor<?x1xf32>
  %p = nn.sigmoid %z : tensor<?x1xf32>
  %l0 = nn.bce %p, %y : (tensor<?x1xf32>, tensor<?x1xf32>) -> tensor<f32>
  %q = nn.dense %x, %w {activation = #nn.activation<sigmoid>} : (tensor<?x16xf32>, tensor<1x16xf32>) -> tensor<?x1xf32>
  %l1 = nn.bce %q, %y : (tensor<?x1xf32>, tensor<?x1xf32>) -> tensor<f32>
  return %l0, %l1 : tensor<f32>, tensor<f32>
}

// -----

// Logits + cross_entropy (from_logits by default), width = num_classes.
func.func @logits_cross_entropy(%x: tensor<?x16xf32>, %w: tensor<10x16xf32>, %t: tensor<?xi64>) -> tensor<f32> {
  %logits = nn.dense %x, %w : (tensor<?x16xf32>, tensor<10x16xf32>) -> tensor<?x10xf32>
  %loss = nn.cross_entropy %logits, %t {num_classes = 10 : i64} : (tensor<?x10xf32>, tensor<?xi64>) -> tensor<f32>
  return %loss : tensor<f32>
}

// -----

// Softmax + cross_entropy on probabilities (NLL of their log).
func.func @softmax_nll_on_probabilities(%x: tensor<?x16xf32>, %w: tensor<10x16xf32>, %t: tensor<?xi64>) -> tensor<f32> {
  %logits = nn.dense %x, %w : (tensor<?x16xf32>, tensor<10x16xf32>) -> tensor<?x10xf32>
  %p = nn.softmax %logits : (tensor<?x10xf32>) -> tensor<?x10xf32>
  %loss = nn.cross_entropy %p, %t {from_logits = false} : (tensor<?x10xf32>, tensor<?xi64>) -> tensor<f32>
  return %loss : tensor<f32>
}

// -----

// Logits + bce_with_logits.
func.func @logits_bce_with_logits(%x: tensor<?x16xf32>, %w: tensor<5x16xf32>, %y: tensor<?x5xf32>) -> tensor<f32> {
  %logits = nn.dense %x, %w : (tensor<?x16xf32>, tensor<5x16xf32>) -> tensor<?x5xf32>
  %loss = nn.bce_with_logits %logits, %y : (tensor<?x5xf32>, tensor<?x5xf32>) -> tensor<f32>
  return %loss : tensor<f32>
}

// -----

// Tanh + MSE (targets in [-1, 1]); hidden ReLUs and a softmax whose result
// is not the loss input (e.g. returned for inference) are not reported.
func.func @hidden_layers_not_reported(%x: tensor<?x16xf32>, %w1: tensor<16x16xf32>, %w2: tensor<4x16xf32>, %y: tensor<?x4xf32>) -> (tensor<f32>, tensor<?x4xf32>) {
  %h = nn.dense %x, %w1 {activation = #nn.activation<relu>} : (tensor<?x16xf32>, tensor<16x16xf32>) -> tensor<?x16xf32>
  %h2 = nn.relu %h : tensor<?x16xf32>
  %z = nn.dense %h2, %w2 : (tensor<?x16xf32>, tensor<4x16xf32>) -> tensor<?x4xf32>
  %t = nn.tanh %z : tensor<?x4xf32>
  %p = nn.softmax %z : (tensor<?x4xf32>) -> tensor<?x4xf32>
  %loss = nn.mse %t, %y : (tensor<?x4xf32>, tensor<?x4xf32>) -> tensor<f32>
  return %loss, %p : tensor<f32>, tensor<?x4xf32>
}

// -----

// A dynamic class dimension cannot be compared with num_classes.
func.func @dynamic_width(%logits: tensor<4x?xf32>, %t: tensor<4xi64>) -> tensor<f32> {
  %loss = nn.cross_entropy %logits, %t {num_classes = 10 : i64} : (tensor<4x?xf32>, tensor<4xi64>) -> tensor<f32>
  return %loss : tensor<f32>
}
