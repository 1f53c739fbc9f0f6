//===- NormalizationOps.cpp - lower layer_norm, rms_norm, batch_norm ===//
//
// layer_norm over dims [axis, rank) (PyTorch's biased variance, two passes):
//   sum = Σ x; mean = sum / n; sq = Σ (x - mean)²;
//   rstd = 1 / sqrt(sq / n + eps); y = (x - mean)·rstd [·scale] [+ bias]
// rms_norm:  ss = Σ x²; r = 1 / sqrt(ss / n + eps); y = x·r [·scale]
// batch_norm (inference, as PyTorch's CPU kernel): per channel
//   a = scale / sqrt(var + eps), b = bias - mean·a; y = x·a[c] + b[c]
// Reductions are linalg.generics with reduction iterators over the
// normalized dims into tensors of the leading dims; the rest are parallel
// generics. n is a constant when the normalized dims are static, otherwise
// the product of tensor.dim values converted to the element type.
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

using namespace mlir;
using namespace nnc;
using namespace nnc::nn::builders;

namespace {

/// Shape pieces for normalizing dims [axis, rank) of `x`.
struct NormSpace {
  RankedTensorType xType, redType;
  SmallVector<OpFoldResult> xSizes, redSizes;
  AffineMap id, red, tail;
  SmallVector<utils::IteratorType> reduce, parallel, redParallel;

  NormSpace(OpBuilder &b, Location loc, Value x, int64_t axis) {
    MLIRContext *ctx = b.getContext();
    xType = cast<RankedTensorType>(x.getType());
    int64_t rank = xType.getRank();
    xSizes = getSizes(b, loc, x);
    redType = RankedTensorType::get(xType.getShape().take_front(axis),
                                    xType.getElementType());
    redSizes.assign(xSizes.begin(), xSizes.begin() + axis);
    id = b.getMultiDimIdentityMap(rank);
    SmallVector<AffineExpr> lead, trail;
    for (int64_t d = 0; d < rank; ++d)
      (d < axis ? lead : trail).push_back(getAffineDimExpr(d, ctx));
    red = AffineMap::get(rank, 0, lead, ctx);
    tail = AffineMap::get(rank, 0, trail, ctx);
    for (int64_t d = 0; d < rank; ++d)
      reduce.push_back(d < axis ? utils::IteratorType::parallel
                                : utils::IteratorType::reduction);
    parallel.assign(rank, utils::IteratorType::parallel);
    redParallel.assign(axis, utils::IteratorType::parallel);
  }

  /// Σ f(x) over the normalized dims (extra inputs read with `red`).
  Value sum(OpBuilder &b, Location loc, ValueRange inputs,
            ArrayRef<AffineMap> maps,
            function_ref<Value(OpBuilder &, Location, ValueRange)> f) {
    Value init = filledTensor(b, loc, redType, redSizes, 0.0);
    SmallVector<AffineMap> all(maps);
    all.push_back(red);
    return linalg::GenericOp::create(
               b, loc, redType, inputs, init, all, reduce,
               [&](OpBuilder &nb, Location l, ValueRange args) {
                 Value v = f(nb, l, args.drop_back());
                 linalg::YieldOp::create(
                     nb, l,
                     Value(arith::AddFOp::create(nb, l, args.back(), v)));
               })
        .getResult(0);
  }

