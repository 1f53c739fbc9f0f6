//===- NNElementwiseOps.td - binary, unary, activations ----*- tablegen -*-===//
#ifndef NNC_DIALECT_NN_IR_NNELEMENTWISEOPS_TD
#define NNC_DIALECT_NN_IR_NNELEMENTWISEOPS_TD

include "nnc/Dialect/NN/IR/NNBase.td"

//===----------------------------------------------------------------------===//
// Binary ops with NumPy broadcasting. Ledger: one FLOP per result element.
//===----------------------------------------------------------------------===//

class NN_BinaryOp<string mnemonic, string op>
    : NN_InferredOp<mnemonic, [NN_LedgerOpInterface]> {
  let summary = "elementwise " # op # " with broadcasting";
  let description = [{
    Operands broadcast with NumPy rules (dimensions are aligned from the
    right; each pair must be equal or one of them 1). Element types match.
  }];
  let arguments = (ins NN_FloatTensor:$lhs, NN_FloatTensor:$rhs);
  let results = (outs NN_FloatTensor:$result);
  let assemblyFormat = [{
    $lhs `,` $rhs attr-dict `:` functional-type(operands, results)
  }];
  let extraClassDefinition = [{
    ::llvm::LogicalResult $cppClass::inferResultTypes(
        const ::nnc::nn::detail::ShapeDiag &diag, Adaptor adaptor,
        ::llvm::SmallVectorImpl<::mlir::Type> &inferred) {
      return ::nnc::nn::detail::inferBroadcast(diag, adaptor.getLhs(),
                                               adaptor.getRhs(), inferred);
    }
  }];
}

def NN_AddOp : NN_BinaryOp<"add", "addition">;
def NN_SubOp : NN_BinaryOp<"sub", "subtraction">;
def NN_MulOp : NN_BinaryOp<"mul", "multiplication">;
def NN_DivOp : NN_BinaryOp<"div", "division">;
def NN_PowOp : NN_BinaryOp<"pow", "power (lhs ^ rhs)">;
def NN_MaxOp : NN_BinaryOp<"max", "maximum">;
def NN_MinOp : NN_BinaryOp<"min", "minimum">;

//===----------------------------------------------------------------------===//
// Unary ops: result type equals operand type.
//===----------------------------------------------------------------------===//

class NN_UnaryOp<string mnemonic, string text, dag extraArgs = (ins)>
    : NN_Op<mnemonic, [Pure, SameOperandsAndResultType, NN_LedgerOpInterface]> {
  let summary = text;
  let arguments = !con((ins NN_FloatTensor:$input), extraArgs);
  let results = (outs NN_FloatTensor:$result);
  let assemblyFormat = "$input attr-dict `:` type($input)";
}

def NN_NegOp : NN_UnaryOp<"neg", "elementwise negation">;
def NN_ExpOp : NN_UnaryOp<"exp", "elementwise exponential">;
def NN_LogOp : NN_UnaryOp<"log", "elementwise natural logarithm">;
def NN_SqrtOp : NN_UnaryOp<"sqrt", "elementwise square root">;
def NN_RsqrtOp : NN_UnaryOp<"rsqrt", "elementwise reciprocal square root">;
def NN_AbsOp : NN_UnaryOp<"abs", "elementwise absolute value">;
def NN_ErfOp : NN_UnaryOp<"erf", "elementwise Gauss error function">;

//===----------------------------------------------------------------------===//
// Activations. Each corresponds to one case of the activation enum;
// `nn::getActivationKind(op)` maps an op to it (used by fusion).
//===----------------------------------------------------------------------===//

class NN_ActivationOp<string mnemonic, string text, dag extraArgs = (ins)>
    : NN_UnaryOp<mnemonic, text, extraArgs>;

def NN_ReluOp : NN_ActivationOp<"relu", "max(x, 0)">;
def NN_LeakyReluOp : NN_ActivationOp<"leaky_relu", "x if x > 0 else alpha·x",
    (ins DefaultValuedAttr<F64Attr, "0.01">:$alpha)> {
  let hasVerifier = 1;
}
def NN_GeluOp : NN_ActivationOp<"gelu",
    "x·Φ(x); with `approximate`, the tanh approximation",
    (ins UnitAttr:$approximate)>;
