//===- SequenceAttention.cpp - the attention core as one loop nest --------===//
//
// softmax(q·kᵀ·scale + mask)·v (what nn.attention decomposes into, and what
// an importer leaves when it cannot raise a layer; sequence family) becomes
// one loop nest instead of five ops over a [..., Lq, Lk] score tensor: an
// scf.forall over (batch·heads, blocks of Tq queries) and, in each
// iteration, an scf.for over blocks of Tk keys that carries the output
// block acc [Tq, Dv], the row maxima m and the row sums l (online softmax,
// as in FlashAttention):
//   s   = q·kᵀ (· or / scale, + masks, causal and boolean ones as -inf)
//   m'  = max(m, max_j s);  a = exp(m - m');  p = exp(s - m')
//   l'  = l·a + Σ_j p;      acc' = acc·a + p·v
// and at the end out = acc / l. Only a [Tq, Tk] block of scores exists at
// a time. Each score is computed by the same operations, in the same order,
// as the unfused softmax would. A causal nest stops after the last key
// block its queries see (the later blocks would add exact zeros: p = 0,
// a = 1). A row with no key kept yet has m' = -inf; the exponentials then
// subtract 0 instead (exp(-inf) = 0, not NaN). A row with no key kept at
// all gives 0 with a boolean mask and NaN with a float mask of -inf, as the
// unfused softmax does.
//
//===----------------------------------------------------------------------===//
#include "nnc/Conversion/NNToLinalg/NNToLinalg.h"
#include "nnc/Dialect/NN/IR/NNOps.h"
#include "nnc/Dialect/NN/Transforms/ConstantData.h"
#include "nnc/Dialect/NN/Utils/Builders.h"

#include "mlir/Dialect/Affine/IR/AffineOps.h"
#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"

#include <cmath>

using namespace mlir;
using namespace nnc;
using namespace nnc::nn;
using namespace nnc::nn::builders;

