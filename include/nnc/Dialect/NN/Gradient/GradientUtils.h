//===- GradientUtils.h - helpers of the gradient rules ----------*- C++ -*-===//
#ifndef NNC_DIALECT_NN_GRADIENT_GRADIENTUTILS_H
#define NNC_DIALECT_NN_GRADIENT_GRADIENTUTILS_H

#include "nnc/Dialect/NN/IR/NNOps.h"
#include "nnc/Dialect/NN/Utils/Builders.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/IR/Builders.h"

namespace nnc::nn::grad {

using ScalarBody = llvm::function_ref<mlir::Value(
    mlir::OpBuilder &, mlir::Location, mlir::ValueRange)>;

inline mlir::RankedTensorType typeOf(mlir::Value v) {
  return llvm::cast<mlir::RankedTensorType>(v.getType());
}

/// A linalg.generic over `type` reading `inputs` broadcast to it.
mlir::Value pointwise(mlir::OpBuilder &b, mlir::Location loc,
                      mlir::RankedTensorType type, mlir::ValueRange inputs,
                      ScalarBody body);

/// Undoes NumPy broadcasting: sums `g` over the dimensions that `target`
/// lacks or has as 1, and reshapes to `target`.
mlir::Value sumToShape(mlir::OpBuilder &b, mlir::Location loc, mlir::Value g,
                       mlir::RankedTensorType target);

/// `g` broadcast to the shape of `like` (NumPy rules).
mlir::Value broadcastLike(mlir::OpBuilder &b, mlir::Location loc, mlir::Value g,
                          mlir::Value like);

/// nn.reshape of `v` to `type`, or `v` itself when the types are equal.
mlir::Value reshapeTo(mlir::OpBuilder &b, mlir::Location loc, mlir::Value v,
                      mlir::Type type);

/// nn.reduce sum over `axes` (keepdims as requested).
mlir::Value sum(mlir::OpBuilder &b, mlir::Location loc, mlir::Value v,
                llvm::ArrayRef<int64_t> axes, bool keepdims);

/// nn.transpose swapping the last two dimensions.
mlir::Value transposeLast2(mlir::OpBuilder &b, mlir::Location loc,
                           mlir::Value v);

/// nn.matmul without bias or epilogue.
mlir::Value matmul(mlir::OpBuilder &b, mlir::Location loc, mlir::Value lhs,
                   mlir::Value rhs);

/// A tensor shaped like `like` filled with `value`.
mlir::Value filledLike(mlir::OpBuilder &b, mlir::Location loc, mlir::Value like,
                       double value);

/// A rank-0 tensor holding the element count of `v` (run-time for dynamic
/// sizes), of `v`'s element type.
mlir::Value countTensor(mlir::OpBuilder &b, mlir::Location loc, mlir::Value v);

/// A rank-0 arith.constant tensor (nn binary ops broadcast it).
mlir::Value scalarTensor(mlir::OpBuilder &b, mlir::Location loc,
                         mlir::Type elementType, double value);

/// A rank-0 tensor holding the size of dimension `dim` of `v`, as `v`'s
/// element type.
mlir::Value dimTensor(mlir::OpBuilder &b, mlir::Location loc, mlir::Value v,
                      int64_t dim);

/// Scalar helpers for the bodies of pointwise kernels.
mlir::Value cst(mlir::OpBuilder &b, mlir::Location loc, mlir::Type type,
                double value);
mlir::Value add(mlir::OpBuilder &b, mlir::Location loc, mlir::Value x,
                mlir::Value y);
mlir::Value subtract(mlir::OpBuilder &b, mlir::Location loc, mlir::Value x,
                     mlir::Value y);
mlir::Value mul(mlir::OpBuilder &b, mlir::Location loc, mlir::Value x,
                mlir::Value y);
mlir::Value div(mlir::OpBuilder &b, mlir::Location loc, mlir::Value x,
                mlir::Value y);
/// `cond ? x : y` for an arith.cmpf predicate on (lhs, rhs).
mlir::Value selectIf(mlir::OpBuilder &b, mlir::Location loc,
                     mlir::arith::CmpFPredicate pred, mlir::Value lhs,
                     mlir::Value rhs, mlir::Value x, mlir::Value y);
/// d_from, ..., d_{from+count-1}.
llvm::SmallVector<mlir::AffineExpr> affineDims(mlir::MLIRContext *ctx,
                                               int64_t from, int64_t count);
/// A map of `numDims` dimensions and no symbols.
mlir::AffineMap affineMapOf(int64_t numDims,
                            llvm::ArrayRef<mlir::AffineExpr> results,
                            mlir::MLIRContext *ctx);
/// An index value as i64.
mlir::Value indexToI64(mlir::OpBuilder &b, mlir::Location loc, mlir::Value v);

/// 1 / (1 + exp(-x)).
mlir::Value sigmoid(mlir::OpBuilder &b, mlir::Location loc, mlir::Value x);

/// Registration of the rule families (one file each).
void registerElementwiseGradients(mlir::MLIRContext *ctx);
void registerLinearGradients(mlir::MLIRContext *ctx);
void registerSoftmaxLossGradients(mlir::MLIRContext *ctx);
void registerStructuralGradients(mlir::MLIRContext *ctx);
void registerConvPoolGradients(mlir::MLIRContext *ctx);
void registerSequenceGradients(mlir::MLIRContext *ctx);

} // namespace nnc::nn::grad

#endif // NNC_DIALECT_NN_GRADIENT_GRADIENTUTILS_H
