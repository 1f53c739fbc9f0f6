//===- ConvPoolGradients.cpp - rules of conv and pool --------------------===//
//
// Built at tensor level (linalg.generic, tensor.pad / extract_slice /
// insert_slice / expand_shape / collapse_shape, one scf.for), so the CPU
// pipeline lowers them like the forward. Only the batch dimension may be
// dynamic. Groups are handled by splitting the channel dimension into
// [G, C/G] with tensor.expand_shape, which keeps every indexing map free of
// floordiv / mod.
//
// nn.conv  (x [N, Cin, I...], w [Cout, Cin/G, K...], y [N, Cout, O...]):
//   dW[g,co,ci,k] = Σ_{n,o} dY[n,g,co,o] · Xpad[n,g,ci,o·s + k·d]: one
//     linalg.generic reducing over the batch and output positions;
//   dX: "col2im" — for each kernel offset k (a compile-time loop), one
//     linalg.generic accumulates Σ_co dY[n,g,co,o] · W[g,co,ci,k] into the
//     strided slice acc[n,g,ci, k·d + o·s] (stride s) of a zero tensor of
//     the padded input size; dX is its window [pad_begin, pad_begin + I);
//   db = Σ_{n,o} dY (nn.reduce).
// nn.pool  (col2im with dilation 1; the accumulator also covers the
//   positions a ceil_mode window reads past the padded input):
//   avg: acc[.., k + o·s] += dY[o] / count(o), count(o) being the forward's
//     divisor (count_include_pad and ceil_mode as PyTorch), a constant;
//   max: the gradient goes to the FIRST maximum of each window in row-major
//     window order, as PyTorch's max_pool (its argmax index): a generic
//     computes argfirst[o] = min{flat(k) : Xpad[o·s + k] == Y[o]}
//     (order-independent), then acc[.., k + o·s] += argfirst[o] == flat(k)
//     ? dY[o] : 0. Ties are NOT shared.
//
//===----------------------------------------------------------------------===//
#include "nnc/Dialect/NN/Gradient/GradientUtils.h"

#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"

#include <climits>
#include <cmath>

using namespace mlir;
using namespace nnc::nn;
using namespace nnc::nn::grad;
namespace builders = nnc::nn::builders;
using utils::IteratorType;