namespace {

/// The matched chain pv = softmax(f(qk)) · v.
struct Chain {
  MatmulOp qk, pv;
  SoftmaxOp softmax;
  Operation *scaleOp = nullptr, *maskAdd = nullptr;
  double scale = 1.0;
  bool divide = false;
  Value addMask;     // nn.add's float mask
  Value softmaxMask; // softmax's own (float or i1)
  double temperature = 1.0;
  bool causal = false;
};

bool isPlain(MatmulOp op) {
  return !op.getBias() && !op.hasEpilogue() && op->hasOneUse();
}

/// `x` = qk, qk · c, c · qk or qk / c (single uses); fills `chain`.
bool matchScaled(Value x, Chain &chain) {
  Operation *def = x.getDefiningOp();
  if (!def || !def->hasOneUse())
    return false;
  if (auto qk = dyn_cast<MatmulOp>(def)) {
    chain.qk = qk;
    return isPlain(qk);
  }
  auto scaled = [&](Value score, Value constant, bool divide) {
    std::optional<double> c = getSplatFloat(constant);
    auto qk = score.getDefiningOp<MatmulOp>();
    if (!c || !qk || !isPlain(qk) || score.getType() != x.getType())
      return false;
    chain.qk = qk;
    chain.scaleOp = def;
    chain.scale = *c;
    chain.divide = divide;
    return true;
  };
  if (auto mul = dyn_cast<MulOp>(def))
    return scaled(mul.getLhs(), mul.getRhs(), false) ||
           scaled(mul.getRhs(), mul.getLhs(), false);
  if (auto div = dyn_cast<DivOp>(def))
    return scaled(div.getLhs(), div.getRhs(), true);
  return false;
}

/// A mask that broadcasts to the scores [batch..., Lq, Lk] with static
/// sizes, each batch size 1 or the scores'.
bool isSliceableMask(Value mask, RankedTensorType scores) {
  auto type = dyn_cast<RankedTensorType>(mask.getType());
  if (!type || !type.hasStaticShape() || type.getRank() > scores.getRank())
    return false;
  int64_t shift = scores.getRank() - type.getRank();
  for (auto [i, size] : llvm::enumerate(type.getShape())) {
    int64_t full = scores.getDimSize(shift + i);
    if (size != 1 && size != full)
      return false;
  }
  return true;
}

std::optional<Chain> matchChain(MatmulOp pv) {
  if (pv.getBias() || pv.hasEpilogue())
    return std::nullopt;
  auto softmax = pv.getLhs().getDefiningOp<SoftmaxOp>();
  if (!softmax || !softmax->hasOneUse())
    return std::nullopt;
  auto sType = dyn_cast<RankedTensorType>(softmax.getType());
  if (!sType || sType.getRank() < 2)
    return std::nullopt;
  int64_t rank = sType.getRank();
  auto axis = static_cast<int64_t>(softmax.getAxis());
  if (axis != -1 && axis != rank - 1)
    return std::nullopt;
  Chain chain;
  chain.pv = pv;
  chain.softmax = softmax;
  chain.temperature = softmax.getTemperature().convertToDouble();
  chain.causal = softmax.getCausal();
  chain.softmaxMask = softmax.getMask();
  if (chain.softmaxMask && !isSliceableMask(chain.softmaxMask, sType))
    return std::nullopt;

  Value x = softmax.getInput();
  if (auto add = x.getDefiningOp<AddOp>(); add && add->hasOneUse()) {
    for (auto [score, mask] : {std::pair(add.getLhs(), add.getRhs()),
                               std::pair(add.getRhs(), add.getLhs())}) {
      if (add.getType() == score.getType() && isSliceableMask(mask, sType) &&
          matchScaled(score, chain)) {
        chain.maskAdd = add;
        chain.addMask = mask;
        break;
      }
    }
    if (!chain.maskAdd)
      return std::nullopt;
  } else if (!matchScaled(x, chain)) {
    return std::nullopt;
  }

  // Same batch dimensions everywhere; static matrices.
  auto q = dyn_cast<RankedTensorType>(chain.qk.getLhs().getType());
  auto k = dyn_cast<RankedTensorType>(chain.qk.getRhs().getType());
  auto v = dyn_cast<RankedTensorType>(pv.getRhs().getType());
  auto out = dyn_cast<RankedTensorType>(pv.getType());
  if (!q || !k || !v || !out || q.getRank() != rank || k.getRank() != rank ||
      v.getRank() != rank || out.getRank() != rank ||
      chain.qk.getType() != softmax.getType())
    return std::nullopt;
  auto batch = [&](RankedTensorType t) { return t.getShape().drop_back(2); };
  if (batch(q) != batch(k) || batch(q) != batch(v) || batch(q) != batch(out) ||
      batch(q) != batch(sType))
    return std::nullopt;
  for (RankedTensorType t : {q, k, v, out})
    if (ShapedType::isDynamic(t.getDimSize(rank - 1)) ||
        ShapedType::isDynamic(t.getDimSize(rank - 2)))
      return std::nullopt;
  Type elt = q.getElementType();
  if (!isa<FloatType>(elt) || k.getElementType() != elt ||
      v.getElementType() != elt || out.getElementType() != elt)
    return std::nullopt;
  return chain;
}

/// The largest multiple of `unit` at most `most` that divides `extent`, 0
/// if none.
int64_t dividingBlock(int64_t extent, int64_t most, int64_t unit) {
  for (int64_t t = most - most % unit; t >= unit; t -= unit)
    if (extent % t == 0)
      return t;
  return 0;
}

struct FlashAttention : OpRewritePattern<MatmulOp> {
  FlashAttention(MLIRContext *ctx, int64_t queryBlock, int64_t keyBlock)
      : OpRewritePattern(ctx, /*benefit=*/2), queryBlock(queryBlock),
        keyBlock(keyBlock) {}

  int64_t queryBlock, keyBlock;

