//===- BackwardConvPool.cpp - lower conv and pool backward ops ------------===//
//
// At tensor level (linalg.generic, tensor.pad / extract_slice /
// insert_slice / expand_shape / collapse_shape), so the CPU pipeline lowers
// them like the forward. Only the batch dimension may be dynamic (the
// verifiers check it). Groups split the channel dimension into [G, C/G]
// with tensor.expand_shape, which keeps every indexing map free of
// floordiv / mod.
//
// conv_backward_weight (x [N, Cin, I...], dY [N, Cout, O...]):
//   dW[g,co,ci,k] = Σ_{n,o} dY[n,g,co,o] · Xpad[n,g,ci,o·s + k·d]: one
//   linalg.generic reducing over the batch and output positions.
// conv_backward_input: "col2im" — for each kernel offset k (a compile-time
//   loop), one linalg.generic accumulates Σ_co dY[n,g,co,o] · W[g,co,ci,k]
//   into the strided slice acc[n,g,ci, k·d + o·s] (stride s) of a zero
//   tensor of the padded input size; dX is its window [pad_begin,
//   pad_begin + I).
// pool_backward (col2im with dilation 1; the accumulator also covers the
//   positions a ceil_mode window reads past the padded input):
//   avg: acc[.., k + o·s] += dY[o] / count(o), count(o) being the forward's
//     divisor (count_include_pad and ceil_mode as PyTorch), a constant;
//   max: the gradient goes to the FIRST maximum of each window in row-major
//     window order, as PyTorch's max_pool (its argmax index): a generic
//     computes argfirst[o] = min{flat(k) : Xpad[o·s + k] == Y[o]}
//     (order-independent), then acc[.., k + o·s] += argfirst[o] == flat(k)
//     ? dY[o] : 0. Ties are NOT shared.
// global_pool_backward: avg dY / prod(spatial) broadcast over the plane;
//   max: the same first-maximum rule over each [n, c] plane.
//
//===----------------------------------------------------------------------===//
#include "nnc/Conversion/NNToLinalg/NNToLinalg.h"
#include "nnc/Dialect/NN/Utils/Builders.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Arith/Utils/Utils.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"

#include <climits>
#include <cmath>

using namespace mlir;
using namespace nnc;
using nnc::nn::typeOf;
namespace builders = nnc::nn::builders;
using utils::IteratorType;

namespace {

SmallVector<AffineExpr> affineDims(MLIRContext *ctx, int64_t from,
                                   int64_t count) {
  SmallVector<AffineExpr> e;
  for (int64_t i = 0; i < count; ++i)
    e.push_back(getAffineDimExpr(from + i, ctx));
  return e;
}

AffineMap affineMapOf(int64_t numDims, ArrayRef<AffineExpr> results,
                      MLIRContext *ctx) {
  return AffineMap::get(numDims, 0, results, ctx);
}

/// acc + a · b, the body of every accumulating generic here.
Value multiplyAdd(OpBuilder &b, Location l, ValueRange a) {
  return arith::AddFOp::create(b, l, a[2],
                               arith::MulFOp::create(b, l, a[0], a[1]));
}

/// Splits dimension `dim` of `v` into [groups, size / groups].
Value splitDim(OpBuilder &b, Location loc, Value v, int64_t dim,
               int64_t groups) {
  auto type = typeOf(v);
  SmallVector<int64_t> shape;
  SmallVector<ReassociationIndices> re;
  int64_t j = 0;
  for (int64_t d = 0; d < type.getRank(); ++d) {
    if (d == dim) {
      shape.append({groups, type.getDimSize(d) / groups});
      re.push_back({j, j + 1});
      j += 2;
    } else {
      shape.push_back(type.getDimSize(d));
      re.push_back({j++});
    }
  }
  return tensor::ExpandShapeOp::create(
      b, loc, RankedTensorType::get(shape, type.getElementType()), v, re);
}

/// Merges dimensions `dim` and `dim + 1` of `v`.
Value mergeDims(OpBuilder &b, Location loc, Value v, int64_t dim) {
  SmallVector<ReassociationIndices> re;
  for (int64_t d = 0; d < typeOf(v).getRank(); ++d) {
    if (d == dim + 1)
      continue;
    if (d == dim)
      re.push_back({d, d + 1});
    else
      re.push_back({d});
  }
  return tensor::CollapseShapeOp::create(b, loc, v, re);
}

/// The sliding window of a conv or pool over the trailing spatial
/// dimensions, with the padded extent every window fits in.
struct Window {
  int64_t spatial = 0;
  SmallVector<int64_t> in, out, kernel, stride, dilation, padBegin, padEnd;

