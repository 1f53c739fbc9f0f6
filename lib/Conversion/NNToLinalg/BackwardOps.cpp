//===- BackwardOps.cpp - lower the pointwise and structural backward ops --===//
//
// unary_backward, binary_backward and loss_backward: one all-parallel
// linalg.generic per result whose body is the scalar derivative (the
// derivative of a unary op reads the saved forward result, or recomputes it
// from the input with the forward's scalar code). one_hot compares the class
// index with linalg.index; numel is a tensor.from_elements of the sizes;
// broadcast, mask_backward, eq_mask and dropout_mask (a splitmix64 hash
// per element) are generics over the result;
// embedding_backward is an scf.for scatter-add over the index positions
// (O(P·D), not the O(P·V·D) of a compare-and-reduce generic). The window
// ops (conv / pool / global pool backward) are in BackwardConvPool.cpp.
//
//===----------------------------------------------------------------------===//
#include "nnc/Conversion/NNToLinalg/NNToLinalg.h"
#include "nnc/Dialect/NN/Utils/Builders.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Arith/Utils/Utils.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"

#include <climits>
#include <cmath>

using namespace mlir;
using namespace nnc;
using namespace nnc::nn::builders;
using arith::CmpFPredicate;
using nn::UnaryFn;
using utils::IteratorType;

