//===- SanitizerOptions.cpp - ASan defaults of nnc's executables ----------===//
//
// Linked into every executable of a sanitizer build (NNC_SANITIZE,
// NNC_BUILD_FUZZERS; nnc_sanitizer_options in the top CMakeLists.txt).
// LLVM's allocators poison their free memory in ASan builds, but the LLVM
// and MLIR libraries nnc links are not instrumented and use that memory
// without unpoisoning it: every report would be of that. ASan's own checks
// stay on; ASAN_OPTIONS still overrides this.
//
//===----------------------------------------------------------------------===//

extern "C" const char *__asan_default_options() {
  return "allow_user_poisoning=0";
}
