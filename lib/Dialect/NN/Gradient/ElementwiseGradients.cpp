//===- ElementwiseGradients.cpp - rules of the elementwise nn ops ---------===//
//
// Unary ops and activations: dx = nn.unary_backward of dy and the saved
// input, or the saved result y where the derivative is cheaper from it
// (unless the forward is recomputed); neg: -dy. Binary ops: add / sub are
// dy and ±dy; the others' nn.binary_backward gives the partial derivatives
// at the broadcast shape; each is summed back to its operand's shape.
// The softmax family (z = x / T (+ mask)):
// softmax:      dx = y·(dy - Σ dy·y) / T
// log_softmax:  dx = (dy - softmax·Σ dy) / T (0 where a boolean mask hides)
// sparsemax:    dx = s·(dy - Σ s·dy / Σ s), s = [y > 0]
// grid_softmax: the softmax rule on [..., G, K]
// An additive mask gets the gradient of z; a boolean mask gets none.
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
      .Case([](SoftplusOp) { return UnaryFn::softplus; })
      .Case([](HardSigmoidOp) { return UnaryFn::hard_sigmoid; })
      .Case([](HardSwishOp) { return UnaryFn::hard_swish; });
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
    if (auto h = dyn_cast<HardSigmoidOp>(op)) {
      dx.setAlphaAttr(b.getF64FloatAttr(h.getAlpha().convertToDouble()));
      dx.setBetaAttr(b.getF64FloatAttr(h.getBeta().convertToDouble()));
    }
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

//===----------------------------------------------------------------------===//
// Softmax family
//===----------------------------------------------------------------------===//

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
  HardSigmoidOp::attachInterface<UnaryModel<HardSigmoidOp>>(*ctx);
  HardSwishOp::attachInterface<UnaryModel<HardSwishOp>>(*ctx);
  AddOp::attachInterface<BinaryModel<AddOp>>(*ctx);
  SubOp::attachInterface<BinaryModel<SubOp>>(*ctx);
  MulOp::attachInterface<BinaryModel<MulOp>>(*ctx);
  DivOp::attachInterface<BinaryModel<DivOp>>(*ctx);
  PowOp::attachInterface<BinaryModel<PowOp>>(*ctx);
  MaxOp::attachInterface<BinaryModel<MaxOp>>(*ctx);
  MinOp::attachInterface<BinaryModel<MinOp>>(*ctx);
  SoftmaxOp::attachInterface<SoftmaxLikeModel<SoftmaxOp, false>>(*ctx);
  LogSoftmaxOp::attachInterface<SoftmaxLikeModel<LogSoftmaxOp, true>>(*ctx);
  SparsemaxOp::attachInterface<SparsemaxModel>(*ctx);
  GridSoftmaxOp::attachInterface<GridSoftmaxModel>(*ctx);
}