namespace {

//===----------------------------------------------------------------------===//
// Scalar helpers of the derivative bodies
//===----------------------------------------------------------------------===//

struct Scalar {
  OpBuilder &b;
  Location l;
  Type t;
  Value c(double v) { return floatConst(b, l, t, v); }
  Value add(Value x, Value y) { return arith::AddFOp::create(b, l, x, y); }
  Value sub(Value x, Value y) { return arith::SubFOp::create(b, l, x, y); }
  Value mul(Value x, Value y) { return arith::MulFOp::create(b, l, x, y); }
  Value div(Value x, Value y) { return arith::DivFOp::create(b, l, x, y); }
  Value neg(Value x) { return arith::NegFOp::create(b, l, x); }
  /// `pred(lhs, rhs) ? x : y`.
  Value select(CmpFPredicate pred, Value lhs, Value rhs, Value x, Value y) {
    Value cond = arith::CmpFOp::create(b, l, pred, lhs, rhs);
    return arith::SelectOp::create(b, l, cond, x, y);
  }
  Value sigmoid(Value x) {
    return applyActivation(b, l, x, nn::Activation::sigmoid, std::nullopt);
  }
};

double attrOr(std::optional<APFloat> a, double fallback) {
  return a ? a->convertToDouble() : fallback;
}

//===----------------------------------------------------------------------===//
// nn.unary_backward
//===----------------------------------------------------------------------===//

bool readsResult(UnaryFn fn) {
  // elu's derivative is y + alpha below zero, but it also needs x's sign.
  return nn::UnaryBackwardOp::acceptsResult(fn) || fn == UnaryFn::elu;
}

/// f(x), as the forward lowering computes it.
Value forward(OpBuilder &b, Location l, nn::UnaryBackwardOp op, Value x) {
  switch (op.getFn()) {
  case UnaryFn::exp:
    return math::ExpOp::create(b, l, x);
  case UnaryFn::sqrt:
    return math::SqrtOp::create(b, l, x);
  case UnaryFn::rsqrt:
    return arith::DivFOp::create(b, l, floatConst(b, l, x.getType(), 1.0),
                                 math::SqrtOp::create(b, l, x));
  case UnaryFn::relu:
    return applyActivation(b, l, x, nn::Activation::relu, std::nullopt);
  case UnaryFn::sigmoid:
    return applyActivation(b, l, x, nn::Activation::sigmoid, std::nullopt);
  case UnaryFn::tanh:
    return applyActivation(b, l, x, nn::Activation::tanh, std::nullopt);
  case UnaryFn::elu:
    return applyActivation(b, l, x, nn::Activation::elu,
                           attrOr(op.getAlpha(), 1.0));
  default:
    llvm_unreachable("the derivative does not read the result");
  }
}

/// f'(x) from x and y = f(x) (each null when the derivative does not read
/// it).
Value derivative(Scalar &s, nn::UnaryBackwardOp op, Value x, Value y) {
  Value one = s.c(1.0), zero = s.c(0.0);
  switch (op.getFn()) {
  case UnaryFn::exp:
    return y;
  case UnaryFn::log:
    return s.div(one, x);
  case UnaryFn::sqrt:
    return s.div(s.c(0.5), y);
  case UnaryFn::rsqrt: // d/dx x^(-1/2) = -1/2 · y³
    return s.mul(s.c(-0.5), s.mul(y, s.mul(y, y)));
  case UnaryFn::abs: {
    Value pos = s.select(CmpFPredicate::OGT, x, zero, one, zero);
    return s.select(CmpFPredicate::OLT, x, zero, s.c(-1.0), pos);
  }
  case UnaryFn::erf: {
    Value e = math::ExpOp::create(s.b, s.l, s.neg(s.mul(x, x)));
    return s.mul(s.c(2.0 / std::sqrt(M_PI)), e);
  }
  case UnaryFn::relu:
    return s.select(CmpFPredicate::OGT, y, zero, one, zero);
  case UnaryFn::leaky_relu:
    return s.select(CmpFPredicate::OGT, x, zero, one,
                    s.c(attrOr(op.getAlpha(), 0.01)));
  case UnaryFn::gelu: { // Φ(x) + x·φ(x)
    Value cdf = s.mul(
        s.c(0.5),
        s.add(one, math::ErfOp::create(s.b, s.l, s.mul(x, s.c(M_SQRT1_2)))));
    Value pdf =
        s.mul(s.c(1.0 / std::sqrt(2.0 * M_PI)),
              math::ExpOp::create(s.b, s.l, s.mul(s.c(-0.5), s.mul(x, x))));
    return s.add(cdf, s.mul(x, pdf));
  }
  case UnaryFn::gelu_tanh: { // 0.5·x·(1 + tanh(u)), u = c·(x + 0.044715·x³)
    double c = std::sqrt(2.0 / M_PI);
    Value x2 = s.mul(x, x);
    Value u = s.mul(s.c(c), s.add(x, s.mul(s.c(0.044715), s.mul(x2, x))));
    Value th = math::TanhOp::create(s.b, s.l, u);
    Value du = s.mul(s.c(c), s.add(one, s.mul(s.c(3 * 0.044715), x2)));
    Value left = s.mul(s.c(0.5), s.add(one, th));
    Value right =
        s.mul(s.mul(s.c(0.5), x), s.mul(s.sub(one, s.mul(th, th)), du));
    return s.add(left, right);
  }
  case UnaryFn::silu: { // σ·(1 + x·(1 - σ))
    Value sg = s.sigmoid(x);
    return s.mul(sg, s.add(one, s.mul(x, s.sub(one, sg))));
  }
  case UnaryFn::sigmoid:
    return s.mul(y, s.sub(one, y));
  case UnaryFn::tanh:
    return s.sub(one, s.mul(y, y));
  case UnaryFn::elu: // alpha·(e^x - 1) + alpha = y + alpha below zero
    return s.select(CmpFPredicate::OGT, x, zero, one,
                    s.add(y, s.c(attrOr(op.getAlpha(), 1.0))));
  case UnaryFn::hard_sigmoid: { // alpha inside the linear part, else 0
    double alpha = attrOr(op.getAlpha(), 1.0 / 6.0);
    Value t = s.add(s.mul(x, s.c(alpha)), s.c(attrOr(op.getBeta(), 0.5)));
    Value inside = s.select(CmpFPredicate::OLT, t, one, s.c(alpha), zero);
    return s.select(CmpFPredicate::OGT, t, zero, inside, zero);
  }
  case UnaryFn::hard_swish: { // 0 below -3, 1 above 3, x/3 + 1/2 between
    Value mid = s.add(s.div(x, s.c(3.0)), s.c(0.5));
    Value upper = s.select(CmpFPredicate::OLE, x, s.c(3.0), mid, one);
    return s.select(CmpFPredicate::OLT, x, s.c(-3.0), zero, upper);
  }
  case UnaryFn::softplus: {
    Value bx = s.mul(x, s.c(attrOr(op.getBeta(), 1.0)));
    return s.select(CmpFPredicate::OGT, bx,
                    s.c(attrOr(op.getThreshold(), 20.0)), one, s.sigmoid(bx));
  }
  }
  llvm_unreachable("unknown unary function");
}

struct UnaryBackwardLowering : OpRewritePattern<nn::UnaryBackwardOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(nn::UnaryBackwardOp op,
                                PatternRewriter &rewriter) const override {
    bool fromResult = op.getFromResult();
    Value dx =
        buildElementwise(rewriter, op.getLoc(), op.getType(),
                         ValueRange{op.getGrad(), op.getSaved()},
                         [&](OpBuilder &b, Location l, ValueRange a) -> Value {
                           Scalar s{b, l, a[0].getType()};
                           Value x = fromResult ? Value() : a[1];
                           Value y = fromResult ? a[1] : Value();
                           if (!y && readsResult(op.getFn()))
                             y = forward(b, l, op, x);
                           return s.mul(a[0], derivative(s, op, x, y));
                         });
    rewriter.replaceOp(op, dx);
    return success();
  }
};

