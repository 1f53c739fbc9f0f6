//===- Passes.td - nn dialect passes -----------------------*- tablegen -*-===//
#ifndef NNC_DIALECT_NN_TRANSFORMS_PASSES_TD
#define NNC_DIALECT_NN_TRANSFORMS_PASSES_TD

include "mlir/Pass/PassBase.td"

def NNShapeLedger : Pass<"nn-shape-ledger", "mlir::ModuleOp"> {
  let summary = "Print parameters, parameter memory, FLOPs and activation "
                "memory per op and in total";
  let description = [{
    For every function, prints one row per `nn` op (its name, location,
    result type, learnable parameters, parameter bytes, forward FLOPs and
    activation bytes) and a total row, as a table (default) or as JSON
    (`--nn-shape-ledger=format=json`), on standard output. The IR is left
    unchanged (add `-o /dev/null` to print only the ledger). When a shape
    has a dynamic dimension the figures are per sample (dynamic dimensions
    count as 1) and the function is marked so.
  }];
  let options = [
    Option<"format", "format", "std::string", /*default=*/"\"table\"",
           "Output format: 'table' or 'json'">
  ];
}

def NNDecompose : Pass<"nn-decompose"> {
  let summary = "Decompose composite nn layers into primitive nn ops";
  let description = [{
    Rewrites attention, swiglu, layer_norm, rms_norm, rnn, lstm, kmeans and
    the softmax variants (log_softmax, sparsemax, grid_softmax, masked or
    tempered softmax) into primitive nn ops (dense, matmul, elementwise,
    activations, plain softmax, reduce, reshape, transpose, split, concat),
    for backends that want only those. Results are numerically unchanged.
    `composites-only` restricts it to the layers that have no direct
    lowering to linalg (attention, swiglu, rnn, lstm).
  }];
  let options = [
    Option<"compositesOnly", "composites-only", "bool", /*default=*/"false",
           "Only decompose attention, swiglu, rnn and lstm">
  ];
}

#endif // NNC_DIALECT_NN_TRANSFORMS_PASSES_TD
