//===- DecomposeNormSoftmax.cpp - norms, kmeans, softmax variants ---------===//
//
// layer_norm, rms_norm, kmeans and the softmax variants (tempered or
// float-masked softmax, log_softmax, grid_softmax) rewritten into primitive
// nn ops. Only `nn-decompose` uses these (these ops lower to linalg directly).
// sparsemax is left alone: it needs a sort, which no primitive op provides.
//
//===----------------------------------------------------------------------===//
#include "DecomposeUtils.h"
#include "nnc/Dialect/NN/IR/NNOps.h"
#include "nnc/Dialect/NN/Transforms/Decompose.h"

#include "mlir/Dialect/Arith/IR/Arith.h"

using namespace mlir;
using namespace nnc::nn;
using nnc::nn::detail::scalarConstant;

/// A no-op nn.reshape back to the declared type where broadcasting against a
/// static mask inferred a more static shape.
static Value castTo(OpBuilder &b, Location loc, Value x, Type type) {
  if (x.getType() == type)
    return x;
  return ReshapeOp::create(b, loc, type, x);
}

static Value plainSoftmax(OpBuilder &b, Location loc, Value x, Value boolMask,
                          int64_t axis, bool causal = false) {
  return SoftmaxOp::create(b, loc, x, boolMask, b.getI64IntegerAttr(axis),
                           b.getF64FloatAttr(1.0),
                           causal ? b.getUnitAttr() : UnitAttr());
}

static bool isBoolMask(Value mask) {
  return mask && isa<IntegerType>(typeOf(mask).getElementType());
}

/// The logits of softmax / log_softmax: x / temperature (+ a float mask).
/// Returns them and the boolean mask left for the plain softmax, if any.
static std::pair<Value, Value> scaledLogits(OpBuilder &b, Location loc, Value x,
                                            Value mask, double temperature) {
  Type et = typeOf(x).getElementType();
  if (temperature != 1.0)
    x = DivOp::create(b, loc, x, scalarConstant(b, loc, et, temperature));
  if (mask && !isBoolMask(mask)) {
    x = AddOp::create(b, loc, x, mask);
    mask = Value();
  }
  return {x, mask};
}

/// Axes [axis, rank) of a normalization, `axis` possibly negative.
static SmallVector<int64_t> normalizedAxes(Value x, int64_t axis) {
  int64_t rank = typeOf(x).getRank();
  return llvm::to_vector(llvm::seq<int64_t>(normalizeAxis(axis, rank), rank));
}

namespace {

//===----------------------------------------------------------------------===//
// nn.layer_norm, nn.rms_norm
//===----------------------------------------------------------------------===//

/// layer_norm: d = x - E[x]; rms_norm: d = x. Then var = E[d²] (biased) and
/// y = d · rsqrt(var + eps) · scale (+ bias, layer_norm only).
template <typename OpTy> struct DecomposeNorm : OpRewritePattern<OpTy> {
  using OpRewritePattern<OpTy>::OpRewritePattern;

  LogicalResult matchAndRewrite(OpTy op,
                                PatternRewriter &rewriter) const override {
    constexpr bool center = std::is_same_v<OpTy, LayerNormOp>;
    Location loc = op.getLoc();
    Value x = op.getInput();
    Type et = typeOf(x).getElementType();
    SmallVector<int64_t> axes = normalizedAxes(x, op.getAxis());
    auto mean = [&](Value v) -> Value {
      return ReduceOp::create(rewriter, loc, v, ReduceKind::mean, axes,
                              /*keepdims=*/true);
    };
    Value d = x;
    if constexpr (center)
      d = SubOp::create(rewriter, loc, x, mean(x));
    Value var = mean(MulOp::create(rewriter, loc, d, d));
    Value eps =
        scalarConstant(rewriter, loc, et, op.getEpsilon().convertToDouble());
    Value inv =
        RsqrtOp::create(rewriter, loc, AddOp::create(rewriter, loc, var, eps));
    Value y = MulOp::create(rewriter, loc, d, inv);
    if (Value scale = op.getScale())
      y = MulOp::create(rewriter, loc, y, scale);
    if constexpr (center)
      if (Value bias = op.getBias())
        y = AddOp::create(rewriter, loc, y, bias);
    rewriter.replaceOp(op, castTo(rewriter, loc, y, op.getType()));
    return success();
  }
};

//===----------------------------------------------------------------------===//
// nn.kmeans
//===----------------------------------------------------------------------===//

/// softmax_k(-d_k / T) with d_k = ‖x‖² - 2·x·c_k + ‖c_k‖². ‖x‖² is the same
/// for every k of a row and softmax ignores a per-row shift, so the logits
/// are (2·x·c_k - ‖c_k‖²) / T: one dense (x·cᵀ) and a reduce over the
/// centers, exactly the same distribution without the cancellation of the
/// large ‖x‖² term.
struct DecomposeKMeans : OpRewritePattern<KMeansOp> {
  using OpRewritePattern::OpRewritePattern;

