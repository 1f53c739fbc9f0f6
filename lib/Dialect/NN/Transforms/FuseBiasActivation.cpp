//===- FuseBiasActivation.cpp - bias and activation into dense/conv ------===//
//
// Two greedy patterns on dense / conv / matmul ("the producer"):
//
//  - an `nn.add` of the producer's result and a bias that broadcasts along the
//    output features only (dense / matmul: the last dimension; conv: the
//    channel dimension 1) becomes the producer's `bias` operand (reshaped to
//    [features] with nn.reshape when it has unit dimensions);
//  - an activation op on the producer's result becomes its `activation`
//    epilogue (with leaky_relu's slope / elu's alpha as `alpha`).
//
// dense + add + relu thus becomes one op: the add is folded first (the relu's
// operand is not a producer until then), then the relu. The order of the ops
// is what the epilogue computes (bias, then activation), so a bias added after
// an activation is never folded.
//
//===----------------------------------------------------------------------===//
#include "nnc/Dialect/NN/IR/NNOps.h"
#include "nnc/Dialect/NN/Transforms/Passes.h"

#include "mlir/IR/PatternMatch.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"

namespace nnc::nn {
#define GEN_PASS_DEF_NNFUSEBIASACTIVATION
#include "nnc/Dialect/NN/Transforms/Passes.h.inc"
} // namespace nnc::nn

using namespace mlir;
using namespace nnc::nn;

namespace {

/// True when `bias` (of type `biasType`) added to `result` broadcasts along
/// the output features only: aligned from the right, it covers the feature
/// dimension with exactly its (static) size and has 1 everywhere else.
bool isFeatureBias(RankedTensorType resultType, RankedTensorType biasType,
                   int64_t axis) {
  int64_t rank = resultType.getRank(), biasRank = biasType.getRank();
  if (biasRank > rank || biasRank < rank - axis)
    return false;
  int64_t features = resultType.getDimSize(axis);
  if (ShapedType::isDynamic(features))
    return false;
  int64_t offset = rank - biasRank;
  for (int64_t i = 0; i < biasRank; ++i) {
    int64_t want = i + offset == axis ? features : 1;
    if (biasType.getDimSize(i) != want)
      return false;
  }
  return true;
}

/// add(producer, bias) or add(bias, producer) -> producer with `bias`.
struct FuseBiasAdd : OpRewritePattern<AddOp> {
  using OpRewritePattern::OpRewritePattern;

  LogicalResult matchAndRewrite(AddOp add,
                                PatternRewriter &rewriter) const override {
    for (unsigned side = 0; side < 2; ++side) {
      Value value = add->getOperand(side);
      Value bias = add->getOperand(1 - side);
      auto producer = value.getDefiningOp<EpilogueOpInterface>();
      if (!producer || !value.hasOneUse() || producer.getBias() ||
          producer.hasEpilogue() || producer->getBlock() != add->getBlock())
        continue;
      auto resultType = dyn_cast<RankedTensorType>(value.getType());
      auto biasType = dyn_cast<RankedTensorType>(bias.getType());
      if (!resultType || !biasType ||
          resultType.getElementType() != biasType.getElementType() ||
          add.getType() != resultType)
        continue;
      if (!isFeatureBias(resultType, biasType, producer.getFeatureAxis()))
        continue;
      rewrite(add, producer, bias, rewriter);
      return success();
    }
    return rewriter.notifyMatchFailure(
        add, "no dense/conv/matmul operand with a single use, no bias and no "
             "activation, plus a bias along its output features");
  }

private:
  static void rewrite(AddOp add, EpilogueOpInterface producer, Value bias,
                      PatternRewriter &rewriter) {
    // The producer moves to the add: its operands dominate it, and so does
    // the bias (which may be defined after the producer); the add was its
    // only user.
    auto resultType = cast<RankedTensorType>(producer->getResult(0).getType());
    int64_t features = resultType.getDimSize(producer.getFeatureAxis());
    auto vectorType =
        RankedTensorType::get({features}, resultType.getElementType());
    rewriter.moveOpBefore(producer, add);
    rewriter.setInsertionPoint(producer);
    if (bias.getType() != vectorType)
      bias = ReshapeOp::create(rewriter, bias.getLoc(), vectorType, bias);
    rewriter.modifyOpInPlace(producer,
                             [&] { producer.getBiasMutable().assign(bias); });
    rewriter.replaceOp(add, producer->getResults());
  }
};

/// act(producer) -> producer with `activation` (+ `alpha`).
struct FuseActivation : RewritePattern {
  FuseActivation(MLIRContext *context)
      : RewritePattern(MatchAnyOpTypeTag(), /*benefit=*/1, context) {}

  LogicalResult matchAndRewrite(Operation *op,
                                PatternRewriter &rewriter) const override {
    std::optional<Activation> kind = getActivationKind(op);
    if (!kind)
      return failure();
    Value value = op->getOperand(0);
    auto producer = value.getDefiningOp<EpilogueOpInterface>();
    if (!producer || !value.hasOneUse() || producer.hasEpilogue() ||
        value.getType() != op->getResult(0).getType())
      return rewriter.notifyMatchFailure(
          op, "operand is not a single-use dense/conv/matmul without an "
              "activation");

    // The epilogue's alpha defaults match the ops' (leaky_relu 0.01, elu
    // 1.0); only a different value is written.
    FloatAttr alpha;
    double value64 = 0, fallback = 0;
    if (auto leaky = dyn_cast<LeakyReluOp>(op)) {
      value64 = leaky.getAlpha().convertToDouble();
      fallback = 0.01;
    } else if (auto elu = dyn_cast<EluOp>(op)) {
      value64 = elu.getAlpha().convertToDouble();
      fallback = 1.0;
    }
    if (value64 != fallback)
      alpha = rewriter.getF64FloatAttr(value64);

    rewriter.modifyOpInPlace(producer,
                             [&] { producer.setEpilogue(*kind, alpha); });
    rewriter.replaceOp(op, producer->getResults());
    return success();
  }
};

struct NNFuseBiasActivationPass
    : public nnc::nn::impl::NNFuseBiasActivationBase<NNFuseBiasActivationPass> {
  using NNFuseBiasActivationBase::NNFuseBiasActivationBase;

  void runOnOperation() override {
    RewritePatternSet patterns(&getContext());
    patterns.add<FuseBiasAdd, FuseActivation>(&getContext());
    // Only these rewrites: no folding, constant CSE or region simplification
    // (the canonicalizer does those where a pipeline wants them).
    GreedyRewriteConfig config;
    config.enableFolding(false);
    config.enableConstantCSE(false);
    config.setRegionSimplificationLevel(GreedySimplifyRegionLevel::Disabled);
    if (failed(
            applyPatternsGreedily(getOperation(), std::move(patterns), config)))
      signalPassFailure();
  }
};

} // namespace
