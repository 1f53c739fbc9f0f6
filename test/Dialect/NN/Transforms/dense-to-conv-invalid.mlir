// RUN: nnc-opt %s --nn-dense-to-conv -split-input-file -verify-diagnostics

// What nn-dense-to-conv cannot convolutionalize is reported on the op and
// the pass fails; the function is left unchanged.

// A flatten that keeps the channels apart from the spatial dimensions.
func.func @flatten_axis_2(%x: tensor<1x2x3x3xf32>, %w: tensor<4x9xf32>) -> tensor<2x4xf32> {
  // expected-note @+1 {{the flatten is here}}
  %f = nn.flatten %x {axis = 2 : i64} : (tensor<1x2x3x3xf32>) -> tensor<2x9xf32>
  // expected-error @+1 {{cannot convolutionalize 'nn.dense': its input is a flatten with axis 2; only axis 1 ([N, C, H, W] -> [N, C·H·W]) is supported}}
  %d = nn.dense %f, %w : (tensor<2x9xf32>, tensor<4x9xf32>) -> tensor<2x4xf32>
  return %d : tensor<2x4xf32>
}

// -----

// 1-D maps [N, C, L] are not supported.
func.func @flatten_3d(%x: tensor<1x2x5xf32>, %w: tensor<4x10xf32>) -> tensor<1x4xf32> {
  // expected-note @+1 {{the flatten is here}}
  %f = nn.flatten %x : (tensor<1x2x5xf32>) -> tensor<1x10xf32>
  // expected-error @+1 {{cannot convolutionalize 'nn.dense': its input is a flatten of a rank-3 tensor [1, 2, 5]; only [N, C, H, W] maps are supported}}
  %d = nn.dense %f, %w : (tensor<1x10xf32>, tensor<4x10xf32>) -> tensor<1x4xf32>
  return %d : tensor<1x4xf32>
}

// -----

// The kernel shape comes from the flattened map: it must be static.
func.func @dynamic_map(%x: tensor<1x2x?x3xf32>, %w: tensor<4x18xf32>) -> tensor<1x4xf32> {
  // expected-note @+1 {{the flatten is here}}
  %f = nn.flatten %x : (tensor<1x2x?x3xf32>) -> tensor<1x?xf32>
  // expected-error @+1 {{cannot convolutionalize 'nn.dense': the flattened map [1, 2, ?, 3] must have static C, H and W (they give the kernel shape)}}
  %d = nn.dense %f, %w : (tensor<1x?xf32>, tensor<4x18xf32>) -> tensor<1x4xf32>
  return %d : tensor<1x4xf32>
}

// -----

// The flatten is removed: it may feed only denses.
func.func @flatten_other_use(%x: tensor<1x2x3x3xf32>, %w: tensor<4x18xf32>) -> (tensor<1x4xf32>, tensor<1x18xf32>) {
  // expected-note @+1 {{the flatten is here}}
  %f = nn.flatten %x : (tensor<1x2x3x3xf32>) -> tensor<1x18xf32>
  %d = nn.dense %f, %w : (tensor<1x18xf32>, tensor<4x18xf32>) -> tensor<1x4xf32>
  // expected-error @+1 {{cannot convolutionalize: 'nn.relu' uses a flatten that feeds a dense (only denses may use it)}}
  %r = nn.relu %f : tensor<1x18xf32>
  return %d, %r : tensor<1x4xf32>, tensor<1x18xf32>
}

// -----

// The dense's output feeds an op with no convolutional form.
func.func @head_transpose(%x: tensor<1x2x3x3xf32>, %w: tensor<4x18xf32>) -> tensor<4x1xf32> {
  %f = nn.flatten %x : (tensor<1x2x3x3xf32>) -> tensor<1x18xf32>
  // expected-note @+1 {{this value becomes a map [N, F, H', W']}}
  %d = nn.dense %f, %w : (tensor<1x18xf32>, tensor<4x18xf32>) -> tensor<1x4xf32>
  // expected-error @+1 {{cannot convolutionalize: 'nn.transpose' uses the output of a converted dense (operand 0) and this op has no convolutional form (supported: dense, element-wise ops, activations, dropout, batch_norm, softmax / log_softmax / sparsemax over the features, return)}}
  %t = nn.transpose %d {permutation = array<i64: 1, 0>} : (tensor<1x4xf32>) -> tensor<4x1xf32>
  return %t : tensor<4x1xf32>
}

// -----

// Also further down the head, after an activation.
func.func @head_reduce(%x: tensor<1x2x3x3xf32>, %w: tensor<4x18xf32>) -> tensor<1xf32> {
  %f = nn.flatten %x : (tensor<1x2x3x3xf32>) -> tensor<1x18xf32>
  %d = nn.dense %f, %w : (tensor<1x18xf32>, tensor<4x18xf32>) -> tensor<1x4xf32>
  // expected-note @+1 {{this value becomes a map [N, F, H', W']}}
  %r = nn.relu %d : tensor<1x4xf32>
  // expected-error @+1 {{cannot convolutionalize: 'nn.reduce' uses the output of a converted dense (operand 0) and this op has no convolutional form}}
  %s = nn.reduce sum %r {axes = array<i64: 1>} : (tensor<1x4xf32>) -> tensor<1xf32>
  return %s : tensor<1xf32>
}

// -----

