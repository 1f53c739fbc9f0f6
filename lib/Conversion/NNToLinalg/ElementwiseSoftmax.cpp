//===- ElementwiseSoftmax.cpp - lower the softmax family ------------------===//
//
// softmax / log_softmax (s = x / temperature [+ float mask]), three
// linalg.generics:
//   1. m   = max_axis s              (reduction, init -inf)
//   2. sum = Σ_axis exp(s - m)       (reduction, init 0)
//   3. softmax: exp(s - m) / sum;  log_softmax: s - m - log(sum)  (parallel)
// An i1 mask keeps positions where it is true: masked positions are left
// out of max and sum and produce 0 (softmax) / -inf (log_softmax). A row
// whose mask is all false therefore gives all zeros (softmax) / all -inf
// (log_softmax), where PyTorch's masked_fill(-inf) idiom gives NaN. A float
// mask is added to s; a row of -inf then gives NaN, exactly as PyTorch.
// softmax's `causal` is one more boolean mask, j <= i over the last two
// indices, computed from linalg.index in each generic (no Lq x Lk tensor).
//
// grid_softmax: tensor.expand_shape [..., G·K] -> [..., G, K], the softmax
// above on the last axis, tensor.collapse_shape back.
//
// sparsemax (sort-free, O(n²) along the axis; correctness first): with
// z = x - max_axis x,
//   1. c_i = #{j : z_j >= z_i},  s_i = Σ_{j : z_j >= z_i} z_j   (one generic
//      with an extra reduction dimension j)
//   2. support = {i : 1 + c_i·z_i > s_i};  k = |support|,  S = Σ_support z
//   3. tau = (S - 1) / k;  out = max(z - tau, 0)
// This is the sorted algorithm of Martins & Astudillo: c_i is the position
// of z_i in the descending order (the last of its ties, for which the
// support condition is the same as for the first).
//
//===----------------------------------------------------------------------===//
#include "nnc/Conversion/NNToLinalg/NNToLinalg.h"
#include "nnc/Dialect/NN/Utils/Builders.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Dialect/Utils/StaticValueUtils.h"
#include "mlir/Dialect/Utils/StructuredOpsUtils.h"

#include <cmath>
#include <type_traits>

using namespace mlir;
using namespace nnc;
using namespace nnc::nn::builders;

