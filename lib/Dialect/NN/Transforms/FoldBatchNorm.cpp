//===- FoldBatchNorm.cpp - fold inference batch_norm into conv / dense ----===//
//
// batch_norm(conv(x, W, b)) -> conv(x, W', b'): per output channel c,
// s = scale / sqrt(var + eps), W'[c] = W[c]·s, b'[c] = (b[c] - mean)·s +
// bias. Only constant weights and statistics fold (the compile-time case of
// an exported inference model); see the pass description.
//
//===----------------------------------------------------------------------===//
#include "nnc/Dialect/NN/IR/NNOps.h"
#include "nnc/Dialect/NN/Transforms/ConstantData.h"
#include "nnc/Dialect/NN/Transforms/Passes.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/DialectResourceBlobManager.h"
#include "mlir/IR/PatternMatch.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"
#include "llvm/ADT/TypeSwitch.h"

#include <cmath>
#include <cstring>
#include <optional>

namespace nnc::nn {
#define GEN_PASS_DEF_NNFOLDBATCHNORM
#include "nnc/Dialect/NN/Transforms/Passes.h.inc"
} // namespace nnc::nn

using namespace mlir;
using namespace nnc::nn;

namespace {

/// The elements of an f32 / f64 constant of static shape as doubles, or
/// nothing (not a constant, another element type).
std::optional<std::vector<double>> readFloats(Value v) {
  auto type = dyn_cast<RankedTensorType>(v.getType());
  std::optional<nnc::ConstantData> data = nnc::getConstantData(v);
  if (!type || !type.hasStaticShape() || !data ||
      !(type.getElementType().isF32() || type.getElementType().isF64()))
    return std::nullopt;
  bool f32 = type.getElementType().isF32();
  std::vector<double> out(type.getNumElements());
  for (size_t i = 0; i < out.size(); ++i) {
    const char *p = data->bytes.data() + (data->splat ? 0 : i) * (f32 ? 4 : 8);
    if (f32) {
      float f;
      std::memcpy(&f, p, 4);
      out[i] = f;
    } else {
      std::memcpy(&out[i], p, 8);
    }
  }
  return out;
}

/// A constant of `type` holding `values` rounded to its element type.
Value makeConstant(OpBuilder &b, Location loc, RankedTensorType type,
                   ArrayRef<double> values) {
  bool f32 = type.getElementType().isF32();
  size_t bytes = f32 ? 4 : 8;
  std::vector<char> data(values.size() * bytes);
  for (size_t i = 0; i < values.size(); ++i) {
    if (f32) {
      float f = static_cast<float>(values[i]);
      std::memcpy(&data[i * 4], &f, 4);
    } else {
      std::memcpy(&data[i * 8], &values[i], 8);
    }
  }
  // Weights as a blob (no uniquing of large data); the [C] bias inline.
  if (type.getRank() == 1)
    return arith::ConstantOp::create(
        b, loc, type, DenseElementsAttr::getFromRawBuffer(type, data));
  auto attr = DenseResourceElementsAttr::get(
      type, "nnc_folded",
      HeapAsmResourceBlob::allocateAndCopyWithAlign(data, alignof(double)));
  return arith::ConstantOp::create(b, loc, type, attr);
}

struct FoldIntoProducer : OpRewritePattern<BatchNormOp> {
  using OpRewritePattern::OpRewritePattern;