  /// g(r) for each element r of a reduced tensor.
  Value onReduced(OpBuilder &b, Location loc, Value r,
                  function_ref<Value(OpBuilder &, Location, Value)> g) {
    int64_t rank = redType.getRank();
    Value init = emptyTensor(b, loc, redType, redSizes);
    AffineMap m = b.getMultiDimIdentityMap(rank);
    return linalg::GenericOp::create(
               b, loc, redType, r, init, ArrayRef<AffineMap>{m, m}, redParallel,
               [&](OpBuilder &nb, Location l, ValueRange args) {
                 linalg::YieldOp::create(nb, l, g(nb, l, args[0]));
               })
        .getResult(0);
  }
};

/// 1 / sqrt(s / n + eps).
Value reciprocalRoot(OpBuilder &b, Location l, Value s, Value n, double eps) {
  Type t = s.getType();
  Value v = arith::AddFOp::create(b, l, arith::DivFOp::create(b, l, s, n),
                                  floatConst(b, l, t, eps));
  return arith::DivFOp::create(b, l, floatConst(b, l, t, 1.0),
                               math::SqrtOp::create(b, l, v));
}

/// layer_norm (`center`) and rms_norm over dims [axis, rank) of `x`:
/// (x - mean) · rstd · scale + bias, rstd = 1 / sqrt(mean((x - mean)²) + eps);
/// rms_norm takes mean = 0 and has no bias. `scale` and `bias` may be null.
Value buildNorm(OpBuilder &b, Location loc, Value x, int64_t axis, double eps,
                bool center, Value scale, Value bias) {
  NormSpace s(b, loc, x, axis);
  Type elt = s.xType.getElementType();
  Value n = elementCount(
      b, loc, x, elt,
      llvm::to_vector(llvm::seq<int64_t>(axis, s.xType.getRank())));
  auto centered = [center](OpBuilder &nb, Location l, ValueRange a) -> Value {
    return center ? arith::SubFOp::create(nb, l, a[0], a[1]) : a[0];
  };
  SmallVector<Value> inputs{x};
  SmallVector<AffineMap> maps{s.id};
  if (center) {
    Value sum = s.sum(b, loc, x, {s.id},
                      [](OpBuilder &, Location, ValueRange a) { return a[0]; });
    inputs.push_back(s.onReduced(
        b, loc, sum, [&](OpBuilder &nb, Location l, Value v) -> Value {
          return arith::DivFOp::create(nb, l, v, n);
        }));
    maps.push_back(s.red);
  }
  Value sq = s.sum(b, loc, inputs, maps,
                   [&](OpBuilder &nb, Location l, ValueRange a) -> Value {
                     Value d = centered(nb, l, a);
                     return arith::MulFOp::create(nb, l, d, d);
                   });
  inputs.push_back(
      s.onReduced(b, loc, sq, [&](OpBuilder &nb, Location l, Value v) {
        return reciprocalRoot(nb, l, v, n, eps);
      }));
  maps.push_back(s.red);
  for (Value v : {scale, bias}) {
    if (!v)
      continue;
    inputs.push_back(v);
    maps.push_back(s.tail);
  }
  maps.push_back(s.id);
  Value init = emptyTensor(b, loc, s.xType, s.xSizes);
  unsigned rstd = center ? 2 : 1;
  return linalg::GenericOp::create(
             b, loc, s.xType, inputs, init, maps, s.parallel,
             [&](OpBuilder &nb, Location l, ValueRange a) {
               Value v =
                   arith::MulFOp::create(nb, l, centered(nb, l, a), a[rstd]);
               unsigned next = rstd + 1;
               if (scale)
                 v = arith::MulFOp::create(nb, l, v, a[next++]);
               if (bias)
                 v = arith::AddFOp::create(nb, l, v, a[next++]);
               linalg::YieldOp::create(nb, l, v);
             })
      .getResult(0);
}

template <typename OpTy> struct NormLowering : OpRewritePattern<OpTy> {
  using OpRewritePattern<OpTy>::OpRewritePattern;

  LogicalResult matchAndRewrite(OpTy op,
                                PatternRewriter &rewriter) const override {
    constexpr bool center = std::is_same_v<OpTy, nn::LayerNormOp>;
    Value bias;
    if constexpr (center)
      bias = op.getBias();
    Value x = op.getInput();
    int64_t axis = nn::normalizeAxis(
        op.getAxis(), cast<RankedTensorType>(x.getType()).getRank());
    Value y = buildNorm(rewriter, op.getLoc(), x, axis,
                        op.getEpsilon().convertToDouble(), center,
                        op.getScale(), bias);
    rewriter.replaceOp(op, castTo(rewriter, op.getLoc(), y, op.getType()));
    return success();
  }
};

struct BatchNormLowering : OpRewritePattern<nn::BatchNormOp> {
  using OpRewritePattern::OpRewritePattern;

  LogicalResult matchAndRewrite(nn::BatchNormOp op,
                                PatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    MLIRContext *ctx = rewriter.getContext();
    Value x = op.getInput();
    auto xType = cast<RankedTensorType>(x.getType());
    Type elt = xType.getElementType();
    int64_t rank = xType.getRank();
    double eps = op.getEpsilon().convertToDouble();

    // Per channel: a = scale / sqrt(var + eps), b = bias - mean·a.
    Value scale = op.getScale();
    auto cType = cast<RankedTensorType>(scale.getType());
    SmallVector<OpFoldResult> cSizes = getSizes(rewriter, loc, scale);
    AffineMap m1 = rewriter.getMultiDimIdentityMap(1);
    auto coeffs = linalg::GenericOp::create(
        rewriter, loc, TypeRange{cType, cType},
        ValueRange{scale, op.getBias(), op.getMean(), op.getVariance()},
        ValueRange{emptyTensor(rewriter, loc, cType, cSizes),
                   emptyTensor(rewriter, loc, cType, cSizes)},
        ArrayRef<AffineMap>{m1, m1, m1, m1, m1, m1},
        ArrayRef<utils::IteratorType>{utils::IteratorType::parallel},
        [&](OpBuilder &b, Location l, ValueRange a) {
          Value invstd = arith::DivFOp::create(
              b, l, floatConst(b, l, elt, 1.0),
              math::SqrtOp::create(
                  b, l,
                  arith::AddFOp::create(b, l, a[3],
                                        floatConst(b, l, elt, eps))));
          Value alpha = arith::MulFOp::create(b, l, invstd, a[0]);
          Value beta = arith::SubFOp::create(
              b, l, a[1], arith::MulFOp::create(b, l, a[2], alpha));
          linalg::YieldOp::create(b, l, ValueRange{alpha, beta});
        });

    AffineMap id = rewriter.getMultiDimIdentityMap(rank);
    AffineMap channel =
        AffineMap::get(rank, 0, {getAffineDimExpr(1, ctx)}, ctx);
    Value init = emptyTensor(rewriter, loc, xType, getSizes(rewriter, loc, x));
    SmallVector<utils::IteratorType> parallel(rank,
                                              utils::IteratorType::parallel);
    Value y =
        buildGeneric(rewriter, loc, init,
                     ValueRange{x, coeffs.getResult(0), coeffs.getResult(1)},
                     {id, channel, channel, id}, parallel,
                     [](OpBuilder &b, Location l, ValueRange a) -> Value {
                       return arith::AddFOp::create(
                           b, l, arith::MulFOp::create(b, l, a[0], a[1]), a[2]);
                     });
    rewriter.replaceOp(op, castTo(rewriter, loc, y, op.getType()));
    return success();
  }
};

} // namespace

void nnc::populateNNNormalizationToLinalgPatterns(RewritePatternSet &patterns) {
  patterns.add<NormLowering<nn::LayerNormOp>, NormLowering<nn::RmsNormOp>,
               BatchNormLowering>(patterns.getContext());
}
