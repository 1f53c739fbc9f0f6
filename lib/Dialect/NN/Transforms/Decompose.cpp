//===- Decompose.cpp - the nn-decompose pass and the composite layers -----===//
//
// The composite layers without a direct linalg lowering (attention, swiglu,
// rnn, lstm) rewritten into primitive nn ops. These patterns are also used by
// convert-nn-to-linalg, so every case they accept is decomposed exactly; the
// cases they cannot handle (see checkCompositeDecomposable) are reported with
// an error on the op. The norm and softmax patterns are in
// DecomposeNormSoftmax.cpp.
//
//===----------------------------------------------------------------------===//
#include "nnc/Dialect/NN/Transforms/Decompose.h"
#include "DecomposeUtils.h"
#include "nnc/Dialect/NN/IR/NNOps.h"
#include "nnc/Dialect/NN/Transforms/Passes.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"
#include "llvm/ADT/TypeSwitch.h"

#include <cmath>

namespace nnc::nn {
#define GEN_PASS_DEF_NNDECOMPOSE
#include "nnc/Dialect/NN/Transforms/Passes.h.inc"
} // namespace nnc::nn

using namespace mlir;
using namespace nnc::nn;
using nnc::nn::detail::scalarConstant;

//===----------------------------------------------------------------------===//
// Helpers
//===----------------------------------------------------------------------===//

static Value dense(OpBuilder &b, Location loc, Value x, Value w, Value bias) {
  return DenseOp::create(b, loc, x, w, bias, ActivationAttr());
}

static Value matmul(OpBuilder &b, Location loc, Value lhs, Value rhs) {
  return MatmulOp::create(b, loc, lhs, rhs, Value(), ActivationAttr());
}

static Value reshape(OpBuilder &b, Location loc, Value x,
                     ArrayRef<int64_t> shape) {
  auto type = RankedTensorType::get(shape, typeOf(x).getElementType());
  if (type == x.getType())
    return x;
  return ReshapeOp::create(b, loc, type, x);
}

/// The decomposition may infer more static shapes than the op declared (a
/// static mask broadcast against a dynamic batch); a no-op nn.reshape brings
/// the value back to the declared type.
static Value castTo(OpBuilder &b, Location loc, Value x, Type type) {
  if (x.getType() == type)
    return x;
  return ReshapeOp::create(b, loc, type, x);
}

static SmallVector<Value> castAll(OpBuilder &b, Location loc,
                                  ArrayRef<Value> values, TypeRange types) {
  SmallVector<Value> result;
  for (auto [v, t] : llvm::zip_equal(values, types))
    result.push_back(castTo(b, loc, v, t));
  return result;
}

//===----------------------------------------------------------------------===//
// What the composite patterns cannot decompose
//===----------------------------------------------------------------------===//

/// Emits an error on `op` and fails when the composite layer has a form the
/// decomposition does not support (dynamic sizes that the unrolled form or
/// the heads need statically). Succeeds for any other op.
static LogicalResult checkCompositeDecomposable(Operation *op) {
  return llvm::TypeSwitch<Operation *, LogicalResult>(op)
      .Case([](AttentionOp att) -> LogicalResult {
        auto q = typeOf(att.getQuery());
        if (q.isDynamicDim(2))
          return att.emitOpError(
              "with a dynamic embedding dimension cannot be decomposed into "
              "heads: not supported yet");
        return success();
      })
      .Case<RnnOp, LstmOp>([](auto rec) -> LogicalResult {
        auto x = typeOf(rec.getInput());
        int64_t t = x.getDimSize(1);
        int64_t h = typeOf(rec.getWHh()).getDimSize(1);
        if (ShapedType::isDynamic(t))
          return rec.emitOpError(
              "with a dynamic sequence length is not supported yet: the layer "
              "is unrolled over a static number of time steps");
        if (t == 0)
          return rec.emitOpError(
              "with an empty sequence (T = 0) is not supported");
        if (ShapedType::isDynamic(h))
          return rec.emitOpError(
              "with a dynamic hidden size is not supported yet");
        return success();
      })
      .Default([](Operation *) { return success(); });
}

//===----------------------------------------------------------------------===//
// nn.attention
//===----------------------------------------------------------------------===//

