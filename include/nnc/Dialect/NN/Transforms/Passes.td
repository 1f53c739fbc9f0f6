//===- Passes.td - nn dialect passes -----------------------*- tablegen -*-===//
#ifndef NNC_DIALECT_NN_TRANSFORMS_PASSES_TD
#define NNC_DIALECT_NN_TRANSFORMS_PASSES_TD

include "mlir/Pass/PassBase.td"

def NNShapeLedger : Pass<"nn-shape-ledger", "mlir::ModuleOp"> {
  let summary = "Print parameters, parameter memory, FLOPs and activation "
                "memory per op and in total";
  let description = [{
    For every function, prints one row per `nn` op (its name, location,
    result type, learnable parameters, parameter bytes, forward FLOPs,
    activation bytes, backward FLOPs and the bytes of activations kept for
    the backward) and a total row, as a table (default) or as JSON
    (`--nn-shape-ledger=format=json`), on standard output. The IR is left
    unchanged (add `-o /dev/null` to print only the ledger). When a shape
    has a dynamic dimension the figures are per sample (dynamic dimensions
    count as 1) and the function is marked so.

    Backward FLOPs come from each op's `GradientOpInterface` (default: twice
    the forward FLOPs, the two products of dense / conv / matmul); composite
    layers, which `nn-derive-backward` decomposes, count 2x forward. The
    kept activations are the values the gradient rules read
    (`getSavedForBackward`: dense keeps its input, relu its result, ...),
    each counted once per function; weights are not counted (composite
    layers: their operands and results).
  }];
  let options = [
    Option<"format", "format", "::nnc::nn::LedgerFormat",
           /*default=*/"::nnc::nn::LedgerFormat::table",
           "Output format: table or json",
           [{::llvm::cl::values(
             clEnumValN(::nnc::nn::LedgerFormat::table, "table",
                        "one text table per function"),
             clEnumValN(::nnc::nn::LedgerFormat::json, "json",
                        "one JSON object"))}]>
  ];
}

