//===- NNInterfaces.td - nn op interfaces ------------------*- tablegen -*-===//
#ifndef NNC_DIALECT_NN_IR_NNINTERFACES_TD
#define NNC_DIALECT_NN_IR_NNINTERFACES_TD

include "mlir/IR/OpBase.td"

def NN_LedgerOpInterface : OpInterface<"LedgerOpInterface"> {
  let cppNamespace = "::nnc::nn";
  let description = [{
    The shape ledger of one op: learnable parameters, their memory, forward
    FLOPs (a multiply-add counts 2) and the bytes of the activations the op
    produces. Dynamic dimensions count as 1, so figures for a model with a
    dynamic batch are per sample (`ledger::hasDynamicShape` tells).
  }];
  let methods = [
    InterfaceMethod<
      "Operands that hold learnable parameters (weights, biases, centers).",
      "::llvm::SmallVector<::mlir::Value>", "getParameterOperands", (ins),
      /*methodBody=*/"", /*defaultImplementation=*/[{ return {}; }]>,
    InterfaceMethod<"Number of learnable scalars.",
      "int64_t", "getParameterCount", (ins), "",
      [{ return ::nnc::nn::ledger::countElements($_op.getParameterOperands()); }]>,
    InterfaceMethod<"Bytes of learnable parameters.",
      "int64_t", "getParameterBytes", (ins), "",
      [{ return ::nnc::nn::ledger::countBytes($_op.getParameterOperands()); }]>,
    InterfaceMethod<
      "Forward floating-point operations (default: one per result element).",
      "int64_t", "getForwardFlops", (ins), "",
      [{ return ::nnc::nn::ledger::countElements($_op->getResults()); }]>,
    InterfaceMethod<"Bytes of the activations (results) the op produces.",
      "int64_t", "getActivationBytes", (ins), "",
      [{ return ::nnc::nn::ledger::countBytes($_op->getResults()); }]>,
  ];
}

def NN_GradientOpInterface : OpInterface<"GradientOpInterface"> {
  let cppNamespace = "::nnc::nn";
  let description = [{
    The reverse-mode rule of a differentiable op, used by
    `nn-derive-backward`. Given the gradient of the loss with respect to each
    result (a null value when that result does not reach the loss), the op
    builds the gradient with respect to each operand at the builder's
    insertion point; a null entry means the operand gets no gradient (an
    integer index, a mask, a loss target, batch-norm running statistics).
    With `recompute`, a rule reads the op's inputs instead of its saved
    results where it can (the activation is recomputed inside the backward
    kernel). The rules are attached as external models
    (`registerGradientInterfaceExternalModels`), so the dialect library does
    not depend on linalg.
  }];
  let methods = [
    InterfaceMethod<"Builds the operand gradients from the result gradients.",
      "::mlir::LogicalResult", "buildGradients",
      (ins "::mlir::OpBuilder &":$builder, "::mlir::ValueRange":$resultGrads,
           "bool":$recompute,
           "::llvm::SmallVectorImpl<::mlir::Value> &":$operandGrads)>,
    InterfaceMethod<
      "The forward values (operands or results) the backward reads.",
      "::llvm::SmallVector<::mlir::Value>", "getSavedForBackward",
      (ins "bool":$recompute)>,
    InterfaceMethod<
      "Backward FLOPs: the gradients of every operand (weights and inputs).",
      "int64_t", "getBackwardFlops", (ins), "",
      [{
        if (auto ledger = ::llvm::dyn_cast<::nnc::nn::LedgerOpInterface>(
                $_op.getOperation()))
          return 2 * ledger.getForwardFlops();
        return 0;
      }]>,
  ];
}

def NN_EpilogueOpInterface : OpInterface<"EpilogueOpInterface"> {
  let cppNamespace = "::nnc::nn";
  let description = [{
    An op with an optional bias operand along its output features and an
    activation epilogue applied after it (dense, conv, matmul): what
    nn-fuse-bias-activation fuses into, the lint reads and nn-derive-backward
    splits off again. The epilogue is one `#nn.activation` attribute, with
    the activation's parameter (leaky_relu's slope, elu's scale) when it
    differs from the default.
  }];
  let methods = [
    InterfaceMethod<"The bias operand (null when absent).",
      "::mlir::Value", "getBias", (ins), [{ return $_op.getBias(); }]>,
    InterfaceMethod<"The bias operand, to set or clear it.",
      "::mlir::MutableOperandRange", "getBiasMutable", (ins),
      [{ return $_op.getBiasMutable(); }]>,
    InterfaceMethod<"The epilogue attribute (null when there is none).",
      "::nnc::nn::ActivationAttr", "getEpilogueAttr", (ins),
      /*methodBody=*/"", /*defaultImplementation=*/[{
        return $_op.getActivationAttr();
      }]>,
    InterfaceMethod<"Sets the epilogue (`none` removes it).",
      "void", "setEpilogue",
      (ins "::nnc::nn::Activation":$activation, "::mlir::FloatAttr":$alpha),
      [{
        if (activation == ::nnc::nn::Activation::none)
          $_op.removeActivationAttr();
        else
          $_op.setActivationAttr(::nnc::nn::ActivationAttr::get(
              $_op->getContext(), activation, alpha));
      }]>,
    InterfaceMethod<"The result dimension of the output features (the "
      "bias dimension): the last one, channels (1) for conv.",
      "int64_t", "getFeatureAxis", (ins), /*methodBody=*/"",
      /*defaultImplementation=*/[{
        return ::llvm::cast<::mlir::RankedTensorType>($_op.getType())
                   .getRank() - 1;
      }]>,
  ];
  // The parameter used to be a separate `alpha` attribute: say where it
  // goes rather than ignore it.
  let verify = [{
    if ($_op->hasAttr("alpha"))
      return $_op->emitOpError(
          "has an 'alpha' attribute: the activation's parameter is part of "
          "#nn.activation (#nn.activation<leaky_relu, 0.2 : f64>)");
    return ::mlir::success();
  }];
  let extraSharedClassDeclaration = [{
    /// The epilogue's activation (`none` when absent).
    ::nnc::nn::Activation getActivationKind() {
      ::nnc::nn::ActivationAttr attr = $_op.getEpilogueAttr();
      return attr ? attr.getKind() : ::nnc::nn::Activation::none;
    }
    /// The activation's parameter, when set.
    ::mlir::FloatAttr getAlphaAttr() {
      ::nnc::nn::ActivationAttr attr = $_op.getEpilogueAttr();
      return attr ? attr.getAlpha() : ::mlir::FloatAttr();
    }
    std::optional<double> getAlphaValue() {
      ::nnc::nn::ActivationAttr attr = $_op.getEpilogueAttr();
      return attr ? attr.getAlphaValue() : std::nullopt;
    }
    bool hasEpilogue() {
      return getActivationKind() != ::nnc::nn::Activation::none;
    }
  }];
}

#endif // NNC_DIALECT_NN_IR_NNINTERFACES_TD
