//===- StackTileBuffers.cpp - per-iteration scratch on the stack ----------===//
#include "nnc/Codegen/Passes.h"

#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/IR/PatternMatch.h"

namespace nnc::codegen {
#define GEN_PASS_DEF_NNCCPUSTACKTILEBUFFERS
#include "nnc/Codegen/Passes.h.inc"
} // namespace nnc::codegen

using namespace mlir;

namespace {

struct StackTileBuffersPass
    : nnc::codegen::impl::NNCCPUStackTileBuffersBase<StackTileBuffersPass> {
  using Base::Base;

  void runOnOperation() override {
    SmallVector<memref::AllocOp> allocs;
    getOperation().walk([&](memref::AllocOp op) {
      MemRefType type = op.getType();
      if (!type.hasStaticShape() || !type.getLayout().isIdentity() ||
          !isa<scf::ForallOp>(op->getParentOp()))
        return;
      int64_t bytes =
          type.getNumElements() * ((type.getElementTypeBitWidth() + 7) / 8);
      if (bytes <= maxBytes)
        allocs.push_back(op);
    });
    IRRewriter rewriter(&getContext());
    for (memref::AllocOp op : allocs) {
      for (Operation *user : llvm::make_early_inc_range(op->getUsers()))
        if (isa<memref::DeallocOp>(user))
          rewriter.eraseOp(user);
      rewriter.setInsertionPoint(op);
      rewriter.replaceOpWithNewOp<memref::AllocaOp>(op, op.getType(),
                                                    op.getAlignmentAttr());
    }
  }
};

} // namespace
