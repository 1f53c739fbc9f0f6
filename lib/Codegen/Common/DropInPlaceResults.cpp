//===- DropInPlaceResults.cpp - results that are argument buffers ---------===//
#include "nnc/Codegen/Passes.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/IR/SymbolTable.h"
#include "llvm/ADT/BitVector.h"

namespace nnc::codegen {
#define GEN_PASS_DEF_NNCDROPINPLACERESULTS
#include "nnc/Codegen/Passes.h.inc"
} // namespace nnc::codegen

using namespace mlir;

namespace {

struct DropInPlaceResultsPass
    : nnc::codegen::impl::NNCDropInPlaceResultsBase<DropInPlaceResultsPass> {
  void runOnOperation() override {
    ModuleOp module = getOperation();
    for (auto func : module.getOps<func::FuncOp>()) {
      if (func.isExternal() || !func.isPublic() ||
          !func.getBody().hasOneBlock())
        continue;
      Block &body = func.getBody().front();
      auto ret = cast<func::ReturnOp>(body.getTerminator());
      llvm::BitVector dropped(func.getNumResults());
      SmallVector<Value> kept;
      for (auto [i, value] : llvm::enumerate(ret.getOperands())) {
        Value base = value;
        while (auto cast = base.getDefiningOp<memref::CastOp>())
          base = cast.getSource();
        auto arg = dyn_cast<BlockArgument>(base);
        if (arg && arg.getOwner() == &body)
          dropped.set(i);
        else
          kept.push_back(value);
      }
      if (dropped.none())
        continue;
      // A call would still expect the dropped results.
      if (!SymbolTable::symbolKnownUseEmpty(func, module)) {
        func.emitError("nnc-drop-in-place-results: @")
            << func.getSymName() << " is called in the module";
        return signalPassFailure();
      }
      if (failed(func.eraseResults(dropped)))
        return signalPassFailure();
      ret.getOperandsMutable().assign(kept);
    }
  }
};

} // namespace
