//===- Sanitizers.h - ASan options of the nnc fuzz harnesses ----*- C++ -*-===//
//
// Included once per harness. LLVM's allocators poison their free memory in
// ASan builds, but the LLVM and MLIR libraries the harnesses link are not
// instrumented and use that memory without unpoisoning it: every report
// would be of that. ASan's own checks stay on.
//
//===----------------------------------------------------------------------===//
#ifndef NNC_TOOLS_NNC_FUZZ_SANITIZERS_H
#define NNC_TOOLS_NNC_FUZZ_SANITIZERS_H

extern "C" const char *__asan_default_options() {
  return "allow_user_poisoning=0";
}

#endif // NNC_TOOLS_NNC_FUZZ_SANITIZERS_H
