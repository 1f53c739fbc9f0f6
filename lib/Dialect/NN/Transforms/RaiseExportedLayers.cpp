//===- RaiseExportedLayers.cpp - exporters' decompositions back to layers -===//
//
// nn-raise-exported-layers. PyTorch's ONNX exporter decomposes some layers
// into primitive ops; on the imported nn graph, a greedy pattern set
// rebuilds them:
//
// - LayerNorm (before opset 17):
//     d = x - ReduceMean(x); y = d / Sqrt(ReduceMean(Pow(d, 2)) + eps)
//     [* gamma] [+ beta]                    -> nn.layer_norm(x, gamma, beta)
// - GELU: x * 0.5 * (1 + Erf(x / sqrt(2))) in its exported groupings (and
//   with x * (1/sqrt(2)))                   -> nn.gelu(x)
// - Hardswish (before opset 14): x * HardSigmoid(x) with PyTorch's
//   alpha = 1/6, beta = 1/2               -> nn.hard_swish(x)
// - MultiheadAttention (RaiseAttention.cpp) -> nn.attention
//
//===----------------------------------------------------------------------===//
#include "RaisePatterns.h"
#include "nnc/Dialect/NN/IR/NNOps.h"
#include "nnc/Dialect/NN/Transforms/Passes.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/IR/PatternMatch.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"

#include <cmath>

namespace nnc::nn {
#define GEN_PASS_DEF_NNRAISEEXPORTEDLAYERS
#include "nnc/Dialect/NN/Transforms/Passes.h.inc"
} // namespace nnc::nn

using namespace mlir;
using namespace nnc;
using nnc::nn::splatValue;

namespace {

bool isConst(Value v, double expected, double tol = 1e-6) {
  auto s = splatValue(v);
  return s &&
         std::abs(*s - expected) <= tol * std::max(1.0, std::abs(expected));
}

/// `axes` (normalized) are the trailing dimensions [k, rank); returns k.
std::optional<int64_t> trailingAxes(ArrayRef<int64_t> axes, int64_t rank) {
  SmallVector<int64_t> sorted = nn::normalizeAxes(axes, rank);
  llvm::sort(sorted);
  if (sorted.empty() || sorted.back() != rank - 1)
    return std::nullopt;
  for (size_t i = 1; i < sorted.size(); ++i)
    if (sorted[i] != sorted[i - 1] + 1)
      return std::nullopt;
  return sorted.front();
}

/// d / sqrt(mean(pow(d, 2)) + eps), d = x - mean(x) -> layer_norm(x).
struct RaiseLayerNorm : OpRewritePattern<nn::DivOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(nn::DivOp div,
                                PatternRewriter &rewriter) const override {
    auto sub = div.getLhs().getDefiningOp<nn::SubOp>();
    auto sqrt = div.getRhs().getDefiningOp<nn::SqrtOp>();
    if (!sub || !sqrt)
      return failure();
    Value x = sub.getLhs();
    auto mean = sub.getRhs().getDefiningOp<nn::ReduceOp>();
    if (!mean || mean.getKind() != nn::ReduceKind::mean ||
        mean.getInput() != x || !mean.getKeepdims())
      return failure();
    auto xt = cast<RankedTensorType>(x.getType());
    auto k = trailingAxes(mean.getAxes(), xt.getRank());
    if (!k)
      return failure();
    auto addEps = sqrt.getInput().getDefiningOp<nn::AddOp>();
    if (!addEps)
      return failure();
    Value varV = addEps.getLhs(), epsV = addEps.getRhs();
    if (!splatValue(epsV))
      std::swap(varV, epsV);
    auto eps = splatValue(epsV);
    auto var = varV.getDefiningOp<nn::ReduceOp>();
    if (!eps || !var || var.getKind() != nn::ReduceKind::mean ||
        !var.getKeepdims() || trailingAxes(var.getAxes(), xt.getRank()) != k)
      return failure();
    Value sq = var.getInput();
    Value d;
    if (auto pow = sq.getDefiningOp<nn::PowOp>()) {
      if (!isConst(pow.getRhs(), 2.0))
        return failure();
      d = pow.getLhs();
    } else if (auto mul = sq.getDefiningOp<nn::MulOp>()) {
      if (mul.getLhs() != mul.getRhs())
        return failure();
      d = mul.getLhs();
    } else {
      return failure();
    }
    if (d != sub.getResult() || div.getType() != xt)
      return failure();
    rewriter.replaceOpWithNewOp<nn::LayerNormOp>(
        div, xt, x, Value(), Value(), rewriter.getI64IntegerAttr(*k),
        rewriter.getF64FloatAttr(*eps));
    return success();
  }
};

/// True when `p` has the shape of the normalized dimensions of `ln`.
bool isNormalizedShape(nn::LayerNormOp ln, Value p) {
  auto pt = dyn_cast<RankedTensorType>(p.getType());
  auto xt = cast<RankedTensorType>(ln.getInput().getType());
  if (!pt || pt.getElementType() != xt.getElementType())
    return false;
  ArrayRef<int64_t> norm = xt.getShape().drop_front(ln.getAxis());
  return pt.getShape() == norm && pt.hasStaticShape();
}

