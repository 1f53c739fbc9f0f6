//===- GradientUtils.h - helpers of the gradient rules ----------*- C++ -*-===//
#ifndef NNC_DIALECT_NN_GRADIENT_GRADIENTUTILS_H
#define NNC_DIALECT_NN_GRADIENT_GRADIENTUTILS_H

#include "nnc/Dialect/NN/IR/NNOps.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/IR/Builders.h"

namespace nnc::nn::grad {

/// Undoes NumPy broadcasting: sums `g` over the dimensions that `target`
/// lacks or has as 1, and reshapes to `target`.
mlir::Value sumToShape(mlir::OpBuilder &b, mlir::Location loc, mlir::Value g,
                       mlir::RankedTensorType target);

/// `g` broadcast to the shape of `like` (NumPy rules; nn.broadcast).
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

/// A tensor shaped like `like` filled with `value` (an arith.constant, or
/// nn.broadcast of a rank-0 one where `like` has a dynamic size).
mlir::Value filledLike(mlir::OpBuilder &b, mlir::Location loc, mlir::Value like,
                       double value);

/// A rank-0 tensor holding the element count of `v`, of `v`'s element
/// type: an arith.constant, or nn.numel for dynamic sizes.
mlir::Value countTensor(mlir::OpBuilder &b, mlir::Location loc, mlir::Value v);

/// A rank-0 arith.constant tensor (nn binary ops broadcast it).
mlir::Value scalarTensor(mlir::OpBuilder &b, mlir::Location loc,
                         mlir::Type elementType, double value);

/// A rank-0 tensor holding the size of dimension `dim` of `v`, as `v`'s
/// element type.
mlir::Value dimTensor(mlir::OpBuilder &b, mlir::Location loc, mlir::Value v,
                      int64_t dim);

/// The checks the lowering of the conv and pool backward ops relies on,
/// reported at the forward op: 1-D or 2-D, only the batch dynamic, no
/// negative padding.
mlir::LogicalResult checkWindowed(mlir::Operation *op, mlir::Value x,
                                  mlir::Value y,
                                  llvm::ArrayRef<int64_t> padding,
                                  llvm::ArrayRef<int64_t> strides);

/// Registration of the rule families (one file each, as the ODS files).
void registerElementwiseGradients(mlir::MLIRContext *ctx);
void registerLinearGradients(mlir::MLIRContext *ctx);
void registerLossGradients(mlir::MLIRContext *ctx);
void registerNormalizationGradients(mlir::MLIRContext *ctx);
void registerSequenceGradients(mlir::MLIRContext *ctx);
void registerStructuralGradients(mlir::MLIRContext *ctx);

} // namespace nnc::nn::grad

#endif // NNC_DIALECT_NN_GRADIENT_GRADIENTUTILS_H
