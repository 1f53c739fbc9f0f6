//===- SequenceOps.cpp - lower embedding, kmeans to linalg ---------------===//
//
// nn.embedding -> one linalg.generic over indices.shape + [D] reading the
//                 index (arith.index_cast to index) and the table row with
//                 tensor.extract table[index, d].
// nn.kmeans    -> five linalg.generics over rows [...] and centers K:
//                   1. d[..., k] = Σ_j (x[..., j] - c[k, j])²   (reduction j)
//                   2. m[...]    = max_k (-d / T)               (reduction k)
//                   3. e[..., k] = exp(-d / T - m)
//                   4. z[...]    = Σ_k e                        (reduction k)
//                   5. out       = e / z
// nn.rnn, nn.lstm -> the input projection of all steps as one nn.dense
//                 [B, T, G], then an scf.for over the steps carrying the
//                 state and the output [B, T, H]; each step's cell is nn ops
//                 (lowered by the other patterns). Compile time does not grow
//                 with T, and T may be dynamic. (nn-decompose's unrolled form
//                 stays for nn-derive-backward.)
//
//===----------------------------------------------------------------------===//
#include "nnc/Conversion/NNToLinalg/NNToLinalg.h"
#include "nnc/Dialect/NN/Utils/Builders.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Arith/Utils/Utils.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Dialect/Utils/StructuredOpsUtils.h"

#include <cmath>

using namespace mlir;
using namespace nnc;
using namespace nnc::nn::builders;

namespace {

/// The map (d0 .. d{n-1}) -> (the dims in `dims`).
AffineMap dimsMap(MLIRContext *ctx, int64_t n, ArrayRef<int64_t> dims) {
  SmallVector<AffineExpr> exprs;
  for (int64_t d : dims)
    exprs.push_back(getAffineDimExpr(d, ctx));
  return AffineMap::get(n, 0, exprs, ctx);
}

SmallVector<int64_t> range(int64_t begin, int64_t end) {
  SmallVector<int64_t> r;
  for (int64_t i = begin; i < end; ++i)
    r.push_back(i);
  return r;
}

struct EmbeddingLowering : OpRewritePattern<nn::EmbeddingOp> {
  using OpRewritePattern::OpRewritePattern;

  LogicalResult matchAndRewrite(nn::EmbeddingOp op,
                                PatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    MLIRContext *ctx = rewriter.getContext();
    Value indices = op.getIndices();
    Value table = op.getTable();
    auto resultType = cast<RankedTensorType>(op.getResult().getType());
    int64_t rank = resultType.getRank(); // indices rank + 1
    SmallVector<OpFoldResult> sizes = getSizes(rewriter, loc, indices);
    sizes.push_back(getSizes(rewriter, loc, table)[1]);
    Value init = emptyTensor(rewriter, loc, resultType, sizes);
    // An id outside the table is reported (the runtime's checks) and
    // clamped, so that the lookup never reads out of bounds.
    Value rows = getValueOrCreateConstantIndexOp(
        rewriter, loc, getSizes(rewriter, loc, table)[0]);
    bool wrap = op.getWrapNegative();
    // NNC_CHECK_EMBEDDING_ID, NNC_CHECK_GATHER_INDEX (nnc_runtime.h).
    checkIndices(rewriter, loc, indices, rows, wrap, wrap ? 1 : 0);
    SmallVector<AffineMap> maps{dimsMap(ctx, rank, range(0, rank - 1)),
                                rewriter.getMultiDimIdentityMap(rank)};
    SmallVector<utils::IteratorType> iterators(rank,
                                               utils::IteratorType::parallel);
    Value result = buildGeneric(
        rewriter, loc, init, indices, maps, iterators,
        [&](OpBuilder &nb, Location l, ValueRange args) -> Value {
          Value row = clampedRow(nb, l, args[0], rows, wrap);
          Value col =
              linalg::IndexOp::create(nb, l, static_cast<uint64_t>(rank - 1));
          return tensor::ExtractOp::create(nb, l, table, ValueRange{row, col});
        });
    rewriter.replaceOp(op, result);
    return success();
  }
};

struct KMeansLowering : OpRewritePattern<nn::KMeansOp> {
  using OpRewritePattern::OpRewritePattern;