//===----------------------------------------------------------------------===//
// nn.binary_backward and nn.loss_backward
//===----------------------------------------------------------------------===//

/// ∂r/∂a and ∂r/∂b (scalars) at (x, y).
std::pair<Value, Value> partials(Scalar &s, nn::BinaryFn fn, Value x, Value y) {
  Value one = s.c(1.0), zero = s.c(0.0), half = s.c(0.5);
  switch (fn) {
  case nn::BinaryFn::mul:
    return {y, x};
  case nn::BinaryFn::div: {
    Value inv = s.div(one, y);
    return {inv, s.neg(s.mul(s.div(x, y), inv))};
  }
  case nn::BinaryFn::pow: {
    // y·x^(y-1); x^y·log(x), 0 where x == 0 (as PyTorch)
    Value p = math::PowFOp::create(s.b, s.l, x, y);
    Value da = s.mul(y, math::PowFOp::create(s.b, s.l, x, s.sub(y, one)));
    Value db = s.select(CmpFPredicate::OEQ, x, zero, zero,
                        s.mul(p, math::LogOp::create(s.b, s.l, x)));
    return {da, db};
  }
  case nn::BinaryFn::max:
  case nn::BinaryFn::min: {
    // The larger (smaller) operand gets the gradient; a tie splits it.
    auto pred =
        fn == nn::BinaryFn::max ? CmpFPredicate::OGT : CmpFPredicate::OLT;
    Value a = s.select(pred, x, y, one,
                       s.select(CmpFPredicate::OEQ, x, y, half, zero));
    return {a, s.sub(one, a)};
  }
  }
  llvm_unreachable("unknown binary function");
}

struct BinaryBackwardLowering : OpRewritePattern<nn::BinaryBackwardOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(nn::BinaryBackwardOp op,
                                PatternRewriter &rewriter) const override {
    auto kernel = [&](bool first) {
      return buildElementwise(
          rewriter, op.getLoc(), op.getGrad().getType(),
          ValueRange{op.getGrad(), op.getLhs(), op.getRhs()},
          [&](OpBuilder &b, Location l, ValueRange a) {
            Scalar s{b, l, a[0].getType()};
            auto [pa, pb] = partials(s, op.getFn(), a[1], a[2]);
            return s.mul(a[0], first ? pa : pb);
          });
    };
    Value da = kernel(true);
    Value db = kernel(false);
    rewriter.replaceOp(op, {da, db});
    return success();
  }
};