  LogicalResult matchAndRewrite(MatmulOp op,
                                PatternRewriter &rewriter) const override {
    std::optional<Chain> chain = matchChain(op);
    if (!chain)
      return rewriter.notifyMatchFailure(op, "not a softmax attention core");
    Value result = build(rewriter, *chain);
    rewriter.replaceOp(op, result);
    for (Operation *dead :
         {static_cast<Operation *>(chain->softmax), chain->maskAdd,
          chain->scaleOp, static_cast<Operation *>(chain->qk)})
      if (dead)
        rewriter.eraseOp(dead);
    return success();
  }

  /// The batch dims of a rank-`rank` tensor as one group, then the matrix.
  static SmallVector<ReassociationIndices> matrixGroups(int64_t rank) {
    SmallVector<ReassociationIndices> groups(3);
    for (int64_t d = 0; d < rank - 2; ++d)
      groups[0].push_back(d);
    groups[1].push_back(rank - 2);
    groups[2].push_back(rank - 1);
    return groups;
  }

  /// x [batch..., r, c] as [B, r, c].
  static Value toRank3(OpBuilder &b, Location loc, Value x) {
    auto type = cast<RankedTensorType>(x.getType());
    int64_t rank = type.getRank();
    if (rank == 3)
      return x;
    if (rank == 2)
      return tensor::ExpandShapeOp::create(
          b, loc,
          RankedTensorType::get({1, type.getDimSize(0), type.getDimSize(1)},
                                type.getElementType()),
          x, SmallVector<ReassociationIndices>{{0, 1}, {2}});
    return tensor::CollapseShapeOp::create(b, loc, x, matrixGroups(rank));
  }

  /// A mask as [batch..., Mq, Mk] (leading unit dims added); an i1 mask
  /// as i8 (vectors of i1 are bit-packed, buffers of it are not).
  static Value prepareMask(OpBuilder &b, Location loc, Value mask,
                           int64_t rank) {
    auto type = cast<RankedTensorType>(mask.getType());
    if (type.getRank() < 2) {
      SmallVector<int64_t> shape(2 - type.getRank(), 1);
      llvm::append_range(shape, type.getShape());
      SmallVector<ReassociationIndices> re;
      if (type.getRank() == 1)
        re = {{0, 1}};
      mask = tensor::ExpandShapeOp::create(
          b, loc, RankedTensorType::get(shape, type.getElementType()), mask,
          re);
      type = cast<RankedTensorType>(mask.getType());
    }
    if (!type.getElementType().isInteger(1))
      return mask;
    auto i8 = RankedTensorType::get(type.getShape(), b.getI8Type());
    return buildElementwise(
        b, loc, i8, mask, [&](OpBuilder &nb, Location l, ValueRange args) {
          return Value(arith::ExtUIOp::create(nb, l, nb.getI8Type(), args[0]));
        });
  }

