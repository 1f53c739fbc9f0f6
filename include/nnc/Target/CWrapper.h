//===- CWrapper.h - C glue around a compiled model --------------*- C++ -*-===//
//
// The compiled entry is `_mlir_ciface_nnc_model_entry(results*, args*...)`
// over memref descriptors. These generators write the C that adapts it:
// the `main` of an executable (npy files in and out, through the runtime),
// and the `<name>_run` function of a shared library with its header.
//
//===----------------------------------------------------------------------===//
#ifndef NNC_TARGET_CWRAPPER_H
#define NNC_TARGET_CWRAPPER_H

#include "nnc/Target/Signature.h"

#include <string>

namespace nnc::target {

/// C source with `main` for an executable (links against the runtime).
std::string generateExecutableMain(const ModelSignature &sig,
                                   llvm::StringRef modelName);

/// The public header of a shared library: `int <name>_run(...)`.
std::string generateHeader(const ModelSignature &sig, llvm::StringRef name,
                           llvm::StringRef source);

/// C source implementing `<name>_run` (static shapes only).
std::string generateSharedWrapper(const ModelSignature &sig,
                                  llvm::StringRef name);

/// A C identifier made from `stem` ("my-model" -> "my_model").
std::string cIdentifier(llvm::StringRef stem);

} // namespace nnc::target

#endif // NNC_TARGET_CWRAPPER_H
