//===- LossOps.cpp - cross_entropy, bce, bce_with_logits, mse to linalg --===//
//
// Per-sample / per-element losses are linalg.generics; `reduction` then
//   none -> the per-sample tensor,
//   sum  -> a linalg.generic summing every element into a rank-0 tensor,
//   mean -> the sum, divided by the element count (for cross_entropy the
//           batch size, as PyTorch without class weights) in a rank-0
//           linalg.generic.
//
// nn.cross_entropy, input [B, C]:
//   from_logits: m[b] = max_c x, lse[b] = m + log Σ_c exp(x - m) (two
//     reductions and one parallel generic), then
//       index target:  loss[b] = lse[b] - x[b, t[b]]      (tensor.extract)
//       prob. target:  loss[b] = Σ_c t[b, c]·(lse[b] - x[b, c])
//   probabilities:
//       index target:  loss[b] = -log p[b, t[b]]
//       prob. target:  loss[b] = -Σ_c t[b, c]·log p[b, c]
// nn.bce:             -(t·max(log p, -100) + (1 - t)·max(log1p(-p), -100))
//                     (PyTorch clamps the logs at -100).
// nn.bce_with_logits: max(x, 0) - x·t + log1p(exp(-|x|)).
// log1p(y) is computed as log(u)·y / (u - 1) with u = 1 + y (y where u = 1),
// accurate for tiny y without relying on how math.log1p is lowered.
// nn.mse:             (x - t)².
//
//===----------------------------------------------------------------------===//
#include "nnc/Conversion/NNToLinalg/NNToLinalg.h"
#include "nnc/Dialect/NN/Utils/Builders.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Arith/Utils/Utils.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Dialect/Utils/StaticValueUtils.h"
#include "mlir/Dialect/Utils/StructuredOpsUtils.h"

#include <cmath>

using namespace mlir;
using namespace nnc;
using namespace nnc::nn::builders;

namespace {

using IT = utils::IteratorType;

/// Applies `reduction` to the per-sample / per-element losses `loss`.
Value reduceLoss(OpBuilder &b, Location loc, Value loss,
                 nn::Reduction reduction, Type resultType) {
  if (reduction == nn::Reduction::none)
    return castTo(b, loc, loss, resultType);
  auto type = cast<RankedTensorType>(loss.getType());
  Type elt = type.getElementType();
  MLIRContext *ctx = b.getContext();
  int64_t rank = type.getRank();
  auto scalarType = RankedTensorType::get({}, elt);
  Value zero = filledTensor(b, loc, scalarType, {}, 0.0);
  Value sum = buildGeneric(
      b, loc, zero, loss,
      {b.getMultiDimIdentityMap(rank), AffineMap::get(rank, 0, {}, ctx)},
      SmallVector<IT>(rank, IT::reduction),
      [&](OpBuilder &nb, Location l, ValueRange args) -> Value {
        return arith::AddFOp::create(nb, l, args[1], args[0]);
      });
  if (reduction == nn::Reduction::mean) {
    Value count = elementCount(b, loc, loss, elt);
    AffineMap scalar = AffineMap::get(0, 0, {}, ctx);
    sum = buildGeneric(
        b, loc, tensor::EmptyOp::create(b, loc, ArrayRef<int64_t>{}, elt), sum,
        {scalar, scalar}, {},
        [&](OpBuilder &nb, Location l, ValueRange args) -> Value {
          return arith::DivFOp::create(nb, l, args[0], count);
        });
  }
  return castTo(b, loc, sum, resultType);
}

struct CrossEntropyLowering : OpRewritePattern<nn::CrossEntropyOp> {
  using OpRewritePattern::OpRewritePattern;