  LogicalResult matchAndRewrite(KMeansOp op,
                                PatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    Value x = op.getInput(), c = op.getCenters();
    Type et = typeOf(x).getElementType();
    Value xc = DenseOp::create(rewriter, loc, x, c, Value(),
                               ActivationAttr()); // [..., K]
    Value cc =
        ReduceOp::create(rewriter, loc, MulOp::create(rewriter, loc, c, c),
                         ReduceKind::sum, ArrayRef<int64_t>{1},
                         /*keepdims=*/false); // [K]
    Value logits =
        SubOp::create(rewriter, loc, AddOp::create(rewriter, loc, xc, xc), cc);
    double t = op.getTemperature().convertToDouble();
    if (t != 1.0)
      logits = DivOp::create(rewriter, loc, logits,
                             scalarConstant(rewriter, loc, et, t));
    Value y = plainSoftmax(rewriter, loc, logits, Value(), -1);
    rewriter.replaceOp(op, castTo(rewriter, loc, y, op.getType()));
    return success();
  }
};

//===----------------------------------------------------------------------===//
// Softmax variants
//===----------------------------------------------------------------------===//

/// softmax with temperature ≠ 1 or a float mask: x / T + mask, then the
/// plain softmax (keeping a boolean mask, which the primitive supports).
struct DecomposeSoftmax : OpRewritePattern<SoftmaxOp> {
  using OpRewritePattern::OpRewritePattern;

  LogicalResult matchAndRewrite(SoftmaxOp op,
                                PatternRewriter &rewriter) const override {
    double t = op.getTemperature().convertToDouble();
    Value mask = op.getMask();
    if (t == 1.0 && (!mask || isBoolMask(mask)))
      return rewriter.notifyMatchFailure(op, "already a plain softmax");
    Location loc = op.getLoc();
    auto [logits, boolMask] =
        scaledLogits(rewriter, loc, op.getInput(), mask, t);
    Value y = plainSoftmax(rewriter, loc, logits, boolMask, op.getAxis(),
                           op.getCausal());
    rewriter.replaceOp(op, castTo(rewriter, loc, y, op.getType()));
    return success();
  }
};

/// Stable log_softmax: s = y - max(y); s - log(Σ exp(s)), y = x / T + mask.
/// With a boolean mask (no select among the primitives) it is
/// log(softmax(y, mask)): -inf at masked positions, as the op defines, but
/// -inf also where a kept probability underflows.
struct DecomposeLogSoftmax : OpRewritePattern<LogSoftmaxOp> {
  using OpRewritePattern::OpRewritePattern;

  LogicalResult matchAndRewrite(LogSoftmaxOp op,
                                PatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    int64_t axis = op.getAxis();
    auto [y, boolMask] =
        scaledLogits(rewriter, loc, op.getInput(), op.getMask(),
                     op.getTemperature().convertToDouble());
    Value result;
    if (boolMask) {
      result = LogOp::create(rewriter, loc,
                             plainSoftmax(rewriter, loc, y, boolMask, axis));
    } else {
      Value max = ReduceOp::create(rewriter, loc, y, ReduceKind::max,
                                   ArrayRef<int64_t>{axis}, /*keepdims=*/true);
      Value s = SubOp::create(rewriter, loc, y, max);
      Value sum =
          ReduceOp::create(rewriter, loc, ExpOp::create(rewriter, loc, s),
                           ReduceKind::sum, ArrayRef<int64_t>{axis},
                           /*keepdims=*/true);
      result =
          SubOp::create(rewriter, loc, s, LogOp::create(rewriter, loc, sum));
    }
    rewriter.replaceOp(op, castTo(rewriter, loc, result, op.getType()));
    return success();
  }
};

/// [..., G·K] -> [..., G, K], (/ T), softmax over K, back to [..., G·K].
/// Left alone when the last dimension is dynamic (K unknown).
struct DecomposeGridSoftmax : OpRewritePattern<GridSoftmaxOp> {
  using OpRewritePattern::OpRewritePattern;

  LogicalResult matchAndRewrite(GridSoftmaxOp op,
                                PatternRewriter &rewriter) const override {
    auto type = typeOf(op.getInput());
    int64_t last = type.getShape().back();
    int64_t groups = static_cast<int64_t>(op.getGroups());
    if (ShapedType::isDynamic(last))
      return rewriter.notifyMatchFailure(op, "dynamic last dimension");
    Location loc = op.getLoc();
    Value x = op.getInput();
    if (groups != 1) {
      SmallVector<int64_t> shape(type.getShape().drop_back());
      shape.append({groups, last / groups});
      x = ReshapeOp::create(rewriter, loc,
                            RankedTensorType::get(shape, type.getElementType()),
                            x);
    }
    Value logits = scaledLogits(rewriter, loc, x, Value(),
                                op.getTemperature().convertToDouble())
                       .first;
    Value y = plainSoftmax(rewriter, loc, logits, Value(), -1);
    rewriter.replaceOp(op, castTo(rewriter, loc, y, op.getType()));
    return success();
  }
};
} // namespace

void nnc::nn::populateNNDecomposeNormAndSoftmaxPatterns(
    RewritePatternSet &patterns) {
  patterns.add<DecomposeNorm<LayerNormOp>, DecomposeNorm<RmsNormOp>,
               DecomposeKMeans, DecomposeSoftmax, DecomposeLogSoftmax,
               DecomposeGridSoftmax>(patterns.getContext());
}

void nnc::nn::populateNNDecomposeNormPatterns(RewritePatternSet &patterns) {
  patterns.add<DecomposeNorm<LayerNormOp>, DecomposeNorm<RmsNormOp>,
               DecomposeKMeans>(patterns.getContext());
}
