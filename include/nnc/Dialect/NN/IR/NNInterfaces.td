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

#endif // NNC_DIALECT_NN_IR_NNINTERFACES_TD
