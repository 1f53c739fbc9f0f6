//===- Builders.h - linalg/tensor builders on nn types ----------*- C++ -*-===//
//
// Shared by the lowering (convert-nn-to-linalg) and the gradient rules, so
// neither library depends on the other.
//
//===----------------------------------------------------------------------===//
#ifndef NNC_DIALECT_NN_UTILS_BUILDERS_H
#define NNC_DIALECT_NN_UTILS_BUILDERS_H

#include "nnc/Dialect/NN/IR/NNOps.h"

#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinTypes.h"

#include <optional>

namespace nnc::nn::builders {

/// Sizes of a ranked tensor value: static sizes as attributes, dynamic ones
/// through tensor.dim.
llvm::SmallVector<mlir::OpFoldResult>
getSizes(mlir::OpBuilder &b, mlir::Location loc, mlir::Value tensor);

/// tensor.empty of `type` whose dynamic sizes come from `sizes` (one entry
/// per dimension; static entries must agree with `type`).
mlir::Value emptyTensor(mlir::OpBuilder &b, mlir::Location loc,
                        mlir::RankedTensorType type,
                        llvm::ArrayRef<mlir::OpFoldResult> sizes);

/// tensor.empty for the result of an op whose result dims follow NumPy
/// broadcasting of `operands`: a dynamic result dimension takes its size
/// from the first operand that has that dimension and it is not 1.
mlir::Value emptyBroadcastResult(mlir::OpBuilder &b, mlir::Location loc,
                                 mlir::RankedTensorType resultType,
                                 mlir::ValueRange operands);

/// Indexing map reading `operandType` broadcast (NumPy rules, aligned to the
/// right) into an iteration space of `resultRank` dimensions. A static 1
/// against a larger result dimension reads index 0.
mlir::AffineMap broadcastMap(mlir::MLIRContext *ctx,
                             mlir::RankedTensorType operandType,
                             llvm::ArrayRef<int64_t> resultShape);

/// A linalg.generic with all-parallel iterators over `resultType`, reading
/// `inputs` broadcast to it; `body` computes the result element from the
/// input elements.
mlir::Value buildElementwise(
    mlir::OpBuilder &b, mlir::Location loc, mlir::RankedTensorType resultType,
    mlir::ValueRange inputs,
    llvm::function_ref<mlir::Value(mlir::OpBuilder &, mlir::Location,
                                   mlir::ValueRange)>
        body);

/// Same, writing into `init` (already sized like the result).
mlir::Value buildElementwiseInto(
    mlir::OpBuilder &b, mlir::Location loc, mlir::Value init,
    mlir::ValueRange inputs,
    llvm::function_ref<mlir::Value(mlir::OpBuilder &, mlir::Location,
                                   mlir::ValueRange)>
        body);

/// The number of elements of `x` (product of its sizes, tensor.dim for the
/// dynamic ones) as a scalar float of type `elt`.
mlir::Value elementCount(mlir::OpBuilder &b, mlir::Location loc, mlir::Value x,
                         mlir::Type elt);
/// The same over the dimensions `dims` of `x` only.
mlir::Value elementCount(mlir::OpBuilder &b, mlir::Location loc, mlir::Value x,
                         mlir::Type elt, llvm::ArrayRef<int64_t> dims);
/// A scalar float constant of type `type`.
mlir::Value floatConst(mlir::OpBuilder &b, mlir::Location loc, mlir::Type type,
                       double value);

/// linalg.fill of a new tensor of `type` (dynamic sizes from `sizes`).
mlir::Value filledTensor(mlir::OpBuilder &b, mlir::Location loc,
                         mlir::RankedTensorType type,
                         llvm::ArrayRef<mlir::OpFoldResult> sizes,
                         double value);

/// `v` as a 1-D tensor of its elements in row-major order.
mlir::Value flattenTo1D(mlir::OpBuilder &b, mlir::Location loc, mlir::Value v);

/// The runtime's report of a value out of range, called in an `scf.if` of
/// its own by the checks below (convert-nn-to-linalg's check-values=false
/// erases those).
inline constexpr llvm::StringLiteral kCheckFailedSymbol = "nnc_check_failed";

/// Reports the first index of `indices` (any shape and integer type; the
/// position reported is row-major) outside
/// [0, bound) (or [-bound, bound) with `wrapNegative`) to the runtime
/// (`nnc_check_failed(kind, position, value, bound)`, nnc_runtime.h): one
/// reduction over the indices, and a call only when there is a bad one (on
/// the calling thread: the call is outside any loop).
void checkIndices(mlir::OpBuilder &b, mlir::Location loc, mlir::Value indices,
                  mlir::Value bound, bool wrapNegative, int64_t kind);

/// The output size of a sliding window along one dimension: `span` is the
/// (padded) input size less the dilated window, `(span) / stride + 1`. A
/// dynamic input too small for the window (span < 0) is reported to the
/// runtime (NNC_CHECK_INPUT_TOO_SMALL: dimension `dim`, the unpadded `input`
/// size, the least it needs, input - span) and gives 0, so that nothing is
/// allocated or read for it. `ceil`: the ceil-mode division of pooling.
mlir::OpFoldResult checkedWindowOutput(mlir::OpBuilder &b, mlir::Location loc,
                                       mlir::OpFoldResult span, int64_t stride,
                                       bool ceil, mlir::OpFoldResult input,
                                       int64_t dim);

/// The table row of an embedding id (any integer type) as an index: with
/// `wrapNegative` an id in [-rows, 0) counts from the end; clamped to
/// [0, rows) so that an id the checks reported reads nothing out of bounds.
mlir::Value clampedRow(mlir::OpBuilder &b, mlir::Location loc, mlir::Value id,
                       mlir::Value rows, bool wrapNegative);

/// The scalar activation `act` applied to `x` (alpha: leaky_relu slope,
/// elu scale; defaults 0.01 and 1.0). Returns `x` for `none`.
mlir::Value applyActivation(mlir::OpBuilder &b, mlir::Location loc,
                            mlir::Value x, nn::Activation act,
                            std::optional<double> alpha);

/// log(1 + y), accurate for small |y| whatever math.log1p lowers to
/// (convert-math-to-llvm expands it as log(1 + y), which rounds 1 + y first):
/// with u = 1 + y, y where u == 1, else log(u)·y / (u - 1) (Goldberg's
/// correction of the rounding of u).
mlir::Value log1pAccurate(mlir::OpBuilder &b, mlir::Location loc,
                          mlir::Value y);

/// PyTorch's softplus: log1p(exp(beta·x)) / beta, x where beta·x > threshold.
mlir::Value applySoftplus(mlir::OpBuilder &b, mlir::Location loc, mlir::Value x,
                          double beta, double threshold);

/// `v` itself, or a tensor.cast to `type` (a declared result type may be
/// less static than what the lowering computes).
mlir::Value castTo(mlir::OpBuilder &b, mlir::Location loc, mlir::Value v,
                   mlir::Type type);

/// A linalg.generic writing `init` from `inputs` with `maps` (inputs, then
/// init) and `iterators`; `body` gets the input elements and the current
/// output element and returns the new output element.
mlir::Value
buildGeneric(mlir::OpBuilder &b, mlir::Location loc, mlir::Value init,
             mlir::ValueRange inputs, llvm::ArrayRef<mlir::AffineMap> maps,
             llvm::ArrayRef<mlir::utils::IteratorType> iterators,
             llvm::function_ref<mlir::Value(mlir::OpBuilder &, mlir::Location,
                                            mlir::ValueRange)>
                 body);

} // namespace nnc::nn::builders

#endif // NNC_DIALECT_NN_UTILS_BUILDERS_H
