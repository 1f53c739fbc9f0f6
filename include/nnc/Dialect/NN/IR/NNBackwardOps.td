//===- NNBackwardOps.td - kernels of the gradient rules ----*- tablegen -*-===//
//
// What nn-derive-backward emits where a derivative is not a composition of
// forward nn ops (as torch-mlir's `convolution_backward`): the backward graph
// stays nn-level IR, and convert-nn-to-linalg lowers these like the forward
// ops. None is differentiable itself.
//
//===----------------------------------------------------------------------===//
#ifndef NNC_DIALECT_NN_IR_NNBACKWARDOPS_TD
#define NNC_DIALECT_NN_IR_NNBACKWARDOPS_TD

include "nnc/Dialect/NN/IR/NNBase.td"

def NN_UnaryBackwardOp : NN_BackwardOp<"unary_backward",
    [AllTypesMatch<["grad", "saved", "result"]>]> {
  let summary = "grad · f'(x) of a unary op or activation";
  let description = [{
    `saved` is the forward input `x`, or with `from_result` the forward
    result `y = f(x)` (allowed where the derivative is cheaper from y: exp,
    sqrt, rsqrt, relu, sigmoid, tanh). A derivative that needs y gets it
    recomputed from x otherwise. `alpha` is leaky_relu's slope (default
    0.01) or elu's scale (default 1.0); `beta` and `threshold` are
    softplus's (defaults 1 and 20). FLOPs: a few per element.
  }];
  let arguments = (ins NN_UnaryFnAttr:$fn, NN_FloatTensor:$grad,
                       NN_FloatTensor:$saved, UnitAttr:$from_result,
                       OptionalAttr<F64Attr>:$alpha,
                       OptionalAttr<F64Attr>:$beta,
                       OptionalAttr<F64Attr>:$threshold);
  let results = (outs NN_FloatTensor:$result);
  let assemblyFormat = "`` $fn $grad `,` $saved attr-dict `:` type($result)";
  let hasVerifier = 1;
  let extraClassDeclaration = [{
    /// Whether the derivative of `fn` can be computed from y = f(x) alone
    /// (what `from_result` allows).
    static bool acceptsResult(UnaryFn fn);
  }];
}

def NN_BinaryBackwardOp : NN_BackwardOp<"binary_backward",
    [AllTypesMatch<["grad", "lhs_grad", "rhs_grad"]>]> {
  let summary = "grad · ∂r/∂lhs and grad · ∂r/∂rhs of a broadcasting binary op";
  let description = [{
    Both results have the broadcast (result) shape of the forward op, like
    `grad`; the rule sums them back to each operand's shape. max / min give
    the gradient to the larger / smaller operand and split it on a tie (as
    PyTorch); pow's ∂/∂rhs is 0 where lhs is 0.
  }];
  let arguments = (ins NN_BinaryFnAttr:$fn, NN_FloatTensor:$grad,
                       NN_FloatTensor:$lhs, NN_FloatTensor:$rhs);
  let results = (outs NN_FloatTensor:$lhs_grad, NN_FloatTensor:$rhs_grad);
  let assemblyFormat = [{
    `` $fn $grad `,` $lhs `,` $rhs attr-dict `:` type($grad) `,` type($lhs) `,`
    type($rhs)
  }];
  let hasVerifier = 1;
}

def NN_LossBackwardOp : NN_BackwardOp<"loss_backward",
    [AllTypesMatch<["input", "target", "input_grad", "target_grad"]>]> {
  let summary = "∂loss/∂input and ∂loss/∂target of an elementwise loss";
  let description = [{
    Per element, times `scale` (the loss gradient per element: broadcast to
    `input`, NumPy rules): mse 2(x - t) and -2(x - t); bce_with_logits
    σ(x) - t and -x; bce -t/x + (1-t)/(1-x) (0 where PyTorch clamps the log
    at -100) and log(1-x) - log x, each log clamped at -100.
  }];
  let arguments = (ins NN_PointwiseLossAttr:$kind, NN_FloatTensor:$input,
                       NN_FloatTensor:$target, NN_FloatTensor:$scale);
  let results = (outs NN_FloatTensor:$input_grad, NN_FloatTensor:$target_grad);
  let assemblyFormat = [{
    `` $kind $input `,` $target `,` $scale attr-dict `:` type($input) `,`
    type($scale)
  }];
  let hasVerifier = 1;
}

def NN_OneHotOp : NN_BackwardOp<"one_hot"> {
  let summary = "[B] class indices → [B, C] rows of 0 and 1";
  let description = [{
    Row b has 1 at column `indices[b]` and 0 elsewhere (an index outside
    [0, C) gives a zero row). C is the static last dimension of the result.
  }];
  let arguments = (ins NN_IndexTensor:$indices);
  let results = (outs NN_FloatTensor:$result);
  let assemblyFormat = "$indices attr-dict `:` functional-type(operands, results)";
  let hasVerifier = 1;
}

