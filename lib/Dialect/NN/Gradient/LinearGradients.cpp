//===- LinearGradients.cpp - rules of dense, matmul and conv --------------===//
//
// Written with nn ops, so the backward products reuse the forward lowering
// of nn.matmul. Epilogues have been split off by nn-derive-backward.
// nn.conv (x [N, Cin, I...], w [Cout, Cin/G, K...]): dX is
// nn.conv_backward_input of dY and W, dW nn.conv_backward_weight of dY and
// X, db = Σ_{n,o} dY (nn.reduce). Only the batch dimension may be dynamic;
// the col2im lowering is in NNToLinalg.
//
//===----------------------------------------------------------------------===//
#include "nnc/Dialect/NN/Gradient/GradientUtils.h"

using namespace mlir;
using namespace nnc::nn;
using namespace nnc::nn::grad;

namespace {

/// `[..., n]` as `[M, n]` (M = product of the leading dimensions).
Value flattenRows(OpBuilder &b, Location loc, Value v) {
  auto type = typeOf(v);
  if (type.getRank() == 2)
    return v;
  int64_t m = 1;
  for (int64_t d : type.getShape().drop_back())
    m = ShapedType::isDynamic(d) || ShapedType::isDynamic(m)
            ? ShapedType::kDynamic
            : m * d;
  return reshapeTo(b, loc, v,
                   RankedTensorType::get({m, type.getShape().back()},
                                         type.getElementType()));
}

SmallVector<int64_t> allButLast(Value v) {
  return llvm::to_vector(llvm::seq<int64_t>(0, typeOf(v).getRank() - 1));
}

LogicalResult checkNoEpilogue(EpilogueOpInterface op) {
  if (op.hasEpilogue())
    return op->emitError("gradient rule expects the activation epilogue split "
                         "off (nn-derive-backward does this)");
  return success();
}

/// With an activation epilogue (split off by nn-derive-backward), the
/// pre-activation result is kept too.
SmallVector<Value> withEpilogue(EpilogueOpInterface op,
                                SmallVector<Value> saved) {
  if (op.hasEpilogue())
    saved.push_back(op->getResult(0));
  return saved;
}

struct DenseModel : GradientOpInterface::ExternalModel<DenseModel, DenseOp> {
  LogicalResult buildGradients(Operation *o, OpBuilder &b,
                               ValueRange resultGrads, bool,
                               SmallVectorImpl<Value> &operandGrads) const {
    auto op = cast<DenseOp>(o);
    if (failed(checkNoEpilogue(op)))
      return failure();
    Location loc = op.getLoc();
    Value g = resultGrads[0], x = op.getInput(), w = op.getWeight();
    // dX = dY·W (weight [out, in]); dW = dYᵀ·X; db = Σ_rows dY
    operandGrads.push_back(matmul(b, loc, g, w));
    operandGrads.push_back(
        matmul(b, loc, transposeLast2(b, loc, flattenRows(b, loc, g)),
               flattenRows(b, loc, x)));
    if (op.getBias())
      operandGrads.push_back(sum(b, loc, g, allButLast(g), false));
    return success();
  }
  SmallVector<Value> getSavedForBackward(Operation *o, bool) const {
    auto op = cast<DenseOp>(o);
    return withEpilogue(op, {op.getInput(), op.getWeight()});
  }
};

struct MatmulModel : GradientOpInterface::ExternalModel<MatmulModel, MatmulOp> {
  LogicalResult buildGradients(Operation *o, OpBuilder &b,
                               ValueRange resultGrads, bool,
                               SmallVectorImpl<Value> &operandGrads) const {
    auto op = cast<MatmulOp>(o);
    if (failed(checkNoEpilogue(op)))
      return failure();
    Location loc = op.getLoc();
    Value g = resultGrads[0], lhs = op.getLhs(), rhs = op.getRhs();
    if (typeOf(lhs).getRank() < 2 || typeOf(rhs).getRank() < 2)
      return op.emitError("gradient of a matmul with a rank-1 operand is not "
                          "supported");
    // Broadcast batch dimensions are summed back.
    operandGrads.push_back(sumToShape(
        b, loc, matmul(b, loc, g, transposeLast2(b, loc, rhs)), typeOf(lhs)));
    operandGrads.push_back(sumToShape(
        b, loc, matmul(b, loc, transposeLast2(b, loc, lhs), g), typeOf(rhs)));
    if (op.getBias())
      operandGrads.push_back(sum(b, loc, g, allButLast(g), false));
    return success();
  }
  SmallVector<Value> getSavedForBackward(Operation *o, bool) const {
    auto op = cast<MatmulOp>(o);
    return withEpilogue(op, {op.getLhs(), op.getRhs()});
  }
};

struct ConvModel : GradientOpInterface::ExternalModel<ConvModel, ConvOp> {
  LogicalResult buildGradients(Operation *o, OpBuilder &b,
                               ValueRange resultGrads, bool,
                               SmallVectorImpl<Value> &operandGrads) const {
    auto op = cast<ConvOp>(o);
    if (op.hasEpilogue())
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

} // namespace

void nnc::nn::grad::registerLinearGradients(MLIRContext *ctx) {
  DenseOp::attachInterface<DenseModel>(*ctx);
  MatmulOp::attachInterface<MatmulModel>(*ctx);
  ConvOp::attachInterface<ConvModel>(*ctx);
}