  /// Extent of spatial dim i of the zero-padded input the windows read
  /// (at least in + pad_begin + pad_end; more for a ceil_mode window).
  int64_t padded(int64_t i) const {
    return std::max(in[i] + padBegin[i] + padEnd[i],
                    (out[i] - 1) * stride[i] + (kernel[i] - 1) * dilation[i] +
                        1);
  }
  int64_t kernelCount() const {
    int64_t n = 1;
    for (int64_t k : kernel)
      n *= k;
    return n;
  }
  /// The kernel offset of row-major flat index `flat`.
  SmallVector<int64_t> offset(int64_t flat) const {
    SmallVector<int64_t> k(spatial);
    for (int64_t i = spatial - 1; i >= 0; --i) {
      k[i] = flat % kernel[i];
      flat /= kernel[i];
    }
    return k;
  }
};

/// `x` zero-padded (or `value`-padded) to the windows' extent: low =
/// pad_begin, high = padded - in - pad_begin on the trailing spatial dims.
Value padToWindow(OpBuilder &b, Location loc, Value x, const Window &w,
                  double value) {
  int64_t rank = typeOf(x).getRank(), lead = rank - w.spatial;
  SmallVector<OpFoldResult> low(rank, b.getIndexAttr(0)),
      high(rank, b.getIndexAttr(0));
  bool any = false;
  for (int64_t i = 0; i < w.spatial; ++i) {
    int64_t hi = w.padded(i) - w.in[i] - w.padBegin[i];
    low[lead + i] = b.getIndexAttr(w.padBegin[i]);
    high[lead + i] = b.getIndexAttr(hi);
    any |= w.padBegin[i] != 0 || hi != 0;
  }
  if (!any)
    return x;
  Value pad = builders::floatConst(b, loc, typeOf(x).getElementType(), value);
  return tensor::PadOp::create(b, loc, RankedTensorType(), x, low, high, pad)
      .getResult();
}

/// A zero tensor [lead sizes..., padded extents...]; `leadSizes` from the
/// caller (the batch may be dynamic).
Value zeroAccumulator(OpBuilder &b, Location loc, Type elt,
                      ArrayRef<OpFoldResult> leadSizes, const Window &w) {
  SmallVector<OpFoldResult> sizes(leadSizes);
  SmallVector<int64_t> shape;
  for (OpFoldResult s : leadSizes) {
    std::optional<int64_t> c = getConstantIntValue(s);
    shape.push_back(c ? *c : ShapedType::kDynamic);
  }
  for (int64_t i = 0; i < w.spatial; ++i) {
    sizes.push_back(b.getIndexAttr(w.padded(i)));
    shape.push_back(w.padded(i));
  }
  return builders::filledTensor(b, loc, RankedTensorType::get(shape, elt),
                                sizes, 0.0);
}

/// acc with its strided slice acc[..., k·d + o·s] (o in [0, out)) replaced
/// by update(slice).
Value accumulateAt(OpBuilder &b, Location loc, Value acc, const Window &w,
                   ArrayRef<int64_t> k,
                   function_ref<Value(Value slice)> update) {
  int64_t rank = typeOf(acc).getRank(), lead = rank - w.spatial;
  SmallVector<OpFoldResult> offsets(rank, b.getIndexAttr(0));
  SmallVector<OpFoldResult> strides(rank, b.getIndexAttr(1));
  SmallVector<OpFoldResult> sizes = builders::getSizes(b, loc, acc);
  for (int64_t i = 0; i < w.spatial; ++i) {
    offsets[lead + i] = b.getIndexAttr(k[i] * w.dilation[i]);
    sizes[lead + i] = b.getIndexAttr(w.out[i]);
    strides[lead + i] = b.getIndexAttr(w.stride[i]);
  }
  Value slice =
      tensor::ExtractSliceOp::create(b, loc, acc, offsets, sizes, strides);
  Value updated = update(slice);
  return tensor::InsertSliceOp::create(b, loc, updated, acc, offsets, sizes,
                                       strides);
}

/// The unpadded window acc[..., pad_begin + [0, in)].
Value unpad(OpBuilder &b, Location loc, Value acc, const Window &w) {
  int64_t rank = typeOf(acc).getRank(), lead = rank - w.spatial;
  SmallVector<OpFoldResult> offsets(rank, b.getIndexAttr(0));
  SmallVector<OpFoldResult> strides(rank, b.getIndexAttr(1));
  SmallVector<OpFoldResult> sizes = builders::getSizes(b, loc, acc);
  for (int64_t i = 0; i < w.spatial; ++i) {
    offsets[lead + i] = b.getIndexAttr(w.padBegin[i]);
    sizes[lead + i] = b.getIndexAttr(w.in[i]);
  }
  return tensor::ExtractSliceOp::create(b, loc, acc, offsets, sizes, strides);
}

/// The window of a conv backward op: `x` is the forward input's type, `k`
/// the weight's, `g` the result gradient's.
template <typename OpTy>
Window convWindow(OpTy op, RankedTensorType x, RankedTensorType k,
                  RankedTensorType g) {
  Window w;
  w.spatial = x.getRank() - 2;
  SmallVector<int64_t> pad = op.getPaddingOrDefault();
  w.stride = op.getStridesOrDefault();
  w.dilation = op.getDilationsOrDefault();
  for (int64_t i = 0; i < w.spatial; ++i) {
    w.in.push_back(x.getDimSize(2 + i));
    w.out.push_back(g.getDimSize(2 + i));
    w.kernel.push_back(k.getDimSize(2 + i));
    w.padBegin.push_back(pad[i]);
    w.padEnd.push_back(pad[w.spatial + i]);
  }
  return w;
}

struct ConvBackwardInputLowering : OpRewritePattern<nn::ConvBackwardInputOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(nn::ConvBackwardInputOp op,
                                PatternRewriter &rewriter) const override {
    OpBuilder &b = rewriter;
    Location loc = op.getLoc();
    MLIRContext *ctx = b.getContext();
    Value wt = op.getWeight(), g = op.getGrad();
    auto xType = op.getType(), wType = typeOf(wt);
    Type elt = xType.getElementType();
    Window w = convWindow(op, xType, wType, typeOf(g));
    int64_t S = w.spatial, G = op.getGroups();
    int64_t cig = wType.getDimSize(1);
    Value gg = splitDim(b, loc, g, 1, G);  // [N, G, Cog, O...]
    Value wg = splitDim(b, loc, wt, 0, G); // [G, Cog, Cig, K...]
    SmallVector<OpFoldResult> gSizes = builders::getSizes(b, loc, g);

    // dX: iteration (n, g, ci, o..., co); co is the reduction.
    Value acc = zeroAccumulator(
        b, loc, elt, {gSizes[0], b.getIndexAttr(G), b.getIndexAttr(cig)}, w);
    {
      int64_t nd = 4 + S;
      AffineExpr n = getAffineDimExpr(0, ctx), gr = getAffineDimExpr(1, ctx),
                 ci = getAffineDimExpr(2, ctx),
                 co = getAffineDimExpr(3 + S, ctx);
      SmallVector<AffineExpr> os = affineDims(ctx, 3, S);
      SmallVector<AffineExpr> gExprs{n, gr, co};
      gExprs.append(os);
      SmallVector<AffineExpr> outExprs{n, gr, ci};
      outExprs.append(os);
      SmallVector<IteratorType> iters(3 + S, IteratorType::parallel);
      iters.push_back(IteratorType::reduction);
      for (int64_t f = 0; f < w.kernelCount(); ++f) {
        SmallVector<int64_t> k = w.offset(f);
        SmallVector<AffineExpr> wExprs{gr, co, ci};
        for (int64_t i = 0; i < S; ++i)
          wExprs.push_back(getAffineConstantExpr(k[i], ctx));
        SmallVector<AffineMap> maps{affineMapOf(nd, gExprs, ctx),
                                    affineMapOf(nd, wExprs, ctx),
                                    affineMapOf(nd, outExprs, ctx)};
        acc = accumulateAt(b, loc, acc, w, k, [&](Value slice) {
          return builders::buildGeneric(b, loc, slice, ValueRange{gg, wg}, maps,
                                        iters, multiplyAdd);
        });
      }
    }
    Value dx = mergeDims(b, loc, unpad(b, loc, acc, w), 1);
    rewriter.replaceOp(op, builders::castTo(b, loc, dx, xType));
    return success();
  }
};

