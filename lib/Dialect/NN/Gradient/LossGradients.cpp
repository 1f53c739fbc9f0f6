//===- LossGradients.cpp - rules of the losses ----------------------------===//
//
// cross_entropy from logits: (softmax(x)·Σ_c t - t)·ĝ (index targets as
//   one-hot); from probabilities: -t / p · ĝ
// bce: (-t/p + (1-t)/(1-p))·ĝ; bce_with_logits: (σ(x) - t)·ĝ;
// mse: 2(x - t)·ĝ
// where ĝ is the loss gradient per sample (reduction none), broadcast (sum)
// or divided by the count (mean: batch size for cross_entropy, element
// count otherwise). Float targets get their gradients too (-log p for
// probability targets, -2(x - t), log(1-p) - log p); class indices none.
//
//===----------------------------------------------------------------------===//
#include "nnc/Dialect/NN/Gradient/GradientUtils.h"

using namespace mlir;
using namespace nnc::nn;
using namespace nnc::nn::grad;

namespace {

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

void nnc::nn::grad::registerLossGradients(MLIRContext *ctx) {
  CrossEntropyOp::attachInterface<CrossEntropyModel>(*ctx);
  BceOp::attachInterface<PointwiseLossModel<BceOp>>(*ctx);
  BceWithLogitsOp::attachInterface<PointwiseLossModel<BceWithLogitsOp>>(*ctx);
  MseOp::attachInterface<PointwiseLossModel<MseOp>>(*ctx);
}