namespace {

Value castTo(OpBuilder &b, Location loc, Value v, Type type) {
  if (v.getType() == type)
    return v;
  return tensor::CastOp::create(b, loc, type, v);
}

/// The identity map of `rank` dims without `axis` (reads a reduced tensor).
AffineMap dropDimMap(MLIRContext *ctx, int64_t rank, int64_t axis) {
  SmallVector<AffineExpr> exprs;
  for (int64_t d = 0; d < rank; ++d)
    if (d != axis)
      exprs.push_back(getAffineDimExpr(d, ctx));
  return AffineMap::get(rank, 0, exprs, ctx);
}

/// Type and sizes of `x` without dimension `axis`.
std::pair<RankedTensorType, SmallVector<OpFoldResult>>
reducedTypeAndSizes(OpBuilder &b, Location loc, Value x, int64_t axis) {
  auto type = cast<RankedTensorType>(x.getType());
  SmallVector<int64_t> shape;
  SmallVector<OpFoldResult> sizes;
  SmallVector<OpFoldResult> all = getSizes(b, loc, x);
  for (int64_t d = 0; d < type.getRank(); ++d) {
    if (d == axis)
      continue;
    shape.push_back(type.getDimSize(d));
    sizes.push_back(all[d]);
  }
  return {RankedTensorType::get(shape, type.getElementType()), sizes};
}

/// All parallel but `axis`, which reduces.
SmallVector<utils::IteratorType> reductionIterators(int64_t rank,
                                                    int64_t axis) {
  SmallVector<utils::IteratorType> it(rank, utils::IteratorType::parallel);
  it[axis] = utils::IteratorType::reduction;
  return it;
}

/// Numerically stable (log-)softmax of `x` along `axis`; see the file
/// comment for the mask semantics.
Value buildSoftmax(OpBuilder &b, Location loc, Value x, Value mask,
                   int64_t axis, double temperature, bool log,
                   bool causal = false) {
  MLIRContext *ctx = b.getContext();
  auto xType = cast<RankedTensorType>(x.getType());
  Type elt = xType.getElementType();
  int64_t rank = xType.getRank();
  bool boolMask =
      mask &&
      cast<RankedTensorType>(mask.getType()).getElementType().isInteger(1);
  auto [redType, redSizes] = reducedTypeAndSizes(b, loc, x, axis);
  AffineMap id = b.getMultiDimIdentityMap(rank);
  AffineMap red = dropDimMap(ctx, rank, axis);
  AffineMap maskMap;
  if (mask)
    maskMap = broadcastMap(ctx, cast<RankedTensorType>(mask.getType()),
                           xType.getShape());

  // Inputs x (and mask), their maps; args[0] = x, args[1] = mask.
  SmallVector<Value> inputs{x};
  SmallVector<AffineMap> inMaps{id};
  if (mask) {
    inputs.push_back(mask);
    inMaps.push_back(maskMap);
  }
  unsigned nIn = inputs.size();
  // s = x / temperature (+ float mask).
  auto scaled = [&](OpBuilder &nb, Location l, ValueRange args) -> Value {
    Value s = args[0];
    if (temperature != 1.0)
      s = arith::DivFOp::create(nb, l, s, floatConst(nb, l, elt, temperature));
    if (mask && !boolMask)
      s = arith::AddFOp::create(nb, l, s, args[1]);
    return s;
  };
  auto keep = [&](OpBuilder &nb, Location l, ValueRange args, Value v,
                  double masked) -> Value {
    if (!boolMask && !causal)
      return v;
    Value pred = boolMask ? args[1] : Value();
    if (causal) {
      Value key = linalg::IndexOp::create(nb, l, rank - 1);
      Value query = linalg::IndexOp::create(nb, l, rank - 2);
      Value past =
          arith::CmpIOp::create(nb, l, arith::CmpIPredicate::ule, key, query);
      pred = pred ? arith::AndIOp::create(nb, l, pred, past).getResult() : past;
    }
    return arith::SelectOp::create(nb, l, pred, v,
                                   floatConst(nb, l, elt, masked));
  };

  // 1. max
  Value maxInit = filledTensor(b, loc, redType, redSizes, -INFINITY);
  SmallVector<AffineMap> maps(inMaps);
  maps.push_back(red);
  Value mx =
      linalg::GenericOp::create(
          b, loc, redType, inputs, maxInit, maps,
          reductionIterators(rank, axis),
          [&](OpBuilder &nb, Location l, ValueRange args) {
            Value s = keep(nb, l, args, scaled(nb, l, args), -INFINITY);
            linalg::YieldOp::create(
                nb, l, Value(arith::MaximumFOp::create(nb, l, args[nIn], s)));
          })
          .getResult(0);

  // 2. sum of exp(s - max)
  SmallVector<Value> inputs2(inputs);
  inputs2.push_back(mx);
  SmallVector<AffineMap> maps2(inMaps);
  maps2.append({red, red});
  Value sumInit = filledTensor(b, loc, redType, redSizes, 0.0);
  Value sum =
      linalg::GenericOp::create(
          b, loc, redType, inputs2, sumInit, maps2,
          reductionIterators(rank, axis),
          [&](OpBuilder &nb, Location l, ValueRange args) {
            Value e = math::ExpOp::create(
                nb, l,
                arith::SubFOp::create(nb, l, scaled(nb, l, args), args[nIn]));
            e = keep(nb, l, args, e, 0.0);
            linalg::YieldOp::create(
                nb, l, Value(arith::AddFOp::create(nb, l, args[nIn + 1], e)));
          })
          .getResult(0);

  // 3. normalize
  SmallVector<Value> inputs3(inputs2);
  inputs3.push_back(sum);
  SmallVector<AffineMap> maps3(inMaps);
  maps3.append({red, red, id});
  Value init = emptyTensor(b, loc, xType, getSizes(b, loc, x));
  SmallVector<utils::IteratorType> parallel(rank,
                                            utils::IteratorType::parallel);
  return linalg::GenericOp::create(
             b, loc, xType, inputs3, init, maps3, parallel,
             [&](OpBuilder &nb, Location l, ValueRange args) {
               Value shifted =
                   arith::SubFOp::create(nb, l, scaled(nb, l, args), args[nIn]);
               Value v;
               if (log) {
                 v = arith::SubFOp::create(
                     nb, l, shifted, math::LogOp::create(nb, l, args[nIn + 1]));
                 v = keep(nb, l, args, v, -INFINITY);
               } else {
                 v = arith::DivFOp::create(
                     nb, l, math::ExpOp::create(nb, l, shifted), args[nIn + 1]);
                 v = keep(nb, l, args, v, 0.0);
               }
               linalg::YieldOp::create(nb, l, v);
             })
      .getResult(0);
}

template <typename OpTy, bool Log>
struct SoftmaxLowering : OpRewritePattern<OpTy> {
  using OpRewritePattern<OpTy>::OpRewritePattern;

