//===- LinearOps.cpp - lower dense, conv, matmul to linalg ===//
//
// nn.dense  -> (collapse leading dims to 2-D) linalg.fill + linalg.matmul with
//              transposed-B indexing maps (y = x·Wᵀ), (expand back), and one
//              linalg.generic for the bias + activation epilogue. With
//              several dynamic leading dims: one contraction linalg.generic.
// nn.conv   -> tensor.pad (when padded) + linalg.fill +
//              linalg.conv_2d_nchw_fchw / linalg.conv_1d_ncw_fcw (groups = 1)
//              or linalg.conv_2d_ngchw_gfchw on group-expanded operands
//              (groups > 1; a 1-D grouped conv gets a unit height), and the
//              epilogue generic.
// nn.matmul -> linalg.matmul (2-D x 2-D, or [..., M, K] x [K, N] on the
//              collapsed lhs), linalg.batch_matmul (3-D x 3-D with equal
//              batch) or a linalg.generic contraction whose indexing maps
//              broadcast the batch dimensions; then the epilogue.
//
//===----------------------------------------------------------------------===//
#include "nnc/Conversion/NNToLinalg/NNToLinalg.h"
#include "nnc/Dialect/NN/Utils/Builders.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Dialect/Traits.h"
#include "mlir/Dialect/Utils/StaticValueUtils.h"
#include "mlir/Dialect/Utils/StructuredOpsUtils.h"

using namespace mlir;
using namespace nnc;
using namespace nnc::nn::builders;

namespace {

/// An index value for `ofr` (materializes constants).
Value indexValue(OpBuilder &b, Location loc, OpFoldResult ofr) {
  if (auto v = dyn_cast<Value>(ofr))
    return v;
  return arith::ConstantIndexOp::create(
      b, loc, cast<IntegerAttr>(cast<Attribute>(ofr)).getInt());
}

/// The epilogue (optional bias broadcast by `biasMap`, then the activation)
/// as one elementwise linalg.generic over `acc`; `acc` itself when there is
/// nothing to do.
Value buildEpilogue(OpBuilder &b, Location loc, Value acc, Value bias,
                    AffineMap biasMap, nn::Activation act,
                    std::optional<double> alpha) {
  if (!bias && act == nn::Activation::none)
    return acc;
  auto type = cast<RankedTensorType>(acc.getType());
  int64_t rank = type.getRank();
  SmallVector<Value> inputs{acc};
  SmallVector<AffineMap> maps{b.getMultiDimIdentityMap(rank)};
  if (bias) {
    inputs.push_back(bias);
    maps.push_back(biasMap);
  }
  maps.push_back(b.getMultiDimIdentityMap(rank));
  Value init = emptyTensor(b, loc, type, getSizes(b, loc, acc));
  SmallVector<utils::IteratorType> iterators(rank,
                                             utils::IteratorType::parallel);
  auto generic = linalg::GenericOp::create(
      b, loc, type, inputs, init, maps, iterators,
      [&](OpBuilder &nb, Location nloc, ValueRange args) {
        Value v = args[0];
        if (bias)
          v = arith::AddFOp::create(nb, nloc, v, args[1]);
        v = applyActivation(nb, nloc, v, act, alpha);
        linalg::YieldOp::create(nb, nloc, v);
      });
  return generic.getResult(0);
}

/// Whether `shape` has more than one dynamic size. MLIR 22's
/// expand-strided-metadata crashes on a memref.expand_shape with two dynamic
/// sizes in one reassociation group (llvm-project#186830, fixed in 23), so
/// the lowerings below do not collapse/expand such dims.
bool severalDynamic(ArrayRef<int64_t> shape) {
  return llvm::count_if(shape, ShapedType::isDynamic) > 1;
}

/// Maps (m, n, k) for C[m, n] += A[m, k] · B[n, k] (B transposed).
SmallVector<AffineMap> transposedBMaps(MLIRContext *ctx) {
  AffineExpr m, n, k;
  bindDims(ctx, m, n, k);
  return {AffineMap::get(3, 0, {m, k}, ctx), AffineMap::get(3, 0, {n, k}, ctx),
          AffineMap::get(3, 0, {m, n}, ctx)};
}

//===----------------------------------------------------------------------===//
// dense
//===----------------------------------------------------------------------===//

struct DenseLowering : OpRewritePattern<nn::DenseOp> {
  using OpRewritePattern::OpRewritePattern;

