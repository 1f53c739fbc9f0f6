//===- NNElementwiseOps.cpp - binary, unary, activation and softmax ops ---===//
#include "ShapeUtils.h"
#include "nnc/Dialect/NN/IR/NNOps.h"

#include <cmath>

using namespace mlir;
using namespace nnc::nn;
using namespace nnc::nn::detail;
using namespace nnc::nn::ledger;

//===----------------------------------------------------------------------===//
// Binary elementwise ops
//===----------------------------------------------------------------------===//

LogicalResult nnc::nn::detail::inferBroadcast(const ShapeDiag &diag, Value lhs,
                                              Value rhs,
                                              SmallVectorImpl<Type> &inferred) {
  auto a = rankedType(lhs);
  auto b = rankedType(rhs);
  if (!a || !b)
    return diag.error("operands must be ranked tensors");
  if (a.getElementType() != b.getElementType())
    return diag.error("rhs element type ", b.getElementType(),
                      " does not match lhs element type ", a.getElementType());
  auto shape = broadcastShapes(diag, a.getShape(), b.getShape(), "lhs", "rhs");
  if (failed(shape))
    return failure();
  inferred.push_back(RankedTensorType::get(*shape, a.getElementType()));
  return success();
}

//===----------------------------------------------------------------------===//
// Activations with attributes
//===----------------------------------------------------------------------===//

LogicalResult LeakyReluOp::verify() {
  if (!std::isfinite(getAlpha().convertToDouble()))
    return emitOpError("alpha must be finite");
  return success();
}

LogicalResult EluOp::verify() {
  if (!std::isfinite(getAlpha().convertToDouble()))
    return emitOpError("alpha must be finite");
  return success();
}

LogicalResult HardSigmoidOp::verify() {
  if (!std::isfinite(getAlpha().convertToDouble()) ||
      !std::isfinite(getBeta().convertToDouble()))
    return emitOpError("alpha and beta must be finite");
  return success();
}

LogicalResult SoftplusOp::verify() {
  if (!(getBeta().convertToDouble() > 0))
    return emitOpError("beta must be > 0, got ")
           << fmtNumber(getBeta().convertToDouble());
  return success();
}

//===----------------------------------------------------------------------===//
// Softmax family
//===----------------------------------------------------------------------===//

/// Softmax and log_softmax: axis, temperature and the optional mask.
template <typename OpTy>
static LogicalResult inferSoftmaxLike(const ShapeDiag &diag,
                                      typename OpTy::Adaptor adaptor,
                                      SmallVectorImpl<Type> &inferred) {
  auto x = rankedType(adaptor.getInput());
  if (!x)
    return diag.error("input must be a ranked tensor");
  if (x.getRank() < 1)
    return diag.error("input must have rank >= 1");
  if (failed(normalizeAxis(diag, adaptor.getAxis(), x.getRank(), "axis")) ||
      failed(checkTemperature(diag, adaptor.getTemperature())))
    return failure();
  if (auto mask = rankedType(adaptor.getMask())) {
    auto b =
        broadcastShapes(diag, mask.getShape(), x.getShape(), "mask", "input");
    if (failed(b))
      return failure();
    if (!shapeMatches(*b, x.getShape()))
      return diag.error("mask shape ", fmt(mask.getShape()),
                        " does not broadcast to input shape ",
                        fmt(x.getShape()));
    if (!mask.getElementType().isInteger(1) &&
        mask.getElementType() != x.getElementType())
      return diag.error("mask must be i1 or the input element type ",
                        x.getElementType(), ", got ", mask.getElementType());
  }
  inferred.push_back(x);
  return success();
}

LogicalResult SoftmaxOp::inferResultTypes(const ShapeDiag &diag,
                                          Adaptor adaptor,
                                          SmallVectorImpl<Type> &inferred) {
  if (failed(inferSoftmaxLike<SoftmaxOp>(diag, adaptor, inferred)))
    return failure();
  // The causal mask compares the last two indices: [..., Lq, Lk], axis Lk.
  if (adaptor.getCausal()) {
    int64_t rank = rankedType(adaptor.getInput()).getRank();
    int64_t axis = adaptor.getAxis();
    if (rank < 2)
      return diag.error("causal needs an input of rank >= 2 ([..., Lq, Lk]), "
                        "got rank ",
                        rank);
    if (axis != -1 && axis != rank - 1)
      return diag.error("causal needs axis = -1 (the keys, ", rank - 1,
                        "), got ", axis);
  }
  return success();
}

LogicalResult LogSoftmaxOp::inferResultTypes(const ShapeDiag &diag,
                                             Adaptor adaptor,
                                             SmallVectorImpl<Type> &inferred) {
  return inferSoftmaxLike<LogSoftmaxOp>(diag, adaptor, inferred);
}

LogicalResult SparsemaxOp::inferResultTypes(const ShapeDiag &diag,
                                            Adaptor adaptor,
                                            SmallVectorImpl<Type> &inferred) {
  auto x = rankedType(adaptor.getInput());
  if (!x || x.getRank() < 1)
    return diag.error("input must be a ranked tensor of rank >= 1");
  if (failed(normalizeAxis(diag, adaptor.getAxis(), x.getRank(), "axis")))
    return failure();
  inferred.push_back(x);
  return success();
}

LogicalResult GridSoftmaxOp::inferResultTypes(const ShapeDiag &diag,
                                              Adaptor adaptor,
                                              SmallVectorImpl<Type> &inferred) {
  auto x = rankedType(adaptor.getInput());
  if (!x || x.getRank() < 1)
    return diag.error("input must be a ranked tensor of rank >= 1");
  int64_t groups = static_cast<int64_t>(adaptor.getGroups());
  if (groups < 1)
    return diag.error("groups must be >= 1, got ", groups);
  int64_t last = x.getShape().back();
  if (!ShapedType::isDynamic(last) && last % groups != 0)
    return diag.error("last dimension ", last, " is not divisible by groups ",
                      groups);
  if (failed(checkTemperature(diag, adaptor.getTemperature())))
    return failure();
  inferred.push_back(x);
  return success();
}

//===----------------------------------------------------------------------===//
// Softmax family
//===----------------------------------------------------------------------===//

int64_t SoftmaxOp::getForwardFlops() { return 5 * countElements(getInput()); }
int64_t LogSoftmaxOp::getForwardFlops() {
  return 5 * countElements(getInput());
}
int64_t SparsemaxOp::getForwardFlops() { return 6 * countElements(getInput()); }
int64_t GridSoftmaxOp::getForwardFlops() {
  return 5 * countElements(getInput());
}