def NN_SiluOp : NN_ActivationOp<"silu", "x·sigmoid(x) (swish)">;
def NN_SigmoidOp : NN_ActivationOp<"sigmoid", "1 / (1 + exp(-x))">;
def NN_TanhOp : NN_ActivationOp<"tanh", "hyperbolic tangent">;
def NN_EluOp : NN_ActivationOp<"elu", "x if x > 0 else alpha·(exp(x) - 1)",
    (ins DefaultValuedAttr<F64Attr, "1.0">:$alpha)> {
  let hasVerifier = 1;
}
def NN_HardSigmoidOp : NN_ActivationOp<"hard_sigmoid",
    "max(0, min(1, alpha·x + beta)); the defaults are PyTorch's hardsigmoid "
    "(relu6(x + 3) / 6), ONNX's HardSigmoid sets its own",
    (ins DefaultValuedAttr<F64Attr, "1.0 / 6.0">:$alpha,
         DefaultValuedAttr<F64Attr, "0.5">:$beta)> {
  let hasVerifier = 1;
}
def NN_HardSwishOp : NN_ActivationOp<"hard_swish",
    "x·relu6(x + 3) / 6 (PyTorch's hardswish, ONNX HardSwish)">;
def NN_SoftplusOp : NN_ActivationOp<"softplus",
    "log(1 + exp(beta·x)) / beta; linear above `threshold` (as PyTorch)",
    (ins DefaultValuedAttr<F64Attr, "1.0">:$beta,
         DefaultValuedAttr<F64Attr, "20.0">:$threshold)> {
  let hasVerifier = 1;
}

//===----------------------------------------------------------------------===//
// Softmax family.
//===----------------------------------------------------------------------===//

def NN_SoftmaxOp : NN_InferredOp<"softmax", [NN_FlopsLedger]> {
  let summary = "softmax(x / temperature) along `axis`, optionally masked";
  let description = [{
    The optional `mask` broadcasts to the input. A boolean mask keeps the
    positions where it is true (masked positions get probability 0; a row
    with no position kept is all 0); a float mask is added to the scaled
    logits. `temperature` must be > 0.
    `causal` masks the future of a [..., Lq, Lk] score tensor: along the
    last axis (which must be `axis`), key j of query row i is kept only
    when j <= i, as if a boolean lower-triangular mask were given (and
    with it, when both are). The lowering computes it from the indices;
    nothing of size Lq x Lk is stored.
    FLOPs: 5 per element (max, subtract, exp, sum, divide).
  }];
  let arguments = (ins NN_FloatTensor:$input, Optional<NN_MaskTensor>:$mask,
                       DefaultValuedAttr<I64Attr, "-1">:$axis,
                       DefaultValuedAttr<F64Attr, "1.0">:$temperature,
                       UnitAttr:$causal);
  let results = (outs NN_FloatTensor:$result);
  let assemblyFormat = [{
    $input (`mask` $mask^)? attr-dict `:` functional-type(operands, results)
  }];
}

def NN_LogSoftmaxOp : NN_InferredOp<"log_softmax", [NN_FlopsLedger]> {
  let summary = "log(softmax(x / temperature)) along `axis`, optionally masked";
  let description = [{
    Same operands and attributes as `nn.softmax`, computed stably as
    `x - max - log(sum(exp(x - max)))`. FLOPs: 5 per element.
  }];
  let arguments = (ins NN_FloatTensor:$input, Optional<NN_MaskTensor>:$mask,
                       DefaultValuedAttr<I64Attr, "-1">:$axis,
                       DefaultValuedAttr<F64Attr, "1.0">:$temperature);
  let results = (outs NN_FloatTensor:$result);
  let assemblyFormat = [{
    $input (`mask` $mask^)? attr-dict `:` functional-type(operands, results)
  }];
}

def NN_SparsemaxOp : NN_InferredOp<"sparsemax", [NN_FlopsLedger]> {
  let summary = "Euclidean projection onto the simplex along `axis`";
  let description = [{
    Sparsemax (Martins & Astudillo, 2016): like softmax, a probability
    distribution, but with exact zeros. FLOPs: 6 per element (the sort is
    not counted).
  }];
  let arguments = (ins NN_FloatTensor:$input,
                       DefaultValuedAttr<I64Attr, "-1">:$axis);
  let results = (outs NN_FloatTensor:$result);
  let assemblyFormat = "$input attr-dict `:` functional-type(operands, results)";
}

def NN_GridSoftmaxOp : NN_InferredOp<"grid_softmax", [NN_FlopsLedger]> {
  let summary = "softmax over independent groups of the last dimension";
  let description = [{
    The last dimension (size `groups·K`) is split into `groups` rows of K;
    each row is a softmax of its own (`x / temperature`), so each sums to 1:
    a gate per expert. FLOPs: 5 per element.
  }];
  let arguments = (ins NN_FloatTensor:$input, I64Attr:$groups,
                       DefaultValuedAttr<F64Attr, "1.0">:$temperature);
  let results = (outs NN_FloatTensor:$result);
  let assemblyFormat = "$input attr-dict `:` functional-type(operands, results)";
}

#endif // NNC_DIALECT_NN_IR_NNELEMENTWISEOPS_TD