  LogicalResult matchAndRewrite(nn::DenseOp op,
                                PatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    MLIRContext *ctx = rewriter.getContext();
    Value x = op.getInput(), w = op.getWeight();
    auto xType = cast<RankedTensorType>(x.getType());
    auto wType = cast<RankedTensorType>(w.getType());
    Type elt = xType.getElementType();
    int64_t rank = xType.getRank();
    int64_t in = xType.getShape().back();
    SmallVector<OpFoldResult> xSizes;
    if (rank != 2)
      xSizes = getSizes(rewriter, loc, x);

    if (rank > 2 && severalDynamic(xType.getShape().drop_back())) {
      // Several dynamic leading dims: one contraction generic over
      // (lead..., o, k) instead of collapse + matmul + expand.
      SmallVector<int64_t> shape(xType.getShape());
      shape.back() = wType.getDimSize(0);
      auto type = RankedTensorType::get(shape, elt);
      SmallVector<OpFoldResult> sizes(xSizes);
      sizes.back() = tensor::getMixedSize(rewriter, loc, w, 0);
      int64_t loops = rank + 1;
      SmallVector<AffineExpr> xExprs, outExprs;
      for (int64_t d = 0; d + 1 < rank; ++d)
        xExprs.push_back(getAffineDimExpr(d, ctx));
      outExprs = xExprs;
      AffineExpr o = getAffineDimExpr(rank - 1, ctx),
                 k = getAffineDimExpr(rank, ctx);
      xExprs.push_back(k);
      outExprs.push_back(o);
      SmallVector<AffineMap> maps{AffineMap::get(loops, 0, xExprs, ctx),
                                  AffineMap::get(loops, 0, {o, k}, ctx),
                                  AffineMap::get(loops, 0, outExprs, ctx)};
      SmallVector<utils::IteratorType> iterators(loops,
                                                 utils::IteratorType::parallel);
      iterators.back() = utils::IteratorType::reduction;
      Value y =
          linalg::GenericOp::create(
              rewriter, loc, type, ValueRange{x, w},
              filledTensor(rewriter, loc, type, sizes, 0.0), maps, iterators,
              [&](OpBuilder &bb, Location l, ValueRange args) {
                Value p = arith::MulFOp::create(bb, l, args[0], args[1]);
                linalg::YieldOp::create(
                    bb, l, Value(arith::AddFOp::create(bb, l, args[2], p)));
              })
              .getResult(0);
      AffineMap biasMap =
          AffineMap::get(rank, 0, {getAffineDimExpr(rank - 1, ctx)}, ctx);
      y = buildEpilogue(rewriter, loc, y, op.getBias(), biasMap,
                        op.getActivationKind(), op.getAlphaValue());
      rewriter.replaceOp(op, castTo(rewriter, loc, y, op.getType()));
      return success();
    }

    // A 2-D view [M, in] of the input.
    Value x2 = x;
    if (rank == 1) {
      x2 = tensor::ExpandShapeOp::create(
          rewriter, loc, RankedTensorType::get({1, in}, elt), x,
          SmallVector<ReassociationIndices>{{0, 1}},
          SmallVector<OpFoldResult>{rewriter.getIndexAttr(1), xSizes[0]});
    } else if (rank > 2) {
      ReassociationIndices lead;
      for (int64_t d = 0; d + 1 < rank; ++d)
        lead.push_back(d);
      x2 = tensor::CollapseShapeOp::create(
          rewriter, loc, x,
          SmallVector<ReassociationIndices>{lead, {rank - 1}});
    }
    auto x2Type = cast<RankedTensorType>(x2.getType());

    // [M, out] = x2 · Wᵀ.
    int64_t out = wType.getDimSize(0);
    auto mmType = RankedTensorType::get({x2Type.getDimSize(0), out}, elt);
    Value init = filledTensor(rewriter, loc, mmType,
                              {tensor::getMixedSize(rewriter, loc, x2, 0),
                               tensor::getMixedSize(rewriter, loc, w, 0)},
                              0.0);
    auto mm = linalg::MatmulOp::create(rewriter, loc, TypeRange{mmType},
                                       ValueRange{x2, w}, ValueRange{init});
    mm.setIndexingMapsAttr(
        rewriter.getAffineMapArrayAttr(transposedBMaps(ctx)));
    Value y = mm.getResult(0);

    AffineMap biasMap = AffineMap::get(2, 0, {getAffineDimExpr(1, ctx)}, ctx);
    y = buildEpilogue(rewriter, loc, y, op.getBias(), biasMap,
                      op.getActivationKind(), op.getAlphaValue());

    // Back to [..., out].
    if (rank != 2) {
      SmallVector<int64_t> shape(xType.getShape());
      shape.back() = out;
      SmallVector<OpFoldResult> sizes(xSizes);
      sizes.back() = tensor::getMixedSize(rewriter, loc, w, 0);
      if (rank == 1) {
        y = tensor::CollapseShapeOp::create(
            rewriter, loc, RankedTensorType::get(shape, elt), y,
            SmallVector<ReassociationIndices>{{0, 1}});
      } else {
        ReassociationIndices lead;
        for (int64_t d = 0; d + 1 < rank; ++d)
          lead.push_back(d);
        y = tensor::ExpandShapeOp::create(
            rewriter, loc, RankedTensorType::get(shape, elt), y,
            SmallVector<ReassociationIndices>{lead, {rank - 1}}, sizes);
      }
    }
    rewriter.replaceOp(op, castTo(rewriter, loc, y, op.getType()));
    return success();
  }
};

//===----------------------------------------------------------------------===//
// conv
//===----------------------------------------------------------------------===//

/// `a - b` etc. on index values, folded when both are constant.
struct IndexMath {
  OpBuilder &b;
  Location loc;
  OpFoldResult sub(OpFoldResult x, int64_t c) { return add(x, -c); }
  OpFoldResult add(OpFoldResult x, int64_t c) {
    if (auto s = getConstantIntValue(x))
      return b.getIndexAttr(*s + c);
    return arith::AddIOp::create(b, loc, indexValue(b, loc, x),
                                 arith::ConstantIndexOp::create(b, loc, c))
        .getResult();
  }
  OpFoldResult mul(OpFoldResult x, int64_t c) {
    if (auto s = getConstantIntValue(x))
      return b.getIndexAttr(*s * c);
    return arith::MulIOp::create(b, loc, indexValue(b, loc, x),
                                 arith::ConstantIndexOp::create(b, loc, c))
        .getResult();
  }
  OpFoldResult div(OpFoldResult x, int64_t c) {
    if (auto s = getConstantIntValue(x))
      return b.getIndexAttr(*s / c);
    return arith::DivUIOp::create(b, loc, indexValue(b, loc, x),
                                  arith::ConstantIndexOp::create(b, loc, c))
        .getResult();
  }
  OpFoldResult sub(OpFoldResult x, OpFoldResult y) {
    auto sx = getConstantIntValue(x), sy = getConstantIntValue(y);
    if (sx && sy)
      return b.getIndexAttr(*sx - *sy);
    return arith::SubIOp::create(b, loc, indexValue(b, loc, x),
                                 indexValue(b, loc, y))
        .getResult();
  }
};

/// The static size of an OpFoldResult, or kDynamic.
int64_t staticOf(OpFoldResult ofr) {
  if (auto c = getConstantIntValue(ofr))
    return *c;
  return ShapedType::kDynamic;
}

SmallVector<int64_t> staticShapeOf(ArrayRef<OpFoldResult> sizes) {
  return llvm::map_to_vector(sizes, staticOf);
}

struct ConvLowering : OpRewritePattern<nn::ConvOp> {
  using OpRewritePattern::OpRewritePattern;

