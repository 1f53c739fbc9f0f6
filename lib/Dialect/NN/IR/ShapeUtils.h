//===- ShapeUtils.h - helpers shared by the nn op verifiers -----*- C++ -*-===//
//
// Shape checks run from type inference, where only a location is at hand, and
// must read like op verifier errors: "'nn.dense' op weight shape ...".
//
//===----------------------------------------------------------------------===//
#ifndef NNC_LIB_DIALECT_NN_IR_SHAPEUTILS_H
#define NNC_LIB_DIALECT_NN_IR_SHAPEUTILS_H

#include "nnc/Dialect/NN/IR/NNOps.h"

#include "mlir/IR/BuiltinTypes.h"
#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/Value.h"
#include "llvm/ADT/APFloat.h"
#include "llvm/ADT/SmallVector.h"
#include <optional>
#include <string>

namespace nnc::nn::detail {

/// "[10, 784]", with "?" for dynamic dimensions.
std::string fmt(llvm::ArrayRef<int64_t> shape);
std::string fmt(mlir::Value value);

/// A floating-point attribute value as written in a message: "0.5", "-2",
/// "1e-05", "inf", "nan" (not the "%e" form of a raw double argument).
std::string fmtNumber(double value);

/// The ranked tensor type of `value`, or null (absent optional operand).
inline mlir::RankedTensorType rankedType(mlir::Value value) {
  return value ? llvm::dyn_cast<mlir::RankedTensorType>(value.getType())
               : mlir::RankedTensorType();
}

/// True when both sizes are static and differ.
inline bool conflicts(int64_t a, int64_t b) {
  return !mlir::ShapedType::isDynamic(a) && !mlir::ShapedType::isDynamic(b) &&
         a != b;
}

/// True when `actual` can be `expected` (equal rank, no static conflict).
bool shapeMatches(llvm::ArrayRef<int64_t> actual,
                  llvm::ArrayRef<int64_t> expected);

/// Checks that `value` (when present) has shape `expected`; otherwise
/// reports "<name> shape [..] does not match <what>: expected [..]".
mlir::LogicalResult expectShape(const ShapeDiag &diag, mlir::Value value,
                                llvm::StringRef name,
                                llvm::ArrayRef<int64_t> expected,
                                llvm::StringRef what);

/// Checks that `value` (when present) has element type `expected`.
mlir::LogicalResult expectElementType(const ShapeDiag &diag, mlir::Value value,
                                      llvm::StringRef name,
                                      mlir::Type expected);

/// NumPy broadcast of two shapes; reports the first incompatible dimension.
mlir::FailureOr<llvm::SmallVector<int64_t>>
broadcastShapes(const ShapeDiag &diag, llvm::ArrayRef<int64_t> lhs,
                llvm::ArrayRef<int64_t> rhs, llvm::StringRef lhsName,
                llvm::StringRef rhsName);

/// Normalizes `axis` in [-rank, rank) (or [-rank, rank] when `inclusive`).
mlir::FailureOr<int64_t> normalizeAxis(const ShapeDiag &diag, int64_t axis,
                                       int64_t rank, llvm::StringRef name,
                                       bool inclusive = false);

/// Product of sizes, dynamic if any size is.
int64_t productOrDynamic(llvm::ArrayRef<int64_t> sizes);

/// Checks that every named operand (when present) has element type
/// `expected`.
mlir::LogicalResult expectSameElementType(
    const ShapeDiag &diag, mlir::Type expected,
    llvm::ArrayRef<std::pair<llvm::StringRef, mlir::Value>> operands);

/// Checks the rank of `value`; `layout` names the expected layout.
mlir::LogicalResult expectRank(const ShapeDiag &diag, mlir::Value value,
                               llvm::StringRef name, int64_t rank,
                               llvm::StringRef layout);

/// An optional window attribute (strides, dilations, padding) or its default.
llvm::SmallVector<int64_t>
orDefault(std::optional<llvm::ArrayRef<int64_t>> attr, size_t size,
          int64_t fill);

/// A softmax temperature must be finite and > 0.
mlir::LogicalResult checkTemperature(const ShapeDiag &diag, llvm::APFloat t);

/// Output spatial sizes of conv and pool windows over the trailing
/// `kernel.size()` dimensions of `input`, with their shared checks.
mlir::FailureOr<llvm::SmallVector<int64_t>>
inferWindowShape(const ShapeDiag &diag, llvm::ArrayRef<int64_t> input,
                 llvm::ArrayRef<int64_t> kernel,
                 llvm::ArrayRef<int64_t> strides,
                 llvm::ArrayRef<int64_t> dilations,
                 llvm::ArrayRef<int64_t> padding, bool ceilMode);

/// The shape rule of the binary ops (NNElementwiseOps.cpp): ranked operands
/// of one element type, NumPy-broadcast.
mlir::LogicalResult inferBroadcast(const ShapeDiag &diag, mlir::Value lhs,
                                   mlir::Value rhs,
                                   llvm::SmallVectorImpl<mlir::Type> &inferred);

/// The shape rule of bce, bce_with_logits and mse (NNLossOps.cpp): input
/// and target of one shape and element type.
mlir::LogicalResult
inferPointwiseLoss(const ShapeDiag &diag, mlir::Value input, mlir::Value target,
                   Reduction reduction,
                   llvm::SmallVectorImpl<mlir::Type> &inferred);

//===----------------------------------------------------------------------===//
// Ledger helpers. Conventions: a multiply-add is 2 FLOPs; epilogues (bias,
// activation) of dense / conv / matmul are not counted (they are O(output),
// the matmul is O(output · K)); elementwise ops count 1 per result element
// (the interface default); data movement counts 0. Dynamic dimensions count
// as 1.
//===----------------------------------------------------------------------===//

/// Present operands only (optional operands may be null).
inline llvm::SmallVector<mlir::Value>
present(std::initializer_list<mlir::Value> values, mlir::ValueRange more = {}) {
  llvm::SmallVector<mlir::Value> out;
  for (mlir::Value v : values)
    if (v)
      out.push_back(v);
  out.append(more.begin(), more.end());
  return out;
}

/// The size of dimension `d` of `v`, 1 when dynamic.
inline int64_t dimOr1(mlir::Value v, int64_t d) {
  int64_t size = llvm::cast<mlir::ShapedType>(v.getType()).getDimSize(d);
  return mlir::ShapedType::isDynamic(size) ? 1 : size;
}

inline int64_t lastDimOr1(mlir::Value v) {
  return dimOr1(v, llvm::cast<mlir::ShapedType>(v.getType()).getRank() - 1);
}

} // namespace nnc::nn::detail

#endif // NNC_LIB_DIALECT_NN_IR_SHAPEUTILS_H
