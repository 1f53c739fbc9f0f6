//===- StructuralGradients.cpp - pooling, shape ops, reduce, dropout -----===//
//
// flatten / reshape: the gradient reshaped back; transpose: the inverse
// permutation; concat: split; split: concat (zeros for unused pieces);
// reduce: the gradient broadcast back (mean: divided by the count; max /
// min: shared evenly among the elements equal to the extremum, as PyTorch's
// amax/amin; prod: times y / x); dropout (inference form): identity.
// nn.pool: nn.pool_backward with the forward's window (max also reads the
// forward input and result). nn.global_pool: avg: dX = dY / prod(spatial); max:
// dX goes to the first
//   maximum (row-major) of each [n, c] plane, as PyTorch's
//   adaptive_max_pool / max_pool with the full kernel.
//
//===----------------------------------------------------------------------===//
#include "nnc/Dialect/NN/Gradient/GradientUtils.h"

using namespace mlir;
using namespace nnc::nn;
using namespace nnc::nn::grad;

namespace {

template <typename OpTy>
struct ReshapeLikeModel
    : GradientOpInterface::ExternalModel<ReshapeLikeModel<OpTy>, OpTy> {
  LogicalResult buildGradients(Operation *o, OpBuilder &b,
                               ValueRange resultGrads, bool,
                               SmallVectorImpl<Value> &operandGrads) const {
    Value x = o->getOperand(0);
    operandGrads.push_back(
        reshapeTo(b, o->getLoc(), resultGrads[0], x.getType()));
    return success();
  }
  SmallVector<Value> getSavedForBackward(Operation *, bool) const { return {}; }
};

struct IdentityDropoutModel
    : GradientOpInterface::ExternalModel<IdentityDropoutModel, DropoutOp> {
  LogicalResult buildGradients(Operation *, OpBuilder &, ValueRange resultGrads,
                               bool,
                               SmallVectorImpl<Value> &operandGrads) const {
    operandGrads.push_back(resultGrads[0]);
    return success();
  }
  SmallVector<Value> getSavedForBackward(Operation *, bool) const { return {}; }
};

/// Results that are piecewise constant in their operands (dropout_mask reads
/// only the shape of `like`; eq_mask is a step): zero derivative, so no
/// operand gradient is emitted.
template <typename OpTy>
struct ZeroDerivativeModel
    : GradientOpInterface::ExternalModel<ZeroDerivativeModel<OpTy>, OpTy> {
  LogicalResult buildGradients(Operation *o, OpBuilder &, ValueRange, bool,
                               SmallVectorImpl<Value> &operandGrads) const {
    operandGrads.append(o->getNumOperands(), Value());
    return success();
  }
  SmallVector<Value> getSavedForBackward(Operation *, bool) const { return {}; }
};

struct TransposeModel
    : GradientOpInterface::ExternalModel<TransposeModel, TransposeOp> {
  LogicalResult buildGradients(Operation *o, OpBuilder &b,
                               ValueRange resultGrads, bool,
                               SmallVectorImpl<Value> &operandGrads) const {
    auto op = cast<TransposeOp>(o);
    ArrayRef<int64_t> perm = op.getPermutation();
    SmallVector<int64_t> inverse(perm.size());
    for (auto [i, p] : llvm::enumerate(perm))
      inverse[p] = i;
    operandGrads.push_back(
        TransposeOp::create(b, op.getLoc(), resultGrads[0], inverse));
    return success();
  }
  SmallVector<Value> getSavedForBackward(Operation *, bool) const { return {}; }
};

struct ConcatModel : GradientOpInterface::ExternalModel<ConcatModel, ConcatOp> {
  LogicalResult buildGradients(Operation *o, OpBuilder &b,
                               ValueRange resultGrads, bool,
                               SmallVectorImpl<Value> &operandGrads) const {
    auto op = cast<ConcatOp>(o);
    int64_t axis =
        normalizeAxis(op.getAxis(), typeOf(op.getResult()).getRank());
    SmallVector<int64_t> sizes;
    for (Value in : op.getInputs()) {
      int64_t s = typeOf(in).getDimSize(axis);
      if (ShapedType::isDynamic(s))
        return op.emitError("gradient of concat needs static sizes along the "
                            "axis");
      sizes.push_back(s);
    }
    if (sizes.size() == 1) {
      operandGrads.push_back(resultGrads[0]);
      return success();
    }
    auto split = SplitOp::create(b, op.getLoc(), resultGrads[0],
                                 b.getI64IntegerAttr(axis),
                                 b.getDenseI64ArrayAttr(sizes));
    for (auto [r, in] : llvm::zip(split.getResults(), op.getInputs()))
      operandGrads.push_back(reshapeTo(b, op.getLoc(), r, in.getType()));
    return success();
  }
  SmallVector<Value> getSavedForBackward(Operation *, bool) const { return {}; }
};

struct SplitModel : GradientOpInterface::ExternalModel<SplitModel, SplitOp> {
  LogicalResult buildGradients(Operation *o, OpBuilder &b,
                               ValueRange resultGrads, bool,
                               SmallVectorImpl<Value> &operandGrads) const {
    auto op = cast<SplitOp>(o);
    Location loc = op.getLoc();
    SmallVector<Value> pieces;
    for (auto [r, g] : llvm::zip(op.getResults(), resultGrads))
      pieces.push_back(g ? g : filledLike(b, loc, r, 0.0));
    Value dx = pieces.size() == 1
                   ? pieces[0]
                   : Value(ConcatOp::create(b, loc, pieces,
                                            b.getI64IntegerAttr(op.getAxis())));
    operandGrads.push_back(reshapeTo(b, loc, dx, op.getInput().getType()));
    return success();
  }
  SmallVector<Value> getSavedForBackward(Operation *, bool) const { return {}; }
};

struct ReduceModel : GradientOpInterface::ExternalModel<ReduceModel, ReduceOp> {
  LogicalResult buildGradients(Operation *o, OpBuilder &b,
                               ValueRange resultGrads, bool,
                               SmallVectorImpl<Value> &operandGrads) const {
    auto op = cast<ReduceOp>(o);
    Location loc = op.getLoc();
    Value x = op.getInput(), y = op.getResult(), g = resultGrads[0];
    auto xType = typeOf(x);
    // The reduced axes kept as 1, so g and y broadcast against x.
    SmallVector<int64_t> axes = normalizeAxes(op.getAxes(), xType.getRank());
    SmallVector<int64_t> kept(xType.getShape());
    for (int64_t a : axes)
      kept[a] = 1;
    auto keptType = RankedTensorType::get(kept, xType.getElementType());
    Value gk = reshapeTo(b, loc, g, keptType);
    Value dx;
    switch (op.getKind()) {
    case ReduceKind::sum:
      dx = broadcastLike(b, loc, gk, x);
      break;
    case ReduceKind::mean:
      dx = broadcastLike(
          b, loc,
          DivOp::create(b, loc, gk,
                        DivOp::create(b, loc, countTensor(b, loc, x),
                                      countTensor(b, loc, y))),
          x);
      break;
    case ReduceKind::max:
    case ReduceKind::min: {
      Value yk = reshapeTo(b, loc, y, keptType);
      Value eq = EqMaskOp::create(b, loc, x, yk);
      Value ties = sum(b, loc, eq, axes, true);
      dx = MulOp::create(b, loc, eq, DivOp::create(b, loc, gk, ties));
      break;
    }
    case ReduceKind::prod:
      dx = MulOp::create(
          b, loc,
          broadcastLike(
              b, loc, MulOp::create(b, loc, gk, reshapeTo(b, loc, y, keptType)),
              x),
          DivOp::create(b, loc,
                        scalarTensor(b, loc, xType.getElementType(), 1.0), x));
      break;
    }
    operandGrads.push_back(reshapeTo(b, loc, dx, x.getType()));
    return success();
  }
  SmallVector<Value> getSavedForBackward(Operation *o, bool) const {
    auto op = cast<ReduceOp>(o);
    if (op.getKind() == ReduceKind::sum || op.getKind() == ReduceKind::mean)
      return {};
    return {op.getInput(), op.getResult()};
  }
};

struct GlobalPoolModel
    : GradientOpInterface::ExternalModel<GlobalPoolModel, GlobalPoolOp> {
  LogicalResult buildGradients(Operation *o, OpBuilder &b,
                               ValueRange resultGrads, bool,
                               SmallVectorImpl<Value> &operandGrads) const {
    auto op = cast<GlobalPoolOp>(o);
    Value x = op.getInput();
    if (typeOf(x).getRank() < 3)
      return op.emitError("gradient of nn.global_pool: input needs a spatial "
                          "dimension");
    bool isMax = op.getKind() == PoolKind::max;
    operandGrads.push_back(GlobalPoolBackwardOp::create(
        b, op.getLoc(), x.getType(), op.getKind(), resultGrads[0], x,
        isMax ? op.getResult() : Value()));
    return success();
  }
  SmallVector<Value> getSavedForBackward(Operation *o, bool) const {
    auto op = cast<GlobalPoolOp>(o);
    if (op.getKind() == PoolKind::max)
      return {op.getInput(), op.getResult()};
    return {};
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

void nnc::nn::grad::registerStructuralGradients(MLIRContext *ctx) {
  FlattenOp::attachInterface<ReshapeLikeModel<FlattenOp>>(*ctx);
  ReshapeOp::attachInterface<ReshapeLikeModel<ReshapeOp>>(*ctx);
  TransposeOp::attachInterface<TransposeModel>(*ctx);
  ConcatOp::attachInterface<ConcatModel>(*ctx);
  SplitOp::attachInterface<SplitModel>(*ctx);
  ReduceOp::attachInterface<ReduceModel>(*ctx);
  DropoutOp::attachInterface<IdentityDropoutModel>(*ctx);
  DropoutMaskOp::attachInterface<ZeroDerivativeModel<DropoutMaskOp>>(*ctx);
  EqMaskOp::attachInterface<ZeroDerivativeModel<EqMaskOp>>(*ctx);
  PoolOp::attachInterface<PoolModel>(*ctx);
  GlobalPoolOp::attachInterface<GlobalPoolModel>(*ctx);
}