  LogicalResult matchAndRewrite(OpTy op,
                                PatternRewriter &rewriter) const override {
    Value x = op.getInput();
    int64_t rank = cast<RankedTensorType>(x.getType()).getRank();
    int64_t axis = nn::normalizeAxis(op.getAxis(), rank);
    bool causal = false;
    if constexpr (std::is_same_v<OpTy, nn::SoftmaxOp>)
      causal = op.getCausal();
    Value y = buildSoftmax(rewriter, op.getLoc(), x, op.getMask(), axis,
                           op.getTemperature().convertToDouble(), Log, causal);
    rewriter.replaceOp(op, castTo(rewriter, op.getLoc(), y, op.getType()));
    return success();
  }
};

struct GridSoftmaxLowering : OpRewritePattern<nn::GridSoftmaxOp> {
  using OpRewritePattern::OpRewritePattern;

  LogicalResult matchAndRewrite(nn::GridSoftmaxOp op,
                                PatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    Value x = op.getInput();
    auto xType = cast<RankedTensorType>(x.getType());
    int64_t rank = xType.getRank();
    int64_t groups = static_cast<int64_t>(op.getGroups());
    double temperature = op.getTemperature().convertToDouble();
    if (groups == 1) {
      Value y = buildSoftmax(rewriter, loc, x, Value(), rank - 1, temperature,
                             /*log=*/false);
      rewriter.replaceOp(op, castTo(rewriter, loc, y, op.getType()));
      return success();
    }
    // [..., G·K] -> [..., G, K]
    SmallVector<OpFoldResult> sizes = getSizes(rewriter, loc, x);
    OpFoldResult last = sizes.back();
    OpFoldResult k;
    if (auto c = getConstantIntValue(last))
      k = rewriter.getIndexAttr(*c / groups);
    else
      k = arith::DivUIOp::create(
              rewriter, loc, cast<Value>(last),
              arith::ConstantIndexOp::create(rewriter, loc, groups))
              .getResult();
    SmallVector<OpFoldResult> gSizes(sizes.begin(), sizes.end() - 1);
    gSizes.append({rewriter.getIndexAttr(groups), k});
    SmallVector<int64_t> gShape(xType.getShape().drop_back());
    int64_t lastStatic = xType.getShape().back();
    gShape.append({groups, ShapedType::isDynamic(lastStatic)
                               ? ShapedType::kDynamic
                               : lastStatic / groups});
    SmallVector<ReassociationIndices> reassoc;
    for (int64_t d = 0; d + 1 < rank; ++d)
      reassoc.push_back({d});
    reassoc.push_back({rank - 1, rank});
    Value xg = tensor::ExpandShapeOp::create(
        rewriter, loc, RankedTensorType::get(gShape, xType.getElementType()), x,
        reassoc, gSizes);
    Value yg = buildSoftmax(rewriter, loc, xg, Value(), rank, temperature,
                            /*log=*/false);
    Value y =
        tensor::CollapseShapeOp::create(rewriter, loc, xType, yg, reassoc);
    rewriter.replaceOp(op, castTo(rewriter, loc, y, op.getType()));
    return success();
  }
};

struct SparsemaxLowering : OpRewritePattern<nn::SparsemaxOp> {
  using OpRewritePattern::OpRewritePattern;

