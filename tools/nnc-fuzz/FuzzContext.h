//===- FuzzContext.h - what the nnc fuzz harnesses share --------*- C++ -*-===//
#ifndef NNC_TOOLS_NNC_FUZZ_FUZZCONTEXT_H
#define NNC_TOOLS_NNC_FUZZ_FUZZCONTEXT_H

#include "nnc/InitAll.h"

#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/DialectRegistry.h"
#include "mlir/IR/MLIRContext.h"

#include <memory>

namespace nnc::fuzz {

/// A fresh single-threaded context with every nnc dialect loaded, per input
/// (nothing uniqued by one input leaks into the next).
inline std::unique_ptr<mlir::MLIRContext> makeContext() {
  static mlir::DialectRegistry *registry = [] {
    auto *r = new mlir::DialectRegistry;
    nnc::registerAllDialects(*r);
    return r;
  }();
  auto ctx = std::make_unique<mlir::MLIRContext>(
      *registry, mlir::MLIRContext::Threading::DISABLED);
  ctx->loadAllAvailableDialects();
  return ctx;
}

/// Swallows diagnostics: an error is an expected outcome, a crash is not.
struct Quiet {
  explicit Quiet(mlir::MLIRContext &ctx)
      : handler(&ctx, [](mlir::Diagnostic &) { return mlir::success(); }) {}
  mlir::ScopedDiagnosticHandler handler;
};

} // namespace nnc::fuzz

#endif // NNC_TOOLS_NNC_FUZZ_FUZZCONTEXT_H