/// layer_norm(x) * gamma -> layer_norm(x, gamma).
struct FoldLayerNormScale : OpRewritePattern<nn::MulOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(nn::MulOp mul,
                                PatternRewriter &rewriter) const override {
    for (int i = 0; i < 2; ++i) {
      auto ln = mul->getOperand(i).getDefiningOp<nn::LayerNormOp>();
      Value gamma = mul->getOperand(1 - i);
      if (!ln || ln.getScale() || ln.getBias() || !ln->hasOneUse() ||
          !isNormalizedShape(ln, gamma) || mul.getType() != ln.getType())
        continue;
      rewriter.replaceOpWithNewOp<nn::LayerNormOp>(
          mul, ln.getType(), ln.getInput(), gamma, Value(), ln.getAxisAttr(),
          ln.getEpsilonAttr());
      return success();
    }
    return failure();
  }
};

/// layer_norm(x, gamma) + beta -> layer_norm(x, gamma, beta).
struct FoldLayerNormBias : OpRewritePattern<nn::AddOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(nn::AddOp add,
                                PatternRewriter &rewriter) const override {
    for (int i = 0; i < 2; ++i) {
      auto ln = add->getOperand(i).getDefiningOp<nn::LayerNormOp>();
      Value beta = add->getOperand(1 - i);
      if (!ln || !ln.getScale() || ln.getBias() || !ln->hasOneUse() ||
          !isNormalizedShape(ln, beta) || add.getType() != ln.getType())
        continue;
      rewriter.replaceOpWithNewOp<nn::LayerNormOp>(
          add, ln.getType(), ln.getInput(), ln.getScale(), beta,
          ln.getAxisAttr(), ln.getEpsilonAttr());
      return success();
    }
    return failure();
  }
};

/// The operand of a binary op other than `v`, if `v` is one of them.
Value otherOperand(Operation *op, Value v) {
  if (op->getNumOperands() != 2)
    return nullptr;
  if (op->getOperand(0) == v)
    return op->getOperand(1);
  if (op->getOperand(1) == v)
    return op->getOperand(0);
  return nullptr;
}

/// x * 0.5 * (1 + erf(x / sqrt(2))) -> gelu(x), rooted at the erf.
struct RaiseGelu : OpRewritePattern<nn::ErfOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(nn::ErfOp erf,
                                PatternRewriter &rewriter) const override {
    Value x;
    Operation *scaled = erf.getInput().getDefiningOp();
    if (auto div = dyn_cast_or_null<nn::DivOp>(scaled)) {
      if (isConst(div.getRhs(), std::sqrt(2.0), 1e-5))
        x = div.getLhs();
    } else if (auto mul = dyn_cast_or_null<nn::MulOp>(scaled)) {
      if (isConst(mul.getRhs(), 1 / std::sqrt(2.0), 1e-5))
        x = mul.getLhs();
      else if (isConst(mul.getLhs(), 1 / std::sqrt(2.0), 1e-5))
        x = mul.getRhs();
    }
    if (!x || !erf->hasOneUse())
      return failure();
    auto add = dyn_cast<nn::AddOp>(*erf->getUsers().begin());
    if (!add || !isConst(otherOperand(add, erf), 1.0) || !add->hasOneUse())
      return failure();
    auto m1 = dyn_cast<nn::MulOp>(*add->getUsers().begin());
    if (!m1)
      return failure();
    Value other = otherOperand(m1, add);
    Operation *root = nullptr;
    auto half = [](Value v) { return isConst(v, 0.5); };
    if (other == x || half(other)) {
      if (!m1->hasOneUse())
        return failure();
      auto m2 = dyn_cast<nn::MulOp>(*m1->getUsers().begin());
      Value rest = m2 ? otherOperand(m2, m1) : Value();
      if (m2 && ((other == x && half(rest)) || (half(other) && rest == x)))
        root = m2;
    } else if (auto inner = other.getDefiningOp<nn::MulOp>()) {
      Value o = otherOperand(inner, x);
      if (o && half(o))
        root = m1;
    }
    if (!root || root->getResult(0).getType() != x.getType())
      return failure();
    rewriter.replaceOpWithNewOp<nn::GeluOp>(root, x.getType(), x);
    return success();
  }
};

/// x * hard_sigmoid(x) with alpha 1/6 and beta 1/2 (as f32 attributes)
/// -> hard_swish(x).
struct RaiseHardSwish : OpRewritePattern<nn::MulOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(nn::MulOp mul,
                                PatternRewriter &rewriter) const override {
    for (unsigned side = 0; side < 2; ++side) {
      auto hs = mul->getOperand(side).getDefiningOp<nn::HardSigmoidOp>();
      Value x = mul->getOperand(1 - side);
      auto near = [](APFloat v, double expected) {
        return std::abs(v.convertToDouble() - expected) <= 1e-6;
      };
      if (!hs || hs.getInput() != x || !hs->hasOneUse() ||
          !near(hs.getAlpha(), 1.0 / 6.0) || !near(hs.getBeta(), 0.5) ||
          mul.getType() != x.getType())
        continue;
      rewriter.replaceOpWithNewOp<nn::HardSwishOp>(mul, x);
      return success();
    }
    return failure();
  }
};

struct NNRaiseExportedLayers
    : nnc::nn::impl::NNRaiseExportedLayersBase<NNRaiseExportedLayers> {
  void runOnOperation() override {
    MLIRContext *ctx = &getContext();
    RewritePatternSet patterns(ctx);
    patterns.add<RaiseLayerNorm, FoldLayerNormScale, FoldLayerNormBias,
                 RaiseGelu, RaiseHardSwish>(ctx);
    nnc::nn::populateRaiseAttentionPatterns(patterns);
    // A layer that does not match stays as it was: not an error.
    (void)applyPatternsGreedily(getOperation(), std::move(patterns));
  }
};

} // namespace
