//===- LowerVectors.cpp - vectors to the target's registers ---------------===//
//
// After bufferization: contractions become outer products and then one FMA
// per accumulator row, n-D transfers become 1-D loads and stores (masked
// where out of bounds), and the remaining shape ops are lowered, so that
// LLVM sees one vector register per row. The order follows the sgemm probe
// (DESIGN.md's toolchain facts).
//
//===----------------------------------------------------------------------===//
#include "nnc/Codegen/Passes.h"

#include "mlir/Conversion/VectorToSCF/VectorToSCF.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Vector/IR/VectorOps.h"
#include "mlir/Dialect/Vector/Transforms/LoweringPatterns.h"
#include "mlir/Dialect/Vector/Transforms/VectorRewritePatterns.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"

namespace nnc::codegen {
#define GEN_PASS_DEF_NNCCPULOWERVECTORS
#include "nnc/Codegen/Passes.h.inc"
} // namespace nnc::codegen

using namespace mlir;

namespace {

/// A copy of a buffer onto itself (left by bufferizing a forall whose
/// iterations wrote in place) does nothing.
struct EraseSelfCopy : OpRewritePattern<memref::CopyOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(memref::CopyOp op,
                                PatternRewriter &rewriter) const override {
    if (op.getSource() != op.getTarget())
      return failure();
    rewriter.eraseOp(op);
    return success();
  }
};

struct LowerVectorsPass
    : nnc::codegen::impl::NNCCPULowerVectorsBase<LowerVectorsPass> {
  void runOnOperation() override {
    MLIRContext *ctx = &getContext();
    Operation *func = getOperation();
    auto run = [&](auto populate) {
      RewritePatternSet patterns(ctx);
      populate(patterns);
      return applyPatternsGreedily(func, std::move(patterns));
    };
    auto lowerTransfers = [](unsigned rank) {
      return [rank](RewritePatternSet &patterns) {
        populateVectorToSCFConversionPatterns(
            patterns,
            VectorTransferToSCFOptions().setTargetRank(rank).enableFullUnroll());
      };
    };
    if (failed(run([](RewritePatternSet &patterns) {
          patterns.add<EraseSelfCopy>(patterns.getContext());
          vector::populateVectorContractLoweringPatterns(
              patterns, vector::VectorContractLowering::OuterProduct);
          vector::populateVectorOuterProductLoweringPatterns(patterns);
          vector::populateVectorTransferPermutationMapLoweringPatterns(
              patterns);
          vector::populateVectorTransferLoweringPatterns(patterns, 1);
          vector::populateVectorTransposeLoweringPatterns(
              patterns, vector::VectorTransposeLowering::EltWise);
          vector::populateVectorShapeCastLoweringPatterns(patterns);
          vector::populateVectorBroadcastLoweringPatterns(patterns);
          vector::populateVectorMultiReductionLoweringPatterns(
              patterns, vector::VectorMultiReductionLowering::InnerReduction);
          vector::populateVectorMaskOpLoweringPatterns(patterns);
        })) ||
        failed(run(lowerTransfers(1))) ||
        failed(run([](RewritePatternSet &patterns) {
          vector::populateVectorTransferLoweringPatterns(patterns, 1);
        })) ||
        failed(run(lowerTransfers(0))))
      return signalPassFailure();
  }
};

} // namespace
