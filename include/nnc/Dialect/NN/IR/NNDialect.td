//===- NNDialect.td - nn dialect definition ----------------*- tablegen -*-===//
#ifndef NNC_DIALECT_NN_IR_NNDIALECT_TD
#define NNC_DIALECT_NN_IR_NNDIALECT_TD

include "mlir/IR/OpBase.td"

def NN_Dialect : Dialect {
  let name = "nn";
  let cppNamespace = "::nnc::nn";
  let summary = "Neural-network layers on value-semantic ranked tensors";
  let description = [{
    The `nn` dialect models neural-network layers as ops on builtin ranked
    tensors with value semantics. Layouts are fixed and never transposed
    silently: activations are NCHW / NCW, `[batch, features]` or
    `[batch, seq, dim]`; a dense weight is `[out, in]` (y = x·Wᵀ + b, as in
    PyTorch and ONNX Gemm with transB = 1); a conv weight is
    `[Cout, Cin/groups, k...]`; a bias is `[out]`.

    Shapes may carry dynamic dimensions (`?`, typically the batch).
    Verifiers check every static dimension and name the expected shape in
    their diagnostics. Every op implements `LedgerOpInterface` (parameters,
    parameter bytes, forward FLOPs, activation bytes).

    The backward ops (`unary_backward` ... `embedding_backward`) are what
    the gradient rules emit where a derivative is not a composition of
    forward ops, so backward graphs stay nn-level IR; they are not
    differentiable themselves.

    Discardable attributes, checked by the dialect's verifier:
    `nn.name` (a string: the model's name of a weight constant, a function
    argument or result), `nn.parameter_names` (on a function: the names of
    its parameter arguments, strings) and `nn.optimizer` (on a train step:
    `sgd` or `adam`).
  }];
  let useDefaultAttributePrinterParser = 1;
  let discardableAttrs = (ins
    "::mlir::StringAttr":$name,
    "::mlir::ArrayAttr":$parameter_names,
    "::mlir::StringAttr":$optimizer
  );
  // Folded constants are arith.constant, like the weights.
  let dependentDialects = ["::mlir::arith::ArithDialect"];
  let hasConstantMaterializer = 1;
  let hasOperationAttrVerify = 1;
  let hasRegionArgAttrVerify = 1;
  let hasRegionResultAttrVerify = 1;
}

class NN_Op<string mnemonic, list<Trait> traits = []>
    : Op<NN_Dialect, mnemonic, traits>;

#endif // NNC_DIALECT_NN_IR_NNDIALECT_TD
