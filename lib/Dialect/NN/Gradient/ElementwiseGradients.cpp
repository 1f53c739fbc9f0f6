//===- ElementwiseGradients.cpp - rules of the elementwise nn ops ---------===//
//
// Unary ops and activations: dx = nn.unary_backward of dy and the saved
// input, or the saved result y where the derivative is cheaper from it
// (unless the forward is recomputed); neg: -dy. Binary ops: add / sub are
// dy and ±dy; the others' nn.binary_backward gives the partial derivatives
// at the broadcast shape; each is summed back to its operand's shape.
//
//===----------------------------------------------------------------------===//
#include "nnc/Dialect/NN/Gradient/GradientUtils.h"

#include "llvm/ADT/TypeSwitch.h"

using namespace mlir;
using namespace nnc::nn;
using namespace nnc::nn::grad;

namespace {

//===----------------------------------------------------------------------===//
// Unary ops
//===----------------------------------------------------------------------===//

/// The unary_backward function of a unary op or activation (neg is
/// differentiated as nn.neg of the gradient).
UnaryFn unaryFnOf(Operation *op) {
  return TypeSwitch<Operation *, UnaryFn>(op)
      .Case([](ExpOp) { return UnaryFn::exp; })
      .Case([](LogOp) { return UnaryFn::log; })
      .Case([](SqrtOp) { return UnaryFn::sqrt; })
      .Case([](RsqrtOp) { return UnaryFn::rsqrt; })
      .Case([](AbsOp) { return UnaryFn::abs; })
      .Case([](ErfOp) { return UnaryFn::erf; })
      .Case([](ReluOp) { return UnaryFn::relu; })
      .Case([](LeakyReluOp) { return UnaryFn::leaky_relu; })
      .Case([](GeluOp g) {
        return g.getApproximate() ? UnaryFn::gelu_tanh : UnaryFn::gelu;
      })
      .Case([](SiluOp) { return UnaryFn::silu; })
      .Case([](SigmoidOp) { return UnaryFn::sigmoid; })
      .Case([](TanhOp) { return UnaryFn::tanh; })
      .Case([](EluOp) { return UnaryFn::elu; })
      .Case([](SoftplusOp) { return UnaryFn::softplus; });
}

/// Whether the rule reads the saved forward result y instead of x: where
/// the derivative is cheaper from y, unless the forward is recomputed.
bool fromResult(Operation *op, bool recompute) {
  return !recompute && UnaryBackwardOp::acceptsResult(unaryFnOf(op));
}

template <typename OpTy>
struct UnaryModel : GradientOpInterface::ExternalModel<UnaryModel<OpTy>, OpTy> {
  LogicalResult buildGradients(Operation *op, OpBuilder &b,
                               ValueRange resultGrads, bool recompute,
                               SmallVectorImpl<Value> &operandGrads) const {
    Location loc = op->getLoc();
    Value g = resultGrads[0];
    if (isa<NegOp>(op)) {
      operandGrads.push_back(NegOp::create(b, loc, g));
      return success();
    }
    bool y = fromResult(op, recompute);
    auto dx = UnaryBackwardOp::create(b, loc, g.getType(), unaryFnOf(op), g,
                                      y ? op->getResult(0) : op->getOperand(0),
                                      y, FloatAttr(), FloatAttr(), FloatAttr());
    if (auto l = dyn_cast<LeakyReluOp>(op))
      dx.setAlphaAttr(b.getF64FloatAttr(l.getAlpha().convertToDouble()));
    if (auto e = dyn_cast<EluOp>(op))
      dx.setAlphaAttr(b.getF64FloatAttr(e.getAlpha().convertToDouble()));
    if (auto s = dyn_cast<SoftplusOp>(op)) {
      dx.setBetaAttr(b.getF64FloatAttr(s.getBeta().convertToDouble()));
      dx.setThresholdAttr(
          b.getF64FloatAttr(s.getThreshold().convertToDouble()));
    }
    operandGrads.push_back(dx);
    return success();
  }

