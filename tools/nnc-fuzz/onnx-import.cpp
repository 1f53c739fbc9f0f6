//===- onnx-import.cpp - libFuzzer harness of the ONNX importer -----------===//
//
// Any bytes through importONNXBuffer and the verifier: an error is fine, a
// crash, hang or sanitizer report is a finding. Seeds: the ONNX conformance
// models and the lit tests' models (utils/fuzz.sh).
//
//===----------------------------------------------------------------------===//
#include "FuzzContext.h"

#include "nnc/Import/Import.h"

#include "mlir/IR/Verifier.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  auto ctx = nnc::fuzz::makeContext();
  nnc::fuzz::Quiet quiet(*ctx);
  nnc::ImportOptions options;
  auto module = nnc::importONNXBuffer(
      llvm::StringRef(reinterpret_cast<const char *>(data), size), "fuzz.onnx",
      ctx.get(), options);
  if (module)
    (void)mlir::verify(*module);
  return 0;
}
