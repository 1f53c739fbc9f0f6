//===- Passes.h - nn dialect passes -----------------------------*- C++ -*-===//
#ifndef NNC_DIALECT_NN_TRANSFORMS_PASSES_H
#define NNC_DIALECT_NN_TRANSFORMS_PASSES_H

#include "mlir/IR/BuiltinOps.h"
#include "mlir/Pass/Pass.h"

namespace nnc::nn {

/// How nn-shape-ledger writes its report.
enum class LedgerFormat { table, json };

#define GEN_PASS_DECL
#include "nnc/Dialect/NN/Transforms/Passes.h.inc"

#define GEN_PASS_REGISTRATION
#include "nnc/Dialect/NN/Transforms/Passes.h.inc"

/// What nn-shape-ledger prints, for every function under `root`, written
/// to `os`.
void writeShapeLedger(mlir::Operation *root, LedgerFormat format,
                      llvm::raw_ostream &os);

} // namespace nnc::nn

#endif // NNC_DIALECT_NN_TRANSFORMS_PASSES_H