/// ∂loss/∂x or ∂loss/∂t of one element.
Value lossPartial(Scalar &s, nn::PointwiseLoss kind, Value x, Value t,
                  bool wrtTarget) {
  Value one = s.c(1.0), zero = s.c(0.0);
  if (kind == nn::PointwiseLoss::mse) {
    Value d = s.mul(s.c(2.0), s.sub(x, t));
    return wrtTarget ? s.neg(d) : d;
  }
  if (kind == nn::PointwiseLoss::bce_with_logits)
    return wrtTarget ? s.neg(x) : s.sub(s.sigmoid(x), t);
  // bce: PyTorch clamps each log at -100; no gradient where it does.
  Value tiny = s.c(std::exp(-100.0));
  Value q = s.sub(one, x);
  if (wrtTarget) {
    Value logp = arith::MaximumFOp::create(
        s.b, s.l, math::LogOp::create(s.b, s.l, x), s.c(-100.0));
    Value logq = arith::MaximumFOp::create(
        s.b, s.l, math::LogOp::create(s.b, s.l, q), s.c(-100.0));
    return s.sub(logq, logp);
  }
  Value d1 = s.select(CmpFPredicate::OGT, x, tiny, s.neg(s.div(t, x)), zero);
  Value d2 =
      s.select(CmpFPredicate::OGT, q, tiny, s.div(s.sub(one, t), q), zero);
  return s.add(d1, d2);
}

struct LossBackwardLowering : OpRewritePattern<nn::LossBackwardOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(nn::LossBackwardOp op,
                                PatternRewriter &rewriter) const override {
    auto kernel = [&](bool wrtTarget) {
      return buildElementwise(
          rewriter, op.getLoc(), op.getInput().getType(),
          ValueRange{op.getInput(), op.getTarget(), op.getScale()},
          [&](OpBuilder &b, Location l, ValueRange a) -> Value {
            Scalar s{b, l, a[0].getType()};
            return s.mul(lossPartial(s, op.getKind(), a[0], a[1], wrtTarget),
                         a[2]);
          });
    };
    Value dx = kernel(false);
    Value dt = kernel(true);
    rewriter.replaceOp(op, {dx, dt});
    return success();
  }
};

//===----------------------------------------------------------------------===//
// nn.one_hot, nn.numel, nn.broadcast
//===----------------------------------------------------------------------===//

struct OneHotLowering : OpRewritePattern<nn::OneHotOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(nn::OneHotOp op,
                                PatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    MLIRContext *ctx = rewriter.getContext();
    auto type = op.getType();
    SmallVector<OpFoldResult> sizes{getSizes(rewriter, loc, op.getIndices())[0],
                                    rewriter.getIndexAttr(type.getDimSize(1))};
    Value init = emptyTensor(rewriter, loc, type, sizes);
    AffineMap row = AffineMap::get(2, 0, {getAffineDimExpr(0, ctx)}, ctx);
    Value r = buildGeneric(
        rewriter, loc, init, op.getIndices(),
        {row, rewriter.getMultiDimIdentityMap(2)},
        {IteratorType::parallel, IteratorType::parallel},
        [&](OpBuilder &b, Location l, ValueRange a) -> Value {
          Value c = arith::IndexCastOp::create(
              b, l, a[0].getType(), linalg::IndexOp::create(b, l, 1));
          Value eq =
              arith::CmpIOp::create(b, l, arith::CmpIPredicate::eq, a[0], c);
          Type t = type.getElementType();
          return arith::SelectOp::create(b, l, eq, floatConst(b, l, t, 1.0),
                                         floatConst(b, l, t, 0.0));
        });
    rewriter.replaceOp(op, r);
    return success();
  }
};

struct NumelLowering : OpRewritePattern<nn::NumelOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(nn::NumelOp op,
                                PatternRewriter &rewriter) const override {
    int64_t rank = op.getInput().getType().getRank();
    SmallVector<int64_t> dims =
        op.getAxes() ? nn::normalizeAxes(*op.getAxes(), rank)
                     : llvm::to_vector(llvm::seq<int64_t>(0, rank));
    Value n = elementCount(rewriter, op.getLoc(), op.getInput(),
                           op.getType().getElementType(), dims);
    rewriter.replaceOpWithNewOp<tensor::FromElementsOp>(op, op.getType(),
                                                        ValueRange{n});
    return success();
  }
};

struct BroadcastLowering : OpRewritePattern<nn::BroadcastOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(nn::BroadcastOp op,
                                PatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    Value init = emptyTensor(rewriter, loc, op.getType(),
                             getSizes(rewriter, loc, op.getLike()));
    rewriter.replaceOp(op,
                       buildElementwiseInto(rewriter, loc, init, op.getInput(),
                                            [](OpBuilder &, Location,
                                               ValueRange a) { return a[0]; }));
    return success();
  }
};

