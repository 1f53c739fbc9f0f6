//===- model-file.cpp - libFuzzer harness of the model-file reader --------===//
//
// Any bytes as a model file's JSON, next to the examples' safetensors files
// (so a seed's "weights" resolves), through importModelFile and the
// verifier: an error is fine, a crash or sanitizer report is a finding.
//
//===----------------------------------------------------------------------===//
#include "FuzzContext.h"

#include "nnc/Import/Import.h"

#include "mlir/IR/Verifier.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/raw_ostream.h"

#include <string>

/// A directory of this process holding the examples' weights.
static std::string workDir() {
  static std::string dir = [] {
    llvm::SmallString<128> d;
    if (llvm::sys::fs::createUniqueDirectory("nnc-fuzz-model", d))
      abort();
    std::error_code ec;
    for (llvm::sys::fs::directory_iterator it(NNC_EXAMPLE_MODELS, ec), end;
         it != end && !ec; it.increment(ec))
      if (llvm::sys::path::extension(it->path()) == ".safetensors") {
        llvm::SmallString<128> to(d);
        llvm::sys::path::append(to, llvm::sys::path::filename(it->path()));
        (void)llvm::sys::fs::copy_file(it->path(), to);
      }
    return std::string(d);
  }();
  return dir;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  llvm::SmallString<128> path(workDir());
  llvm::sys::path::append(path, "model.json");
  {
    std::error_code ec;
    llvm::raw_fd_ostream os(path, ec);
    if (ec)
      abort();
    os.write(reinterpret_cast<const char *>(data), size);
  }
  auto ctx = nnc::fuzz::makeContext();
  nnc::fuzz::Quiet quiet(*ctx);
  nnc::ImportOptions options;
  auto module = nnc::importModelFile(path, ctx.get(), options);
  if (module)
    (void)mlir::verify(*module);
  return 0;
}
