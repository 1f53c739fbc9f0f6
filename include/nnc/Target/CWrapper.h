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
#include <vector>

namespace nnc::target {

/// C source with `main` for an executable (links against the runtime).
std::string generateExecutableMain(const ModelSignature &sig,
                                   llvm::StringRef modelName);

/// The public header of a library or object: `int <name>_run(...)`, the
/// shapes, ownership and thread safety, how to link (`linking`), and the
/// compiler's `version`.
std::string generateHeader(const ModelSignature &sig, llvm::StringRef name,
                           llvm::StringRef source, llvm::StringRef linking,
                           llvm::StringRef version);

/// Whether a shared library's results are written straight into the
/// caller's buffers: every output has a static shape, and the entry is
/// compiled with `results-to-out-params`. Otherwise (a dynamic batch) the
/// entry returns its results, which `<name>_run` copies and frees.
bool sharedResultsInPlace(const ModelSignature &sig);

/// C source implementing `<name>_run` over `_mlir_ciface_<name>_entry`.
std::string generateSharedWrapper(const ModelSignature &sig,
                                  llvm::StringRef name);

/// What a trainer executable calls: `@<f>_init` and one
/// `@<f>_train_step` per optimizer (nn-derive-backward, nn-build-train-step).
struct TrainerSpec {
  std::string modelName;
  std::string loss;                    // shown in the usage text
  std::vector<std::string> paramNames; // safetensors names, in order
  unsigned numInputs = 0;              // data inputs of a step (x..., target)
  ModelSignature init;
  std::string initSymbol;
  struct Step {
    ModelSignature sig;
    std::string symbol, optimizer;
    unsigned numState; // state tensors per parameter
  };
  std::vector<Step> steps;
  // The data input with a cross-entropy loss's class labels and the class
  // count, checked by the runtime before the first step; -1 if none.
  int labelInput = -1;
  int64_t numClasses = 0;
};

/// C source with `main` for a trainer (links against the runtime, whose
/// nnc_train_main runs the epochs).
std::string generateTrainerMain(const TrainerSpec &spec);

/// `text` as a C string literal body (quotes, backslashes, controls).
std::string cStringEscape(llvm::StringRef text);

/// A C identifier made from `stem` ("my-model" -> "my_model").
std::string cIdentifier(llvm::StringRef stem);

} // namespace nnc::target

#endif // NNC_TARGET_CWRAPPER_H
