//===- NNLedger.h - shape-ledger arithmetic ---------------------*- C++ -*-===//
//
// Element and byte counts used by LedgerOpInterface. Dynamic dimensions count
// as 1, so a model with a dynamic batch gets per-sample figures.
//
//===----------------------------------------------------------------------===//
#ifndef NNC_DIALECT_NN_IR_NNLEDGER_H
#define NNC_DIALECT_NN_IR_NNLEDGER_H

#include "mlir/IR/Types.h"
#include "mlir/IR/Value.h"
#include "mlir/IR/ValueRange.h"
#include "llvm/ADT/ArrayRef.h"

namespace nnc::nn::ledger {

/// Product of `shape`, with dynamic dimensions counted as 1.
int64_t product(llvm::ArrayRef<int64_t> shape);
/// Bytes of one element of `type` (a tensor's element type or a scalar);
/// i1 counts as one byte.
int64_t elementBytes(mlir::Type type);
/// Elements of a shaped type (1 for a scalar).
int64_t countElements(mlir::Type type);
int64_t countElements(mlir::Value value);
int64_t countElements(mlir::ValueRange values);
int64_t countBytes(mlir::Type type);
int64_t countBytes(mlir::Value value);
int64_t countBytes(mlir::ValueRange values);
/// True when `type` is a shaped type with a dynamic dimension.
bool hasDynamicShape(mlir::Type type);

/// FLOPs of multiplying [m, k] by [k, n]: one multiply and one add each.
inline int64_t matmulFlops(int64_t m, int64_t k, int64_t n) {
  return 2 * m * k * n;
}

} // namespace nnc::nn::ledger

#endif // NNC_DIALECT_NN_IR_NNLEDGER_H
