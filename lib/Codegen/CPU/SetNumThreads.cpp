//===- SetNumThreads.cpp - thread count of parallel regions from the runtime
//===//
#include "nnc/Codegen/Passes.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/OpenMP/OpenMPDialect.h"
#include "mlir/IR/Builders.h"
#include "mlir/IR/SymbolTable.h"

namespace nnc::codegen {
#define GEN_PASS_DEF_NNCCPUSETNUMTHREADS
#include "nnc/Codegen/Passes.h.inc"
} // namespace nnc::codegen

using namespace mlir;

namespace {

/// int32_t nnc_num_threads(int32_t default) in runtime/nnc_threads.c.
constexpr StringLiteral kRuntimeFunction = "nnc_num_threads";

struct SetNumThreadsPass
    : nnc::codegen::impl::NNCCPUSetNumThreadsBase<SetNumThreadsPass> {
  using Base::Base;

  void runOnOperation() override {
    ModuleOp module = getOperation();
    SmallVector<omp::ParallelOp> regions;
    module.walk([&](omp::ParallelOp op) {
      if (!op.getNumThreads())
        regions.push_back(op);
    });
    if (regions.empty())
      return;
    OpBuilder b(module.getBodyRegion());
    Type i32 = b.getI32Type();
    auto decl = module.lookupSymbol<func::FuncOp>(kRuntimeFunction);
    if (!decl) {
      b.setInsertionPointToStart(module.getBody());
      decl = func::FuncOp::create(b, module.getLoc(), kRuntimeFunction,
                                  b.getFunctionType({i32}, {i32}));
      decl.setPrivate();
    }
    for (omp::ParallelOp region : regions) {
      b.setInsertionPoint(region);
      Value dflt =
          arith::ConstantIntOp::create(b, region.getLoc(), i32, defaultThreads);
      Value n =
          func::CallOp::create(b, region.getLoc(), decl, dflt).getResult(0);
      region.getNumThreadsMutable().assign(n);
    }
  }
};

} // namespace
