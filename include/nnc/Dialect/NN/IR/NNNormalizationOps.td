//===- NNNormalizationOps.td - layer/rms/batch norm --------*- tablegen -*-===//
#ifndef NNC_DIALECT_NN_IR_NNNORMALIZATIONOPS_TD
#define NNC_DIALECT_NN_IR_NNNORMALIZATIONOPS_TD

include "nnc/Dialect/NN/IR/NNBase.td"

def NN_LayerNormOp : NN_InferredOp<"layer_norm",
    [AttrSizedOperandSegments, NN_LayerLedger]> {
  let summary = "layer normalization over the dimensions from `axis` on";
  let description = [{
    Normalizes each sample over dimensions `[axis, rank)` (ONNX
    LayerNormalization semantics): `(x - mean) / sqrt(var + epsilon)`, then
    the optional `scale` and `bias`, both shaped like the normalized
    dimensions. FLOPs: 5 per element, plus 1 each for scale and bias.
  }];
  let arguments = (ins NN_FloatTensor:$input,
                       Optional<NN_FloatTensor>:$scale,
                       Optional<NN_FloatTensor>:$bias,
                       DefaultValuedAttr<I64Attr, "-1">:$axis,
                       DefaultValuedAttr<F64Attr, "1e-5">:$epsilon);
  let results = (outs NN_FloatTensor:$result);
  let assemblyFormat = [{
    $input (`scale` $scale^)? (`bias` $bias^)? attr-dict `:`
    functional-type(operands, results)
  }];
}

def NN_RmsNormOp : NN_InferredOp<"rms_norm", [NN_LayerLedger]> {
  let summary = "root-mean-square normalization over the dimensions from `axis` on";
  let description = [{
    `x / sqrt(mean(x²) + epsilon)` over dimensions `[axis, rank)`, then the
    optional `scale` (shaped like the normalized dimensions). No mean is
    subtracted. FLOPs: 4 per element, plus 1 for scale.
  }];
  let arguments = (ins NN_FloatTensor:$input,
                       Optional<NN_FloatTensor>:$scale,
                       DefaultValuedAttr<I64Attr, "-1">:$axis,
                       DefaultValuedAttr<F64Attr, "1e-6">:$epsilon);
  let results = (outs NN_FloatTensor:$result);
  let assemblyFormat = [{
    $input (`scale` $scale^)? attr-dict `:` functional-type(operands, results)
  }];
}

def NN_BatchNormOp : NN_InferredOp<"batch_norm", [NN_LayerLedger]> {
  let summary = "batch normalization (inference form)";
  let description = [{
    `input` is `[N, C, ...]`; `scale`, `bias`, `mean` and `variance` are
    `[C]`: `(x - mean) / sqrt(variance + epsilon) · scale + bias` per
    channel. Parameters are `scale` and `bias` (the running statistics are
    buffers, as in PyTorch). FLOPs: 4 per element.
  }];
  let arguments = (ins NN_FloatTensor:$input, NN_FloatTensor:$scale,
                       NN_FloatTensor:$bias, NN_FloatTensor:$mean,
                       NN_FloatTensor:$variance,
                       DefaultValuedAttr<F64Attr, "1e-5">:$epsilon);
  let results = (outs NN_FloatTensor:$result);
  let assemblyFormat = [{
    $input `,` $scale `,` $bias `,` $mean `,` $variance attr-dict `:`
    functional-type(operands, results)
  }];
}

#endif // NNC_DIALECT_NN_IR_NNNORMALIZATIONOPS_TD
