//===- Passes.td - nnc conversion passes -------------------*- tablegen -*-===//
#ifndef NNC_CONVERSION_PASSES_TD
#define NNC_CONVERSION_PASSES_TD

include "mlir/Pass/PassBase.td"

def ConvertNNToLinalg : Pass<"convert-nn-to-linalg", "mlir::ModuleOp"> {
  let summary = "Lower every nn op to linalg, tensor, arith and math on tensors";
  let description = [{
    Rewrites nn ops into linalg named and generic ops on tensors (plus tensor,
    arith and math). Composite layers (attention, swiglu, rnn, lstm) are first
    decomposed into primitive nn ops by the `nn-decompose` patterns, then
    lowered. Dynamic dimensions are carried through with `tensor.dim`. An op
    that cannot be lowered is reported with its location and the pass fails.

    The attention core, softmax(q·kᵀ·scale + mask)·v, becomes one loop nest
    over blocks of queries and keys with an online softmax, so that no
    [..., Lq, Lk] score tensor is stored (`attention-key-block=0`: the ops
    one by one).

    Values the shapes cannot guarantee are checked in the generated code:
    gather and embedding ids, class labels, and dynamic sizes against a
    window. One out of range is clamped (nothing is read out of bounds) and
    reported to the runtime (`nnc_check_failed`, see nnc_runtime.h), which
    makes the call fail. `check-values=false` keeps the clamps and drops the
    reports (a program that is known to get valid inputs; bench/check_cost.py
    measures what the reports cost).
  }];
  let options = [
    Option<"attentionQueryBlock", "attention-query-block", "int64_t", "32",
           "Queries per block of the fused attention core">,
    Option<"attentionKeyBlock", "attention-key-block", "int64_t", "64",
           "Keys per block of the fused attention core (0: not fused)">,
    Option<"checkValues", "check-values", "bool", "true",
           "Report ids, labels and dynamic sizes out of range to the runtime">,
  ];
  let dependentDialects = [
    "mlir::affine::AffineDialect",
    "mlir::arith::ArithDialect",
    "mlir::linalg::LinalgDialect",
    "mlir::math::MathDialect",
    "mlir::scf::SCFDialect",
    "mlir::tensor::TensorDialect",
  ];
}

#endif // NNC_CONVERSION_PASSES_TD
