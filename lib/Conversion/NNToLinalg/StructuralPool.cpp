//===- StructuralPool.cpp - pooling to linalg -----------------------------===//
//
// nn.pool        -> tensor.pad (value -inf for max, 0 for avg; low = begin
//                   padding, high = end padding plus the extra positions a
//                   ceil_mode window needs past the padded input) +
//                   linalg.fill + linalg.pooling_nc(h)w_max / _sum, and for
//                   avg one linalg.generic dividing by the window count:
//                   a constant when every window is full, otherwise counted
//                   per output position from linalg.index (positions within
//                   [-pad_begin, in + pad_end) with count_include_pad, within
//                   [0, in) without; the ceil_mode extra never counts), as
//                   PyTorch's avg_pool.
// nn.global_pool -> linalg.reduce over the spatial dims (+ a linalg.generic
//                   dividing by their element count for avg) and
//                   tensor.expand_shape back to [N, C, 1...].
//
//===----------------------------------------------------------------------===//
#include "StructuralUtils.h"

#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"

#include <cmath>

using namespace mlir;
using namespace nnc;
using namespace nnc::nn::builders;
using namespace nnc::lowering::structural;

namespace {

// Pooling
//===----------------------------------------------------------------------===//

struct PoolLowering : OpRewritePattern<nn::PoolOp> {
  using OpRewritePattern::OpRewritePattern;

  LogicalResult matchAndRewrite(nn::PoolOp op,
                                PatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    Value x = op.getInput();
    auto xType = cast<RankedTensorType>(x.getType());
    auto resultType = cast<RankedTensorType>(op.getResult().getType());
    Type elt = xType.getElementType();
    int64_t spatial = xType.getRank() - 2;
    bool isMax = op.getKind() == nn::PoolKind::max;
    bool ceil = op.getCeilMode();
    bool includePad = op.getCountIncludePad();
    SmallVector<int64_t> kernel(op.getKernelShape());
    SmallVector<int64_t> strides = op.getStridesOrDefault();
    SmallVector<int64_t> padding = op.getPaddingOrDefault();
    IndexMath im{rewriter, loc};

    SmallVector<OpFoldResult> inSizes = getSizes(rewriter, loc, x);
    SmallVector<OpFoldResult> outSizes{inSizes[0], inSizes[1]};
    SmallVector<OpFoldResult> low(xType.getRank(), im.c(0));
    SmallVector<OpFoldResult> high(xType.getRank(), im.c(0));
    SmallVector<OpFoldResult> in(spatial);
    SmallVector<OpFoldResult> extra(spatial);
    bool needPad = false;
    for (int64_t i = 0; i < spatial; ++i) {
      int64_t k = kernel[i], s = strides[i];
      int64_t pb = padding[i], pe = padding[spatial + i];
      in[i] = inSizes[2 + i];
      OpFoldResult padded = im.add(in[i], im.c(pb + pe));
      // Output size (as the op's type inference; computed for dynamic dims).
      OpFoldResult out;
      int64_t declared = resultType.getDimSize(2 + i);
      if (!ShapedType::isDynamic(declared)) {
        out = im.c(declared);
      } else {
        // A dynamic input smaller than the window: reported, 0 outputs.
        out = checkedWindowOutput(im.b, im.loc, im.sub(padded, im.c(k)), s,
                                  ceil, in[i], 2 + i);
        if (ceil) {
          OpFoldResult lastStart = im.mul(im.sub(out, im.c(1)), im.c(s));
          out = im.selectGE(lastStart, im.add(in[i], im.c(pb)),
                            im.sub(out, im.c(1)), out);
        }
      }
      outSizes.push_back(out);
      // Positions the last window reads past the padded input (ceil_mode).
      OpFoldResult need =
          im.add(im.mul(im.sub(out, im.c(1)), im.c(s)), im.c(k));
      extra[i] = im.max(im.c(0), im.sub(need, padded));
      low[2 + i] = im.c(pb);
      high[2 + i] = im.add(im.c(pe), extra[i]);
      if (pb != 0 || !IndexMath::cst(high[2 + i]) ||
          *IndexMath::cst(high[2 + i]) != 0)
        needPad = true;
    }

    Value source = x;
    if (needPad) {
      Value padValue = floatConst(rewriter, loc, elt, isMax ? -INFINITY : 0.0);
      source = tensor::PadOp::create(rewriter, loc, RankedTensorType(), x, low,
                                     high, padValue)
                   .getResult();
    }

    auto accType = RankedTensorType::get(staticShape(outSizes), elt);
    Value init =
        filledTensor(rewriter, loc, accType, outSizes, isMax ? -INFINITY : 0.0);
    Value window = tensor::EmptyOp::create(rewriter, loc, kernel, elt);
    Attribute stridesAttr = rewriter.getI64VectorAttr(strides);
    Attribute dilationsAttr =
        rewriter.getI64VectorAttr(SmallVector<int64_t>(spatial, 1));
    SmallVector<Value> ins{source, window};
    Value pooled;
    if (spatial == 2) {
      pooled =
          isMax
              ? linalg::PoolingNchwMaxOp::create(rewriter, loc,
                                                 TypeRange{accType}, ins, init,
                                                 stridesAttr, dilationsAttr)
                    .getResult(0)
              : linalg::PoolingNchwSumOp::create(rewriter, loc,
                                                 TypeRange{accType}, ins, init,
                                                 stridesAttr, dilationsAttr)
                    .getResult(0);
    } else {
      pooled =
          isMax ? linalg::PoolingNcwMaxOp::create(rewriter, loc,
                                                  TypeRange{accType}, ins, init,
                                                  stridesAttr, dilationsAttr)
                      .getResult(0)
                : linalg::PoolingNcwSumOp::create(rewriter, loc,
                                                  TypeRange{accType}, ins, init,
                                                  stridesAttr, dilationsAttr)
                      .getResult(0);
    }
    if (isMax) {
      rewriter.replaceOp(op, castTo(rewriter, loc, pooled, resultType));
      return success();
    }

    // Average: divide by the number of counted window positions, per
    // spatial dim (the product over dims is the window count).
    // A dim whose windows all count k positions contributes the constant k.
    int64_t constantCount = 1;
    SmallVector<int64_t> countedDims;
    for (int64_t i = 0; i < spatial; ++i) {
      int64_t pb = padding[i], pe = padding[spatial + i];
      auto ex = IndexMath::cst(extra[i]);
      bool full = ex && *ex == 0 && (includePad || (pb == 0 && pe == 0));
      if (full)
        constantCount *= kernel[i];
      else
        countedDims.push_back(i);
    }
    Value result = buildElementwiseInto(
        rewriter, loc, emptyTensor(rewriter, loc, accType, outSizes), pooled,
        [&](OpBuilder &nb, Location l, ValueRange args) -> Value {
          IndexMath bm{nb, l};
          OpFoldResult count = bm.c(constantCount);
          for (int64_t i : countedDims) {
            int64_t k = kernel[i], s = strides[i];
            int64_t pb = padding[i], pe = padding[spatial + i];
            Value o =
                linalg::IndexOp::create(nb, l, static_cast<uint64_t>(2 + i));
            OpFoldResult start = bm.sub(bm.mul(o, bm.c(s)), bm.c(pb));
            OpFoldResult end = bm.add(start, bm.c(k));
            OpFoldResult n =
                includePad ? bm.sub(bm.min(end, bm.add(in[i], bm.c(pe))), start)
                           : bm.sub(bm.min(end, in[i]), bm.max(start, bm.c(0)));
            count = bm.mul(count, n);
          }
          return arith::DivFOp::create(nb, l, args[0],
                                       countAsFloat(nb, l, count, elt));
        });
    rewriter.replaceOp(op, castTo(rewriter, loc, result, resultType));
    return success();
  }
};

struct GlobalPoolLowering : OpRewritePattern<nn::GlobalPoolOp> {
  using OpRewritePattern::OpRewritePattern;

