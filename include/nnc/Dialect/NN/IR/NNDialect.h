//===- NNDialect.h - nn dialect ---------------------------------*- C++ -*-===//
#ifndef NNC_DIALECT_NN_IR_NNDIALECT_H
#define NNC_DIALECT_NN_IR_NNDIALECT_H

#include "mlir/IR/Dialect.h"
#include "mlir/IR/Operation.h"

#include "nnc/Dialect/NN/IR/NNOpsDialect.h.inc"

namespace nnc::nn {

/// The names of the dialect's discardable attributes (NNDialect.td).
inline constexpr llvm::StringLiteral kNameAttr =
    NNDialect::NameAttrHelper::getNameStr();
inline constexpr llvm::StringLiteral kParameterNamesAttr =
    NNDialect::ParameterNamesAttrHelper::getNameStr();
inline constexpr llvm::StringLiteral kOptimizerAttr =
    NNDialect::OptimizerAttrHelper::getNameStr();

} // namespace nnc::nn

#endif // NNC_DIALECT_NN_IR_NNDIALECT_H