struct ConvBackwardWeightLowering : OpRewritePattern<nn::ConvBackwardWeightOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(nn::ConvBackwardWeightOp op,
                                PatternRewriter &rewriter) const override {
    OpBuilder &b = rewriter;
    Location loc = op.getLoc();
    MLIRContext *ctx = b.getContext();
    Value x = op.getInput(), g = op.getGrad();
    auto wType = op.getType();
    Type elt = wType.getElementType();
    Window w = convWindow(op, typeOf(x), wType, typeOf(g));
    int64_t S = w.spatial, G = op.getGroups();
    int64_t cog = wType.getDimSize(0) / G, cig = wType.getDimSize(1);
    Value gg = splitDim(b, loc, g, 1, G); // [N, G, Cog, O...]
    // dW: iteration (g, co, ci, k..., n, o...); n and o are reductions.
    {
      Value xp = splitDim(b, loc, padToWindow(b, loc, x, w, 0.0), 1, G);
      int64_t nd = 4 + 2 * S;
      AffineExpr gr = getAffineDimExpr(0, ctx), co = getAffineDimExpr(1, ctx),
                 ci = getAffineDimExpr(2, ctx),
                 n = getAffineDimExpr(3 + S, ctx);
      SmallVector<AffineExpr> ks = affineDims(ctx, 3, S),
                              os = affineDims(ctx, 4 + S, S);
      SmallVector<AffineExpr> gExprs{n, gr, co};
      gExprs.append(os);
      SmallVector<AffineExpr> xExprs{n, gr, ci};
      for (int64_t i = 0; i < S; ++i)
        xExprs.push_back(os[i] * w.stride[i] + ks[i] * w.dilation[i]);
      SmallVector<AffineExpr> outExprs{gr, co, ci};
      outExprs.append(ks);
      SmallVector<IteratorType> iters(3 + S, IteratorType::parallel);
      iters.append(1 + S, IteratorType::reduction);
      SmallVector<int64_t> dwShape{G, cog, cig};
      dwShape.append(w.kernel);
      auto dwType = RankedTensorType::get(dwShape, elt);
      Value init = builders::filledTensor(
          b, loc, dwType,
          getAsIndexOpFoldResult(ctx, ArrayRef<int64_t>(dwShape)), 0.0);
      Value dw = builders::buildGeneric(b, loc, init, ValueRange{gg, xp},
                                        {affineMapOf(nd, gExprs, ctx),
                                         affineMapOf(nd, xExprs, ctx),
                                         affineMapOf(nd, outExprs, ctx)},
                                        iters, multiplyAdd);
      rewriter.replaceOp(
          op, builders::castTo(b, loc, mergeDims(b, loc, dw, 0), wType));
    }

    return success();
  }
};

