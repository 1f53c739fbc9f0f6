//===- NNStructuralOps.td - pooling, shape and data-movement ops -*- tablegen -*-===//
#ifndef NNC_DIALECT_NN_IR_NNSTRUCTURALOPS_TD
#define NNC_DIALECT_NN_IR_NNSTRUCTURALOPS_TD

include "nnc/Dialect/NN/IR/NNBase.td"

def NN_PoolOp : NN_InferredOp<"pool", [NN_FlopsLedger]> {
  let summary = "max or average pooling over 1 or 2 spatial dimensions";
  let description = [{
    `input` is `[N, C, L]` or `[N, C, H, W]`. `kernel_shape` and `strides`
    (default 1) have one entry per spatial dimension, `padding` two (all
    begins, then all ends; default 0). `ceil_mode` rounds the output size
    up; `count_include_pad` makes average pooling divide by the full kernel
    size. FLOPs: one per window element per output.
  }];
  let arguments = (ins NN_FloatTensor:$input, NN_PoolKindAttr:$kind,
                       DenseI64ArrayAttr:$kernel_shape,
                       OptionalAttr<DenseI64ArrayAttr>:$strides,
                       OptionalAttr<DenseI64ArrayAttr>:$padding,
                       UnitAttr:$ceil_mode, UnitAttr:$count_include_pad);
  let results = (outs NN_FloatTensor:$result);
  let assemblyFormat = [{
    `` $kind $input attr-dict `:` functional-type(operands, results)
  }];
  let extraClassDeclaration = [{
    ::llvm::SmallVector<int64_t> getStridesOrDefault();
    ::llvm::SmallVector<int64_t> getPaddingOrDefault();
  }];
}

def NN_GlobalPoolOp : NN_InferredOp<"global_pool", [NN_FlopsLedger]> {
  let summary = "max or average over all spatial dimensions";
  let description = [{
    `input` `[N, C, spatial...]` → `[N, C, 1...]` (spatial dimensions kept
    as 1, as ONNX GlobalAveragePool). FLOPs: one per input element.
  }];
  let arguments = (ins NN_FloatTensor:$input, NN_PoolKindAttr:$kind);
  let results = (outs NN_FloatTensor:$result);
  let assemblyFormat = [{
    `` $kind $input attr-dict `:` functional-type(operands, results)
  }];
}

def NN_FlattenOp : NN_InferredOp<"flatten", [NN_FlopsLedger]> {
  let summary = "collapse to 2-D: [prod(dims[:axis]), prod(dims[axis:])]";
  let arguments = (ins NN_FloatTensor:$input,
                       DefaultValuedAttr<I64Attr, "1">:$axis);
  let results = (outs NN_FloatTensor:$result);
  let assemblyFormat = "$input attr-dict `:` functional-type(operands, results)";
  // A flatten that changes no type is its input.
  let hasFolder = 1;
}

def NN_ReshapeOp : NN_Op<"reshape", [Pure, NN_FlopsLedger]> {
  let summary = "reshape to the result type (same element count, row-major)";
  let description = [{
    The result type gives the new shape. With static shapes the element
    counts must be equal; with dynamic dimensions, the static parts must be
    consistent.
  }];
  let arguments = (ins NN_FloatTensor:$input);
  let results = (outs NN_FloatTensor:$result);
  let assemblyFormat = "$input attr-dict `:` functional-type(operands, results)";
  let hasVerifier = 1;
  // To its own type: its input; of a reshape or flatten: of that one's
  // input.
  let hasFolder = 1;
}

def NN_TransposeOp : NN_InferredOp<"transpose", [NN_FlopsLedger]> {
  let summary = "permute dimensions: result.shape[i] = input.shape[permutation[i]]";
  let arguments = (ins NN_FloatTensor:$input, DenseI64ArrayAttr:$permutation);
  let results = (outs NN_FloatTensor:$result);
  let assemblyFormat = "$input attr-dict `:` functional-type(operands, results)";
  // The identity permutation: its input; of a transpose: one transpose by
  // the composed permutation (its input when that is the identity).
  let hasFolder = 1;
}

def NN_ConcatOp : NN_InferredOp<"concat", [NN_FlopsLedger]> {
  let summary = "concatenate along `axis`";
  let arguments = (ins Variadic<NN_FloatTensor>:$inputs, I64Attr:$axis);
  let results = (outs NN_FloatTensor:$result);
  let assemblyFormat = "$inputs attr-dict `:` functional-type(operands, results)";
}

def NN_SplitOp : NN_InferredOp<"split", [NN_FlopsLedger]> {
  let summary = "split along `axis` into pieces of the given `sizes`";
  let arguments = (ins NN_FloatTensor:$input, I64Attr:$axis,
                       DenseI64ArrayAttr:$sizes);
  let results = (outs Variadic<NN_FloatTensor>:$results);
  let assemblyFormat = "$input attr-dict `:` functional-type(operands, results)";
}

def NN_ReduceOp : NN_InferredOp<"reduce", [NN_FlopsLedger]> {
  let summary = "sum / mean / max / min / prod over `axes`";
  let description = [{
    Reduces the listed axes (negative counts from the end; each at most
    once); `keepdims` keeps them as size 1. FLOPs: one per input element.
  }];
  let arguments = (ins NN_FloatTensor:$input, NN_ReduceKindAttr:$kind,
                       DenseI64ArrayAttr:$axes, UnitAttr:$keepdims);
  let results = (outs NN_FloatTensor:$result);
  let assemblyFormat = [{
    `` $kind $input attr-dict `:` functional-type(operands, results)
  }];
}

def NN_DropoutOp : NN_Op<"dropout", [Pure, SameOperandsAndResultType,
                                    NN_FlopsLedger]> {
  let summary = "dropout: identity in inference, masked and rescaled in training";
  let description = [{
    Zeroes each element with probability `rate` in training mode and scales
    the rest by `1 / (1 - rate)`; in inference it is the identity. `rate`
    is in [0, 1).
  }];
  let arguments = (ins NN_FloatTensor:$input, F64Attr:$rate);
  let results = (outs NN_FloatTensor:$result);
  let assemblyFormat = "$input attr-dict `:` type($input)";
  let hasVerifier = 1;
  // Rate 0 is the identity in training too.
  let hasFolder = 1;
}

#endif // NNC_DIALECT_NN_IR_NNSTRUCTURALOPS_TD
