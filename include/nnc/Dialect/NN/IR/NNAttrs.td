//===- NNAttrs.td - nn dialect attributes ------------------*- tablegen -*-===//
#ifndef NNC_DIALECT_NN_IR_NNATTRS_TD
#define NNC_DIALECT_NN_IR_NNATTRS_TD

include "nnc/Dialect/NN/IR/NNDialect.td"
include "mlir/IR/AttrTypeBase.td"
include "mlir/IR/EnumAttr.td"

// The one activation enum shared by every op that carries an epilogue
// (dense, conv, matmul) and by the fusion pass.
def NN_Activation : I32EnumAttr<"Activation", "activation function", [
    I32EnumAttrCase<"none", 0>,
    I32EnumAttrCase<"relu", 1>,
    I32EnumAttrCase<"leaky_relu", 2>,
    I32EnumAttrCase<"gelu", 3>,
    I32EnumAttrCase<"gelu_tanh", 4>,
    I32EnumAttrCase<"silu", 5>,
    I32EnumAttrCase<"sigmoid", 6>,
    I32EnumAttrCase<"tanh", 7>,
    I32EnumAttrCase<"elu", 8>,
    I32EnumAttrCase<"softplus", 9>
  ]> {
  let cppNamespace = "::nnc::nn";
  let genSpecializedAttr = 0;
}
// The activation epilogue of dense, conv and matmul, with its parameter:
// `#nn.activation<relu>`, `#nn.activation<leaky_relu, 2.0e-01 : f64>`.
// `alpha` is leaky_relu's slope (default 0.01) and elu's scale (default
// 1.0); absent, the default applies.
def NN_ActivationAttr : AttrDef<NN_Dialect, "Activation"> {
  let mnemonic = "activation";
  let summary = "an activation function and its parameter";
  let parameters = (ins EnumParameter<NN_Activation>:$kind,
                        OptionalParameter<"::mlir::FloatAttr">:$alpha);
  let assemblyFormat = "`<` $kind (`,` $alpha^)? `>`";
  let genVerifyDecl = 1;
  let builders = [
    AttrBuilder<(ins "::nnc::nn::Activation":$kind), [{
      return $_get($_ctxt, kind, ::mlir::FloatAttr());
    }]>
  ];
  let extraClassDeclaration = [{
    /// The epilogue attribute of `kind`, or null for none (no epilogue).
    static ActivationAttr getEpilogue(::mlir::MLIRContext *context,
                                      ::nnc::nn::Activation kind,
                                      ::mlir::FloatAttr alpha = {}) {
      if (kind == ::nnc::nn::Activation::none)
        return {};
      return get(context, kind, alpha);
    }
    /// The parameter as a double, when set.
    std::optional<double> getAlphaValue() const {
      if (!getAlpha())
        return std::nullopt;
      return getAlpha().getValueAsDouble();
    }
  }];
}

def NN_PoolKind : I32EnumAttr<"PoolKind", "pooling reduction", [
    I32EnumAttrCase<"max", 0>,
    I32EnumAttrCase<"avg", 1>
  ]> {
  let cppNamespace = "::nnc::nn";
  let genSpecializedAttr = 0;
}
// Positional in nn.pool / nn.global_pool: printed as the bare keyword
// (`nn.pool max ...`), the default format.
def NN_PoolKindAttr : EnumAttr<NN_Dialect, NN_PoolKind, "pool_kind">;

def NN_ReduceKind : I32EnumAttr<"ReduceKind", "reduction", [
    I32EnumAttrCase<"sum", 0>,
    I32EnumAttrCase<"mean", 1>,
    I32EnumAttrCase<"max", 2>,
    I32EnumAttrCase<"min", 3>,
    I32EnumAttrCase<"prod", 4>
  ]> {
  let cppNamespace = "::nnc::nn";
  let genSpecializedAttr = 0;
}
// Positional in nn.reduce: `nn.reduce mean ...`.
def NN_ReduceKindAttr : EnumAttr<NN_Dialect, NN_ReduceKind, "reduce_kind">;

