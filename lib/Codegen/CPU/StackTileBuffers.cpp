//===- StackTileBuffers.cpp - per-iteration scratch on the stack ----------===//
#include "nnc/Codegen/Passes.h"

#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/IR/PatternMatch.h"
#include "mlir/Interfaces/ViewLikeInterface.h"

namespace nnc::codegen {
#define GEN_PASS_DEF_NNCCPUSTACKTILEBUFFERS
#include "nnc/Codegen/Passes.h.inc"
} // namespace nnc::codegen

using namespace mlir;

namespace {

/// Whether a view of `v` (or `v`) leaves its block through a terminator.
bool escapes(Value v) {
  for (Operation *user : v.getUsers()) {
    if (user->hasTrait<OpTrait::IsTerminator>())
      return true;
    if (auto view = dyn_cast<ViewLikeOpInterface>(user))
      if (view.getViewSource() == v && escapes(view->getResult(0)))
        return true;
  }
  return false;
}

/// The scf.forall whose iteration `op` belongs to: its parent, or the
/// forall around the scf.for nest `op` is in (then `nested`).
scf::ForallOp iterationOf(Operation *op, bool &nested) {
  nested = false;
  for (Operation *p = op->getParentOp(); p; p = p->getParentOp()) {
    if (auto forall = dyn_cast<scf::ForallOp>(p))
      return forall;
    if (!isa<scf::ForOp>(p))
      return {};
    nested = true;
  }
  return {};
}

struct StackTileBuffersPass
    : nnc::codegen::impl::NNCCPUStackTileBuffersBase<StackTileBuffersPass> {
  using Base::Base;

  void runOnOperation() override {
    SmallVector<std::pair<memref::AllocOp, scf::ForallOp>> allocs;
    getOperation().walk([&](memref::AllocOp op) {
      MemRefType type = op.getType();
      bool nested;
      scf::ForallOp forall = iterationOf(op, nested);
      if (!type.hasStaticShape() || !type.getLayout().isIdentity() || !forall)
        return;
      // Inside a loop of the iteration, a buffer that does not leave its
      // loop step is one stack buffer for all the steps.
      if (nested && escapes(op.getResult()))
        return;
      int64_t bytes =
          type.getNumElements() * ((type.getElementTypeBitWidth() + 7) / 8);
      if (bytes <= maxBytes)
        allocs.push_back({op, forall});
    });
    IRRewriter rewriter(&getContext());
    for (auto [op, forall] : allocs) {
      for (Operation *user : llvm::make_early_inc_range(op->getUsers()))
        if (isa<memref::DeallocOp>(user))
          rewriter.eraseOp(user);
      if (op->getParentOp() == forall)
        rewriter.setInsertionPoint(op);
      else
        rewriter.setInsertionPointToStart(forall.getBody());
      auto alloca = memref::AllocaOp::create(
          rewriter, op.getLoc(), op.getType(), op.getAlignmentAttr());
      rewriter.replaceOp(op, alloca);
    }
  }
};

} // namespace