  LogicalResult matchAndRewrite(nn::ConvOp op,
                                PatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    MLIRContext *ctx = rewriter.getContext();
    IndexMath im{rewriter, loc};
    Value x = op.getInput(), w = op.getWeight();
    auto xType = cast<RankedTensorType>(x.getType());
    Type elt = xType.getElementType();
    int64_t rank = xType.getRank();
    int64_t spatial = rank - 2;
    int64_t groups = static_cast<int64_t>(op.getGroups());
    SmallVector<int64_t> strides = op.getStridesOrDefault();
    SmallVector<int64_t> dilations = op.getDilationsOrDefault();
    SmallVector<int64_t> padding = op.getPaddingOrDefault();

    // Zero padding of the spatial dimensions.
    if (llvm::any_of(padding, [](int64_t p) { return p != 0; })) {
      SmallVector<OpFoldResult> low(rank, rewriter.getIndexAttr(0));
      SmallVector<OpFoldResult> high(rank, rewriter.getIndexAttr(0));
      for (int64_t i = 0; i < spatial; ++i) {
        low[2 + i] = rewriter.getIndexAttr(padding[i]);
        high[2 + i] = rewriter.getIndexAttr(padding[spatial + i]);
      }
      SmallVector<int64_t> padded(xType.getShape());
      for (int64_t i = 0; i < spatial; ++i)
        if (!ShapedType::isDynamic(padded[2 + i]))
          padded[2 + i] += padding[i] + padding[spatial + i];
      x = tensor::PadOp::create(rewriter, loc,
                                RankedTensorType::get(padded, elt), x, low,
                                high, floatConst(rewriter, loc, elt, 0.0));
    }

    // Output sizes [N, Cout, out...].
    SmallVector<OpFoldResult> xSizes = getSizes(rewriter, loc, x);
    SmallVector<OpFoldResult> wSizes = getSizes(rewriter, loc, w);
    SmallVector<OpFoldResult> outSizes{xSizes[0], wSizes[0]};
    for (int64_t i = 0; i < spatial; ++i) {
      // (padded - dilation·(k - 1) - 1) / stride + 1; a dynamic input
      // smaller than the window is reported and gives 0 outputs.
      OpFoldResult span = im.sub(
          im.sub(xSizes[2 + i], im.mul(im.sub(wSizes[2 + i], 1), dilations[i])),
          1);
      outSizes.push_back(checkedWindowOutput(
          rewriter, loc, span, strides[i], /*ceil=*/false,
          im.sub(xSizes[2 + i], padding[i] + padding[spatial + i]), 2 + i));
    }
    auto outType = RankedTensorType::get(staticShapeOf(outSizes), elt);

    Value y;
    if (groups == 1) {
      Value init = filledTensor(rewriter, loc, outType, outSizes, 0.0);
      if (spatial == 2) {
        y = linalg::Conv2DNchwFchwOp::create(
                rewriter, loc, TypeRange{outType}, ValueRange{x, w},
                ValueRange{init}, rewriter.getI64VectorAttr(strides),
                rewriter.getI64VectorAttr(dilations))
                .getResult(0);
      } else {
        y = linalg::Conv1DNcwFcwOp::create(rewriter, loc, TypeRange{outType},
                                           ValueRange{x, w}, ValueRange{init},
                                           rewriter.getI64VectorAttr(strides),
                                           rewriter.getI64VectorAttr(dilations))
                .getResult(0);
      }
    } else {
      // Grouped: input [N, G, Cin/G, (1,) ...], weight [G, Cout/G, Cin/G,
      // (1,) k...], output [N, G, Cout/G, (1,) out...] with
      // linalg.conv_2d_ngchw_gfchw; a 1-D conv gets a unit height.
      bool oneD = spatial == 1;
      auto expand = [&](Value v, ArrayRef<OpFoldResult> sizes,
                        bool channelsFirst) -> Value {
        // channelsFirst: input/output [N, C, ...] -> [N, G, C/G, ...];
        // otherwise the weight [Cout, ...] -> [G, Cout/G, ...].
        SmallVector<OpFoldResult> shape;
        SmallVector<ReassociationIndices> reassoc;
        int64_t next = 0;
        auto keep = [&](OpFoldResult s) {
          shape.push_back(s);
          reassoc.push_back({next++});
        };
        auto split = [&](OpFoldResult s) {
          shape.push_back(rewriter.getIndexAttr(groups));
          shape.push_back(im.div(s, groups));
          reassoc.push_back({next, next + 1});
          next += 2;
        };
        if (channelsFirst) {
          keep(sizes[0]);
          split(sizes[1]);
        } else {
          split(sizes[0]);
          keep(sizes[1]);
        }
        if (oneD) {
          // [.., L] -> [.., 1, L]
          shape.push_back(rewriter.getIndexAttr(1));
          shape.push_back(sizes[2]);
          reassoc.push_back({next, next + 1});
          next += 2;
        } else {
          keep(sizes[2]);
          keep(sizes[3]);
        }
        auto type = RankedTensorType::get(staticShapeOf(shape), elt);
        return tensor::ExpandShapeOp::create(rewriter, loc, type, v, reassoc,
                                             shape);
      };
      Value xg = expand(x, xSizes, /*channelsFirst=*/true);
      Value wg = expand(w, wSizes, /*channelsFirst=*/false);
      SmallVector<OpFoldResult> ygSizes{outSizes[0],
                                        rewriter.getIndexAttr(groups),
                                        im.div(outSizes[1], groups)};
      if (oneD)
        ygSizes.push_back(rewriter.getIndexAttr(1));
      ygSizes.append(outSizes.begin() + 2, outSizes.end());
      auto ygType = RankedTensorType::get(staticShapeOf(ygSizes), elt);
      Value init = filledTensor(rewriter, loc, ygType, ygSizes, 0.0);
      SmallVector<int64_t> s2(strides), d2(dilations);
      if (oneD) {
        s2.insert(s2.begin(), 1);
        d2.insert(d2.begin(), 1);
      }
      Value yg = linalg::Conv2DNgchwGfchwOp::create(
                     rewriter, loc, TypeRange{ygType}, ValueRange{xg, wg},
                     ValueRange{init}, rewriter.getI64VectorAttr(s2),
                     rewriter.getI64VectorAttr(d2))
                     .getResult(0);
      SmallVector<ReassociationIndices> reassoc{{0}, {1, 2}};
      if (oneD)
        reassoc.push_back({3, 4});
      else
        reassoc.append({{3}, {4}});
      y = tensor::CollapseShapeOp::create(rewriter, loc, outType, yg, reassoc);
    }

    AffineMap biasMap =
        AffineMap::get(rank, 0, {getAffineDimExpr(1, ctx)}, ctx);
    y = buildEpilogue(rewriter, loc, y, op.getBias(), biasMap,
                      op.getActivationKind(), op.getAlphaValue());
    rewriter.replaceOp(op, castTo(rewriter, loc, y, op.getType()));
    return success();
  }
};

//===----------------------------------------------------------------------===//
// matmul
//===----------------------------------------------------------------------===//

/// x when `a` is transpose(x) (a weight gradient's dYᵀ), read as [K, M].
static Value transposedSource(Value a) {
  Operation *t = a.getDefiningOp();
  if (!isa_and_nonnull<nn::TransposeOp, linalg::TransposeOp>(t))
    return {};
  auto perm = t->getAttrOfType<DenseI64ArrayAttr>("permutation");
  bool swap = perm && perm.asArrayRef() == ArrayRef<int64_t>{1, 0};
  return swap ? t->getOperand(0) : Value();
}

struct MatmulLowering : OpRewritePattern<nn::MatmulOp> {
  using OpRewritePattern::OpRewritePattern;