def NN_NumelOp : NN_BackwardOp<"numel"> {
  let summary = "the element count of `input` as a rank-0 float tensor";
  let description = [{
    The product of the sizes of `axes` (all dimensions when absent), known
    at run time for dynamic ones. Folds to a constant when they are static.
  }];
  let arguments = (ins AnyRankedTensor:$input,
                       OptionalAttr<DenseI64ArrayAttr>:$axes);
  let results = (outs 0DTensorOf<[F16, BF16, F32, F64]>:$result);
  let assemblyFormat = "$input attr-dict `:` functional-type(operands, results)";
  let hasVerifier = 1;
  let hasFolder = 1;
}

def NN_BroadcastOp : NN_BackwardOp<"broadcast"> {
  let summary = "`input` broadcast (NumPy rules) to the shape of `like`";
  let description = [{
    The result has `like`'s shape (its dynamic sizes at run time) and
    `input`'s element type; only `like`'s shape is read. FLOPs: 0.
  }];
  let arguments = (ins NN_FloatTensor:$input, AnyRankedTensor:$like);
  let results = (outs NN_FloatTensor:$result);
  let assemblyFormat = "$input `,` $like attr-dict `:` functional-type(operands, results)";
  let hasVerifier = 1;
}

def NN_MaskBackwardOp : NN_BackwardOp<"mask_backward",
    [AllTypesMatch<["grad", "result"]>]> {
  let summary = "`grad` where a boolean mask keeps, 0 where it hides";
  let description = [{
    The gradient through positions a forward op masks out (log_softmax with
    a boolean mask): `mask` broadcasts (NumPy rules) to `grad`. FLOPs: 0.
  }];
  let arguments = (ins NN_FloatTensor:$grad, RankedTensorOf<[I1]>:$mask);
  let results = (outs NN_FloatTensor:$result);
  let assemblyFormat = [{
    $grad `,` $mask attr-dict `:` type($grad) `,` type($mask)
  }];
  let hasVerifier = 1;
}

def NN_EqMaskOp : NN_BackwardOp<"eq_mask",
    [AllTypesMatch<["input", "result"]>]> {
  let summary = "1 where `input` equals `extremum` (broadcast), 0 elsewhere";
  let description = [{
    The elements a max / min reduction picked: `extremum` is its result
    with the reduced dimensions kept as 1, broadcasting (NumPy rules) to
    `input`. FLOPs: one compare per element.
  }];
  let arguments = (ins NN_FloatTensor:$input, NN_FloatTensor:$extremum);
  let results = (outs NN_FloatTensor:$result);
  let assemblyFormat = [{
    $input `,` $extremum attr-dict `:` type($input) `,` type($extremum)
  }];
  let hasVerifier = 1;
}