  SmallVector<Value> getSavedForBackward(Operation *op, bool recompute) const {
    if (isa<NegOp>(op))
      return {};
    return {fromResult(op, recompute) ? op->getResult(0) : op->getOperand(0)};
  }
};

//===----------------------------------------------------------------------===//
// Binary ops
//===----------------------------------------------------------------------===//

BinaryFn binaryFnOf(Operation *op) {
  return TypeSwitch<Operation *, BinaryFn>(op)
      .Case([](MulOp) { return BinaryFn::mul; })
      .Case([](DivOp) { return BinaryFn::div; })
      .Case([](PowOp) { return BinaryFn::pow; })
      .Case([](MaxOp) { return BinaryFn::max; })
      .Case([](MinOp) { return BinaryFn::min; });
}

template <typename OpTy>
struct BinaryModel
    : GradientOpInterface::ExternalModel<BinaryModel<OpTy>, OpTy> {
  LogicalResult buildGradients(Operation *op, OpBuilder &b,
                               ValueRange resultGrads, bool,
                               SmallVectorImpl<Value> &operandGrads) const {
    Location loc = op->getLoc();
    Value lhs = op->getOperand(0), rhs = op->getOperand(1), g = resultGrads[0];
    Value da, db;
    if (isa<AddOp>(op)) {
      da = db = g;
    } else if (isa<SubOp>(op)) {
      da = g;
      db = NegOp::create(b, loc, g);
    } else {
      auto partials =
          BinaryBackwardOp::create(b, loc, binaryFnOf(op), g, lhs, rhs);
      da = partials.getLhsGrad();
      db = partials.getRhsGrad();
    }
    operandGrads.push_back(sumToShape(b, loc, da, typeOf(lhs)));
    operandGrads.push_back(sumToShape(b, loc, db, typeOf(rhs)));
    return success();
  }

  SmallVector<Value> getSavedForBackward(Operation *op, bool) const {
    if (isa<AddOp, SubOp>(op))
      return {};
    return {op->getOperand(0), op->getOperand(1)};
  }
};

} // namespace

void nnc::nn::grad::registerElementwiseGradients(MLIRContext *ctx) {
  NegOp::attachInterface<UnaryModel<NegOp>>(*ctx);
  ExpOp::attachInterface<UnaryModel<ExpOp>>(*ctx);
  LogOp::attachInterface<UnaryModel<LogOp>>(*ctx);
  SqrtOp::attachInterface<UnaryModel<SqrtOp>>(*ctx);
  RsqrtOp::attachInterface<UnaryModel<RsqrtOp>>(*ctx);
  AbsOp::attachInterface<UnaryModel<AbsOp>>(*ctx);
  ErfOp::attachInterface<UnaryModel<ErfOp>>(*ctx);
  ReluOp::attachInterface<UnaryModel<ReluOp>>(*ctx);
  LeakyReluOp::attachInterface<UnaryModel<LeakyReluOp>>(*ctx);
  GeluOp::attachInterface<UnaryModel<GeluOp>>(*ctx);
  SiluOp::attachInterface<UnaryModel<SiluOp>>(*ctx);
  SigmoidOp::attachInterface<UnaryModel<SigmoidOp>>(*ctx);
  TanhOp::attachInterface<UnaryModel<TanhOp>>(*ctx);
  EluOp::attachInterface<UnaryModel<EluOp>>(*ctx);
  SoftplusOp::attachInterface<UnaryModel<SoftplusOp>>(*ctx);
  AddOp::attachInterface<BinaryModel<AddOp>>(*ctx);
  SubOp::attachInterface<BinaryModel<SubOp>>(*ctx);
  MulOp::attachInterface<BinaryModel<MulOp>>(*ctx);
  DivOp::attachInterface<BinaryModel<DivOp>>(*ctx);
  PowOp::attachInterface<BinaryModel<PowOp>>(*ctx);
  MaxOp::attachInterface<BinaryModel<MaxOp>>(*ctx);
  MinOp::attachInterface<BinaryModel<MinOp>>(*ctx);
}
