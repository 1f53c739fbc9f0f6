//===- SoftmaxLossGradients.cpp - rules of the softmax family and losses --===//
//
// softmax:      dx = y·(dy - Σ dy·y) / T
// log_softmax:  dx = (dy - softmax·Σ dy) / T (0 where a boolean mask hides)
// sparsemax:    dx = s·(dy - Σ s·dy / Σ s), s = [y > 0]
// grid_softmax: the softmax rule on [..., G, K]
// cross_entropy from logits: (softmax(x)·Σ_c t - t)·ĝ (index targets as
//   one-hot); from probabilities: -t / p · ĝ
// bce: (-t/p + (1-t)/(1-p))·ĝ; bce_with_logits: (σ(x) - t)·ĝ;
// mse: 2(x - t)·ĝ
// where ĝ is the loss gradient per sample (reduction none), broadcast (sum)
// or divided by the count (mean: batch size for cross_entropy, element
// count otherwise). Float targets and additive masks get their gradients
// too (-log p for probability targets, -2(x - t), -x, log(1-p) - log p);
// class indices and boolean masks get none.
//
//===----------------------------------------------------------------------===//
#include "nnc/Dialect/NN/Gradient/GradientUtils.h"

using namespace mlir;
using namespace nnc::nn;
using namespace nnc::nn::grad;