//===----------------------------------------------------------------------===//
// nn.mask_backward and nn.eq_mask
//===----------------------------------------------------------------------===//

struct MaskBackwardLowering : OpRewritePattern<nn::MaskBackwardOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(nn::MaskBackwardOp op,
                                PatternRewriter &rewriter) const override {
    rewriter.replaceOp(
        op, buildElementwise(
                rewriter, op.getLoc(), op.getType(),
                ValueRange{op.getGrad(), op.getMask()},
                [](OpBuilder &b, Location l, ValueRange a) -> Value {
                  return arith::SelectOp::create(
                      b, l, a[1], a[0], floatConst(b, l, a[0].getType(), 0.0));
                }));
    return success();
  }
};

struct EqMaskLowering : OpRewritePattern<nn::EqMaskOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(nn::EqMaskOp op,
                                PatternRewriter &rewriter) const override {
    rewriter.replaceOp(
        op, buildElementwise(rewriter, op.getLoc(), op.getType(),
                             ValueRange{op.getInput(), op.getExtremum()},
                             [](OpBuilder &b, Location l, ValueRange a) {
                               Scalar s{b, l, a[0].getType()};
                               return s.select(CmpFPredicate::OEQ, a[0], a[1],
                                               s.c(1.0), s.c(0.0));
                             }));
    return success();
  }
};

//===----------------------------------------------------------------------===//
// nn.dropout_mask
//===----------------------------------------------------------------------===//

/// One splitmix64 round on i64 values.
Value splitmix(OpBuilder &b, Location loc, Value z) {
  Type i64 = b.getI64Type();
  auto c = [&](uint64_t v) {
    return arith::ConstantOp::create(b, loc, IntegerAttr::get(i64, v));
  };
  auto xorShift = [&](Value v, uint64_t s) {
    return arith::XOrIOp::create(b, loc, v,
                                 arith::ShRUIOp::create(b, loc, v, c(s)));
  };
  z = arith::AddIOp::create(b, loc, z, c(0x9E3779B97F4A7C15ull));
  z = arith::MulIOp::create(b, loc, xorShift(z, 30), c(0xBF58476D1CE4E5B9ull));
  z = arith::MulIOp::create(b, loc, xorShift(z, 27), c(0x94D049BB133111EBull));
  return xorShift(z, 31);
}

struct DropoutMaskLowering : OpRewritePattern<nn::DropoutMaskOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(nn::DropoutMaskOp op,
                                PatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    auto type = op.getType();
    double rate = op.getRate().convertToDouble();
    uint64_t stream = static_cast<uint64_t>(op.getStream());
    Value s =
        tensor::ExtractOp::create(rewriter, loc, op.getSeed(), ValueRange{});
    Value init =
        emptyTensor(rewriter, loc, type, getSizes(rewriter, loc, op.getLike()));
    Value mask = buildElementwiseInto(
        rewriter, loc, init, ValueRange{},
        [&](OpBuilder &b, Location l, ValueRange) -> Value {
          Type i64 = b.getI64Type();
          auto c = [&](uint64_t v) -> Value {
            return arith::ConstantOp::create(b, l, IntegerAttr::get(i64, v));
          };
          Value h =
              arith::XOrIOp::create(b, l, s, c(stream * 0x632BE59BD9B4E019ull));
          for (int64_t d = 0; d < type.getRank(); ++d) {
            Value i = arith::IndexCastOp::create(
                b, l, i64, linalg::IndexOp::create(b, l, d));
            h = splitmix(b, l, arith::XOrIOp::create(b, l, h, i));
          }
          // The top 53 bits as a double in [0, 1).
          Value top = arith::ShRUIOp::create(b, l, splitmix(b, l, h), c(11));
          Value u = arith::MulFOp::create(
              b, l, arith::UIToFPOp::create(b, l, b.getF64Type(), top),
              arith::ConstantOp::create(b, l, b.getF64FloatAttr(0x1.0p-53)));
          Scalar sc{b, l, type.getElementType()};
          return sc.select(
              CmpFPredicate::OGE, u,
              arith::ConstantOp::create(b, l, b.getF64FloatAttr(rate)),
              sc.c(1.0 / (1.0 - rate)), sc.c(0.0));
        });
    rewriter.replaceOp(op, mask);
    return success();
  }
};

