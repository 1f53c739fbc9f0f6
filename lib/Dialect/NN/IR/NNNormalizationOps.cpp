//===- NNNormalizationOps.cpp - layer_norm, rms_norm, batch_norm ----------===//
#include "ShapeUtils.h"
#include "nnc/Dialect/NN/IR/NNOps.h"

#include <cmath>

using namespace mlir;
using namespace nnc::nn;
using namespace nnc::nn::detail;
using namespace nnc::nn::ledger;

//===----------------------------------------------------------------------===//
// Normalization
//===----------------------------------------------------------------------===//

/// Layer and RMS norm: normalized dims are [axis, rank); affine operands
/// have exactly that shape.
static FailureOr<RankedTensorType>
inferNorm(const ShapeDiag &diag, Value input, int64_t axis, APFloat epsilon,
          ArrayRef<std::pair<StringRef, Value>> affine) {
  auto x = rankedType(input);
  if (!x || x.getRank() < 1)
    return diag.error("input must be a ranked tensor of rank >= 1");
  auto a = normalizeAxis(diag, axis, x.getRank(), "axis");
  if (failed(a))
    return failure();
  double eps = epsilon.convertToDouble();
  if (!(eps >= 0))
    return diag.error("epsilon must be >= 0, got ", fmtNumber(eps));
  ArrayRef<int64_t> normalized = x.getShape().drop_front(*a);
  for (auto [name, value] : affine)
    if (failed(expectShape(diag, value, name, normalized,
                           "the normalized dimensions")) ||
        failed(expectElementType(diag, value, name, x.getElementType())))
      return failure();
  return x;
}

LogicalResult LayerNormOp::inferResultTypes(const ShapeDiag &diag,
                                            Adaptor adaptor,
                                            SmallVectorImpl<Type> &inferred) {
  auto x = inferNorm(
      diag, adaptor.getInput(), adaptor.getAxis(), adaptor.getEpsilon(),
      {{"scale", adaptor.getScale()}, {"bias", adaptor.getBias()}});
  if (failed(x))
    return failure();
  inferred.push_back(*x);
  return success();
}

LogicalResult RmsNormOp::inferResultTypes(const ShapeDiag &diag,
                                          Adaptor adaptor,
                                          SmallVectorImpl<Type> &inferred) {
  auto x = inferNorm(diag, adaptor.getInput(), adaptor.getAxis(),
                     adaptor.getEpsilon(), {{"scale", adaptor.getScale()}});
  if (failed(x))
    return failure();
  inferred.push_back(*x);
  return success();
}

LogicalResult BatchNormOp::inferResultTypes(const ShapeDiag &diag,
                                            Adaptor adaptor,
                                            SmallVectorImpl<Type> &inferred) {
  auto x = rankedType(adaptor.getInput());
  if (!x || x.getRank() < 2)
    return diag.error("input must be [N, C, ...] with rank >= 2");
  double eps = adaptor.getEpsilon().convertToDouble();
  if (!(eps >= 0))
    return diag.error("epsilon must be >= 0, got ", fmtNumber(eps));
  int64_t c = x.getDimSize(1);
  std::pair<StringRef, Value> params[] = {{"scale", adaptor.getScale()},
                                          {"bias", adaptor.getBias()},
                                          {"mean", adaptor.getMean()},
                                          {"variance", adaptor.getVariance()}};
  for (auto [name, value] : params)
    if (failed(expectShape(diag, value, name, {c}, "input channels")))
      return failure();
  if (failed(expectSameElementType(diag, x.getElementType(), params)))
    return failure();
  inferred.push_back(x);
  return success();
}

//===----------------------------------------------------------------------===//
// Normalization
//===----------------------------------------------------------------------===//

SmallVector<Value> LayerNormOp::getParameterOperands() {
  return present({getScale(), getBias()});
}
int64_t LayerNormOp::getForwardFlops() {
  int64_t n = countElements(getInput());
  return 5 * n + (getScale() ? n : 0) + (getBias() ? n : 0);
}

SmallVector<Value> RmsNormOp::getParameterOperands() {
  return present({getScale()});
}
int64_t RmsNormOp::getForwardFlops() {
  int64_t n = countElements(getInput());
  return 4 * n + (getScale() ? n : 0);
}

SmallVector<Value> BatchNormOp::getParameterOperands() {
  return present({getScale(), getBias()});
}
int64_t BatchNormOp::getForwardFlops() { return 4 * countElements(getInput()); }