// A softmax over the batch.
func.func @softmax_batch_axis(%x: tensor<2x2x3x3xf32>, %w: tensor<4x18xf32>) -> tensor<2x4xf32> {
  %f = nn.flatten %x : (tensor<2x2x3x3xf32>) -> tensor<2x18xf32>
  // expected-note @+1 {{this value becomes a map [N, F, H', W']}}
  %d = nn.dense %f, %w : (tensor<2x18xf32>, tensor<4x18xf32>) -> tensor<2x4xf32>
  // expected-error @+1 {{cannot convolutionalize: 'nn.softmax' uses the output of a converted dense (operand 0) over axis 0 (only the feature axis, -1 or 1, maps to the channels)}}
  %s = nn.softmax %d {axis = 0 : i64} : (tensor<2x4xf32>) -> tensor<2x4xf32>
  return %s : tensor<2x4xf32>
}

// -----

// The map used as a dense weight.
func.func @map_as_weight(%x: tensor<1x2x3x3xf32>, %w: tensor<4x18xf32>, %y: tensor<3x4xf32>) -> tensor<3x1xf32> {
  %f = nn.flatten %x : (tensor<1x2x3x3xf32>) -> tensor<1x18xf32>
  // expected-note @+1 {{this value becomes a map [N, F, H', W']}}
  %d = nn.dense %f, %w : (tensor<1x18xf32>, tensor<4x18xf32>) -> tensor<1x4xf32>
  // expected-error @+1 {{cannot convolutionalize: 'nn.dense' uses the output of a converted dense (operand 1) as its weight or bias}}
  %e = nn.dense %y, %d : (tensor<3x4xf32>, tensor<1x4xf32>) -> tensor<3x1xf32>
  return %e : tensor<3x1xf32>
}

// -----

// A reshape between the input and the flatten fixes the spatial size.
func.func @reshape_in_trunk(%x: tensor<1x2x9xf32>, %w: tensor<4x18xf32>) -> tensor<1x4xf32> {
  // expected-error @+1 {{cannot convolutionalize: 'nn.reshape' between the function input and the flatten has a fixed result type (only nn ops whose result type is inferred can take a new input size)}}
  %r = nn.reshape %x : (tensor<1x2x9xf32>) -> tensor<1x2x3x3xf32>
  // expected-note @+1 {{the flatten is here}}
  %f = nn.flatten %r : (tensor<1x2x3x3xf32>) -> tensor<1x18xf32>
  %d = nn.dense %f, %w : (tensor<1x18xf32>, tensor<4x18xf32>) -> tensor<1x4xf32>
  return %d : tensor<1x4xf32>
}

// -----

// The map must come from a function argument [N, C, H, W].
func.func @map_from_constant(%w: tensor<4x18xf32>) -> tensor<1x4xf32> {
  %c = arith.constant dense<1.0> : tensor<1x2x3x3xf32>
  // expected-error @+1 {{cannot convolutionalize: the flattened map does not come from a [N, C, H, W] function argument}}
  %f = nn.flatten %c : (tensor<1x2x3x3xf32>) -> tensor<1x18xf32>
  %d = nn.dense %f, %w : (tensor<1x18xf32>, tensor<4x18xf32>) -> tensor<1x4xf32>
  return %d : tensor<1x4xf32>
}

// -----

// A masked softmax: the mask is [N, F].
func.func @masked_softmax(%x: tensor<1x2x3x3xf32>, %w: tensor<4x18xf32>, %m: tensor<1x4xi1>) -> tensor<1x4xf32> {
  %f = nn.flatten %x : (tensor<1x2x3x3xf32>) -> tensor<1x18xf32>
  // expected-note @+1 {{this value becomes a map [N, F, H', W']}}
  %d = nn.dense %f, %w : (tensor<1x18xf32>, tensor<4x18xf32>) -> tensor<1x4xf32>
  // expected-error @+1 {{cannot convolutionalize: 'nn.softmax' uses the output of a converted dense (operand 0) with a mask}}
  %s = nn.softmax %d mask %m : (tensor<1x4xf32>, tensor<1x4xi1>) -> tensor<1x4xf32>
  return %s : tensor<1x4xf32>
}

// -----

// The signature changes: a caller would no longer match.
// expected-error @+1 {{cannot convolutionalize: the function's signature changes but it is referenced}}
func.func @callee(%x: tensor<1x2x3x3xf32>, %w: tensor<4x18xf32>) -> tensor<1x4xf32> {
  %f = nn.flatten %x : (tensor<1x2x3x3xf32>) -> tensor<1x18xf32>
  %d = nn.dense %f, %w : (tensor<1x18xf32>, tensor<4x18xf32>) -> tensor<1x4xf32>
  return %d : tensor<1x4xf32>
}

func.func @caller(%x: tensor<1x2x3x3xf32>, %w: tensor<4x18xf32>) -> tensor<1x4xf32> {
  // expected-note @+1 {{referenced here}}
  %y = func.call @callee(%x, %w) : (tensor<1x2x3x3xf32>, tensor<4x18xf32>) -> tensor<1x4xf32>
  return %y : tensor<1x4xf32>
}

// -----

// A binary operand that raises the rank has no place in the map.
func.func @binary_rank3(%x: tensor<1x2x3x3xf32>, %w: tensor<4x18xf32>, %b: tensor<2x1x4xf32>) -> tensor<2x1x4xf32> {
  %f = nn.flatten %x : (tensor<1x2x3x3xf32>) -> tensor<1x18xf32>
  // expected-note @+1 {{this value becomes a map [N, F, H', W']}}
  %d = nn.dense %f, %w : (tensor<1x18xf32>, tensor<4x18xf32>) -> tensor<1x4xf32>
  // expected-error @+1 {{cannot convolutionalize: 'nn.add' uses the output of a converted dense (operand 0) with an operand of rank 3 (only scalars, [F] and [N, F] broadcast along the map)}}
  %a = nn.add %d, %b : (tensor<1x4xf32>, tensor<2x1x4xf32>) -> tensor<2x1x4xf32>
  return %a : tensor<2x1x4xf32>
}
