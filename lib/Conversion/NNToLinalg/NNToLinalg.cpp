//===- NNToLinalg.cpp - the convert-nn-to-linalg pass ---------------------===//
#include "nnc/Conversion/NNToLinalg/NNToLinalg.h"
#include "nnc/Conversion/Passes.h"
#include "nnc/Dialect/NN/IR/NNOps.h"
#include "nnc/Dialect/NN/Transforms/Decompose.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Transforms/DialectConversion.h"

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
}

namespace {
struct ConvertNNToLinalgPass
    : public nnc::impl::ConvertNNToLinalgBase<ConvertNNToLinalgPass> {
  void runOnOperation() override {
    MLIRContext *ctx = &getContext();
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
      signalPassFailure();
  }
};
} // namespace
