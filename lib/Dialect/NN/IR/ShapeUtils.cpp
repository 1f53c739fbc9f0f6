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

/// Checks a window attribute: `size` entries, each >= `min`.
static LogicalResult checkWindowAttr(const ShapeDiag &diag, StringRef name,
                                     ArrayRef<int64_t> values, size_t size,
                                     int64_t min) {
  if (values.size() != size)
    return diag.error(name, " must have ", size, " entries, got ",
                      values.size());
  for (int64_t v : values)
    if (v < min)
      return diag.error(name, " ", fmt(values), " must be >= ", min);
  return success();
}

/// Output size of a sliding window along one dimension (conv and pool).
static int64_t windowOutputSize(int64_t in, int64_t kernel, int64_t stride,
                                int64_t dilation, int64_t padBegin,
                                int64_t padEnd, bool ceilMode) {
  if (ShapedType::isDynamic(in) || ShapedType::isDynamic(kernel))
    return ShapedType::kDynamic;
  int64_t span = in + padBegin + padEnd - dilation * (kernel - 1) - 1;
  if (span < 0)
    return 0;
  int64_t out = (ceilMode ? (span + stride - 1) / stride : span / stride) + 1;
  // As PyTorch: the last window must start inside the input or left padding.
  if (ceilMode && (out - 1) * stride >= in + padBegin)
    --out;
  return out;
}

/// Output spatial sizes of conv and pool, with their shared checks.
FailureOr<SmallVector<int64_t>>
inferWindowShape(const ShapeDiag &diag, ArrayRef<int64_t> input,
                 ArrayRef<int64_t> kernel, ArrayRef<int64_t> strides,
                 ArrayRef<int64_t> dilations, ArrayRef<int64_t> padding,
                 bool ceilMode) {
  size_t spatial = kernel.size();
  if (failed(checkWindowAttr(diag, "strides", strides, spatial, 1)) ||
      failed(checkWindowAttr(diag, "dilations", dilations, spatial, 1)) ||
      failed(checkWindowAttr(diag, "padding", padding, 2 * spatial, 0)))
    return failure();
  SmallVector<int64_t> out;
  for (size_t i = 0; i < spatial; ++i) {
    int64_t in = input[input.size() - spatial + i];
    int64_t size = windowOutputSize(in, kernel[i], strides[i], dilations[i],
                                    padding[i], padding[spatial + i], ceilMode);
    if (size == 0)
      return diag.error("window of size ", kernel[i], " (dilation ",
                        dilations[i], ") does not fit spatial dimension ", i,
                        " of size ", in, " with padding ", padding[i], "+",
                        padding[spatial + i]);
    out.push_back(size);
  }
  return out;
}

} // namespace nnc::nn::detail