  LogicalResult matchAndRewrite(nn::SparsemaxOp op,
                                PatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    MLIRContext *ctx = rewriter.getContext();
    Value x = op.getInput();
    auto xType = cast<RankedTensorType>(x.getType());
    Type elt = xType.getElementType();
    int64_t rank = xType.getRank();
    int64_t axis = nn::normalizeAxis(op.getAxis(), rank);
    auto [redType, redSizes] = reducedTypeAndSizes(rewriter, loc, x, axis);
    SmallVector<OpFoldResult> xSizes = getSizes(rewriter, loc, x);
    AffineMap id = rewriter.getMultiDimIdentityMap(rank);
    AffineMap red = dropDimMap(ctx, rank, axis);
    auto c = [&](OpBuilder &nb, Location l, double v) {
      return floatConst(nb, l, elt, v);
    };
    auto iterators = reductionIterators(rank, axis);
    SmallVector<utils::IteratorType> parallel(rank,
                                              utils::IteratorType::parallel);

    // max along the axis (sparsemax is shift invariant; z = x - max keeps
    // the support test 1 + c·z > s well conditioned).
    Value mx =
        linalg::GenericOp::create(
            rewriter, loc, redType, ValueRange{x},
            filledTensor(rewriter, loc, redType, redSizes, -INFINITY),
            ArrayRef<AffineMap>{id, red}, iterators,
            [&](OpBuilder &nb, Location l, ValueRange args) {
              linalg::YieldOp::create(
                  nb, l,
                  Value(arith::MaximumFOp::create(nb, l, args[1], args[0])));
            })
            .getResult(0);

    // 1. c_i and s_i over an extra reduction dimension j (dim `rank`).
    SmallVector<AffineExpr> iExprs, jExprs, redExprs;
    for (int64_t d = 0; d < rank; ++d) {
      iExprs.push_back(getAffineDimExpr(d, ctx));
      jExprs.push_back(getAffineDimExpr(d == axis ? rank : d, ctx));
      if (d != axis)
        redExprs.push_back(getAffineDimExpr(d, ctx));
    }
    AffineMap iMap = AffineMap::get(rank + 1, 0, iExprs, ctx);
    AffineMap jMap = AffineMap::get(rank + 1, 0, jExprs, ctx);
    AffineMap mMap = AffineMap::get(rank + 1, 0, redExprs, ctx);
    SmallVector<utils::IteratorType> pairIterators(
        rank + 1, utils::IteratorType::parallel);
    pairIterators.back() = utils::IteratorType::reduction;
    auto pair = linalg::GenericOp::create(
        rewriter, loc, TypeRange{xType, xType}, ValueRange{x, x, mx},
        ValueRange{filledTensor(rewriter, loc, xType, xSizes, 0.0),
                   filledTensor(rewriter, loc, xType, xSizes, 0.0)},
        ArrayRef<AffineMap>{iMap, jMap, mMap, iMap, iMap}, pairIterators,
        [&](OpBuilder &nb, Location l, ValueRange args) {
          Value zi = arith::SubFOp::create(nb, l, args[0], args[2]);
          Value zj = arith::SubFOp::create(nb, l, args[1], args[2]);
          Value ge =
              arith::CmpFOp::create(nb, l, arith::CmpFPredicate::OGE, zj, zi);
          Value cnt = arith::AddFOp::create(
              nb, l, args[3],
              arith::SelectOp::create(nb, l, ge, c(nb, l, 1.0), c(nb, l, 0.0)));
          Value sum = arith::AddFOp::create(
              nb, l, args[4],
              arith::SelectOp::create(nb, l, ge, zj, c(nb, l, 0.0)));
          linalg::YieldOp::create(nb, l, ValueRange{cnt, sum});
        });
    Value cnt = pair.getResult(0), cumsum = pair.getResult(1);

    // 2. support size k and the sum S of the support.
    auto support = linalg::GenericOp::create(
        rewriter, loc, TypeRange{redType, redType},
        ValueRange{x, mx, cnt, cumsum},
        ValueRange{filledTensor(rewriter, loc, redType, redSizes, 0.0),
                   filledTensor(rewriter, loc, redType, redSizes, 0.0)},
        ArrayRef<AffineMap>{id, red, id, id, red, red}, iterators,
        [&](OpBuilder &nb, Location l, ValueRange args) {
          Value z = arith::SubFOp::create(nb, l, args[0], args[1]);
          Value lhs = arith::AddFOp::create(
              nb, l, c(nb, l, 1.0), arith::MulFOp::create(nb, l, args[2], z));
          Value in = arith::CmpFOp::create(nb, l, arith::CmpFPredicate::OGT,
                                           lhs, args[3]);
          Value k = arith::AddFOp::create(
              nb, l, args[4],
              arith::SelectOp::create(nb, l, in, c(nb, l, 1.0), c(nb, l, 0.0)));
          Value s = arith::AddFOp::create(
              nb, l, args[5],
              arith::SelectOp::create(nb, l, in, z, c(nb, l, 0.0)));
          linalg::YieldOp::create(nb, l, ValueRange{k, s});
        });

    // 3. tau = (S - 1) / k; out = max(z - tau, 0)
    Value init = emptyTensor(rewriter, loc, xType, xSizes);
    Value y = buildGeneric(
        rewriter, loc, init,
        ValueRange{x, mx, support.getResult(0), support.getResult(1)},
        {id, red, red, red, id}, parallel,
        [&](OpBuilder &nb, Location l, ValueRange args) -> Value {
          Value z = arith::SubFOp::create(nb, l, args[0], args[1]);
          Value tau = arith::DivFOp::create(
              nb, l, arith::SubFOp::create(nb, l, args[3], c(nb, l, 1.0)),
              args[2]);
          return arith::MaximumFOp::create(
              nb, l, arith::SubFOp::create(nb, l, z, tau), c(nb, l, 0.0));
        });
    rewriter.replaceOp(op, castTo(rewriter, loc, y, op.getType()));
    return success();
  }
};

} // namespace

void nnc::populateNNSoftmaxToLinalgPatterns(RewritePatternSet &patterns) {
  patterns.add<SoftmaxLowering<nn::SoftmaxOp, false>,
               SoftmaxLowering<nn::LogSoftmaxOp, true>, GridSoftmaxLowering,
               SparsemaxLowering>(patterns.getContext());
}