namespace {
/// q/k/v projections, heads [B, H, L, Dh], scaled scores, causal and user
/// masks, softmax over keys, weighted values, heads merged, out projection.
struct DecomposeAttention : OpRewritePattern<AttentionOp> {
  using OpRewritePattern::OpRewritePattern;

  LogicalResult matchAndRewrite(AttentionOp op,
                                PatternRewriter &rewriter) const override {
    if (failed(checkCompositeDecomposable(op)))
      return failure();
    Location loc = op.getLoc();
    auto qTy = typeOf(op.getQuery());
    auto kTy = typeOf(op.getKey());
    Type et = qTy.getElementType();
    int64_t b = qTy.getDimSize(0), lq = qTy.getDimSize(1),
            e = qTy.getDimSize(2), lk = kTy.getDimSize(1);
    int64_t heads = static_cast<int64_t>(op.getNumHeads());
    int64_t dh = e / heads;

    ValueRange biases = op.getBiases();
    auto bias = [&](unsigned i) {
      return biases.empty() ? Value() : biases[i];
    };

    // Projections [B, L, E] -> heads [B, L, H, Dh] -> [B, H, L, Dh]
    // (keys straight to [B, H, Dh, L], ready for q·kᵀ).
    Value q = dense(rewriter, loc, op.getQuery(), op.getQWeight(), bias(0));
    Value k = dense(rewriter, loc, op.getKey(), op.getKWeight(), bias(1));
    Value v = dense(rewriter, loc, op.getValue(), op.getVWeight(), bias(2));
    // The batch of key/value may be the static one where the query's is
    // dynamic (or vice versa); each keeps its own.
    int64_t bk = typeOf(k).getDimSize(0), bv = typeOf(v).getDimSize(0);
    q = TransposeOp::create(rewriter, loc,
                            reshape(rewriter, loc, q, {b, lq, heads, dh}),
                            ArrayRef<int64_t>{0, 2, 1, 3});
    k = TransposeOp::create(rewriter, loc,
                            reshape(rewriter, loc, k, {bk, lk, heads, dh}),
                            ArrayRef<int64_t>{0, 2, 3, 1});
    v = TransposeOp::create(rewriter, loc,
                            reshape(rewriter, loc, v, {bv, lk, heads, dh}),
                            ArrayRef<int64_t>{0, 2, 1, 3});

    // Scores [B, H, Lq, Lk] = (q·kᵀ) · scale.
    double scale = op.getScale() ? op.getScale()->convertToDouble()
                                 : 1.0 / std::sqrt(static_cast<double>(dh));
    Value scores = matmul(rewriter, loc, q, k);
    scores = MulOp::create(rewriter, loc, scores,
                           scalarConstant(rewriter, loc, et, scale));

    // Masks: a float mask is added to the scaled scores; a boolean one
    // becomes softmax's mask (keep where true). Causal (key j > query i
    // hidden) is softmax's causal flag, computed from the indices when it
    // is lowered.
    Value mask = op.getMask();
    Value softmaxMask;
    if (mask) {
      if (isa<IntegerType>(typeOf(mask).getElementType()))
        softmaxMask = mask;
      else
        scores = AddOp::create(rewriter, loc, scores, mask);
    }
    Value probs = SoftmaxOp::create(
        rewriter, loc, scores, softmaxMask, rewriter.getI64IntegerAttr(-1),
        rewriter.getF64FloatAttr(1.0),
        op.getCausal() ? rewriter.getUnitAttr() : UnitAttr());

    // [B, H, Lq, Dh] -> [B, Lq, H, Dh] -> [B, Lq, E] -> out projection.
    Value out = matmul(rewriter, loc, probs, v);
    out =
        TransposeOp::create(rewriter, loc, out, ArrayRef<int64_t>{0, 2, 1, 3});
    out = reshape(rewriter, loc, out, {typeOf(out).getDimSize(0), lq, e});
    out = dense(rewriter, loc, out, op.getOutWeight(), bias(3));
    rewriter.replaceOp(op, castTo(rewriter, loc, out, op.getType()));
    return success();
  }
};

//===----------------------------------------------------------------------===//
// nn.swiglu
//===----------------------------------------------------------------------===//

/// silu(x·Wgᵀ + bg) ⊙ (x·Wuᵀ + bu), then ·Wdᵀ + bd.
struct DecomposeSwiglu : OpRewritePattern<SwigluOp> {
  using OpRewritePattern::OpRewritePattern;

