//===- Decompose.cpp - the nn-decompose pass ------------------------------===//
#include "nnc/Dialect/NN/Transforms/Decompose.h"
#include "nnc/Dialect/NN/IR/NNOps.h"
#include "nnc/Dialect/NN/Transforms/Passes.h"

#include "mlir/Transforms/GreedyPatternRewriteDriver.h"

namespace nnc::nn {
#define GEN_PASS_DEF_NNDECOMPOSE
#include "nnc/Dialect/NN/Transforms/Passes.h.inc"
} // namespace nnc::nn

using namespace mlir;
using namespace nnc::nn;

void nnc::nn::populateNNDecomposeCompositePatterns(
    RewritePatternSet &patterns) {}

void nnc::nn::populateNNDecomposeNormAndSoftmaxPatterns(
    RewritePatternSet &patterns) {}

namespace {
struct NNDecomposePass : public nnc::nn::impl::NNDecomposeBase<NNDecomposePass> {
  using NNDecomposeBase::NNDecomposeBase;

  void runOnOperation() override {
    RewritePatternSet patterns(&getContext());
    populateNNDecomposeCompositePatterns(patterns);
    if (!compositesOnly)
      populateNNDecomposeNormAndSoftmaxPatterns(patterns);
    if (failed(applyPatternsGreedily(getOperation(), std::move(patterns))))
      signalPassFailure();
  }
};
} // namespace
