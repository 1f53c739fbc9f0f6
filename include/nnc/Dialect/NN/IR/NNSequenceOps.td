//===- NNSequenceOps.td - attention, swiglu, embedding, rnn, lstm, kmeans -===//
#ifndef NNC_DIALECT_NN_IR_NNSEQUENCEOPS_TD
#define NNC_DIALECT_NN_IR_NNSEQUENCEOPS_TD

include "nnc/Dialect/NN/IR/NNBase.td"

def NN_AttentionOp : NN_InferredOp<"attention",
    [AttrSizedOperandSegments, NN_LayerLedger]> {
  let summary = "multi-head scaled dot-product attention with projections";
  let description = [{
    The layer of PyTorch's `nn.MultiheadAttention` (batch first):
    `query` `[B, Lq, E]`, `key` `[B, Lk, Ek]`, `value` `[B, Lk, Ev]`;
    projections `q_weight` `[E, E]`, `k_weight` `[E, Ek]`, `v_weight`
    `[E, Ev]`, `out_weight` `[E, E]` (all `[out, in]`); `biases` is empty or
    the four `[E]` biases (q, k, v, out). `E` must divide by `num_heads`.
    Scores are scaled by `scale` (default `1/sqrt(E/num_heads)`). `causal`
    hides future keys (key j > query i). The optional `mask` broadcasts to
    `[B, num_heads, Lq, Lk]`: boolean keeps where true, float is added.
    Result `[B, Lq, E]`.
  }];
  let arguments = (ins NN_FloatTensor:$query, NN_FloatTensor:$key,
                       NN_FloatTensor:$value, NN_FloatTensor:$q_weight,
                       NN_FloatTensor:$k_weight, NN_FloatTensor:$v_weight,
                       NN_FloatTensor:$out_weight,
                       Variadic<NN_FloatTensor>:$biases,
                       Optional<NN_MaskTensor>:$mask,
                       I64Attr:$num_heads, UnitAttr:$causal,
                       OptionalAttr<F64Attr>:$scale);
  let results = (outs NN_FloatTensor:$result);
  let assemblyFormat = [{
    $query `,` $key `,` $value `weights` `(` $q_weight `,` $k_weight `,`
    $v_weight `,` $out_weight `)` (`biases` `(` $biases^ `)`)?
    (`mask` $mask^)? attr-dict `:` functional-type(operands, results)
  }];
}

def NN_SwigluOp : NN_InferredOp<"swiglu", [NN_LayerLedger]> {
  let summary = "gated MLP: (silu(x·Wgᵀ + bg) ⊙ (x·Wuᵀ + bu))·Wdᵀ + bd";
  let description = [{
    `input` `[..., D]`, `gate_weight` and `up_weight` `[H, D]`,
    `down_weight` `[O, H]`; `biases` is empty or `[H]`, `[H]`, `[O]`
    (gate, up, down). Result `[..., O]`.
  }];
  let arguments = (ins NN_FloatTensor:$input, NN_FloatTensor:$gate_weight,
                       NN_FloatTensor:$up_weight, NN_FloatTensor:$down_weight,
                       Variadic<NN_FloatTensor>:$biases);
  let results = (outs NN_FloatTensor:$result);
  let assemblyFormat = [{
    $input `,` $gate_weight `,` $up_weight `,` $down_weight
    (`biases` `(` $biases^ `)`)? attr-dict `:` functional-type(operands, results)
  }];
}