/// The divisor of each output position of an average pool, as the forward
/// (PyTorch's avg_pool): per dim, start = o·s - pb, end = min(start + k,
/// in + pe); with count_include_pad end - start, else min(end, in) -
/// max(start, 0); the product over dims.
SmallVector<double> avgCounts(const Window &w, bool includePad) {
  SmallVector<SmallVector<int64_t>> perDim(w.spatial);
  for (int64_t i = 0; i < w.spatial; ++i)
    for (int64_t o = 0; o < w.out[i]; ++o) {
      int64_t start = o * w.stride[i] - w.padBegin[i];
      int64_t end = std::min(start + w.kernel[i], w.in[i] + w.padEnd[i]);
      perDim[i].push_back(includePad ? end - start
                                     : std::min(end, w.in[i]) -
                                           std::max<int64_t>(start, 0));
    }
  SmallVector<double> counts{1.0};
  for (int64_t i = 0; i < w.spatial; ++i) {
    SmallVector<double> next;
    for (double c : counts)
      for (int64_t n : perDim[i])
        next.push_back(c * static_cast<double>(n));
    counts = std::move(next);
  }
  return counts;
}

struct PoolBackwardLowering : OpRewritePattern<nn::PoolBackwardOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(nn::PoolBackwardOp op,
                                PatternRewriter &rewriter) const override {
    OpBuilder &b = rewriter;
    Location loc = op.getLoc();
    MLIRContext *ctx = b.getContext();
    Value x = op.getInput(), y = op.getOutput(), g = op.getGrad();
    auto xType = op.getType(), gType = typeOf(g);
    Type elt = xType.getElementType();
    int64_t S = xType.getRank() - 2;
    bool isMax = op.getKind() == nn::PoolKind::max;

    Window w;
    w.spatial = S;
    SmallVector<int64_t> pad = op.getPaddingOrDefault();
    w.stride = op.getStridesOrDefault();
    w.dilation.assign(S, 1);
    w.kernel.assign(op.getKernelShape().begin(), op.getKernelShape().end());
    for (int64_t i = 0; i < S; ++i) {
      w.in.push_back(xType.getDimSize(2 + i));
      w.out.push_back(gType.getDimSize(2 + i));
      w.padBegin.push_back(pad[i]);
      w.padEnd.push_back(pad[S + i]);
    }

    SmallVector<OpFoldResult> gSizes = builders::getSizes(b, loc, g);
    Value acc = zeroAccumulator(b, loc, elt, {gSizes[0], gSizes[1]}, w);
    // Iteration (n, c, o...) of the per-offset updates.
    int64_t nd = 2 + S;
    AffineMap id = AffineMap::getMultiDimIdentityMap(nd, ctx);
    SmallVector<IteratorType> par(nd, IteratorType::parallel);

    if (!isMax) {
      SmallVector<double> counts = avgCounts(w, op.getCountIncludePad());
      SmallVector<Attribute> recip;
      for (double c : counts)
        recip.push_back(FloatAttr::get(elt, 1.0 / c));
      auto rType = RankedTensorType::get(w.out, elt);
      Value r = arith::ConstantOp::create(b, loc,
                                          DenseElementsAttr::get(rType, recip));
      AffineMap rMap = affineMapOf(nd, affineDims(ctx, 2, S), ctx);
      for (int64_t f = 0; f < w.kernelCount(); ++f)
        acc = accumulateAt(b, loc, acc, w, w.offset(f), [&](Value slice) {
          return builders::buildGeneric(b, loc, slice, ValueRange{g, r},
                                        {id, rMap, id}, par, multiplyAdd);
        });
    } else {
      // argfirst[n, c, o] = min{flat(k) : Xpad[n, c, o·s + k] == Y[n, c, o]}
      // over iteration (n, c, o..., k...); a [K...] tensor.empty gives the
      // kernel loops their extent (as linalg.pooling_*).
      Value xp = padToWindow(b, loc, x, w, -INFINITY);
      int64_t nda = 2 + 2 * S;
      SmallVector<AffineExpr> os = affineDims(ctx, 2, S),
                              ks = affineDims(ctx, 2 + S, S);
      SmallVector<AffineExpr> xExprs{getAffineDimExpr(0, ctx),
                                     getAffineDimExpr(1, ctx)};
      for (int64_t i = 0; i < S; ++i)
        xExprs.push_back(os[i] * w.stride[i] + ks[i]);
      SmallVector<AffineExpr> yExprs = affineDims(ctx, 0, 2 + S);
      SmallVector<IteratorType> iters(2 + S, IteratorType::parallel);
      iters.append(S, IteratorType::reduction);
      Value window = tensor::EmptyOp::create(b, loc, w.kernel, elt);
      auto argType = RankedTensorType::get(gType.getShape(), b.getI64Type());
      Value argInit =
          linalg::FillOp::create(
              b, loc,
              arith::ConstantOp::create(b, loc, b.getI64IntegerAttr(INT64_MAX))
                  .getResult(),
              builders::emptyTensor(b, loc, argType, gSizes))
              .getResult(0);
      Window win = w;
      Value arg = builders::buildGeneric(
          b, loc, argInit, ValueRange{xp, window, y},
          {affineMapOf(nda, xExprs, ctx), affineMapOf(nda, ks, ctx),
           affineMapOf(nda, yExprs, ctx), affineMapOf(nda, yExprs, ctx)},
          iters, [&](OpBuilder &nb, Location l, ValueRange a) -> Value {
            Value flat;
            for (int64_t i = 0; i < S; ++i) {
              Value ki = linalg::IndexOp::create(
                  nb, l, static_cast<uint64_t>(2 + S + i));
              if (flat) {
                Value kc = arith::ConstantIndexOp::create(nb, l, win.kernel[i]);
                flat = arith::AddIOp::create(
                    nb, l, arith::MulIOp::create(nb, l, flat, kc), ki);
              } else {
                flat = ki;
              }
            }
            Value f64 =
                arith::IndexCastOp::create(nb, l, nb.getI64Type(), flat);
            Value eq = arith::CmpFOp::create(nb, l, arith::CmpFPredicate::OEQ,
                                             a[0], a[2]);
            Value m = arith::MinSIOp::create(nb, l, a[3], f64);
            return arith::SelectOp::create(nb, l, eq, m, a[3]);
          });
      for (int64_t f = 0; f < w.kernelCount(); ++f)
        acc = accumulateAt(b, loc, acc, w, w.offset(f), [&](Value slice) {
          return builders::buildGeneric(
              b, loc, slice, ValueRange{arg, g}, {id, id, id}, par,
              [&](OpBuilder &nb, Location l, ValueRange a) -> Value {
                Value fc =
                    arith::ConstantOp::create(nb, l, nb.getI64IntegerAttr(f));
                Value hit = arith::CmpIOp::create(
                    nb, l, arith::CmpIPredicate::eq, a[0], fc);
                return arith::SelectOp::create(
                    nb, l, hit, arith::AddFOp::create(nb, l, a[2], a[1]), a[2]);
              });
        });
    }
    rewriter.replaceOp(op,
                       builders::castTo(b, loc, unpad(b, loc, acc, w), xType));
    return success();
  }
};