  LogicalResult matchAndRewrite(nn::CrossEntropyOp op,
                                PatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    MLIRContext *ctx = rewriter.getContext();
    Value x = op.getInput();
    Value target = op.getTarget();
    auto xType = cast<RankedTensorType>(x.getType());
    Type elt = xType.getElementType();
    bool indexTarget = isa<IntegerType>(
        cast<RankedTensorType>(target.getType()).getElementType());
    bool fromLogits = op.getFromLogits();

    SmallVector<OpFoldResult> sizes = getSizes(rewriter, loc, x);
    auto rowType = RankedTensorType::get({xType.getDimSize(0)}, elt);
    SmallVector<OpFoldResult> rowSizes{sizes[0]};
    AffineMap full = rewriter.getMultiDimIdentityMap(2);
    AffineMap row = AffineMap::get(2, 0, {getAffineDimExpr(0, ctx)}, ctx);
    AffineMap row1 = rewriter.getMultiDimIdentityMap(1);
    SmallVector<IT> redIters{IT::parallel, IT::reduction};

    // Log-sum-exp of each row (from logits).
    Value lse;
    if (fromLogits) {
      Value mx = buildGeneric(
          rewriter, loc,
          filledTensor(rewriter, loc, rowType, rowSizes, -INFINITY), x,
          {full, row}, redIters,
          [&](OpBuilder &nb, Location l, ValueRange args) -> Value {
            return arith::MaximumFOp::create(nb, l, args[1], args[0]);
          });
      Value sum = buildGeneric(
          rewriter, loc, filledTensor(rewriter, loc, rowType, rowSizes, 0.0),
          ValueRange{x, mx}, {full, row, row}, redIters,
          [&](OpBuilder &nb, Location l, ValueRange args) -> Value {
            Value s = arith::SubFOp::create(nb, l, args[0], args[1]);
            return arith::AddFOp::create(nb, l, args[2],
                                         math::ExpOp::create(nb, l, s));
          });
      lse = buildGeneric(
          rewriter, loc, emptyTensor(rewriter, loc, rowType, rowSizes),
          ValueRange{mx, sum}, {row1, row1, row1}, {IT::parallel},
          [&](OpBuilder &nb, Location l, ValueRange args) -> Value {
            return arith::AddFOp::create(nb, l, args[0],
                                         math::LogOp::create(nb, l, args[1]));
          });
    }

    Value perSample;
    if (indexTarget) {
      // Reads x[b, t[b]]: a label outside [0, C) is reported (the runtime's
      // checks) and clamped, so that nothing is read out of bounds.
      Value classes = getValueOrCreateConstantIndexOp(rewriter, loc, sizes[1]);
      checkIndices(rewriter, loc, target, classes, /*wrapNegative=*/false,
                   /*kind=NNC_CHECK_CLASS_LABEL*/ 2);
      SmallVector<Value> inputs{target};
      if (fromLogits)
        inputs.push_back(lse);
      SmallVector<AffineMap> maps(inputs.size() + 1, row1);
      perSample = buildGeneric(
          rewriter, loc, emptyTensor(rewriter, loc, rowType, rowSizes), inputs,
          maps, {IT::parallel},
          [&](OpBuilder &nb, Location l, ValueRange args) -> Value {
            Value b = linalg::IndexOp::create(nb, l, static_cast<uint64_t>(0));
            Value c = clampedRow(nb, l, args[0], classes, false);
            Value v = tensor::ExtractOp::create(nb, l, x, ValueRange{b, c});
            if (fromLogits)
              return arith::SubFOp::create(nb, l, args[1], v);
            return arith::NegFOp::create(nb, l, math::LogOp::create(nb, l, v));
          });
    } else {
      SmallVector<Value> inputs{x, target};
      SmallVector<AffineMap> maps{full, full};
      if (fromLogits) {
        inputs.push_back(lse);
        maps.push_back(row);
      }
      maps.push_back(row);
      perSample = buildGeneric(
          rewriter, loc, filledTensor(rewriter, loc, rowType, rowSizes, 0.0),
          inputs, maps, redIters,
          [&](OpBuilder &nb, Location l, ValueRange args) -> Value {
            // -log p (probabilities) or lse - x (logits), times the target.
            Value nll =
                fromLogits
                    ? Value(arith::SubFOp::create(nb, l, args[2], args[0]))
                    : Value(arith::NegFOp::create(
                          nb, l, math::LogOp::create(nb, l, args[0])));
            Value term = arith::MulFOp::create(nb, l, args[1], nll);
            return arith::AddFOp::create(nb, l, args.back(), term);
          });
    }
    rewriter.replaceOp(op,
                       reduceLoss(rewriter, loc, perSample, op.getReduction(),
                                  op.getResult().getType()));
    return success();
  }
};

/// bce, bce_with_logits, mse: an elementwise loss, then the reduction.
template <typename OpTy> struct PointwiseLossLowering : OpRewritePattern<OpTy> {
  using OpRewritePattern<OpTy>::OpRewritePattern;

  static Value loss(OpBuilder &b, Location loc, Value x, Value t);

  LogicalResult matchAndRewrite(OpTy op,
                                PatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    Value x = op.getInput();
    auto type = cast<RankedTensorType>(x.getType());
    Value perElement = buildElementwise(
        rewriter, loc, type, ValueRange{x, op.getTarget()},
        [&](OpBuilder &nb, Location l, ValueRange args) -> Value {
          return loss(nb, l, args[0], args[1]);
        });
    rewriter.replaceOp(op,
                       reduceLoss(rewriter, loc, perElement, op.getReduction(),
                                  op.getResult().getType()));
    return success();
  }
};

template <>
Value PointwiseLossLowering<nn::BceOp>::loss(OpBuilder &b, Location loc,
                                             Value p, Value t) {
  Type elt = p.getType();
  Value floor = floatConst(b, loc, elt, -100.0);
  Value logP =
      arith::MaximumFOp::create(b, loc, math::LogOp::create(b, loc, p), floor);
  Value log1mP = arith::MaximumFOp::create(
      b, loc, log1pAccurate(b, loc, arith::NegFOp::create(b, loc, p)), floor);
  // (t - 1)·log(1 - p) - t·log(p), as PyTorch.
  Value tm1 = arith::SubFOp::create(b, loc, t, floatConst(b, loc, elt, 1.0));
  Value pos = arith::MulFOp::create(b, loc, t, logP);
  Value neg = arith::MulFOp::create(b, loc, tm1, log1mP);
  return arith::SubFOp::create(b, loc, neg, pos);
}

template <>
Value PointwiseLossLowering<nn::BceWithLogitsOp>::loss(OpBuilder &b,
                                                       Location loc, Value x,
                                                       Value t) {
  Type elt = x.getType();
  Value relu =
      arith::MaximumFOp::create(b, loc, x, floatConst(b, loc, elt, 0.0));
  Value negAbs = arith::NegFOp::create(b, loc, math::AbsFOp::create(b, loc, x));
  Value softplus = log1pAccurate(b, loc, math::ExpOp::create(b, loc, negAbs));
  Value xt = arith::MulFOp::create(b, loc, x, t);
  return arith::AddFOp::create(b, loc, arith::SubFOp::create(b, loc, relu, xt),
                               softplus);
}

template <>
Value PointwiseLossLowering<nn::MseOp>::loss(OpBuilder &b, Location loc,
                                             Value x, Value t) {
  Value d = arith::SubFOp::create(b, loc, x, t);
  return arith::MulFOp::create(b, loc, d, d);
}

} // namespace

void nnc::populateNNLossToLinalgPatterns(RewritePatternSet &patterns) {
  patterns.add<CrossEntropyLowering, PointwiseLossLowering<nn::BceOp>,
               PointwiseLossLowering<nn::BceWithLogitsOp>,
               PointwiseLossLowering<nn::MseOp>>(patterns.getContext());
}