  Value build(PatternRewriter &b, Chain chain) const {
    Location loc = chain.pv.getLoc();
    MLIRContext *ctx = b.getContext();
    auto outType = cast<RankedTensorType>(chain.pv.getType());
    auto sType = cast<RankedTensorType>(chain.softmax.getType());
    Type elt = outType.getElementType();
    int64_t rank = outType.getRank(), nb = rank - 2;
    int64_t lq = sType.getDimSize(rank - 2), lk = sType.getDimSize(rank - 1);
    int64_t dv = outType.getDimSize(rank - 1);
    Value q3 = toRank3(b, loc, chain.qk.getLhs());
    Value k3 = toRank3(b, loc, chain.qk.getRhs());
    Value v3 = toRank3(b, loc, chain.pv.getRhs());
    int64_t dh = cast<RankedTensorType>(q3.getType()).getDimSize(2);
    Value bh = tensor::DimOp::create(b, loc, q3, 0);
    SmallVector<OpFoldResult> batchSizes(
        ArrayRef(getSizes(b, loc, chain.qk.getLhs())).take_front(nb));

    Value addMask =
        chain.addMask ? prepareMask(b, loc, chain.addMask, rank) : Value();
    Value softmaxMask = chain.softmaxMask
                            ? prepareMask(b, loc, chain.softmaxMask, rank)
                            : Value();
    bool boolMask =
        chain.softmaxMask && cast<RankedTensorType>(chain.softmaxMask.getType())
                                 .getElementType()
                                 .isInteger(1);

    // Blocks: a divisor of the length where one is close to the block,
    // else the block and a remainder.
    int64_t tq = std::min(lq, queryBlock);
    if (int64_t d = dividingBlock(lq, tq, 1); d * 2 > tq)
      tq = d;
    int64_t tk = std::min(lk, keyBlock);
    if (int64_t d = dividingBlock(lk, tk, 16); d * 2 > tk)
      tk = d;

    auto idx = [&](int64_t v) -> OpFoldResult { return b.getIndexAttr(v); };
    auto d = [&](unsigned i) { return getAffineDimExpr(i, ctx); };
    auto par = utils::IteratorType::parallel;
    auto red = utils::IteratorType::reduction;
    AffineMap id2 = AffineMap::getMultiDimIdentityMap(2, ctx);
    AffineMap rows2 = AffineMap::get(2, 0, {d(0)}, ctx);
    AffineMap id1 = AffineMap::getMultiDimIdentityMap(1, ctx);
    auto sliceOf = [&](Value full, ArrayRef<OpFoldResult> offsets,
                       ArrayRef<int64_t> sizes, ArrayRef<int64_t> kept) {
      auto type = cast<RankedTensorType>(full.getType());
      SmallVector<OpFoldResult> sizeAttrs;
      for (int64_t s : sizes)
        sizeAttrs.push_back(idx(s));
      return tensor::ExtractSliceOp::create(
                 b, loc, RankedTensorType::get(kept, type.getElementType()),
                 full, offsets, sizeAttrs,
                 SmallVector<OpFoldResult>(sizes.size(), idx(1)))
          .getResult();
    };
    auto empty = [&](ArrayRef<int64_t> shape, Type t) -> Value {
      return tensor::EmptyOp::create(b, loc, shape, t);
    };
    auto fill = [&](ArrayRef<int64_t> shape, double value) -> Value {
      return filledTensor(b, loc, RankedTensorType::get(shape, elt), {}, value);
    };
    Value negInf = floatConst(b, loc, elt, -INFINITY);
    Value zero = floatConst(b, loc, elt, 0.0);
    // m' where it is finite, else 0.
    auto safe = [&](OpBuilder &nb, Location l, Value m) -> Value {
      Value none =
          arith::CmpFOp::create(nb, l, arith::CmpFPredicate::OEQ, m, negInf);
      return arith::SelectOp::create(nb, l, none, zero, m);
    };

    // The block of a mask [batch..., Mq, Mk] for queries qoff.. (rows) and
    // keys koff.. (cols), as [1 or rows, 1 or cols], and the map reading it.
    auto maskBlock = [&](Value mask, ArrayRef<Value> batchIdx, Value qoff,
                         int64_t rows, Value koff,
                         int64_t cols) -> std::pair<Value, AffineMap> {
      auto type = cast<RankedTensorType>(mask.getType());
      int64_t mr = type.getRank(), shift = rank - mr;
      SmallVector<OpFoldResult> offsets;
      SmallVector<int64_t> sizes;
      for (int64_t i = 0; i + 2 < mr; ++i) {
        bool whole = type.getDimSize(i) == 1;
        offsets.push_back(whole ? idx(0) : OpFoldResult(batchIdx[shift + i]));
        sizes.push_back(1);
      }
      bool qAll = type.getDimSize(mr - 2) == 1,
           kAll = type.getDimSize(mr - 1) == 1;
      offsets.push_back(qAll ? idx(0) : OpFoldResult(qoff));
      offsets.push_back(kAll ? idx(0) : OpFoldResult(koff));
      sizes.push_back(qAll ? 1 : rows);
      sizes.push_back(kAll ? 1 : cols);
      Value block = sliceOf(mask, offsets, sizes, ArrayRef(sizes).take_back(2));
      AffineExpr c0 = getAffineConstantExpr(0, ctx);
      return {block,
              AffineMap::get(2, 0, {qAll ? c0 : d(0), kAll ? c0 : d(1)}, ctx)};
    };

    // One query block: rows queries from qoff of head bh.
    auto queryBlockResult = [&](Value bhIv, Value qoff, int64_t rows) -> Value {
      SmallVector<Value> batchIdx;
      bool needsIdx = false;
      for (Value mask : {addMask, softmaxMask})
        if (mask)
          for (int64_t s :
               cast<RankedTensorType>(mask.getType()).getShape().drop_back(2))
            needsIdx |= s != 1;
      if (needsIdx) {
        if (nb == 1) {
          batchIdx.push_back(bhIv);
        } else {
          auto delin = affine::AffineDelinearizeIndexOp::create(
              b, loc, bhIv, batchSizes, /*hasOuterBound=*/true);
          llvm::append_range(batchIdx, delin.getResults());
        }
      }
      Value q = sliceOf(q3, {bhIv, qoff, idx(0)}, {1, rows, dh}, {rows, dh});

      // One key block of `cols` keys from koff, on the carried state.
      auto keyBlock = [&](OpBuilder &ob, Value koff, int64_t cols,
                          ValueRange state) -> SmallVector<Value> {
        OpBuilder::InsertionGuard guard(b);
        b.setInsertionPoint(ob.getInsertionBlock(), ob.getInsertionPoint());
        Value acc = state[0], m = state[1], l = state[2];
        Value k = sliceOf(k3, {bhIv, idx(0), koff}, {1, dh, cols}, {dh, cols});
        Value v = sliceOf(v3, {bhIv, koff, idx(0)}, {1, cols, dv}, {cols, dv});
        Value s =
            linalg::MatmulOp::create(
                b, loc, TypeRange{RankedTensorType::get({rows, cols}, elt)},
                ValueRange{q, k}, ValueRange{fill({rows, cols}, 0.0)})
                .getResult(0);
        // The scores as the unfused ops compute them.
        SmallVector<Value> inputs{s};
        SmallVector<AffineMap> maps{id2};
        int addAt = -1, smAt = -1;
        for (auto [mask, at] :
             {std::pair(addMask, &addAt), std::pair(softmaxMask, &smAt)}) {
          if (!mask)
            continue;
          auto [block, map] = maskBlock(mask, batchIdx, qoff, rows, koff, cols);
          *at = inputs.size();
          inputs.push_back(block);
          maps.push_back(map);
        }
        maps.push_back(id2);
        s = buildGeneric(
            b, loc, empty({rows, cols}, elt), inputs, maps, {par, par},
            [&](OpBuilder &nb, Location l, ValueRange args) -> Value {
              Value x = args[0];
              if (chain.scaleOp) {
                Value c = floatConst(nb, l, elt, chain.scale);
                x = chain.divide
                        ? arith::DivFOp::create(nb, l, x, c).getResult()
                        : arith::MulFOp::create(nb, l, x, c).getResult();
              }
              if (addAt >= 0)
                x = arith::AddFOp::create(nb, l, x, args[addAt]);
              if (chain.temperature != 1.0)
                x = arith::DivFOp::create(
                    nb, l, x, floatConst(nb, l, elt, chain.temperature));
              if (smAt >= 0 && !boolMask)
                x = arith::AddFOp::create(nb, l, x, args[smAt]);
              Value keep;
              if (boolMask)
                keep = arith::CmpIOp::create(
                    nb, l, arith::CmpIPredicate::ne, args[smAt],
                    arith::ConstantIntOp::create(nb, l, nb.getI8Type(), 0));
              if (chain.causal) {
                Value key = arith::AddIOp::create(
                    nb, l, koff, linalg::IndexOp::create(nb, l, 1));
                Value query = arith::AddIOp::create(
                    nb, l, qoff, linalg::IndexOp::create(nb, l, 0));
                Value past = arith::CmpIOp::create(
                    nb, l, arith::CmpIPredicate::ule, key, query);
                keep =
                    keep ? arith::AndIOp::create(nb, l, keep, past).getResult()
                         : past;
              }
              if (keep)
                x = arith::SelectOp::create(nb, l, keep, x, negInf);
              return x;
            });
        // The state is updated in place (each buffer is its own
        // iteration's result): m and a from the block's row maxima, then
        // l·a + Σ p and acc·a + p·v.
        Value blockMax = buildGeneric(
            b, loc, fill({rows}, -INFINITY), s, {id2, rows2}, {par, red},
            [&](OpBuilder &nb, Location l, ValueRange args) -> Value {
              return arith::MaximumFOp::create(nb, l, args[1], args[0]);
            });
        auto rescale = linalg::GenericOp::create(
            b, loc, TypeRange{m.getType(), m.getType()}, blockMax,
            ValueRange{m, empty({rows}, elt)}, {id1, id1, id1}, {par},
            [&](OpBuilder &nb, Location l, ValueRange args) {
              Value mNew = arith::MaximumFOp::create(nb, l, args[1], args[0]);
              Value a = math::ExpOp::create(
                  nb, l,
                  arith::SubFOp::create(nb, l, args[1], safe(nb, l, mNew)));
              linalg::YieldOp::create(nb, l, ValueRange{mNew, a});
            });
        Value mNew = rescale.getResult(0), alpha = rescale.getResult(1);
        Value p = buildGeneric(
            b, loc, empty({rows, cols}, elt), {s, mNew}, {id2, rows2, id2},
            {par, par},
            [&](OpBuilder &nb, Location l, ValueRange args) -> Value {
              return math::ExpOp::create(
                  nb, l,
                  arith::SubFOp::create(nb, l, args[0], safe(nb, l, args[1])));
            });
        auto times = [&](OpBuilder &nb, Location l, ValueRange args) -> Value {
          return arith::MulFOp::create(nb, l, args[1], args[0]);
        };
        Value lNew = buildGeneric(
            b, loc, buildGeneric(b, loc, l, alpha, {id1, id1}, {par}, times), p,
            {id2, rows2}, {par, red},
            [&](OpBuilder &nb, Location l, ValueRange args) -> Value {
              return arith::AddFOp::create(nb, l, args[1], args[0]);
            });
        Value accScaled =
            buildGeneric(b, loc, acc, alpha, {rows2, id2}, {par, par}, times);
        Value accNew =
            linalg::MatmulOp::create(b, loc, TypeRange{accScaled.getType()},
                                     ValueRange{p, v}, ValueRange{accScaled})
                .getResult(0);
        return {accNew, mNew, lNew};
      };

      SmallVector<Value> state{fill({rows, dv}, 0.0), fill({rows}, -INFINITY),
                               fill({rows}, 0.0)};
      int64_t full = lk / tk, rest = lk % tk;
      if (full == 1 && !chain.causal) {
        state =
            keyBlock(b, arith::ConstantIndexOp::create(b, loc, 0), tk, state);
      } else if (full >= 1) {
        Value ub = arith::ConstantIndexOp::create(b, loc, full);
        if (chain.causal) {
          // Key blocks up to the one holding the block's last query.
          AffineMap seen =
              AffineMap::get(1, 0,
                             {getAffineConstantExpr(full, ctx),
                              (d(0) + (rows + tk - 1)).floorDiv(tk)},
                             ctx);
          ub = affine::AffineMinOp::create(b, loc, seen, ValueRange{qoff});
        }
        auto loop = scf::ForOp::create(
            b, loc, arith::ConstantIndexOp::create(b, loc, 0), ub,
            arith::ConstantIndexOp::create(b, loc, 1), state,
            [&](OpBuilder &lb, Location l, Value iv, ValueRange args) {
              Value koff = arith::MulIOp::create(
                  lb, l, iv, arith::ConstantIndexOp::create(lb, l, tk));
              OpBuilder::InsertionGuard guard(b);
              b.setInsertionPoint(lb.getInsertionBlock(),
                                  lb.getInsertionPoint());
              SmallVector<Value> next = keyBlock(b, koff, tk, args);
              scf::YieldOp::create(b, l, next);
            });
        state = loop.getResults();
      }
      if (rest)
        state = keyBlock(b, arith::ConstantIndexOp::create(b, loc, full * tk),
                         rest, state);

      // out = acc / l (0 where a boolean mask kept no key).
      return buildGeneric(
          b, loc, empty({rows, dv}, elt), {state[0], state[2]},
          {id2, rows2, id2}, {par, par},
          [&](OpBuilder &nb, Location l, ValueRange args) -> Value {
            Value o = arith::DivFOp::create(nb, l, args[0], args[1]);
            if (!boolMask)
              return o;
            Value none = arith::CmpFOp::create(nb, l, arith::CmpFPredicate::OEQ,
                                               args[1], zero);
            return arith::SelectOp::create(nb, l, none, zero, o);
          });
    };

    // The query blocks of `rows` from `first`, `count` of them per head, as
    // one scf.forall writing into `dest` [B, Lq, Dv].
    auto queryBlocks = [&](Value dest, int64_t first, int64_t rows,
                           int64_t count) -> Value {
      auto forall =
          scf::ForallOp::create(b, loc, ArrayRef<OpFoldResult>{bh, idx(count)},
                                ValueRange{dest}, std::nullopt);
      OpBuilder::InsertionGuard guard(b);
      b.setInsertionPoint(forall.getTerminator());
      SmallVector<Value> ivs(forall.getInductionVars());
      Value qoff = affine::AffineApplyOp::create(
          b, loc, AffineMap::get(1, 0, d(0) * rows + first, ctx), ivs[1]);
      Value block = queryBlockResult(ivs[0], qoff, rows);
      b.setInsertionPointToStart(forall.getTerminator().getBody());
      tensor::ParallelInsertSliceOp::create(
          b, loc, block, forall.getRegionIterArgs()[0],
          ArrayRef<OpFoldResult>{ivs[0], qoff, idx(0)},
          ArrayRef<OpFoldResult>{idx(1), idx(rows), idx(dv)},
          SmallVector<OpFoldResult>(3, idx(1)));
      return forall.getResult(0);
    };

    auto out3Type = RankedTensorType::get(
        {cast<RankedTensorType>(q3.getType()).getDimSize(0), lq, dv}, elt);
    Value out = tensor::EmptyOp::create(
        b, loc, out3Type,
        out3Type.isDynamicDim(0) ? ValueRange{bh} : ValueRange{});
    int64_t blocks = lq / tq;
    if (blocks)
      out = queryBlocks(out, 0, tq, blocks);
    if (lq % tq)
      out = queryBlocks(out, blocks * tq, lq % tq, 1);

    // Back to [batch..., Lq, Dv].
    if (rank == 3)
      return castTo(b, loc, out, outType);
    if (rank == 2)
      return tensor::CollapseShapeOp::create(
          b, loc, outType, out, SmallVector<ReassociationIndices>{{0, 1}, {2}});
    SmallVector<OpFoldResult> shape(batchSizes);
    shape.append({idx(lq), idx(dv)});
    return tensor::ExpandShapeOp::create(b, loc, outType, out,
                                         matrixGroups(rank), shape);
  }
};

} // namespace

void nnc::populateNNFlashAttentionPatterns(RewritePatternSet &patterns,
                                           int64_t queryBlock,
                                           int64_t keyBlock) {
  patterns.add<FlashAttention>(patterns.getContext(), queryBlock, keyBlock);
}