//===----------------------------------------------------------------------===//
// nn.global_pool_backward
//===----------------------------------------------------------------------===//

struct GlobalPoolBackwardLowering : OpRewritePattern<nn::GlobalPoolBackwardOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(nn::GlobalPoolBackwardOp op,
                                PatternRewriter &rewriter) const override {
    OpBuilder &b = rewriter;
    Location loc = op.getLoc();
    MLIRContext *ctx = b.getContext();
    Value x = op.getInput(), g = op.getGrad();
    auto xType = op.getType();
    Type elt = xType.getElementType();
    int64_t rank = xType.getRank(), S = rank - 2;
    SmallVector<OpFoldResult> xSizes = builders::getSizes(b, loc, x);
    SmallVector<Value> sizes;
    for (OpFoldResult s : xSizes)
      sizes.push_back(getValueOrCreateConstantIndexOp(b, loc, s));
    AffineMap id = AffineMap::getMultiDimIdentityMap(rank, ctx);
    // [n, c, 0...]: reads the result (or its gradient) broadcast over x.
    SmallVector<AffineExpr> ncExprs{getAffineDimExpr(0, ctx),
                                    getAffineDimExpr(1, ctx)};
    SmallVector<AffineExpr> unitExprs = ncExprs;
    unitExprs.append(S, getAffineConstantExpr(0, ctx));
    AffineMap unitMap = AffineMap::get(rank, 0, unitExprs, ctx);
    AffineMap ncMap = AffineMap::get(rank, 0, ncExprs, ctx);
    SmallVector<IteratorType> par(rank, IteratorType::parallel);
    Value dxInit = builders::emptyTensor(b, loc, xType, xSizes);
    auto toI64 = [](OpBuilder &nb, Location l, Value v) -> Value {
      return arith::IndexCastOp::create(nb, l, nb.getI64Type(), v);
    };

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
      return toI64(nb, l, flat);
    };

    Value dx;
    if (op.getKind() == nn::PoolKind::avg) {
      Value count = sizes[2];
      for (int64_t i = 1; i < S; ++i)
        count = arith::MulIOp::create(b, loc, count, sizes[2 + i]);
      Value countF = arith::SIToFPOp::create(b, loc, elt, toI64(b, loc, count));
      dx = builders::buildGeneric(
          b, loc, dxInit, ValueRange{g}, {unitMap, id}, par,
          [&](OpBuilder &nb, Location l, ValueRange a) -> Value {
            return arith::DivFOp::create(nb, l, a[0], countF);
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
          b, loc, argInit, ValueRange{x, op.getOutput()}, {id, unitMap, ncMap},
          iters, [&](OpBuilder &nb, Location l, ValueRange a) -> Value {
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
            return arith::SelectOp::create(
                nb, l, hit, a[1], builders::floatConst(nb, l, elt, 0.0));
          });
    }
    rewriter.replaceOp(op, dx);
    return success();
  }
};

} // namespace

void nnc::populateNNConvPoolBackwardToLinalgPatterns(
    RewritePatternSet &patterns) {
  patterns.add<ConvBackwardInputLowering, ConvBackwardWeightLowering,
               PoolBackwardLowering, GlobalPoolBackwardLowering>(
      patterns.getContext());
}