  LogicalResult matchAndRewrite(nn::KMeansOp op,
                                PatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    MLIRContext *ctx = rewriter.getContext();
    Value x = op.getInput();
    Value centers = op.getCenters();
    auto xType = cast<RankedTensorType>(x.getType());
    auto resultType = cast<RankedTensorType>(op.getResult().getType());
    Type elt = xType.getElementType();
    double temperature = op.getTemperature().convertToDouble();
    int64_t rows = xType.getRank() - 1; // row dims; k is dim `rows`
    using IT = utils::IteratorType;

    SmallVector<OpFoldResult> sizes = getSizes(rewriter, loc, x);
    sizes.back() = getSizes(rewriter, loc, centers)[0];
    SmallVector<OpFoldResult> rowSizes(sizes.begin(), sizes.end() - 1);
    auto rowType =
        RankedTensorType::get(resultType.getShape().drop_back(), elt);

    // 1. Squared distances over (rows..., k, j).
    int64_t n = rows + 2;
    SmallVector<int64_t> xDims = range(0, rows);
    xDims.push_back(rows + 1);
    SmallVector<AffineMap> distMaps{dimsMap(ctx, n, xDims),
                                    dimsMap(ctx, n, {rows, rows + 1}),
                                    dimsMap(ctx, n, range(0, rows + 1))};
    SmallVector<IT> distIters(n, IT::parallel);
    distIters.back() = IT::reduction;
    Value dist = buildGeneric(
        rewriter, loc, filledTensor(rewriter, loc, resultType, sizes, 0.0),
        ValueRange{x, centers}, distMaps, distIters,
        [&](OpBuilder &nb, Location l, ValueRange args) -> Value {
          Value diff = arith::SubFOp::create(nb, l, args[0], args[1]);
          Value sq = arith::MulFOp::create(nb, l, diff, diff);
          return arith::AddFOp::create(nb, l, args[2], sq);
        });

    // Logits -d / T.
    auto logit = [&](OpBuilder &nb, Location l, Value d) -> Value {
      Value neg = arith::NegFOp::create(nb, l, d);
      if (temperature == 1.0)
        return neg;
      return arith::DivFOp::create(nb, l, neg,
                                   floatConst(nb, l, elt, temperature));
    };

    // 2. Row max of the logits.
    int64_t m = rows + 1;
    AffineMap full = rewriter.getMultiDimIdentityMap(m);
    AffineMap row = dimsMap(ctx, m, range(0, rows));
    SmallVector<IT> redIters(m, IT::parallel);
    redIters.back() = IT::reduction;
    SmallVector<IT> parIters(m, IT::parallel);
    Value mx =
        buildGeneric(rewriter, loc,
                     filledTensor(rewriter, loc, rowType, rowSizes, -INFINITY),
                     dist, {full, row}, redIters,
                     [&](OpBuilder &nb, Location l, ValueRange args) -> Value {
                       return arith::MaximumFOp::create(nb, l, args[1],
                                                        logit(nb, l, args[0]));
                     });

    // 3. exp(logit - max).
    Value e = buildGeneric(
        rewriter, loc, emptyTensor(rewriter, loc, resultType, sizes),
        ValueRange{dist, mx}, {full, row, full}, parIters,
        [&](OpBuilder &nb, Location l, ValueRange args) -> Value {
          Value s =
              arith::SubFOp::create(nb, l, logit(nb, l, args[0]), args[1]);
          return math::ExpOp::create(nb, l, s);
        });

    // 4. Row sums.
    Value z = buildGeneric(
        rewriter, loc, filledTensor(rewriter, loc, rowType, rowSizes, 0.0), e,
        {full, row}, redIters,
        [&](OpBuilder &nb, Location l, ValueRange args) -> Value {
          return arith::AddFOp::create(nb, l, args[1], args[0]);
        });

    // 5. Normalize.
    Value result = buildGeneric(
        rewriter, loc, emptyTensor(rewriter, loc, resultType, sizes),
        ValueRange{e, z}, {full, row, full}, parIters,
        [&](OpBuilder &nb, Location l, ValueRange args) -> Value {
          return arith::DivFOp::create(nb, l, args[0], args[1]);
        });
    rewriter.replaceOp(op, castTo(rewriter, loc, result, resultType));
    return success();
  }
};

/// nn.rnn and nn.lstm as a loop over the time steps. Preferred (benefit 2)
/// over nn-decompose's unrolled form, which the same conversion also holds.
template <typename Op> struct RecurrentLoopLowering : OpRewritePattern<Op> {
  static constexpr bool kLstm = std::is_same_v<Op, nn::LstmOp>;
  explicit RecurrentLoopLowering(MLIRContext *ctx)
      : OpRewritePattern<Op>(ctx, /*benefit=*/2) {}

  LogicalResult matchAndRewrite(Op op,
                                PatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    Value x = op.getInput();
    auto xType = cast<RankedTensorType>(x.getType());
    int64_t hidden =
        cast<RankedTensorType>(op.getWHh().getType()).getDimSize(1);
    int64_t gates = kLstm ? 4 * hidden : hidden;
    if (ShapedType::isDynamic(hidden) || xType.getDimSize(1) == 0)
      return failure(); // nn-decompose reports these
    Type elt = xType.getElementType();
    ValueRange biases = op.getBiases();
    Value bIh = biases.empty() ? Value() : biases[0];
    Value bHh = biases.empty() ? Value() : biases[1];
    auto dense = [&](Value in, Value w, Value b) -> Value {
      return nn::DenseOp::create(rewriter, loc, in, w, b, nn::ActivationAttr());
    };

    Value proj = dense(x, op.getWIh(), bIh); // [B, T, G]
    OpFoldResult batch = tensor::getMixedSize(rewriter, loc, x, 0);
    auto stateType = RankedTensorType::get({xType.getDimSize(0), hidden}, elt);
    ValueRange initial = op.getInitial();
    SmallVector<Value> state;
    for (unsigned i = 0; i < (kLstm ? 2u : 1u); ++i)
      state.push_back(initial.empty()
                          ? filledTensor(rewriter, loc, stateType,
                                         {batch, rewriter.getIndexAttr(hidden)},
                                         0.0)
                          : castTo(rewriter, loc, initial[i], stateType));
    auto outType = RankedTensorType::get(
        {xType.getDimSize(0), xType.getDimSize(1), hidden}, elt);
    OpFoldResult steps = tensor::getMixedSize(rewriter, loc, x, 1);
    state.push_back(emptyTensor(rewriter, loc, outType,
                                {batch, steps, rewriter.getIndexAttr(hidden)}));
    Value zero = arith::ConstantIndexOp::create(rewriter, loc, 0);
    Value one = arith::ConstantIndexOp::create(rewriter, loc, 1);
    Value count = getValueOrCreateConstantIndexOp(rewriter, loc, steps);
    auto loop = scf::ForOp::create(
        rewriter, loc, zero, count, one, state,
        [&](OpBuilder &b, Location l, Value t, ValueRange carried) {
          auto row = [&](int64_t width) {
            return SmallVector<OpFoldResult>{batch, b.getIndexAttr(1),
                                             b.getIndexAttr(width)};
          };
          SmallVector<OpFoldResult> at{b.getIndexAttr(0), t, b.getIndexAttr(0)};
          SmallVector<OpFoldResult> unit(3, b.getIndexAttr(1));
          Value xt = tensor::ExtractSliceOp::create(
              b, l, RankedTensorType::get({xType.getDimSize(0), gates}, elt),
              proj, at, row(gates), unit);
          Value h = carried[0];
          Value pre =
              nn::AddOp::create(b, l, xt,
                                nn::DenseOp::create(b, l, h, op.getWHh(), bHh,
                                                    nn::ActivationAttr()));
          SmallVector<Value> next;
          if constexpr (kLstm) {
            // PyTorch's gate order i, f, g, o.
            auto split = nn::SplitOp::create(
                b, l, pre, b.getI64IntegerAttr(1),
                b.getDenseI64ArrayAttr({hidden, hidden, hidden, hidden}));
            Value i = nn::SigmoidOp::create(b, l, split.getResult(0));
            Value f = nn::SigmoidOp::create(b, l, split.getResult(1));
            Value g = nn::TanhOp::create(b, l, split.getResult(2));
            Value o = nn::SigmoidOp::create(b, l, split.getResult(3));
            Value c =
                nn::AddOp::create(b, l, nn::MulOp::create(b, l, f, carried[1]),
                                  nn::MulOp::create(b, l, i, g));
            h = nn::MulOp::create(b, l, o, nn::TanhOp::create(b, l, c));
            next = {castTo(b, l, h, stateType), castTo(b, l, c, stateType)};
          } else {
            h = op.getActivation() == nn::RNNActivation::relu
                    ? Value(nn::ReluOp::create(b, l, pre))
                    : Value(nn::TanhOp::create(b, l, pre));
            next = {castTo(b, l, h, stateType)};
          }
          next.push_back(tensor::InsertSliceOp::create(
              b, l, next[0], carried.back(), at, row(hidden), unit));
          // The new state is copied into the carried one (dead once read):
          // the loop then yields its own buffers and bufferization needs no
          // new allocation per step.
          for (unsigned i = 0; i + 1 < next.size(); ++i)
            next[i] =
                linalg::CopyOp::create(b, l, next[i], carried[i]).getResult(0);
          scf::YieldOp::create(b, l, next);
        });
    SmallVector<Value> results{loop.getResults().back(), loop.getResult(0)};
    if constexpr (kLstm)
      results.push_back(loop.getResult(1));
    SmallVector<Value> cast;
    for (auto [v, type] : llvm::zip_equal(results, op->getResultTypes()))
      cast.push_back(castTo(rewriter, loc, v, type));
    rewriter.replaceOp(op, cast);
    return success();
  }
};

} // namespace

void nnc::populateNNSequenceToLinalgPatterns(RewritePatternSet &patterns) {
  patterns
      .add<EmbeddingLowering, KMeansLowering, RecurrentLoopLowering<nn::RnnOp>,
           RecurrentLoopLowering<nn::LstmOp>>(patterns.getContext());
}
