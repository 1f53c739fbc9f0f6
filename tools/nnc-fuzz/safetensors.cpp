//===- safetensors.cpp - libFuzzer harness of the safetensors reader ------===//
//
// Any bytes through SafeTensorsFile::parse, and every tensor it accepts
// read whole (toDoubles): a crash or sanitizer report is a finding.
//
//===----------------------------------------------------------------------===//
#include "nnc/Import/SafeTensors.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  auto file = nnc::SafeTensorsFile::parse(llvm::MemoryBuffer::getMemBufferCopy(
      llvm::StringRef(reinterpret_cast<const char *>(data), size), "fuzz"));
  if (!file) {
    llvm::consumeError(file.takeError());
    return 0;
  }
  for (const std::string &name : (*file)->getNames())
    if (const nnc::SafeTensor *t = (*file)->lookup(name))
      (void)t->toDoubles();
  return 0;
}