  LogicalResult matchAndRewrite(BatchNormOp bn,
                                PatternRewriter &rewriter) const override {
    Operation *producer = bn.getInput().getDefiningOp();
    if (!producer || !isa<ConvOp, DenseOp>(producer) || !producer->hasOneUse())
      return rewriter.notifyMatchFailure(bn, "not the only user of a conv "
                                             "or dense");
    Value weight, bias;
    Activation activation = Activation::none;
    llvm::TypeSwitch<Operation *>(producer).Case<ConvOp, DenseOp>([&](auto p) {
      weight = p.getWeight();
      bias = p.getBias();
      activation = p.getActivationKind();
    });
    auto resultType = cast<RankedTensorType>(bn.getInput().getType());
    if (activation != Activation::none)
      return rewriter.notifyMatchFailure(bn, "the producer has an activation");
    if (isa<DenseOp>(producer) && resultType.getRank() != 2)
      return rewriter.notifyMatchFailure(bn, "dense result is not [N, F]");
    auto weightType = cast<RankedTensorType>(weight.getType());
    if (weightType.getElementType() != resultType.getElementType() ||
        bn.getType() != resultType)
      return rewriter.notifyMatchFailure(bn, "mixed element types");

    std::optional<std::vector<double>> w = readFloats(weight);
    std::optional<std::vector<double>> gamma = readFloats(bn.getScale()),
                                       beta = readFloats(bn.getBias()),
                                       mean = readFloats(bn.getMean()),
                                       var = readFloats(bn.getVariance());
    std::optional<std::vector<double>> b =
        bias ? readFloats(bias) : std::optional<std::vector<double>>();
    if (!w || !gamma || !beta || !mean || !var || (bias && !b))
      return rewriter.notifyMatchFailure(bn, "weights or statistics are not "
                                             "readable f32/f64 constants");
    size_t channels = weightType.getDimSize(0);
    if (channels == 0 || w->size() % channels != 0)
      return rewriter.notifyMatchFailure(bn, "empty weight");
    for (const std::vector<double> *v : {&*gamma, &*beta, &*mean, &*var})
      if (v->size() != channels)
        return rewriter.notifyMatchFailure(bn, "statistics are not [C]");
    if (b && b->size() != channels)
      return rewriter.notifyMatchFailure(bn, "bias is not [C]");

    double eps = bn.getEpsilon().convertToDouble();
    size_t perChannel = w->size() / channels;
    std::vector<double> newBias(channels);
    for (size_t c = 0; c < channels; ++c) {
      double s = (*gamma)[c] / std::sqrt((*var)[c] + eps);
      for (size_t i = 0; i < perChannel; ++i)
        (*w)[c * perChannel + i] *= s;
      newBias[c] = ((b ? (*b)[c] : 0.0) - (*mean)[c]) * s + (*beta)[c];
    }

    rewriter.setInsertionPoint(producer);
    Location loc = producer->getLoc();
    Value newWeight = makeConstant(rewriter, weight.getLoc(), weightType, *w);
    auto biasType = RankedTensorType::get({static_cast<int64_t>(channels)},
                                          resultType.getElementType());
    Value folded = makeConstant(rewriter, loc, biasType, newBias);
    Operation *fused =
        llvm::TypeSwitch<Operation *, Operation *>(producer)
            .Case([&](DenseOp op) {
              return DenseOp::create(rewriter, loc, resultType, op.getInput(),
                                     newWeight, folded, op.getActivationAttr());
            })
            .Case([&](ConvOp op) {
              return ConvOp::create(rewriter, loc, resultType, op.getInput(),
                                    newWeight, folded, op.getStridesAttr(),
                                    op.getPaddingAttr(), op.getDilationsAttr(),
                                    op.getGroupsAttr(), op.getActivationAttr());
            });
    rewriter.replaceOp(bn, fused->getResults());
    rewriter.eraseOp(producer);
    return success();
  }
};

struct NNFoldBatchNormPass
    : nnc::nn::impl::NNFoldBatchNormBase<NNFoldBatchNormPass> {
  void runOnOperation() override {
    RewritePatternSet patterns(&getContext());
    patterns.add<FoldIntoProducer>(&getContext());
    GreedyRewriteConfig config;
    config.enableFolding(false);
    config.enableConstantCSE(false);
    if (failed(
            applyPatternsGreedily(getOperation(), std::move(patterns), config)))
      signalPassFailure();
  }
};

} // namespace