// How a loss reduces over the batch.
def NN_Reduction : I32EnumAttr<"Reduction", "loss reduction", [
    I32EnumAttrCase<"mean", 0>,
    I32EnumAttrCase<"sum", 1>,
    I32EnumAttrCase<"none", 2>
  ]> {
  let cppNamespace = "::nnc::nn";
  let genSpecializedAttr = 0;
}
def NN_ReductionAttr : EnumAttr<NN_Dialect, NN_Reduction, "reduction"> {
  let assemblyFormat = "`<` $value `>`";
}

def NN_RNNActivation : I32EnumAttr<"RNNActivation", "recurrent nonlinearity", [
    I32EnumAttrCase<"tanh", 0>,
    I32EnumAttrCase<"relu", 1>
  ]> {
  let cppNamespace = "::nnc::nn";
  let genSpecializedAttr = 0;
}
def NN_RNNActivationAttr
    : EnumAttr<NN_Dialect, NN_RNNActivation, "rnn_activation"> {
  let assemblyFormat = "`<` $value `>`";
}

// The unary function of nn.unary_backward (the unary ops and activations
// whose derivative is not a plain nn op).
def NN_UnaryFn : I32EnumAttr<"UnaryFn", "differentiated unary function", [
    I32EnumAttrCase<"exp", 0>,
    I32EnumAttrCase<"log", 1>,
    I32EnumAttrCase<"sqrt", 2>,
    I32EnumAttrCase<"rsqrt", 3>,
    I32EnumAttrCase<"abs", 4>,
    I32EnumAttrCase<"erf", 5>,
    I32EnumAttrCase<"relu", 6>,
    I32EnumAttrCase<"leaky_relu", 7>,
    I32EnumAttrCase<"gelu", 8>,
    I32EnumAttrCase<"gelu_tanh", 9>,
    I32EnumAttrCase<"silu", 10>,
    I32EnumAttrCase<"sigmoid", 11>,
    I32EnumAttrCase<"tanh", 12>,
    I32EnumAttrCase<"elu", 13>,
    I32EnumAttrCase<"softplus", 14>,
    I32EnumAttrCase<"hard_sigmoid", 15>,
    I32EnumAttrCase<"hard_swish", 16>
  ]> {
  let cppNamespace = "::nnc::nn";
  let genSpecializedAttr = 0;
}
// Positional in nn.unary_backward: `nn.unary_backward relu ...`.
def NN_UnaryFnAttr : EnumAttr<NN_Dialect, NN_UnaryFn, "unary_fn">;

// The binary function of nn.binary_backward.
def NN_BinaryFn : I32EnumAttr<"BinaryFn", "differentiated binary function", [
    I32EnumAttrCase<"mul", 0>,
    I32EnumAttrCase<"div", 1>,
    I32EnumAttrCase<"pow", 2>,
    I32EnumAttrCase<"max", 3>,
    I32EnumAttrCase<"min", 4>
  ]> {
  let cppNamespace = "::nnc::nn";
  let genSpecializedAttr = 0;
}
def NN_BinaryFnAttr : EnumAttr<NN_Dialect, NN_BinaryFn, "binary_fn">;

// The elementwise losses of nn.loss_backward.
def NN_PointwiseLoss : I32EnumAttr<"PointwiseLoss", "elementwise loss", [
    I32EnumAttrCase<"mse", 0>,
    I32EnumAttrCase<"bce", 1>,
    I32EnumAttrCase<"bce_with_logits", 2>
  ]> {
  let cppNamespace = "::nnc::nn";
  let genSpecializedAttr = 0;
}
def NN_PointwiseLossAttr
    : EnumAttr<NN_Dialect, NN_PointwiseLoss, "pointwise_loss">;

#endif // NNC_DIALECT_NN_IR_NNATTRS_TD