def NN_EmbeddingOp : NN_InferredOp<"embedding", [NN_LayerLedger]> {
  let summary = "table lookup: result[i..., :] = table[indices[i...], :]";
  let description = [{
    `indices` (i32 or i64, any shape) select rows of `table` `[V, D]`; the
    result is `indices.shape + [D]`. With `wrap_negative` (ONNX Gather),
    an index in `[-V, 0)` counts from the end. An index outside the valid
    range is an error at run time: the compiled code reports it (an
    executable exits with 1 naming the index, its position and the range;
    a shared library's `_run` returns 4) and clamps the lookup, so nothing
    is read out of bounds. FLOPs: 0.
  }];
  let arguments = (ins NN_IndexTensor:$indices, NN_FloatTensor:$table,
                       UnitAttr:$wrap_negative);
  let results = (outs NN_FloatTensor:$result);
  let assemblyFormat = [{
    $indices `,` $table attr-dict `:` functional-type(operands, results)
  }];
}

def NN_RnnOp : NN_InferredOp<"rnn", [AttrSizedOperandSegments, NN_LayerLedger]> {
  let summary = "Elman RNN unrolled over a sequence (batch first)";
  let description = [{
    `input` `[B, T, I]`, `w_ih` `[H, I]`, `w_hh` `[H, H]`; `biases` is empty
    or `b_ih`, `b_hh` `[H]`; `initial` is empty or `h0` `[B, H]` (zeros
    otherwise). `h_t = act(x_t·W_ihᵀ + b_ih + h_{t-1}·W_hhᵀ + b_hh)`.
    Results: all hidden states `[B, T, H]` and the last one `[B, H]`.
  }];
  let arguments = (ins NN_FloatTensor:$input, NN_FloatTensor:$w_ih,
                       NN_FloatTensor:$w_hh, Variadic<NN_FloatTensor>:$biases,
                       Variadic<NN_FloatTensor>:$initial,
                       DefaultValuedAttr<NN_RNNActivationAttr,
                           "::nnc::nn::RNNActivation::tanh">:$activation);
  let results = (outs NN_FloatTensor:$output, NN_FloatTensor:$h_n);
  let assemblyFormat = [{
    $input `,` $w_ih `,` $w_hh (`biases` `(` $biases^ `)`)?
    (`initial` `(` $initial^ `)`)? attr-dict `:` functional-type(operands, results)
  }];
}

def NN_LstmOp : NN_InferredOp<"lstm", [AttrSizedOperandSegments, NN_LayerLedger]> {
  let summary = "LSTM unrolled over a sequence (batch first, PyTorch gate order)";
  let description = [{
    `input` `[B, T, I]`, `w_ih` `[4H, I]`, `w_hh` `[4H, H]` with the gates in
    PyTorch's order i, f, g, o; `biases` is empty or `b_ih`, `b_hh` `[4H]`;
    `initial` is empty or `h0`, `c0` `[B, H]` (zeros otherwise). Results:
    all hidden states `[B, T, H]`, the last hidden and cell states `[B, H]`.
  }];
  let arguments = (ins NN_FloatTensor:$input, NN_FloatTensor:$w_ih,
                       NN_FloatTensor:$w_hh, Variadic<NN_FloatTensor>:$biases,
                       Variadic<NN_FloatTensor>:$initial);
  let results = (outs NN_FloatTensor:$output, NN_FloatTensor:$h_n,
                      NN_FloatTensor:$c_n);
  let assemblyFormat = [{
    $input `,` $w_ih `,` $w_hh (`biases` `(` $biases^ `)`)?
    (`initial` `(` $initial^ `)`)? attr-dict `:` functional-type(operands, results)
  }];
}

def NN_KMeansOp : NN_InferredOp<"kmeans", [NN_LayerLedger]> {
  let summary = "soft assignment to learnable cluster centers";
  let description = [{
    `input` `[..., D]`, `centers` `[K, D]`. With d_k the squared Euclidean
    distance to center k, the result `[..., K]` is
    `softmax_k(-d_k / temperature)`. FLOPs: 3·K·D + 5·K per row.
  }];
  let arguments = (ins NN_FloatTensor:$input, NN_FloatTensor:$centers,
                       DefaultValuedAttr<F64Attr, "1.0">:$temperature);
  let results = (outs NN_FloatTensor:$result);
  let assemblyFormat = [{
    $input `,` $centers attr-dict `:` functional-type(operands, results)
  }];
}

#endif // NNC_DIALECT_NN_IR_NNSEQUENCEOPS_TD
