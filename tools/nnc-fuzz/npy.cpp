//===- npy.cpp - libFuzzer harness of the runtime's .npy reader -----------===//
//
// Any bytes as a .npy file through nnc_npy_read, nnc_check_array against a
// dynamic and a static spec, and nnc_npy_write of what was read: a crash
// or sanitizer report is a finding.
//
//===----------------------------------------------------------------------===//
#include "nnc_runtime.h"

#include "llvm/Support/FileSystem.h"
#include "llvm/Support/raw_ostream.h"

#include <cstdlib>
#include <string>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  static std::string in = [] {
    llvm::SmallString<128> p;
    if (llvm::sys::fs::createTemporaryFile("nnc-fuzz", "npy", p))
      abort();
    return std::string(p);
  }();
  static std::string out = in + ".out.npy";
  {
    std::error_code ec;
    llvm::raw_fd_ostream os(in, ec);
    if (ec)
      abort();
    os.write(reinterpret_cast<const char *>(data), size);
  }
  char err[512];
  nnc_array array{};
  if (nnc_npy_read(in.c_str(), &array, err, sizeof err) == 0) {
    static const int64_t dynamicShape[] = {-1, 3}, staticShape[] = {2, 3};
    const nnc_tensor_spec specs[] = {{"x", NNC_F32, 2, dynamicShape},
                                     {"y", NNC_I64, 2, staticShape}};
    for (const nnc_tensor_spec &spec : specs)
      (void)nnc_check_array(&array, &spec, "input", err, sizeof err);
    (void)nnc_npy_write(out.c_str(), &array, err, sizeof err);
    nnc_array_free(&array);
  }
  return 0;
}