  LogicalResult matchAndRewrite(nn::MatmulOp op,
                                PatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    MLIRContext *ctx = rewriter.getContext();
    Value a = op.getLhs(), b = op.getRhs();
    auto aType = cast<RankedTensorType>(a.getType());
    auto bType = cast<RankedTensorType>(b.getType());
    Type elt = aType.getElementType();
    int64_t aRank = aType.getRank(), bRank = bType.getRank();
    ArrayRef<int64_t> aBatch = aType.getShape().drop_back(2);
    ArrayRef<int64_t> bBatch = bType.getShape().drop_back(2);
    SmallVector<int64_t> batch;
    (void)OpTrait::util::getBroadcastedShape(aBatch, bBatch, batch);
    int64_t nb = batch.size();

    // Result sizes [batch..., M, N].
    SmallVector<OpFoldResult> sizes;
    for (int64_t i = 0; i < nb; ++i) {
      if (!ShapedType::isDynamic(batch[i])) {
        sizes.push_back(rewriter.getIndexAttr(batch[i]));
        continue;
      }
      int64_t ai = i - (nb - (aRank - 2)), bi = i - (nb - (bRank - 2));
      if (ai >= 0 && aBatch[ai] != 1)
        sizes.push_back(tensor::getMixedSize(rewriter, loc, a, ai));
      else
        sizes.push_back(tensor::getMixedSize(rewriter, loc, b, bi));
    }
    sizes.push_back(tensor::getMixedSize(rewriter, loc, a, aRank - 2));
    sizes.push_back(tensor::getMixedSize(rewriter, loc, b, bRank - 1));
    SmallVector<int64_t> shape(batch);
    shape.append({aType.getDimSize(aRank - 2), bType.getShape().back()});
    auto resultType = RankedTensorType::get(shape, elt);
    auto zeroInit = [&] {
      return filledTensor(rewriter, loc, resultType, sizes, 0.0);
    };

    Value y;
    if (aRank == 2 && bRank == 2) {
      Value x = transposedSource(a);
      auto mm = linalg::MatmulOp::create(rewriter, loc, TypeRange{resultType},
                                         ValueRange{x ? x : a, b},
                                         ValueRange{zeroInit()});
      AffineExpr m, n, k;
      bindDims(ctx, m, n, k);
      if (x)
        mm.setIndexingMapsAttr(rewriter.getAffineMapArrayAttr(
            {AffineMap::get(3, 0, {k, m}, ctx),
             AffineMap::get(3, 0, {k, n}, ctx),
             AffineMap::get(3, 0, {m, n}, ctx)}));
      y = mm.getResult(0);
    } else if (bRank == 2 && !severalDynamic(aType.getShape().drop_back())) {
      // [..., M, K] · [K, N]: one 2-D matmul on the collapsed lhs.
      ReassociationIndices lead;
      for (int64_t d = 0; d + 1 < aRank; ++d)
        lead.push_back(d);
      SmallVector<ReassociationIndices> reassoc{lead, {aRank - 1}};
      Value a2 = tensor::CollapseShapeOp::create(rewriter, loc, a, reassoc);
      auto a2Type = cast<RankedTensorType>(a2.getType());
      auto mmType = RankedTensorType::get(
          {a2Type.getDimSize(0), bType.getDimSize(1)}, elt);
      Value init2 = filledTensor(
          rewriter, loc, mmType,
          {tensor::getMixedSize(rewriter, loc, a2, 0), sizes.back()}, 0.0);
      Value mm = linalg::MatmulOp::create(rewriter, loc, TypeRange{mmType},
                                          ValueRange{a2, b}, ValueRange{init2})
                     .getResult(0);
      y = tensor::ExpandShapeOp::create(rewriter, loc, resultType, mm, reassoc,
                                        sizes);
    } else if (aRank == 3 && bRank == 3 && aBatch[0] == bBatch[0]) {
      y = linalg::BatchMatmulOp::create(rewriter, loc, TypeRange{resultType},
                                        ValueRange{a, b},
                                        ValueRange{zeroInit()})
              .getResult(0);
    } else if (aRank == bRank && aRank > 3 && aBatch == bBatch &&
               llvm::none_of(aBatch, ShapedType::isDynamic)) {
      // Equal static batches (attention's [B, H, L, D]): one batch_matmul
      // over the collapsed batch dimensions.
      ReassociationIndices lead;
      for (int64_t d = 0; d < nb; ++d)
        lead.push_back(d);
      SmallVector<ReassociationIndices> reassoc{lead, {nb}, {nb + 1}};
      Value a3 = tensor::CollapseShapeOp::create(rewriter, loc, a, reassoc);
      Value b3 = tensor::CollapseShapeOp::create(rewriter, loc, b, reassoc);
      int64_t flat = 1;
      for (int64_t size : aBatch)
        flat *= size;
      auto mmType = RankedTensorType::get(
          {flat, aType.getDimSize(aRank - 2), bType.getShape().back()}, elt);
      Value init3 = filledTensor(
          rewriter, loc, mmType,
          {rewriter.getIndexAttr(flat), sizes[nb], sizes[nb + 1]}, 0.0);
      Value mm =
          linalg::BatchMatmulOp::create(rewriter, loc, TypeRange{mmType},
                                        ValueRange{a3, b3}, ValueRange{init3})
              .getResult(0);
      y = tensor::ExpandShapeOp::create(rewriter, loc, resultType, mm, reassoc,
                                        sizes);
    } else {
      // Iteration space (batch..., m, n, k).
      int64_t loops = nb + 3;
      AffineExpr m = getAffineDimExpr(nb, ctx),
                 n = getAffineDimExpr(nb + 1, ctx),
                 k = getAffineDimExpr(nb + 2, ctx);
      auto operandMap = [&](ArrayRef<int64_t> opBatch, AffineExpr r,
                            AffineExpr c) {
        SmallVector<AffineExpr> exprs;
        int64_t offset = nb - opBatch.size();
        for (auto [i, size] : llvm::enumerate(opBatch)) {
          int64_t d = i + offset;
          if (size == 1 && batch[d] != 1)
            exprs.push_back(getAffineConstantExpr(0, ctx));
          else
            exprs.push_back(getAffineDimExpr(d, ctx));
        }
        exprs.push_back(r);
        exprs.push_back(c);
        return AffineMap::get(loops, 0, exprs, ctx);
      };
      SmallVector<AffineExpr> outExprs;
      for (int64_t d = 0; d < nb + 2; ++d)
        outExprs.push_back(getAffineDimExpr(d, ctx));
      SmallVector<AffineMap> maps{operandMap(aBatch, m, k),
                                  operandMap(bBatch, k, n),
                                  AffineMap::get(loops, 0, outExprs, ctx)};
      SmallVector<utils::IteratorType> iterators(loops,
                                                 utils::IteratorType::parallel);
      iterators.back() = utils::IteratorType::reduction;
      y = linalg::GenericOp::create(
              rewriter, loc, resultType, ValueRange{a, b}, zeroInit(), maps,
              iterators,
              [&](OpBuilder &bb, Location nloc, ValueRange args) {
                Value p = arith::MulFOp::create(bb, nloc, args[0], args[1]);
                Value s = arith::AddFOp::create(bb, nloc, args[2], p);
                linalg::YieldOp::create(bb, nloc, s);
              })
              .getResult(0);
    }

    int64_t rank = nb + 2;
    AffineMap biasMap =
        AffineMap::get(rank, 0, {getAffineDimExpr(rank - 1, ctx)}, ctx);
    y = buildEpilogue(rewriter, loc, y, op.getBias(), biasMap,
                      op.getActivationKind(), op.getAlphaValue());
    rewriter.replaceOp(op, castTo(rewriter, loc, y, op.getType()));
    return success();
  }
};

} // namespace

void nnc::populateNNLinearToLinalgPatterns(RewritePatternSet &patterns) {
  patterns.add<DenseLowering, ConvLowering, MatmulLowering>(
      patterns.getContext());
}