namespace {

/// Only dimension 0 (the batch) of `v` may be dynamic.
LogicalResult requireStaticButBatch(Operation *op, Value v, StringRef what) {
  auto type = typeOf(v);
  for (int64_t d = 1; d < type.getRank(); ++d)
    if (type.isDynamicDim(d))
      return op->emitError() << "gradient of '" << op->getName()
                             << "': only the batch dimension of the " << what
                             << " may be dynamic, got " << type;
  return success();
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

LogicalResult checkWindow(Operation *op, const Window &w) {
  for (int64_t i = 0; i < w.spatial; ++i) {
    if (w.padBegin[i] < 0 || w.padEnd[i] < 0 || w.stride[i] < 1 ||
        w.dilation[i] < 1 || w.kernel[i] < 1)
      return op->emitError() << "gradient of '" << op->getName()
                             << "': negative padding or non-positive "
                                "stride / dilation / kernel not supported";
    if (w.out[i] < 1)
      return op->emitError()
             << "gradient of '" << op->getName() << "': empty output";
  }
  return success();
}

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

LogicalResult checkNoEpilogue(Operation *op) {
  auto act = op->getAttrOfType<ActivationAttr>("activation");
  if (act && act.getValue() != Activation::none)
    return op->emitError("gradient rule expects the activation epilogue split "
                         "off (nn-derive-backward does this)");
  return success();
}

//===----------------------------------------------------------------------===//
// nn.conv
//===----------------------------------------------------------------------===//

struct ConvModel : GradientOpInterface::ExternalModel<ConvModel, ConvOp> {
  LogicalResult buildGradients(Operation *o, OpBuilder &b,
                               ValueRange resultGrads, bool,
                               SmallVectorImpl<Value> &operandGrads) const {
    auto op = cast<ConvOp>(o);
    if (failed(checkNoEpilogue(o)))
      return failure();
    Location loc = op.getLoc();
    MLIRContext *ctx = b.getContext();
    Value x = op.getInput(), wt = op.getWeight(), g = resultGrads[0];
    auto xType = typeOf(x), wType = typeOf(wt), gType = typeOf(g);
    Type elt = xType.getElementType();
    if (xType.getRank() != 3 && xType.getRank() != 4)
      return op.emitError("gradient of nn.conv: only 1-D and 2-D supported");
    if (failed(requireStaticButBatch(o, x, "input")) ||
        failed(requireStaticButBatch(o, g, "result")))
      return failure();
    if (!wType.hasStaticShape())
      return op.emitError("gradient of nn.conv: the weight must have a static "
                          "shape");
    int64_t S = xType.getRank() - 2;
    int64_t G = op.getGroups();
    int64_t cout = wType.getDimSize(0), cig = wType.getDimSize(1);
    if (G < 1 || cout % G != 0 || cig * G != xType.getDimSize(1))
      return op.emitError("gradient of nn.conv: inconsistent groups");
    int64_t cog = cout / G;

    Window w;
    w.spatial = S;
    SmallVector<int64_t> pad = op.getPaddingOrDefault();
    w.stride = op.getStridesOrDefault();
    w.dilation = op.getDilationsOrDefault();
    for (int64_t i = 0; i < S; ++i) {
      w.in.push_back(xType.getDimSize(2 + i));
      w.out.push_back(gType.getDimSize(2 + i));
      w.kernel.push_back(wType.getDimSize(2 + i));
      w.padBegin.push_back(pad[i]);
      w.padEnd.push_back(pad[S + i]);
    }
    if (failed(checkWindow(o, w)))
      return failure();

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
          return builders::buildGeneric(
              b, loc, slice, ValueRange{gg, wg}, maps, iters,
              [](OpBuilder &nb, Location l, ValueRange a) {
                return add(nb, l, a[2], mul(nb, l, a[0], a[1]));
              });
        });
      }
    }
    Value dx = mergeDims(b, loc, unpad(b, loc, acc, w), 1);
    operandGrads.push_back(builders::castTo(b, loc, dx, xType));

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
      Value dw = builders::buildGeneric(
          b, loc, init, ValueRange{gg, xp},
          {affineMapOf(nd, gExprs, ctx), affineMapOf(nd, xExprs, ctx),
           affineMapOf(nd, outExprs, ctx)},
          iters, [](OpBuilder &nb, Location l, ValueRange a) {
            return add(nb, l, a[2], mul(nb, l, a[0], a[1]));
          });
      operandGrads.push_back(
          builders::castTo(b, loc, mergeDims(b, loc, dw, 0), wType));
    }

    if (Value bias = op.getBias()) {
      SmallVector<int64_t> axes{0};
      for (int64_t i = 0; i < S; ++i)
        axes.push_back(2 + i);
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

//===----------------------------------------------------------------------===//
// nn.pool
//===----------------------------------------------------------------------===//

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

struct PoolModel : GradientOpInterface::ExternalModel<PoolModel, PoolOp> {
  LogicalResult buildGradients(Operation *o, OpBuilder &b,
                               ValueRange resultGrads, bool,
                               SmallVectorImpl<Value> &operandGrads) const {
    auto op = cast<PoolOp>(o);
    Location loc = op.getLoc();
    MLIRContext *ctx = b.getContext();
    Value x = op.getInput(), y = op.getResult(), g = resultGrads[0];
    auto xType = typeOf(x), gType = typeOf(g);
    Type elt = xType.getElementType();
    if (xType.getRank() != 3 && xType.getRank() != 4)
      return op.emitError("gradient of nn.pool: only 1-D and 2-D supported");
    if (failed(requireStaticButBatch(o, x, "input")) ||
        failed(requireStaticButBatch(o, g, "result")))
      return failure();
    int64_t S = xType.getRank() - 2;
    bool isMax = op.getKind() == PoolKind::max;

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
    if (failed(checkWindow(o, w)))
      return failure();

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
          return builders::buildGeneric(
              b, loc, slice, ValueRange{g, r}, {id, rMap, id}, par,
              [](OpBuilder &nb, Location l, ValueRange a) {
                return add(nb, l, a[2], mul(nb, l, a[0], a[1]));
              });
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
            Value f64 = indexToI64(nb, l, flat);
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
                return arith::SelectOp::create(nb, l, hit,
                                               add(nb, l, a[2], a[1]), a[2]);
              });
        });
    }
    operandGrads.push_back(
        builders::castTo(b, loc, unpad(b, loc, acc, w), xType));
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

void nnc::nn::grad::registerConvPoolGradients(MLIRContext *ctx) {
  ConvOp::attachInterface<ConvModel>(*ctx);
  PoolOp::attachInterface<PoolModel>(*ctx);
}