def NNDecompose : Pass<"nn-decompose"> {
  let summary = "Decompose composite nn layers into primitive nn ops";
  let description = [{
    Rewrites composite layers into primitive nn ops (dense, matmul,
    elementwise, activations, plain softmax, reduce, reshape, transpose,
    split, concat), for backends that want only those. Results are
    numerically unchanged. Scalars (scale, epsilon, temperature) are
    `arith.constant` tensors; locations are kept.

    - `attention`: q/k/v `dense`; heads by `reshape` [B, L, H, Dh] and
      `transpose` [B, H, L, Dh]; scores `matmul(q, kᵀ)` times `scale`; a
      float mask is added, a boolean mask becomes the softmax's mask; causal
      becomes the softmax's `causal` flag (no [Lq, Lk] tensor, so the
      lengths may be dynamic); `softmax` over keys; `matmul` with v; heads merged back; out `dense`.
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

def NNFoldBatchNorm : Pass<"nn-fold-batch-norm"> {
  let summary = "Fold an inference batch_norm into the constant weights of "
                "the conv or dense before it";
  let description = [{
    `batch_norm(conv(x, W, b))` becomes `conv(x, W', b')` with, per output
    channel c, `s = scale[c] / sqrt(variance[c] + epsilon)`,
    `W'[c, ...] = W[c, ...] · s` and `b'[c] = (b[c] - mean[c]) · s +
    bias[c]` (b = 0 when the conv has none); the same for a `dense` with a
    `[N, F]` result (its weight rows are the channels). The arithmetic is
    done in f64 and rounded once to the element type, so the folded layer
    differs from the unfolded one by rounding only.

    Folded only when the weight, the producer's bias and the four
    statistics are `arith.constant`s (dense or dense_resource), the
    producer's result has no other user and no activation, and the element
    types are f32 or f64; anything else is left as it is (a batch_norm on
    function arguments, e.g. in training, is lowered as an elementwise op).
    The new weight is a dense_resource blob. Runs first in
    `nnc-cpu-pipeline`, before `nn-fuse-bias-activation` (so a relu after
    the batch_norm is then fused into the conv).
  }];
}

def NNFuseBiasActivation : Pass<"nn-fuse-bias-activation"> {
  let summary = "Fold a following bias add and activation into dense, conv "
                "and matmul";
  let description = [{
    `dense` / `conv` / `matmul` followed by an `add` of a bias that
    broadcasts along the output features only, and/or by an activation op,
    becomes one op with `bias` and `activation` (dense + add, dense + act,
    dense + add + act, and the ONNX form matmul + add + relu).

    - The bias may be either operand of the add. For dense and matmul it is
      `[N]`, `[1, N]` or `[1, ..., 1, N]`; for conv it covers the channel
      dimension: `[C, 1, 1]` or `[1, C, 1, 1]` (2-D), `[C, 1]` or
      `[1, C, 1]` (1-D). A bias with unit dimensions is reshaped to `[N]`
      with `reshape`. The fused op is placed at the add (the bias may be
      computed after the producer).
    - Activations: `relu`, `leaky_relu` (its slope as the epilogue's
      `alpha`, `#nn.activation<leaky_relu, 0.2 : f64>`), `gelu`
      (`approximate` gives `gelu_tanh`), `silu`, `sigmoid`, `tanh`, `elu`
      (its `alpha`), and `softplus` with the default beta and threshold. An
      `alpha` equal to the epilogue's default is not written.

    Left alone: an intermediate value with other users (e.g. a
    pre-activation that is also returned: the bias is still fused, the
    activation is not); an add on an op that already has a bias or an
    activation (a bias added after the activation is a different function);
    a second activation; a bias that does not broadcast along the output
    features only (a full `[B, N]` tensor, `[B, 1]`, a scalar `[1]`, `[N]`
    added to a conv, a bias that raises the rank); mismatched element types;
    a dynamic feature dimension; softplus with other parameters. Greedy
    pattern rewriting without folding; dead ops are erased. Runs first in
    `nnc-cpu-pipeline`.
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

    - Roots: `dense(flatten(x))` with flatten axis 1 and x `[N, C, H, W]`
      (static C, H, W): a `conv` of x with the weight `[out, C·H·W]` read
      as `[out, C, H, W]` (C order), bias and activation kept. A constant
      weight (`dense<...>` or `dense_resource`, whose blob is shared) is
      folded into a new constant; any other weight gets a `reshape`.
    - The head: every value computed from a root's result becomes a map
      `[N, F, H', W']`. A `dense` on it becomes a 1×1 `conv` (weight
      `[o, i, 1, 1]`); element-wise unary ops, activations, `dropout` and
      `batch_norm` stay; in binary element-wise ops a `[F]` or `[N, F]`
      operand becomes `[1, F, 1, 1]` / `[N, F, 1, 1]` (scalars stay);
      `softmax`, `log_softmax` and `sparsemax` over axis -1 or 1 move to
      axis 1 (the channels). The function returns the map (at the original
      size `[N, F, 1, 1]`: reshape it to compare).
    - The rank-4 function arguments that feed the flattened map (through
      the data operands, not the weights) get the new spatial size; then
      every `nn` op's result type is inferred again, in order, and the
      function's result types updated.

    Functions without a dense on a flatten are left unchanged. The pass
    checks the whole function first and reports, on the op, without
    changing it: a flatten with axis ≠ 1 or of a non-4-D or dynamic-size
    map under a dense; a flatten with users other than denses; a head value
    used by an op with no convolutional form (reshape, transpose, reduce,
    matmul, a masked softmax, a softmax over the batch, ...) or as a weight;
    a binary operand of rank > 2. An `input-size` too small for the model
    is reported on the op whose window no longer fits.
  }];
  let options = [
    ListOption<"inputSize", "input-size", "int64_t",
               "New spatial size H,W of the input (default: dynamic)">
  ];
}

def NNLintOutputHead : Pass<"nn-lint-output-head", "mlir::ModuleOp"> {
  let summary = "Warn about output-layer and loss mistakes, with the fix";
  let description = [{
    For every loss (`cross_entropy`, `bce`, `bce_with_logits`, `mse`) the
    producer of its input is traced back through `reshape`, `flatten`,
    `dropout` and `transpose` to the head: `softmax`, `log_softmax`,
    `sigmoid`, `relu`, or a dense / conv / matmul with a `sigmoid` or `relu`
    epilogue. A warning on the head op names it and gives the fix, with a
    note at the loss:

    - softmax into `cross_entropy` from logits (double softmax);
      log_softmax into it from logits (log_softmax twice), or with
      `from_logits = false` (the log of log-probabilities);
    - softmax on a regression head (`mse`) or a multi-label head (`bce`,
      `bce_with_logits`);
    - MSE after sigmoid;
    - ReLU (op or epilogue) on a regression output (`mse`);
    - sigmoid followed by categorical cross-entropy;
    - sigmoid into `bce_with_logits` (double sigmoid);
    - an output width (the static class dimension of `cross_entropy`'s
      input) different from its `num_classes`: reported on the op that sets
      the width (traced through dropout, activations and softmax), or on the
      loss when the input is a function argument.

    Correct pairings give no warning: identity + MSE, sigmoid + BCE, logits
    + cross_entropy, softmax + cross_entropy with `from_logits = false`,
    logits + bce_with_logits. With `werror`, the warnings are errors and the
    pass fails. The IR is not changed.
  }];
  let options = [
    Option<"werror", "werror", "bool", /*default=*/"false",
           "Report the mistakes as errors">
  ];
}

def NNRaiseExportedLayers : Pass<"nn-raise-exported-layers",
                                 "mlir::ModuleOp"> {
  let summary = "Raise the layers an exporter decomposed back into nn "
                "layers";
  let description = [{
    PyTorch's ONNX exporter writes some layers as primitive ops. This pass
    rebuilds them from the imported nn graph (greedy patterns; what does not
    match stays as it is):

    - layer norm before opset 17: `d = x - mean(x); d / sqrt(mean(d^2) +
      eps)`, then `* gamma`, `+ beta` -> `nn.layer_norm`;
    - GELU: `x * 0.5 * (1 + erf(x / sqrt(2)))` in its exported groupings ->
      `nn.gelu`;
    - Hardswish before opset 14: `x * hard_sigmoid(x)` with alpha 1/6 and
      beta 1/2 -> `nn.hard_swish`;
    - `nn.MultiheadAttention`: the projections, the head split, the scaled
      scores, the optional mask, softmax and the output projection ->
      `nn.attention` (the conditions are in docs/ONNXImport.md).

    `nnc-translate` and the C API run it after an ONNX import
    (`--raise-exported-layers=false` does not).
  }];
  let dependentDialects = ["mlir::arith::ArithDialect"];
}

#endif // NNC_DIALECT_NN_TRANSFORMS_PASSES_TD
