//===- ConvPoolGradients.cpp - rules of conv and pool --------------------===//
//
// nn.conv (x [N, Cin, I...], w [Cout, Cin/G, K...]): dX is
// nn.conv_backward_input of dY and W, dW nn.conv_backward_weight of dY and
// X, db = Σ_{n,o} dY (nn.reduce). nn.pool: nn.pool_backward with the
// forward's window (max also reads the forward input and result). Only the
// batch dimension may be dynamic; the col2im lowering is in NNToLinalg.
//
//===----------------------------------------------------------------------===//
#include "nnc/Dialect/NN/Gradient/GradientUtils.h"

using namespace mlir;
using namespace nnc::nn;
using namespace nnc::nn::grad;

namespace {

/// The checks the backward ops' lowering relies on, reported at the
/// forward op: 1-D or 2-D, only the batch dynamic, no negative padding.
LogicalResult checkWindowed(Operation *op, Value x, Value y,
                            ArrayRef<int64_t> padding,
                            ArrayRef<int64_t> strides) {
  auto diag = [&]() {
    return op->emitError() << "gradient of '" << op->getName() << "': ";
  };
  auto xType = typeOf(x);
  if (xType.getRank() != 3 && xType.getRank() != 4)
    return diag() << "only 1-D and 2-D supported, got " << xType;
  for (Value v : {x, y})
    if (llvm::any_of(typeOf(v).getShape().drop_front(), ShapedType::isDynamic))
      return diag() << "only the batch dimension may be dynamic, got "
                    << v.getType();
  if (llvm::any_of(padding, [](int64_t p) { return p < 0; }) ||
      llvm::any_of(strides, [](int64_t s) { return s < 1; }))
    return diag() << "negative padding or non-positive stride not supported";
  return success();
}

struct ConvModel : GradientOpInterface::ExternalModel<ConvModel, ConvOp> {
  LogicalResult buildGradients(Operation *o, OpBuilder &b,
                               ValueRange resultGrads, bool,
                               SmallVectorImpl<Value> &operandGrads) const {
    auto op = cast<ConvOp>(o);
    if (op.getActivation() != Activation::none)
      return op.emitError("gradient rule expects the activation epilogue split "
                          "off (nn-derive-backward does this)");
    Location loc = op.getLoc();
    Value x = op.getInput(), wt = op.getWeight(), g = resultGrads[0];
    if (failed(checkWindowed(o, x, op.getResult(), op.getPaddingOrDefault(),
                             op.getStridesOrDefault())))
      return failure();
    if (!typeOf(wt).hasStaticShape())
      return op.emitError("gradient of nn.conv: the weight must have a static "
                          "shape");
    operandGrads.push_back(ConvBackwardInputOp::create(
        b, loc, typeOf(x), g, wt, op.getStridesAttr(), op.getPaddingAttr(),
        op.getDilationsAttr(), op.getGroupsAttr()));
    operandGrads.push_back(ConvBackwardWeightOp::create(
        b, loc, typeOf(wt), g, x, op.getStridesAttr(), op.getPaddingAttr(),
        op.getDilationsAttr(), op.getGroupsAttr()));
    if (Value bias = op.getBias()) {
      SmallVector<int64_t> axes{0};
      for (int64_t i = 2; i < typeOf(g).getRank(); ++i)
        axes.push_back(i);
      operandGrads.push_back(
          reshapeTo(b, loc, sum(b, loc, g, axes, false), bias.getType()));
    }
    return success();
  }
  SmallVector<Value> getSavedForBackward(Operation *o, bool) const {
    auto op = cast<ConvOp>(o);
    return {op.getInput(), op.getWeight()};
  }
};

struct PoolModel : GradientOpInterface::ExternalModel<PoolModel, PoolOp> {
  LogicalResult buildGradients(Operation *o, OpBuilder &b,
                               ValueRange resultGrads, bool,
                               SmallVectorImpl<Value> &operandGrads) const {
    auto op = cast<PoolOp>(o);
    Value x = op.getInput(), y = op.getResult();
    if (failed(checkWindowed(o, x, y, op.getPaddingOrDefault(),
                             op.getStridesOrDefault())))
      return failure();
    bool isMax = op.getKind() == PoolKind::max;
    operandGrads.push_back(PoolBackwardOp::create(
        b, op.getLoc(), typeOf(x), op.getKindAttr(), resultGrads[0],
        isMax ? x : Value(), isMax ? y : Value(), op.getKernelShapeAttr(),
        op.getStridesAttr(), op.getPaddingAttr(), op.getCeilModeAttr(),
        op.getCountIncludePadAttr()));
    return success();
  }
  SmallVector<Value> getSavedForBackward(Operation *o, bool) const {
    auto op = cast<PoolOp>(o);
    if (op.getKind() == PoolKind::max)
      return {op.getInput(), op.getResult()};
    return {};
  }
};

} // namespace

void nnc::nn::grad::registerConvPoolGradients(MLIRContext *ctx) {
  ConvOp::attachInterface<ConvModel>(*ctx);
  PoolOp::attachInterface<PoolModel>(*ctx);
}