def NN_DropoutMaskOp : NN_BackwardOp<"dropout_mask"> {
  let summary = "training dropout's mask: 0 or 1 / (1 - rate) per element";
  let description = [{
    Shaped like `like` (only its shape is read). Element i keeps (value
    1 / (1 - rate)) when u ≥ rate, u in [0, 1) being the top 53 bits of a
    splitmix64 hash of (`seed`, `stream`, the element's indices): the mask
    is reproducible from the seed and differs per stream (one per dropout
    op) and per element. FLOPs: 0.
  }];
  let arguments = (ins AnyRankedTensor:$like, 0DTensorOf<[I64]>:$seed,
                       F64Attr:$rate, I64Attr:$stream);
  let results = (outs NN_FloatTensor:$result);
  let assemblyFormat = [{
    $like `,` $seed attr-dict `:` functional-type(operands, results)
  }];
  let hasVerifier = 1;
}

def NN_PoolBackwardOp : NN_BackwardOp<"pool_backward",
    [AttrSizedOperandSegments]> {
  let summary = "∂/∂input of nn.pool";
  let description = [{
    The window attributes are the forward's; the result type is the
    forward input's. avg: each output's gradient divided by its window's
    divisor (count_include_pad and ceil_mode as the forward) and added to
    the window. max (with the forward `input` and `result`): the gradient
    goes to the first maximum of each window in row-major window order, as
    PyTorch's max_pool (ties are not shared).
  }];
  let arguments = (ins NN_PoolKindAttr:$kind, NN_FloatTensor:$grad,
                       Optional<NN_FloatTensor>:$input,
                       Optional<NN_FloatTensor>:$output,
                       DenseI64ArrayAttr:$kernel_shape,
                       OptionalAttr<DenseI64ArrayAttr>:$strides,
                       OptionalAttr<DenseI64ArrayAttr>:$padding,
                       UnitAttr:$ceil_mode, UnitAttr:$count_include_pad);
  let results = (outs NN_FloatTensor:$result);
  let assemblyFormat = [{
    `` $kind $grad (`,` $input^ `,` $output)? attr-dict `:`
    functional-type(operands, results)
  }];
  let hasVerifier = 1;
  let extraClassDeclaration = [{
    ::llvm::SmallVector<int64_t> getStridesOrDefault();
    ::llvm::SmallVector<int64_t> getPaddingOrDefault();
  }];
}

def NN_GlobalPoolBackwardOp : NN_BackwardOp<"global_pool_backward",
    [AllTypesMatch<["input", "result"]>]> {
  let summary = "∂/∂input of nn.global_pool";
  let description = [{
    avg: the gradient divided by the spatial size, broadcast over it; max
    (with the forward `output`): all of it to the first maximum (row-major)
    of each [n, c] plane, as PyTorch's adaptive_max_pool.
  }];
  let arguments = (ins NN_PoolKindAttr:$kind, NN_FloatTensor:$grad,
                       NN_FloatTensor:$input, Optional<NN_FloatTensor>:$output);
  let results = (outs NN_FloatTensor:$result);
  let assemblyFormat = [{
    `` $kind $grad `,` $input (`,` $output^)? attr-dict `:`
    functional-type(operands, results)
  }];
  let hasVerifier = 1;
}

defvar NN_ConvWindowArgs = (ins OptionalAttr<DenseI64ArrayAttr>:$strides,
                                OptionalAttr<DenseI64ArrayAttr>:$padding,
                                OptionalAttr<DenseI64ArrayAttr>:$dilations,
                                DefaultValuedAttr<I64Attr, "1">:$groups);

// `image` is the accessor of the forward input's shape ([N, C, spatial...]).
class NN_ConvBackwardOp<string mnemonic, string text, string image>
    : NN_BackwardOp<mnemonic> {
  let summary = text;
  let results = (outs NN_FloatTensor:$result);
  let hasVerifier = 1;
  let extraClassDeclaration = [{
    /// Attribute values with their defaults filled in.
    ::llvm::SmallVector<int64_t> getStridesOrDefault();
    ::llvm::SmallVector<int64_t> getPaddingOrDefault();
    ::llvm::SmallVector<int64_t> getDilationsOrDefault();
    int64_t getSpatialRank() {
      return ::llvm::cast<::mlir::RankedTensorType>(}] # image #
        [{.getType()).getRank() - 2;
    }
  }];
  let extraClassDefinition = [{
    ::llvm::SmallVector<int64_t> $cppClass::getStridesOrDefault() {
      return ::nnc::nn::detail::orDefault(getStrides(), getSpatialRank(), 1);
    }
    ::llvm::SmallVector<int64_t> $cppClass::getPaddingOrDefault() {
      return ::nnc::nn::detail::orDefault(getPadding(), 2 * getSpatialRank(),
                                          0);
    }
    ::llvm::SmallVector<int64_t> $cppClass::getDilationsOrDefault() {
      return ::nnc::nn::detail::orDefault(getDilations(), getSpatialRank(), 1);
    }
  }];
}

def NN_ConvBackwardInputOp : NN_ConvBackwardOp<"conv_backward_input",
    "∂/∂input of nn.conv (col2im), from the result gradient and the weight",
    "getResult()"> {
  let description = [{
    The window attributes are the forward nn.conv's (without its epilogue:
    the rule differentiates the activation first); the result type is the
    forward input's. Only the batch dimension may be dynamic. FLOPs: as the
    forward convolution.
  }];
  let arguments = !con((ins NN_FloatTensor:$grad, NN_FloatTensor:$weight),
                       NN_ConvWindowArgs);
  let assemblyFormat = [{
    $grad `,` $weight attr-dict `:` functional-type(operands, results)
  }];
}

def NN_ConvBackwardWeightOp : NN_ConvBackwardOp<"conv_backward_weight",
    "∂/∂weight of nn.conv, from the result gradient and the input",
    "getInput()"> {
  let description = [{
    The window attributes are the forward nn.conv's; the result type is the
    forward weight's (static). Only the batch dimension may be dynamic.
    FLOPs: as the forward convolution.
  }];
  let arguments = !con((ins NN_FloatTensor:$grad, NN_FloatTensor:$input),
                       NN_ConvWindowArgs);
  let assemblyFormat = [{
    $grad `,` $input attr-dict `:` functional-type(operands, results)
  }];
}

def NN_EmbeddingBackwardOp : NN_BackwardOp<"embedding_backward"> {
  let summary = "∂/∂table of nn.embedding: a scatter-add of the row gradients";
  let description = [{
    `result[v, :] = Σ_{p : indices[p] == v} grad[p, :]` over the index
    positions p; the result type is the table's (static number of rows).
    Ids are clamped (and wrapped with `wrap_negative`) as in the forward,
    whose checks report a bad one. FLOPs: one per gradient element.
  }];
  let arguments = (ins NN_FloatTensor:$grad, NN_IndexTensor:$indices,
                       UnitAttr:$wrap_negative);
  let results = (outs NN_FloatTensor:$result);
  let assemblyFormat = [{
    $grad `,` $indices attr-dict `:` functional-type(operands, results)
  }];
  let hasVerifier = 1;
}

#endif // NNC_DIALECT_NN_IR_NNBACKWARDOPS_TD