  LogicalResult matchAndRewrite(SwigluOp op,
                                PatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    ValueRange biases = op.getBiases();
    auto bias = [&](unsigned i) {
      return biases.empty() ? Value() : biases[i];
    };
    Value gate =
        dense(rewriter, loc, op.getInput(), op.getGateWeight(), bias(0));
    gate = SiluOp::create(rewriter, loc, gate);
    Value up = dense(rewriter, loc, op.getInput(), op.getUpWeight(), bias(1));
    Value hidden = MulOp::create(rewriter, loc, gate, up);
    Value out = dense(rewriter, loc, hidden, op.getDownWeight(), bias(2));
    rewriter.replaceOp(op, castTo(rewriter, loc, out, op.getType()));
    return success();
  }
};

//===----------------------------------------------------------------------===//
// nn.rnn, nn.lstm (unrolled)
//===----------------------------------------------------------------------===//

/// The input projection of every step at once, x·W_ihᵀ + b_ih over
/// [B, T, I] (one large dense instead of T small ones), split into the T
/// per-step rows [B, G].
static SmallVector<Value> projectInputs(OpBuilder &b, Location loc, Value x,
                                        Value wIh, Value bIh) {
  Value proj = dense(b, loc, x, wIh, bIh); // [B, T, G]
  auto type = typeOf(proj);
  int64_t batch = type.getDimSize(0), t = type.getDimSize(1),
          g = type.getDimSize(2);
  SmallVector<Value> steps;
  if (t == 1) {
    steps.push_back(reshape(b, loc, proj, {batch, g}));
    return steps;
  }
  SmallVector<int64_t> ones(t, 1);
  auto split = SplitOp::create(b, loc, proj, b.getI64IntegerAttr(1),
                               b.getDenseI64ArrayAttr(ones));
  for (Value step : split.getResults())
    steps.push_back(reshape(b, loc, step, {batch, g}));
  return steps;
}

/// x_t·W_ihᵀ + b_ih + h·W_hhᵀ + b_hh. Without a previous state (h0 absent,
/// so zero) the recurrent term is exactly b_hh (or nothing): no zero tensor
/// is needed, which also keeps a dynamic batch working.
static Value preActivation(OpBuilder &b, Location loc, Value xProj, Value h,
                           Value wHh, Value bHh) {
  if (h)
    return AddOp::create(b, loc, xProj, dense(b, loc, h, wHh, bHh));
  if (bHh)
    return AddOp::create(b, loc, xProj, bHh);
  return xProj;
}

/// All hidden states [B, T, H] from the per-step [B, H].
static Value stackSteps(OpBuilder &b, Location loc, ArrayRef<Value> hs) {
  SmallVector<Value> rows;
  for (Value h : hs) {
    auto type = typeOf(h);
    rows.push_back(
        reshape(b, loc, h, {type.getDimSize(0), 1, type.getDimSize(1)}));
  }
  if (rows.size() == 1)
    return rows.front();
  return ConcatOp::create(b, loc, rows, b.getI64IntegerAttr(1));
}

/// h_t = act(x_t·W_ihᵀ + b_ih + h_{t-1}·W_hhᵀ + b_hh).
struct DecomposeRnn : OpRewritePattern<RnnOp> {
  using OpRewritePattern::OpRewritePattern;

  LogicalResult matchAndRewrite(RnnOp op,
                                PatternRewriter &rewriter) const override {
    if (failed(checkCompositeDecomposable(op)))
      return failure();
    Location loc = op.getLoc();
    ValueRange biases = op.getBiases();
    Value bIh = biases.empty() ? Value() : biases[0];
    Value bHh = biases.empty() ? Value() : biases[1];
    Value h = op.getInitial().empty() ? Value() : op.getInitial()[0];

    SmallVector<Value> hs;
    for (Value xt :
         projectInputs(rewriter, loc, op.getInput(), op.getWIh(), bIh)) {
      Value pre = preActivation(rewriter, loc, xt, h, op.getWHh(), bHh);
      if (op.getActivation() == RNNActivation::relu)
        h = ReluOp::create(rewriter, loc, pre);
      else
        h = TanhOp::create(rewriter, loc, pre);
      hs.push_back(h);
    }
    Value all = stackSteps(rewriter, loc, hs);
    rewriter.replaceOp(op,
                       castAll(rewriter, loc, {all, h}, op.getResultTypes()));
    return success();
  }
};

/// PyTorch's LSTM cell, gates in the order i, f, g, o:
/// i, f, o = sigmoid, g = tanh; c = f·c + i·g; h = o·tanh(c).
struct DecomposeLstm : OpRewritePattern<LstmOp> {
  using OpRewritePattern::OpRewritePattern;

