//===- DecomposeUtils.h - helpers of the nn-decompose patterns --*- C++ -*-===//
#ifndef NNC_LIB_DIALECT_NN_TRANSFORMS_DECOMPOSEUTILS_H
#define NNC_LIB_DIALECT_NN_TRANSFORMS_DECOMPOSEUTILS_H

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/BuiltinTypes.h"

namespace nnc::nn::detail {

/// A rank-0 `arith.constant` of the element type (nn binary ops broadcast it).
inline mlir::Value scalarConstant(mlir::OpBuilder &b, mlir::Location loc,
                                  mlir::Type elementType, double value) {
  auto type = mlir::RankedTensorType::get({}, elementType);
  mlir::Attribute element = mlir::FloatAttr::get(elementType, value);
  return mlir::arith::ConstantOp::create(
      b, loc,
      mlir::DenseElementsAttr::get(type,
                                   llvm::ArrayRef<mlir::Attribute>(element)));
}

} // namespace nnc::nn::detail

#endif // NNC_LIB_DIALECT_NN_TRANSFORMS_DECOMPOSEUTILS_H
