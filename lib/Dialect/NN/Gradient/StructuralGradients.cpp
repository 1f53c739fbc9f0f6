//===- StructuralGradients.cpp - shape ops, global pool, reduce, dropout --===//
//
// flatten / reshape: the gradient reshaped back; transpose: the inverse
// permutation; concat: split; split: concat (zeros for unused pieces);
// reduce: the gradient broadcast back (mean: divided by the count; max /
// min: shared evenly among the elements equal to the extremum, as PyTorch's
// amax/amin; prod: times y / x); dropout (inference form): identity.
// nn.global_pool: avg: dX = dY / prod(spatial); max: dX goes to the first
//   maximum (row-major) of each [n, c] plane, as PyTorch's
//   adaptive_max_pool / max_pool with the full kernel.
//
//===----------------------------------------------------------------------===//
#include "nnc/Dialect/NN/Gradient/GradientUtils.h"

#include "mlir/Dialect/Arith/Utils/Utils.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"

#include <climits>

using namespace mlir;
using namespace nnc::nn;
using namespace nnc::nn::grad;
namespace builders = nnc::nn::builders;
using arith::CmpFPredicate;
using utils::IteratorType;

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
    int64_t rank = typeOf(op.getResult()).getRank();
    int64_t axis = static_cast<int64_t>(op.getAxis());
    if (axis < 0)
      axis += rank;
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
    SmallVector<int64_t> kept(xType.getShape());
    for (int64_t a : op.getAxes())
      kept[a < 0 ? a + xType.getRank() : a] = 1;
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
      Value eq =
          pointwise(b, loc, xType, ValueRange{x, yk},
                    [](OpBuilder &nb, Location l, ValueRange a) {
                      Type t = a[0].getType();
                      return selectIf(nb, l, CmpFPredicate::OEQ, a[0], a[1],
                                      cst(nb, l, t, 1.0), cst(nb, l, t, 0.0));
                    });
      SmallVector<int64_t> axes;
      for (int64_t a : op.getAxes())
        axes.push_back(a < 0 ? a + xType.getRank() : a);
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
    Location loc = op.getLoc();
    MLIRContext *ctx = b.getContext();
    Value x = op.getInput(), y = op.getResult(), g = resultGrads[0];
    auto xType = typeOf(x);
    Type elt = xType.getElementType();
    int64_t rank = xType.getRank(), S = rank - 2;
    if (S < 1)
      return op.emitError("gradient of nn.global_pool: input needs a spatial "
                          "dimension");
    SmallVector<OpFoldResult> xSizes = builders::getSizes(b, loc, x);
    SmallVector<Value> sizes;
    for (OpFoldResult s : xSizes)
      sizes.push_back(getValueOrCreateConstantIndexOp(b, loc, s));
    AffineMap id = AffineMap::getMultiDimIdentityMap(rank, ctx);
    // [n, c, 0...]: reads the result (or its gradient) broadcast over x.
    SmallVector<AffineExpr> ncExprs = affineDims(ctx, 0, 2);
    SmallVector<AffineExpr> unitExprs = ncExprs;
    unitExprs.append(S, getAffineConstantExpr(0, ctx));
    AffineMap unitMap = affineMapOf(rank, unitExprs, ctx);
    AffineMap ncMap = affineMapOf(rank, ncExprs, ctx);
    SmallVector<IteratorType> par(rank, IteratorType::parallel);
    Value dxInit = builders::emptyTensor(b, loc, xType, xSizes);

    // Row-major flat spatial index inside a generic over x's shape.
    auto flatIndex = [&](OpBuilder &nb, Location l) -> Value {
      Value flat;
      for (int64_t i = 0; i < S; ++i) {
        Value si = linalg::IndexOp::create(nb, l, static_cast<uint64_t>(2 + i));
        flat = flat ? arith::AddIOp::create(
                          nb, l,
                          arith::MulIOp::create(nb, l, flat, sizes[2 + i]), si)
                    : si;
      }
      return indexToI64(nb, l, flat);
    };

    Value dx;
    if (op.getKind() == PoolKind::avg) {
      Value count = sizes[2];
      for (int64_t i = 1; i < S; ++i)
        count = arith::MulIOp::create(b, loc, count, sizes[2 + i]);
      Value countF =
          arith::SIToFPOp::create(b, loc, elt, indexToI64(b, loc, count));
      dx = builders::buildGeneric(b, loc, dxInit, ValueRange{g}, {unitMap, id},
                                  par,
                                  [&](OpBuilder &nb, Location l, ValueRange a) {
                                    return div(nb, l, a[0], countF);
                                  });
    } else {
      auto argType = RankedTensorType::get(
          {xType.getDimSize(0), xType.getDimSize(1)}, b.getI64Type());
      Value argInit =
          linalg::FillOp::create(
              b, loc,
              arith::ConstantOp::create(b, loc, b.getI64IntegerAttr(INT64_MAX))
                  .getResult(),
              builders::emptyTensor(b, loc, argType,
                                    ArrayRef(xSizes).take_front(2)))
              .getResult(0);
      SmallVector<IteratorType> iters(2, IteratorType::parallel);
      iters.append(S, IteratorType::reduction);
      Value arg = builders::buildGeneric(
          b, loc, argInit, ValueRange{x, y}, {id, unitMap, ncMap}, iters,
          [&](OpBuilder &nb, Location l, ValueRange a) -> Value {
            Value eq = arith::CmpFOp::create(nb, l, arith::CmpFPredicate::OEQ,
                                             a[0], a[1]);
            Value m = arith::MinSIOp::create(nb, l, a[2], flatIndex(nb, l));
            return arith::SelectOp::create(nb, l, eq, m, a[2]);
          });
      dx = builders::buildGeneric(
          b, loc, dxInit, ValueRange{arg, g}, {ncMap, unitMap, id}, par,
          [&](OpBuilder &nb, Location l, ValueRange a) -> Value {
            Value hit = arith::CmpIOp::create(nb, l, arith::CmpIPredicate::eq,
                                              a[0], flatIndex(nb, l));
            return arith::SelectOp::create(nb, l, hit, a[1],
                                           cst(nb, l, elt, 0.0));
          });
    }
    operandGrads.push_back(builders::castTo(b, loc, dx, xType));
    return success();
  }
  SmallVector<Value> getSavedForBackward(Operation *o, bool) const {
    auto op = cast<GlobalPoolOp>(o);
    if (op.getKind() == PoolKind::max)
      return {op.getInput(), op.getResult()};
    return {};
  }
};

//===----------------------------------------------------------------------===//
// nn.embedding
//===----------------------------------------------------------------------===//

} // namespace

void nnc::nn::grad::registerStructuralGradients(MLIRContext *ctx) {
  FlattenOp::attachInterface<ReshapeLikeModel<FlattenOp>>(*ctx);
  ReshapeOp::attachInterface<ReshapeLikeModel<ReshapeOp>>(*ctx);
  TransposeOp::attachInterface<TransposeModel>(*ctx);
  ConcatOp::attachInterface<ConcatModel>(*ctx);
  SplitOp::attachInterface<SplitModel>(*ctx);
  ReduceOp::attachInterface<ReduceModel>(*ctx);
  DropoutOp::attachInterface<IdentityDropoutModel>(*ctx);
  GlobalPoolOp::attachInterface<GlobalPoolModel>(*ctx);
}