  LogicalResult matchAndRewrite(LstmOp op,
                                PatternRewriter &rewriter) const override {
    if (failed(checkCompositeDecomposable(op)))
      return failure();
    Location loc = op.getLoc();
    int64_t hidden = typeOf(op.getWHh()).getDimSize(1);
    ValueRange biases = op.getBiases();
    Value bIh = biases.empty() ? Value() : biases[0];
    Value bHh = biases.empty() ? Value() : biases[1];
    ValueRange initial = op.getInitial();
    Value h = initial.empty() ? Value() : initial[0];
    Value c = initial.empty() ? Value() : initial[1];

    SmallVector<Value> hs;
    for (Value xt :
         projectInputs(rewriter, loc, op.getInput(), op.getWIh(), bIh)) {
      Value gates = preActivation(rewriter, loc, xt, h, op.getWHh(), bHh);
      auto split = SplitOp::create(
          rewriter, loc, gates, rewriter.getI64IntegerAttr(1),
          rewriter.getDenseI64ArrayAttr({hidden, hidden, hidden, hidden}));
      Value i = SigmoidOp::create(rewriter, loc, split.getResult(0));
      Value f = SigmoidOp::create(rewriter, loc, split.getResult(1));
      Value g = TanhOp::create(rewriter, loc, split.getResult(2));
      Value o = SigmoidOp::create(rewriter, loc, split.getResult(3));
      Value ig = MulOp::create(rewriter, loc, i, g);
      // Zero initial cell: f·0 + i·g is exactly i·g.
      c = c ? Value(AddOp::create(rewriter, loc,
                                  MulOp::create(rewriter, loc, f, c), ig))
            : ig;
      h = MulOp::create(rewriter, loc, o, TanhOp::create(rewriter, loc, c));
      hs.push_back(h);
    }
    Value all = stackSteps(rewriter, loc, hs);
    rewriter.replaceOp(
        op, castAll(rewriter, loc, {all, h, c}, op.getResultTypes()));
    return success();
  }
};
} // namespace

void nnc::nn::populateNNDecomposeAttentionPatterns(
    RewritePatternSet &patterns) {
  patterns.add<DecomposeAttention>(patterns.getContext());
}

void nnc::nn::populateNNDecomposeCompositePatterns(
    RewritePatternSet &patterns) {
  patterns
      .add<DecomposeAttention, DecomposeSwiglu, DecomposeRnn, DecomposeLstm>(
          patterns.getContext());
}

//===----------------------------------------------------------------------===//
// The pass
//===----------------------------------------------------------------------===//

namespace {
struct NNDecomposePass
    : public nnc::nn::impl::NNDecomposeBase<NNDecomposePass> {
  using NNDecomposeBase::NNDecomposeBase;

  void getDependentDialects(DialectRegistry &registry) const override {
    NNDecomposeBase::getDependentDialects(registry);
    // Scale factors, epsilons and causal masks are arith.constant tensors.
    registry.insert<arith::ArithDialect>();
  }

  void runOnOperation() override {
    // Report every composite that cannot be decomposed once, up front (the
    // greedy driver may visit an op several times).
    bool unsupported = false;
    getOperation()->walk([&](Operation *op) {
      if (failed(checkCompositeDecomposable(op)))
        unsupported = true;
    });
    if (unsupported)
      return signalPassFailure();

    RewritePatternSet patterns(&getContext());
    populateNNDecomposeCompositePatterns(patterns);
    if (!compositesOnly)
      populateNNDecomposeNormAndSoftmaxPatterns(patterns);
    if (failed(applyPatternsGreedily(getOperation(), std::move(patterns))))
      signalPassFailure();
  }
};
} // namespace
