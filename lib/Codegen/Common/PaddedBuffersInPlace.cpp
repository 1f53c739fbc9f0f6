//===- PaddedBuffersInPlace.cpp - values computed in their padded buffer --===//
#include "nnc/Codegen/Common/Utils.h"
#include "nnc/Codegen/Passes.h"

#include "mlir/Dialect/Bufferization/IR/Bufferization.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/IR/Dominance.h"
#include "mlir/IR/PatternMatch.h"

namespace nnc::codegen {
#define GEN_PASS_DEF_NNCPADDEDBUFFERSINPLACE
#include "nnc/Codegen/Passes.h.inc"
} // namespace nnc::codegen

using namespace mlir;

namespace {

/// The operand through which `v` (a result of a destination-style op, an
/// scf.forall or an scf.for, possibly nested) is computed in a
/// tensor.empty, if it is.
OpOperand *emptyDestinationOf(Value v) {
  OpOperand *init = nullptr;
  while (auto result = dyn_cast<OpResult>(v)) {
    Operation *op = result.getOwner();
    if (isa<tensor::EmptyOp>(op))
      return init;
    if (auto forall = dyn_cast<scf::ForallOp>(op))
      init = &forall.getOutputsMutable()[result.getResultNumber()];
    else if (auto loop = dyn_cast<scf::ForOp>(op)) // unthreaded tiles
      init = &loop.getInitArgsMutable()[result.getResultNumber()];
    else if (auto dps = dyn_cast<DestinationStyleOpInterface>(op))
      init = dps.getDpsInitOperand(result.getResultNumber());
    else
      return nullptr;
    v = init->get();
    if (!isa<tensor::EmptyOp>(v.getDefiningOp()) && !v.hasOneUse())
      return nullptr;
  }
  return nullptr;
}

/// Lets the collapsed source of `op` be computed in `op`'s destination: the
/// tensor.empty it is computed in becomes the interior, expanded.
void writeThroughReshape(RewriterBase &rewriter, DominanceInfo &dominance,
                         tensor::InsertSliceOp op) {
  // Other readers of the collapsed value must come after `op` (they are
  // then made to read the interior).
  auto collapse = op.getSource().getDefiningOp<tensor::CollapseShapeOp>();
  if (!collapse || llvm::any_of(collapse->getUsers(), [&](Operation *user) {
        return user != op &&
               !dominance.properlyDominates(op.getOperation(), user);
      }))
    return;
  OpOperand *init = emptyDestinationOf(collapse.getSrc());
  if (!init || init->get().getType() != collapse.getSrcType() ||
      !dominance.properlyDominates(op.getDest(), init->getOwner()))
    return;
  rewriter.setInsertionPoint(init->getOwner());
  Value interior = tensor::ExtractSliceOp::create(
      rewriter, op.getLoc(), op.getSourceType(), op.getDest(),
      op.getMixedOffsets(), op.getMixedSizes(), op.getMixedStrides());
  Value expanded = tensor::ExpandShapeOp::create(
      rewriter, op.getLoc(), collapse.getSrcType(), interior,
      collapse.getReassociationIndices());
  rewriter.modifyOpInPlace(init->getOwner(), [&] { init->set(expanded); });
}

struct PaddedBuffersInPlacePass
    : nnc::codegen::impl::NNCPaddedBuffersInPlaceBase<
          PaddedBuffersInPlacePass> {
  void runOnOperation() override {
    func::FuncOp func = getOperation();
    DominanceInfo dominance(func);
    IRRewriter rewriter(&getContext());
    SmallVector<tensor::InsertSliceOp> inserts;
    func.walk([&](tensor::InsertSliceOp op) {
      if (nnc::codegen::isPaddedBuffer(op.getDest()))
        inserts.push_back(op);
    });
    for (tensor::InsertSliceOp op : inserts)
      writeThroughReshape(rewriter, dominance, op);
    for (tensor::InsertSliceOp op : inserts) {
      SmallVector<OpOperand *> later;
      for (OpOperand &use : op.getSource().getUses())
        if (use.getOwner() != op &&
            dominance.properlyDominates(op.getOperation(), use.getOwner()))
          later.push_back(&use);
      if (later.empty())
        continue;
      rewriter.setInsertionPointAfter(op);
      Value interior = tensor::ExtractSliceOp::create(
          rewriter, op.getLoc(), op.getSourceType(), op.getResult(),
          op.getMixedOffsets(), op.getMixedSizes(), op.getMixedStrides());
      for (OpOperand *use : later)
        rewriter.modifyOpInPlace(use->getOwner(), [&] { use->set(interior); });
    }
  }
};

} // namespace
