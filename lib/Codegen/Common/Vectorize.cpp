//===- Vectorize.cpp - vectorize register blocks, hoist accumulators ------===//
//
// The blocks marked by nnc-tile-and-fuse are vectorized with upstream's
// linalg vectorizer. A convolution block reads its input through
// `oh + kh`-style maps, which the vectorizer does not take; once its unit
// dimensions are dropped (keeping one reduction dimension, so that it stays a
// contraction) every map is a projected permutation. After vectorization the
// accumulator's transfer_read/transfer_write pair is invariant in the
// reduction loops and is hoisted out of them into loop-carried vectors.
//
//===----------------------------------------------------------------------===//
#include "nnc/Codegen/Passes.h"

#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Linalg/Transforms/Transforms.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Tensor/Transforms/Transforms.h"
#include "mlir/Dialect/Vector/IR/VectorOps.h"
#include "mlir/Dialect/Vector/Transforms/LoweringPatterns.h"
#include "mlir/Dialect/Vector/Transforms/VectorRewritePatterns.h"
#include "mlir/IR/Dominance.h"
#include "mlir/Transforms/CSE.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"
#include "mlir/Transforms/LoopInvariantCodeMotionUtils.h"

namespace nnc::codegen {
#define GEN_PASS_DEF_NNCVECTORIZE
#include "nnc/Codegen/Passes.h.inc"
} // namespace nnc::codegen

using namespace mlir;
using namespace nnc::codegen;

namespace {

/// A reduction loop that every map reads as a plain dimension (a conv's
/// input channel, a matmul's k): keeping it keeps the block a contraction.
std::optional<unsigned> plainReductionDim(linalg::GenericOp op) {
  for (unsigned d : llvm::seq(op.getNumLoops())) {
    if (op.getIteratorTypesArray()[d] != utils::IteratorType::reduction)
      continue;
    bool plain = llvm::all_of(op.getIndexingMapsArray(), [&](AffineMap m) {
      return llvm::all_of(m.getResults(), [&](AffineExpr e) {
        return !e.isFunctionOfDim(d) || isa<AffineDimExpr>(e);
      });
    });
    if (plain)
      return d;
  }
  return std::nullopt;
}

/// Drops the unit loops of `op` but `keep`; returns the new op.
Operation *dropUnitLoops(RewriterBase &rewriter, linalg::GenericOp op,
                         std::optional<unsigned> keep) {
  linalg::ControlDropUnitDims options;
  options.rankReductionStrategy =
      linalg::ControlDropUnitDims::RankReductionStrategy::ExtractInsertSlice;
  options.controlFn = [keep](Operation *o) {
    SmallVector<unsigned> dims;
    for (unsigned d : llvm::seq(cast<linalg::GenericOp>(o).getNumLoops()))
      if (!keep || d != *keep)
        dims.push_back(d);
    return dims;
  };
  rewriter.setInsertionPoint(op);
  FailureOr<linalg::DropUnitDimsResult> r =
      linalg::dropUnitDims(rewriter, op, options);
  if (failed(r))
    return op;
  rewriter.replaceOp(op, r->replacements);
  return r->resultOp;
}

void addCanonicalizations(RewritePatternSet &patterns, MLIRContext *ctx) {
  for (Dialect *dialect : ctx->getLoadedDialects())
    dialect->getCanonicalizationPatterns(patterns);
  for (RegisteredOperationName op : ctx->getRegisteredOperations())
    op.getCanonicalizationPatterns(patterns, ctx);
}

struct VectorizePass : nnc::codegen::impl::NNCVectorizeBase<VectorizePass> {
  void runOnOperation() override {
    func::FuncOp func = getOperation();
    MLIRContext *ctx = &getContext();
    IRRewriter rewriter(ctx);
    SmallVector<linalg::LinalgOp> blocks;
    func.walk([&](linalg::LinalgOp op) {
      if (op->hasAttr(kVectorizeAttrName))
        blocks.push_back(op);
    });
    for (linalg::LinalgOp op : blocks) {
      op->removeAttr(kVectorizeAttrName);
      if (op.hasDynamicShape())
        continue; // stays a loop nest
      Operation *target = op;
      // The vectorizer needs projected permutations (a matmul block has
      // them; a convolution block reads `oh + kh`).
      if (auto generic = dyn_cast<linalg::GenericOp>(op.getOperation()))
        if (!llvm::all_of(generic.getIndexingMapsArray(),
                          [](AffineMap m) { return m.isProjectedPermutation(); }))
          target = dropUnitLoops(rewriter, generic, plainReductionDim(generic));
      rewriter.setInsertionPoint(target);
      FailureOr<linalg::VectorizationResult> v =
          linalg::vectorize(rewriter, target);
      if (succeeded(v))
        rewriter.replaceOp(target, v->replacements);
    }

    // What vectorize_children_and_apply_patterns applies, then the leading
    // unit dimensions of the vectors are cast away.
    {
      RewritePatternSet patterns(ctx);
      vector::populateVectorTransferPermutationMapLoweringPatterns(patterns);
      vector::populateVectorReductionToContractPatterns(patterns);
      vector::populateSinkVectorOpsPatterns(patterns);
      tensor::populateFoldTensorSubsetIntoVectorTransferPatterns(patterns);
      vector::populateCastAwayVectorLeadingOneDimPatterns(patterns);
      addCanonicalizations(patterns, ctx);
      if (failed(applyPatternsGreedily(func, std::move(patterns))))
        return signalPassFailure();
    }
    DominanceInfo dominance(func);
    eliminateCommonSubExpressions(rewriter, dominance, func);

    // Accumulators out of the reduction loops, innermost loop first.
    SmallVector<scf::ForOp> loops;
    func.walk<WalkOrder::PostOrder>(
        [&](scf::ForOp loop) { loops.push_back(loop); });
    for (scf::ForOp loop : loops) {
      moveLoopInvariantCode(cast<LoopLikeOpInterface>(loop.getOperation()));
      hoistLoopInvariantSubsets(rewriter,
                                cast<LoopLikeOpInterface>(loop.getOperation()));
    }
    RewritePatternSet patterns(ctx);
    addCanonicalizations(patterns, ctx);
    if (failed(applyPatternsGreedily(func, std::move(patterns))))
      return signalPassFailure();
    DominanceInfo dominance2(func);
    eliminateCommonSubExpressions(rewriter, dominance2, func);
  }
};

} // namespace