namespace {

/// The verified axis of a softmax-like op as a dimension of its input.
template <typename OpTy> int64_t axisOf(OpTy op) {
  return normalizeAxis(op.getAxis(), typeOf(op.getInput()).getRank());
}

Value scaleBy(OpBuilder &b, Location loc, Value v, double factor) {
  if (factor == 1.0)
    return v;
  return MulOp::create(
      b, loc, v, scalarTensor(b, loc, typeOf(v).getElementType(), factor));
}

/// y·(g - Σ_axis g·y)
Value softmaxBackward(OpBuilder &b, Location loc, Value y, Value g,
                      int64_t axis) {
  Value s = sum(b, loc, MulOp::create(b, loc, g, y), {axis}, true);
  return MulOp::create(b, loc, y, SubOp::create(b, loc, g, s));
}

bool isBoolMask(Value mask) {
  return mask && typeOf(mask).getElementType().isInteger(1);
}

/// An additive (float) mask enters as x / T + mask: its gradient is the
/// logits' gradient before the 1/T factor, summed to the mask's shape. A
/// boolean mask has none.
Value maskGradient(OpBuilder &b, Location loc, Value mask, Value dLogits) {
  if (isBoolMask(mask))
    return Value();
  return sumToShape(b, loc, dLogits, typeOf(mask));
}

/// Softmax and log_softmax of z = x / T (+ mask), from the saved result:
/// dz by the softmax (or log_softmax) rule, then d/dx = dz / T and, for a
/// float mask, d/dmask = dz summed to the mask's shape.
template <typename OpTy, bool Log>
struct SoftmaxLikeModel
    : GradientOpInterface::ExternalModel<SoftmaxLikeModel<OpTy, Log>, OpTy> {
  LogicalResult buildGradients(Operation *o, OpBuilder &b,
                               ValueRange resultGrads, bool,
                               SmallVectorImpl<Value> &operandGrads) const {
    auto op = cast<OpTy>(o);
    Location loc = op.getLoc();
    Value y = op.getResult(), g = resultGrads[0];
    Value dx;
    if constexpr (Log) {
      Value p = ExpOp::create(b, loc, y);
      dx = SubOp::create(
          b, loc, g,
          MulOp::create(b, loc, p, sum(b, loc, g, {axisOf(op)}, true)));
      if (isBoolMask(op.getMask()))
        dx = MaskBackwardOp::create(b, loc, dx, op.getMask());
    } else {
      dx = softmaxBackward(b, loc, y, g, axisOf(op));
    }
    operandGrads.push_back(
        scaleBy(b, loc, dx, 1.0 / op.getTemperature().convertToDouble()));
    if (op.getMask())
      operandGrads.push_back(maskGradient(b, loc, op.getMask(), dx));
    return success();
  }
  SmallVector<Value> getSavedForBackward(Operation *o, bool) const {
    return {o->getResult(0)};
  }
};

struct SparsemaxModel
    : GradientOpInterface::ExternalModel<SparsemaxModel, SparsemaxOp> {
  LogicalResult buildGradients(Operation *o, OpBuilder &b,
                               ValueRange resultGrads, bool,
                               SmallVectorImpl<Value> &operandGrads) const {
    auto op = cast<SparsemaxOp>(o);
    Location loc = op.getLoc();
    Value y = op.getResult(), g = resultGrads[0];
    int64_t axis = axisOf(op);
    // s = [y > 0] is relu's derivative at the result y.
    Value support = UnaryBackwardOp::create(
        b, loc, y.getType(), UnaryFn::relu, filledLike(b, loc, y, 1.0), y,
        /*from_result=*/true, FloatAttr(), FloatAttr(), FloatAttr());
    Value gs = MulOp::create(b, loc, g, support);
    Value mean = DivOp::create(b, loc, sum(b, loc, gs, {axis}, true),
                               sum(b, loc, support, {axis}, true));
    operandGrads.push_back(
        SubOp::create(b, loc, gs, MulOp::create(b, loc, support, mean)));
    return success();
  }
  SmallVector<Value> getSavedForBackward(Operation *o, bool) const {
    return {o->getResult(0)};
  }
};

struct GridSoftmaxModel
    : GradientOpInterface::ExternalModel<GridSoftmaxModel, GridSoftmaxOp> {
  LogicalResult buildGradients(Operation *o, OpBuilder &b,
                               ValueRange resultGrads, bool,
                               SmallVectorImpl<Value> &operandGrads) const {
    auto op = cast<GridSoftmaxOp>(o);
    Location loc = op.getLoc();
    auto type = typeOf(op.getInput());
    int64_t last = type.getShape().back();
    int64_t groups = static_cast<int64_t>(op.getGroups());
    if (ShapedType::isDynamic(last))
      return op.emitError("gradient of grid_softmax needs a static last "
                          "dimension");
    SmallVector<int64_t> shape(type.getShape().drop_back());
    shape.append({groups, last / groups});
    auto grouped = RankedTensorType::get(shape, type.getElementType());
    Value dx = softmaxBackward(
        b, loc, reshapeTo(b, loc, op.getResult(), grouped),
        reshapeTo(b, loc, resultGrads[0], grouped), grouped.getRank() - 1);
    dx = scaleBy(b, loc, dx, 1.0 / op.getTemperature().convertToDouble());
    operandGrads.push_back(reshapeTo(b, loc, dx, type));
    return success();
  }
  SmallVector<Value> getSavedForBackward(Operation *o, bool) const {
    return {o->getResult(0)};
  }
};

//===----------------------------------------------------------------------===//
// Losses
//===----------------------------------------------------------------------===//

/// The loss gradient per element of `x`: g itself (none), or g broadcast
/// (sum), or g / count (mean), as a tensor broadcastable to `x`.
Value lossScale(OpBuilder &b, Location loc, Value g, Reduction reduction,
                Value count) {
  if (reduction == Reduction::mean)
    return DivOp::create(b, loc, g, count);
  return g;
}

struct CrossEntropyModel
    : GradientOpInterface::ExternalModel<CrossEntropyModel, CrossEntropyOp> {
  LogicalResult buildGradients(Operation *o, OpBuilder &b,
                               ValueRange resultGrads, bool,
                               SmallVectorImpl<Value> &operandGrads) const {
    auto op = cast<CrossEntropyOp>(o);
    Location loc = op.getLoc();
    Value x = op.getInput(), target = op.getTarget(), g = resultGrads[0];
    auto xType = typeOf(x);
    Type elt = xType.getElementType();
    bool indexTarget = isa<IntegerType>(typeOf(target).getElementType());
    Value t =
        indexTarget ? Value(OneHotOp::create(b, loc, xType, target)) : target;
    if (op.getReduction() == Reduction::none)
      g = reshapeTo(b, loc, g,
                    RankedTensorType::get({xType.getDimSize(0), 1}, elt));
    Value scale =
        lossScale(b, loc, g, op.getReduction(), dimTensor(b, loc, x, 0));
    Value dx;
    if (op.getFromLogits()) {
      Value p = SoftmaxOp::create(b, loc, x, Value(), uint64_t(1),
                                  llvm::APFloat(1.0));
      Value mass =
          indexTarget ? p : MulOp::create(b, loc, p, sum(b, loc, t, {1}, true));
      dx = SubOp::create(b, loc, mass, t);
    } else {
      dx = NegOp::create(b, loc, DivOp::create(b, loc, t, x));
    }
    operandGrads.push_back(MulOp::create(b, loc, dx, scale));
    // Probability targets: d/dt of Σ_c t·(-log p) is -log p.
    Value dt;
    if (!indexTarget) {
      Value logp =
          op.getFromLogits()
              ? Value(LogSoftmaxOp::create(b, loc, x, Value(), uint64_t(1),
                                           llvm::APFloat(1.0)))
              : Value(LogOp::create(b, loc, x));
      dt = MulOp::create(b, loc, NegOp::create(b, loc, logp), scale);
    }
    operandGrads.push_back(dt);
    return success();
  }
  SmallVector<Value> getSavedForBackward(Operation *o, bool) const {
    return {o->getOperand(0), o->getOperand(1)};
  }
};

template <typename OpTy>
struct PointwiseLossModel
    : GradientOpInterface::ExternalModel<PointwiseLossModel<OpTy>, OpTy> {
  LogicalResult buildGradients(Operation *o, OpBuilder &b,
                               ValueRange resultGrads, bool,
                               SmallVectorImpl<Value> &operandGrads) const {
    auto op = cast<OpTy>(o);
    Location loc = op.getLoc();
    Value x = op.getInput(), t = op.getTarget();
    Value scale = lossScale(b, loc, resultGrads[0], op.getReduction(),
                            countTensor(b, loc, x));
    auto partials = LossBackwardOp::create(b, loc, lossOf(o), x, t, scale);
    operandGrads.push_back(partials.getInputGrad());
    operandGrads.push_back(partials.getTargetGrad());
    return success();
  }

  static PointwiseLoss lossOf(Operation *o) {
    if (isa<MseOp>(o))
      return PointwiseLoss::mse;
    return isa<BceOp>(o) ? PointwiseLoss::bce : PointwiseLoss::bce_with_logits;
  }
  SmallVector<Value> getSavedForBackward(Operation *o, bool) const {
    return {o->getOperand(0), o->getOperand(1)};
  }
};

} // namespace

void nnc::nn::grad::registerSoftmaxLossGradients(MLIRContext *ctx) {
  SoftmaxOp::attachInterface<SoftmaxLikeModel<SoftmaxOp, false>>(*ctx);
  LogSoftmaxOp::attachInterface<SoftmaxLikeModel<LogSoftmaxOp, true>>(*ctx);
  SparsemaxOp::attachInterface<SparsemaxModel>(*ctx);
  GridSoftmaxOp::attachInterface<GridSoftmaxModel>(*ctx);
  CrossEntropyOp::attachInterface<CrossEntropyModel>(*ctx);
  BceOp::attachInterface<PointwiseLossModel<BceOp>>(*ctx);
  BceWithLogitsOp::attachInterface<PointwiseLossModel<BceWithLogitsOp>>(*ctx);
  MseOp::attachInterface<PointwiseLossModel<MseOp>>(*ctx);
}
