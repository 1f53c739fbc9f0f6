//===- cpu-pipeline.cpp - libFuzzer harness of the CPU lowering -----------===//
//
// Any text as MLIR: what parses and verifies goes through nnc-cpu-pipeline.
// A program the verifier accepts must compile or be refused with an error;
// a crash, hang or sanitizer report is a finding. Seeds: the lit tests.
//
//===----------------------------------------------------------------------===//
#include "FuzzContext.h"

#include "nnc/Codegen/CPU/CPUPipeline.h"

#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/Verifier.h"
#include "mlir/Parser/Parser.h"
#include "mlir/Pass/PassManager.h"

#include <string>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  auto ctx = nnc::fuzz::makeContext();
  nnc::fuzz::Quiet quiet(*ctx);
  // MLIR's lexer reads the terminating NUL of its buffer (the fuzzer's
  // bytes have none).
  std::string text(reinterpret_cast<const char *>(data), size);
  mlir::OwningOpRef<mlir::ModuleOp> module =
      mlir::parseSourceString<mlir::ModuleOp>(text, ctx.get());
  if (!module || mlir::failed(mlir::verify(*module)))
    return 0;
  mlir::PassManager pm(ctx.get());
  nnc::codegen::buildCPUPipeline(pm);
  (void)pm.run(*module);
  return 0;
}