  LogicalResult matchAndRewrite(nn::GlobalPoolOp op,
                                PatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    Value x = op.getInput();
    auto xType = cast<RankedTensorType>(x.getType());
    auto resultType = cast<RankedTensorType>(op.getResult().getType());
    Type elt = xType.getElementType();
    bool isMax = op.getKind() == nn::PoolKind::max;
    // The spatial dims as one contiguous row: reduced a vector at a time,
    // not a scalar chain per image row.
    SmallVector<ReassociationIndices> rows{{0}, {1}, {}};
    for (int64_t d = 2; d < xType.getRank(); ++d)
      rows.back().push_back(d);
    Value flat = xType.getRank() == 3
                     ? x
                     : tensor::CollapseShapeOp::create(rewriter, loc, x, rows)
                           .getResult();
    Value reduced =
        reduceDims(rewriter, loc, flat, {2}, isMax ? -INFINITY : 0.0,
                   [&](OpBuilder &nb, Location l, Value v, Value acc) -> Value {
                     if (isMax)
                       return arith::MaximumFOp::create(nb, l, v, acc);
                     return arith::AddFOp::create(nb, l, v, acc);
                   });
    if (!isMax) {
      IndexMath im{rewriter, loc};
      SmallVector<OpFoldResult> sizes = getSizes(rewriter, loc, x);
      OpFoldResult count = im.product(ArrayRef(sizes).drop_front(2));
      reduced = divideBy(rewriter, loc, reduced,
                         countAsFloat(rewriter, loc, count, elt));
    }
    SmallVector<bool> unit(xType.getRank(), true);
    unit[0] = unit[1] = false;
    rewriter.replaceOp(
        op, expandUnitDims(rewriter, loc, reduced, resultType, unit));
    return success();
  }
};

//===----------------------------------------------------------------------===//

} // namespace

void nnc::lowering::structural::populatePoolPatterns(
    RewritePatternSet &patterns) {
  patterns.add<PoolLowering, GlobalPoolLowering>(patterns.getContext());
}
