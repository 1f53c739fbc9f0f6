//===- DecomposePads.cpp - pads as fills the producer writes into ---------===//
#include "nnc/Codegen/Passes.h"

#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Linalg/Transforms/Transforms.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"

namespace nnc::codegen {
#define GEN_PASS_DEF_NNCDECOMPOSEPADS
#include "nnc/Codegen/Passes.h.inc"
} // namespace nnc::codegen

using namespace mlir;

namespace {

struct DecomposePadsPass
    : nnc::codegen::impl::NNCDecomposePadsBase<DecomposePadsPass> {
  void runOnOperation() override {
    func::FuncOp func = getOperation();
    RewritePatternSet patterns(&getContext());
    linalg::populateDecomposePadPatterns(patterns);
    if (failed(applyPatternsGreedily(func, std::move(patterns))))
      return signalPassFailure();

    // An argument inserted into a padded buffer is copied by a linalg.copy
    // into the interior (one that can be tiled and vectorized).
    SmallVector<tensor::InsertSliceOp> inserts;
    func.walk([&](tensor::InsertSliceOp op) {
      if (isa<BlockArgument>(op.getSource()) &&
          op.getDest().getDefiningOp<linalg::FillOp>())
        inserts.push_back(op);
    });
    IRRewriter rewriter(&getContext());
    for (tensor::InsertSliceOp op : inserts) {
      rewriter.setInsertionPoint(op);
      Location loc = op.getLoc();
      Value interior = tensor::ExtractSliceOp::create(
          rewriter, loc, op.getSourceType(), op.getDest(),
          op.getMixedOffsets(), op.getMixedSizes(), op.getMixedStrides());
      Value copy = linalg::CopyOp::create(rewriter, loc,
                                          TypeRange{op.getSourceType()},
                                          ValueRange{op.getSource()},
                                          ValueRange{interior})
                       .getResult(0);
      rewriter.modifyOpInPlace(
          op, [&] { op.getSourceMutable().assign(copy); });
    }
  }
};

} // namespace
