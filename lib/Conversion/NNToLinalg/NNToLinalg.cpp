//===- NNToLinalg.cpp - the convert-nn-to-linalg pass ---------------------===//
#include "nnc/Conversion/NNToLinalg/NNToLinalg.h"
#include "nnc/Conversion/Passes.h"
#include "nnc/Dialect/NN/IR/NNOps.h"
#include "nnc/Dialect/NN/Transforms/Decompose.h"
#include "nnc/Dialect/NN/Utils/Builders.h"

#include "mlir/Dialect/Affine/IR/AffineOps.h"
#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Transforms/DialectConversion.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"

namespace nnc {
#define GEN_PASS_DEF_CONVERTNNTOLINALG
#include "nnc/Conversion/Passes.h.inc"
} // namespace nnc

using namespace mlir;

void nnc::populateNNToLinalgPatterns(RewritePatternSet &patterns) {
  populateNNLinearToLinalgPatterns(patterns);
  populateNNElementwiseToLinalgPatterns(patterns);
  populateNNSoftmaxToLinalgPatterns(patterns);
  populateNNNormalizationToLinalgPatterns(patterns);
  populateNNStructuralToLinalgPatterns(patterns);
  populateNNSequenceToLinalgPatterns(patterns);
  populateNNLossToLinalgPatterns(patterns);
  populateNNBackwardToLinalgPatterns(patterns);
}

namespace {
struct ConvertNNToLinalgPass
    : public nnc::impl::ConvertNNToLinalgBase<ConvertNNToLinalgPass> {
  using Base::Base;

  void runOnOperation() override {
    MLIRContext *ctx = &getContext();
    if (attentionQueryBlock < 1 || attentionKeyBlock < 0) {
      emitError(getOperation().getLoc(),
                "convert-nn-to-linalg: attention-query-block must be >= 1 and "
                "attention-key-block >= 0");
      return signalPassFailure();
    }
    // The attention core is fused before its ops are lowered one by one
    // (nn.attention is decomposed first to expose it; only attention: an
    // rnn or lstm decomposed here would be unrolled over its steps instead
    // of lowered to a loop).
    bool hasSoftmax = false;
    getOperation().walk([&](Operation *op) {
      hasSoftmax |= isa<nnc::nn::SoftmaxOp, nnc::nn::AttentionOp>(op);
    });
    if (attentionKeyBlock > 0 && hasSoftmax) {
      RewritePatternSet fusion(ctx);
      nnc::nn::populateNNDecomposeAttentionPatterns(fusion);
      nnc::populateNNFlashAttentionPatterns(fusion, attentionQueryBlock,
                                            attentionKeyBlock);
      GreedyRewriteConfig config;
      config.enableFolding(false).enableConstantCSE(false);
      config.setRegionSimplificationLevel(GreedySimplifyRegionLevel::Disabled);
      (void)applyPatternsGreedily(getOperation(), std::move(fusion), config);
    }

    ConversionTarget target(*ctx);
    target.addIllegalDialect<nnc::nn::NNDialect>();
    target.markUnknownOpDynamicallyLegal([](Operation *) { return true; });

    RewritePatternSet patterns(ctx);
    nnc::populateNNToLinalgPatterns(patterns);
    // Composite layers without a direct lowering become primitive nn ops,
    // which the patterns above then lower.
    nnc::nn::populateNNDecomposeCompositePatterns(patterns);
    if (failed(applyPartialConversion(getOperation(), target,
                                      std::move(patterns))))
      return signalPassFailure();
    if (!checkValues)
      dropValueReports();
  }

  /// Erases the `scf.if`s that report a value out of range (their
  /// conditions' computations are then dead) and the runtime's declaration;
  /// the clamps stay.
  void dropValueReports() {
    ModuleOp module = getOperation();
    auto decl = module.lookupSymbol<func::FuncOp>(
        nnc::nn::builders::kCheckFailedSymbol);
    if (!decl)
      return;
    SmallVector<scf::IfOp> reports;
    module.walk([&](func::CallOp call) {
      if (call.getCallee() == nnc::nn::builders::kCheckFailedSymbol)
        reports.push_back(call->getParentOfType<scf::IfOp>());
    });
    for (scf::IfOp report : reports)
      report.erase();
    decl.erase();
  }
};
} // namespace