//===----------------------------------------------------------------------===//
// nn.embedding_backward
//===----------------------------------------------------------------------===//

struct EmbeddingBackwardLowering : OpRewritePattern<nn::EmbeddingBackwardOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(nn::EmbeddingBackwardOp op,
                                PatternRewriter &rewriter) const override {
    OpBuilder &b = rewriter;
    Location loc = op.getLoc();
    Value idx = op.getIndices(), g = op.getGrad();
    auto tType = op.getType();
    Type elt = tType.getElementType();
    int64_t r = op.getIndices().getType().getRank();
    // Flatten to idx [P], g [P, D].
    idx = flattenTo1D(b, loc, idx);
    if (r == 0) {
      auto gt = cast<RankedTensorType>(g.getType());
      g = tensor::ExpandShapeOp::create(
          b, loc, RankedTensorType::get({1, gt.getDimSize(0)}, elt), g,
          ArrayRef<ReassociationIndices>{{0, 1}});
    } else if (r > 1) {
      ReassociationIndices all = llvm::to_vector(llvm::seq<int64_t>(0, r));
      g = tensor::CollapseShapeOp::create(
          b, loc, g, ArrayRef<ReassociationIndices>{all, {r}});
    }
    SmallVector<OpFoldResult> tSizes{b.getIndexAttr(tType.getDimSize(0)),
                                     getSizes(b, loc, g)[1]};
    Value acc = filledTensor(b, loc, tType, tSizes, 0.0);
    Value zero = arith::ConstantIndexOp::create(b, loc, 0);
    Value one = arith::ConstantIndexOp::create(b, loc, 1);
    Value count = tensor::DimOp::create(b, loc, idx, 0);
    auto loop = scf::ForOp::create(
        b, loc, zero, count, one, ValueRange{acc},
        [&](OpBuilder &nb, Location l, Value p, ValueRange iter) {
          Value a = iter[0];
          Value i = tensor::ExtractOp::create(nb, l, idx, ValueRange{p});
          // Clamped like the forward lookup (whose checks report a bad id).
          Value row = clampedRow(
              nb, l, i, getValueOrCreateConstantIndexOp(nb, l, tSizes[0]),
              op.getWrapNegative());
          SmallVector<OpFoldResult> ones(2, nb.getIndexAttr(1));
          SmallVector<OpFoldResult> sizes{nb.getIndexAttr(1), tSizes[1]};
          Value gRow = tensor::ExtractSliceOp::create(
              nb, l, g, SmallVector<OpFoldResult>{p, nb.getIndexAttr(0)}, sizes,
              ones);
          SmallVector<OpFoldResult> at{row, nb.getIndexAttr(0)};
          Value aRow =
              tensor::ExtractSliceOp::create(nb, l, a, at, sizes, ones);
          AffineMap id2 = nb.getMultiDimIdentityMap(2);
          Value summed = buildGeneric(
              nb, l, aRow, ValueRange{gRow}, {id2, id2},
              {IteratorType::parallel, IteratorType::parallel},
              [](OpBuilder &bb, Location ll, ValueRange v) -> Value {
                return arith::AddFOp::create(bb, ll, v[1], v[0]);
              });
          Value next =
              tensor::InsertSliceOp::create(nb, l, summed, a, at, sizes, ones);
          scf::YieldOp::create(nb, l, next);
        });
    rewriter.replaceOp(op, loop.getResult(0));
    return success();
  }
};

} // namespace

void nnc::populateNNBackwardToLinalgPatterns(RewritePatternSet &patterns) {
  patterns.add<UnaryBackwardLowering, BinaryBackwardLowering,
               LossBackwardLowering, OneHotLowering, NumelLowering,
               BroadcastLowering, MaskBackwardLowering, EqMaskLowering,
               DropoutMaskLowering, EmbeddingBackwardLowering>(
      patterns.getContext());
  populateNNConvPoolBackwardToLinalgPatterns(patterns);
}
