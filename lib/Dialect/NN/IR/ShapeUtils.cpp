//===- ShapeUtils.cpp - helpers shared by the nn op verifiers -------------===//
#include "ShapeUtils.h"
#include "nnc/Dialect/NN/IR/NNOps.h"

#include "mlir/Dialect/Traits.h"
#include "mlir/IR/TypeUtilities.h"
#include "llvm/Support/Format.h"
#include "llvm/Support/raw_ostream.h"

#include <cmath>

using namespace mlir;

std::string nnc::nn::formatShape(ArrayRef<int64_t> shape) {
  std::string s;
  llvm::raw_string_ostream os(s);
  os << "[";
  llvm::interleaveComma(shape, os, [&](int64_t d) {
    if (ShapedType::isDynamic(d))
      os << "?";
    else
      os << d;
  });
  os << "]";
  return s;
}

namespace nnc::nn::detail {

std::string fmt(ArrayRef<int64_t> shape) { return formatShape(shape); }

std::string fmt(Value value) {
  if (auto type = rankedType(value))
    return fmt(type.getShape());
  return "<unranked>";
}

std::string fmtNumber(double value) {
  if (std::isnan(value))
    return "nan";
  if (std::isinf(value))
    return value < 0 ? "-inf" : "inf";
  std::string s;
  llvm::raw_string_ostream os(s);
  os << llvm::format("%g", value);
  return s;
}

bool shapeMatches(ArrayRef<int64_t> actual, ArrayRef<int64_t> expected) {
  if (actual.size() != expected.size())
    return false;
  for (auto [a, e] : llvm::zip(actual, expected))
    if (conflicts(a, e))
      return false;
  return true;
}

LogicalResult expectShape(const ShapeDiag &diag, Value value, StringRef name,
                          ArrayRef<int64_t> expected, StringRef what) {
  if (!value)
    return success();
  auto type = rankedType(value);
  if (!type)
    return diag.error(name, " must be a ranked tensor");
  if (!shapeMatches(type.getShape(), expected))
    return diag.error(name, " shape ", fmt(type.getShape()), " does not match ",
                      what, ": expected ", fmt(expected));
  return success();
}

LogicalResult expectElementType(const ShapeDiag &diag, Value value,
                                StringRef name, Type expected) {
  if (!value)
    return success();
  Type actual = getElementTypeOrSelf(value.getType());
  if (actual != expected)
    return diag.error(name, " element type ", actual,
                      " does not match the input element type ", expected);
  return success();
}

FailureOr<SmallVector<int64_t>>
broadcastShapes(const ShapeDiag &diag, ArrayRef<int64_t> lhs,
                ArrayRef<int64_t> rhs, StringRef lhsName, StringRef rhsName) {
  SmallVector<int64_t> result;
  if (OpTrait::util::getBroadcastedShape(lhs, rhs, result))
    return result;
  // Name the first dimension (from the right) that does not broadcast.
  auto broadcasts = [](int64_t a, int64_t b) {
    return a == b || a == 1 || b == 1 || ShapedType::isDynamic(a) ||
           ShapedType::isDynamic(b);
  };
  int64_t i = 1;
  while (broadcasts(lhs.end()[-i], rhs.end()[-i]))
    ++i;
  return diag.error(lhsName, " shape ", fmt(lhs), " and ", rhsName, " shape ",
                    fmt(rhs), " are not broadcast-compatible: dimension ", -i,
                    " is ", lhs.end()[-i], " vs ", rhs.end()[-i]);
}

FailureOr<int64_t> normalizeAxis(const ShapeDiag &diag, int64_t axis,
                                 int64_t rank, StringRef name, bool inclusive) {
  int64_t hi = inclusive ? rank : rank - 1;
  if (axis < -rank || axis > hi)
    return diag.error(name, " ", axis, " is out of range for rank ", rank,
                      ": expected a value in [", -rank, ", ", hi, "]");
  return axis < 0 ? axis + rank : axis;
}

int64_t productOrDynamic(ArrayRef<int64_t> sizes) {
  int64_t p = 1;
  for (int64_t s : sizes) {
    if (ShapedType::isDynamic(s))
      return ShapedType::kDynamic;
    p *= s;
  }
  return p;
}

/// Input element type shared by a layer's operands.
LogicalResult
expectSameElementType(const ShapeDiag &diag, Type expected,
                      ArrayRef<std::pair<StringRef, Value>> operands) {
  for (auto [name, value] : operands)
    if (failed(expectElementType(diag, value, name, expected)))
      return failure();
  return success();
}

LogicalResult expectRank(const ShapeDiag &diag, Value value, StringRef name,
                         int64_t rank, StringRef layout) {
  auto type = rankedType(value);
  if (type.getRank() != rank)
    return diag.error(name, " must have rank ", rank, " ", layout,
                      ", got shape ", fmt(type.getShape()));
  return success();
}

/// One spatial-size attribute (strides, dilations, padding) with its default.
SmallVector<int64_t> orDefault(std::optional<ArrayRef<int64_t>> attr,
                               size_t size, int64_t fill) {
  if (attr)
    return SmallVector<int64_t>(*attr);
  return SmallVector<int64_t>(size, fill);
}

LogicalResult checkTemperature(const ShapeDiag &diag, APFloat t) {
  double v = t.convertToDouble();
  if (!(v > 0) || !std::isfinite(v))
    return diag.error("temperature must be finite and > 0, got ", fmtNumber(v));
  return success();
}

} // namespace nnc::nn::detail
