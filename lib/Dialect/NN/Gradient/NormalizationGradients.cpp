//===- NormalizationGradients.cpp - rules of the normalizations -----------===//
//
// batch_norm (inference form); layer_norm and rms_norm are composites that
// nn-derive-backward decomposes first.
//
//===----------------------------------------------------------------------===//
#include "nnc/Dialect/NN/Gradient/GradientUtils.h"

using namespace mlir;
using namespace nnc::nn;
using namespace nnc::nn::grad;

namespace {

/// Inference-form batch norm: y = (x - mean)·inv·scale + bias per channel,
/// inv = 1/sqrt(var + eps). The running statistics get no gradient.
struct BatchNormModel
    : GradientOpInterface::ExternalModel<BatchNormModel, BatchNormOp> {
  LogicalResult buildGradients(Operation *o, OpBuilder &b,
                               ValueRange resultGrads, bool,
                               SmallVectorImpl<Value> &operandGrads) const {
    auto op = cast<BatchNormOp>(o);
    Location loc = op.getLoc();
    Value g = resultGrads[0], x = op.getInput();
    auto xType = typeOf(x);
    Type elt = xType.getElementType();
    // [C] -> [C, 1, ...] broadcasts against [N, C, spatial...].
    SmallVector<int64_t> shape{xType.getDimSize(1)};
    shape.append(xType.getRank() - 2, 1);
    auto channel = [&](Value v) {
      return reshapeTo(b, loc, v, RankedTensorType::get(shape, elt));
    };
    Value eps = detailScalar(b, loc, elt, op.getEpsilon().convertToDouble());
    Value inv =
        RsqrtOp::create(b, loc, AddOp::create(b, loc, op.getVariance(), eps));
    Value dx = MulOp::create(
        b, loc, g, channel(MulOp::create(b, loc, op.getScale(), inv)));
    Value xhat = MulOp::create(
        b, loc, SubOp::create(b, loc, x, channel(op.getMean())), channel(inv));
    SmallVector<int64_t> axes{0};
    for (int64_t d = 2; d < xType.getRank(); ++d)
      axes.push_back(d);
    operandGrads.push_back(dx);
    operandGrads.push_back(
        sum(b, loc, MulOp::create(b, loc, g, xhat), axes, false));
    operandGrads.push_back(sum(b, loc, g, axes, false));
    operandGrads.append({Value(), Value()});
    return success();
  }
  SmallVector<Value> getSavedForBackward(Operation *o, bool) const {
    auto op = cast<BatchNormOp>(o);
    return {op.getInput()};
  }

  static Value detailScalar(OpBuilder &b, Location loc, Type elt, double v) {
    return scalarTensor(b, loc, elt, v);
  }
};

} // namespace

void nnc::nn::grad::registerNormalizationGradients(MLIRContext *ctx) {
  BatchNormOp::attachInterface<BatchNormModel>(*ctx);
}
