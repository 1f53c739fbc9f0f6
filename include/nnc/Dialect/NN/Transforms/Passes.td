//===- Passes.td - nn dialect passes -----------------------*- tablegen -*-===//
#ifndef NNC_DIALECT_NN_TRANSFORMS_PASSES_TD
#define NNC_DIALECT_NN_TRANSFORMS_PASSES_TD

include "mlir/Pass/PassBase.td"

def NNShapeLedger : Pass<"nn-shape-ledger", "mlir::ModuleOp"> {
  let summary = "Print parameters, parameter memory, FLOPs and activation "
                "memory per op and in total";
  let description = [{
    For every function, prints one row per `nn` op (its name, location,
    result type, learnable parameters, parameter bytes, forward FLOPs and
    activation bytes) and a total row, as a table (default) or as JSON
    (`--nn-shape-ledger=format=json`), on standard output. The IR is left
    unchanged (add `-o /dev/null` to print only the ledger). When a shape
    has a dynamic dimension the figures are per sample (dynamic dimensions
    count as 1) and the function is marked so.
  }];
  let options = [
    Option<"format", "format", "std::string", /*default=*/"\"table\"",
           "Output format: 'table' or 'json'">
  ];
}

def NNDecompose : Pass<"nn-decompose"> {
  let summary = "Decompose composite nn layers into primitive nn ops";
  let description = [{
    Rewrites composite layers into primitive nn ops (dense, matmul,
    elementwise, activations, plain softmax, reduce, reshape, transpose,
    split, concat), for backends that want only those. Results are
    numerically unchanged. Scalars (scale, epsilon, temperature) and the
    causal mask are `arith.constant` tensors; locations are kept.

    - `attention`: q/k/v `dense`; heads by `reshape` [B, L, H, Dh] and
      `transpose` [B, H, L, Dh]; scores `matmul(q, kᵀ)` times `scale`; a
      float mask is added, a boolean mask becomes the softmax's mask; causal
      is a constant boolean [Lq, Lk] softmax mask (a constant 0 / -inf
      additive mask when the user mask is already boolean); `softmax` over
      keys; `matmul` with v; heads merged back; out `dense`.
    - `swiglu`: `silu(dense(x, Wg, bg)) * dense(x, Wu, bu)`, then `dense`
      (Wd, bd).
    - `rnn`, `lstm`: unrolled over T. One `dense` projects every step's
      input, `split` into steps; per step the recurrent `dense` and the
      activations (lstm: gates `split` i, f, g, o; c = f·c + i·g;
      h = o·tanh(c)); hidden states `concat`enated along axis 1. Absent
      initial states are zeros, used exactly: the first step has no
      recurrent term (only b_hh) and c_1 = i·g.
    - `layer_norm`: mean, centered, biased variance (`reduce mean`),
      `rsqrt(var + eps)`, scale, bias. `rms_norm`: `x · rsqrt(mean(x²) +
      eps)`, scale.
    - `kmeans`: `softmax((2·x·cᵀ - ‖c‖²) / T)` (the per-row ‖x‖² of the
      squared distance cancels in the softmax).
    - softmax with temperature ≠ 1 or a float mask: `div` / `add`, then a
      plain softmax (a boolean mask stays on it). `log_softmax`:
      `s - log(sum(exp(s)))`, `s = x - max(x)`; with a boolean mask
      `log(softmax(x, mask))`. `grid_softmax`: `reshape` [..., G, K],
      softmax, `reshape` back (left alone when the last dimension is
      dynamic).
    - `sparsemax` is left alone: it needs a sort, which no primitive op
      provides.

    `composites-only` restricts it to the layers that have no direct
    lowering to linalg (attention, swiglu, rnn, lstm); convert-nn-to-linalg
    uses the same patterns. Not supported yet (an error on the op, the pass
    fails): attention with a dynamic embedding dimension, causal attention
    with a dynamic Lq or Lk, rnn / lstm with a dynamic sequence length or
    hidden size, or T = 0. The head reshapes only split or merge the last
    dimension, also when batch and sequence are dynamic.
  }];
  let options = [
    Option<"compositesOnly", "composites-only", "bool", /*default=*/"false",
           "Only decompose attention, swiglu, rnn and lstm">
  ];
}

def NNFuseBiasActivation : Pass<"nn-fuse-bias-activation"> {
  let summary = "Fold a following bias add and activation into dense, conv "
                "and matmul";
  let description = [{
    `dense` / `conv` / `matmul` followed by an `add` of a bias that
    broadcasts along the output features only, and/or by an activation op
    (any case of the activation enum, with leaky_relu's slope and elu's
    alpha), becomes one op with `bias` and `activation`. Nothing is fused
    when the intermediate value has other users, when the op already has a
    bias (for the add) or an activation (for the activation), or when the
    bias does not broadcast along the output features.
  }];
}

def NNDenseToConv : Pass<"nn-dense-to-conv", "mlir::ModuleOp"> {
  let summary = "Convolutionalize dense heads (fully convolutional models)";
  let description = [{
    A `dense` on a `flatten`ed C×H×W map becomes a `conv` with an H×W
    kernel (the weights reshaped, not retrained); later denses become 1×1
    convs; the flatten is removed. The function's input type gets dynamic
    spatial dimensions, or `input-size=H,W`, so the model accepts larger
    images and returns a map of predictions (one per window, at a stride of
    the product of the pooling strides).
  }];
  let options = [
    ListOption<"inputSize", "input-size", "int64_t",
               "New spatial size H,W of the input (default: dynamic)">
  ];
}

def NNLintOutputHead : Pass<"nn-lint-output-head", "mlir::ModuleOp"> {
  let summary = "Warn about output-layer and loss mistakes, with the fix";
  let description = [{
    Warns, naming the op and giving the fix, about: softmax in the model
    followed by a loss that applies softmax itself (double softmax); softmax
    on a regression or multi-label head; MSE after sigmoid; ReLU on a
    regression output; sigmoid followed by categorical cross-entropy; an
    output width different from the number of classes the loss expects.
    Correct pairings (identity + MSE, sigmoid + BCE, logits + cross_entropy,
    softmax + cross_entropy on probabilities) give no warning. With
    `werror`, the warnings are errors and the pass fails.
  }];
  let options = [
    Option<"werror", "werror", "bool", /*default=*/"false",
           "Report the mistakes as errors">
  ];
}

#endif // NNC_DIALECT_NN_TRANSFORMS_PASSES_TD
