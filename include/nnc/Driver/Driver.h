//===- Driver.h - import, compile and emit a model in one call --*- C++ -*-===//
//
// The compiler as a library: what nnc-translate, the C API and the Python
// package run. A model is imported (ONNX, an nnc model file, or .mlir),
// compiled by nnc-cpu-pipeline for a target, and emitted as an executable,
// a shared or static library with its C header, an object, LLVM IR or the
// lowered MLIR. Errors are MLIR diagnostics on the module's context (the
// caller's handler sees them); nothing is printed.
//
//===----------------------------------------------------------------------===//
#ifndef NNC_DRIVER_DRIVER_H
#define NNC_DRIVER_DRIVER_H

#include "nnc/Import/InputFile.h"

#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/OwningOpRef.h"
#include "mlir/Pass/PassManager.h"
#include "llvm/ADT/StringRef.h"

#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace nnc::driver {

enum class InputKind {
  Auto,      // from the extension: .onnx, .json, else MLIR
  MLIR,      // nn (or lower) IR in MLIR's text or bytecode form
  ONNX,      // an ONNX model (protobuf)
  ModelFile, // nnc's JSON model file with safetensors weights
};

enum class EmitKind {
  Executable,    // ./model in.npy ... -o out.npy
  SharedLibrary, // lib<name>.so + <name>.h: int <name>_run(...)
  StaticLibrary, // lib<name>.a (model, wrapper, runtime) + <name>.h
  Object,        // <name>.o (model and wrapper) + <name>.h
  LLVMIR,        // optimized LLVM IR
  LoweredMLIR,   // the module after nnc-cpu-pipeline (LLVM dialect)
  NN,            // the imported module, before any pass
};

struct TrainOptions {
  bool enabled = false;
  /// A loss appended to the model's output: cross_entropy, mse,
  /// bce_with_logits; empty: the entry returns its scalar loss.
  std::string loss;
  /// sgd, adam or all.
  std::string optimizers = "all";
};

struct CompileOptions {
  InputKind input = InputKind::Auto;
  EmitKind emit = EmitKind::Executable;
  /// The entry function (default: the only public one, else @main).
  std::string entry;
  /// Target: an LLVM triple (empty: the host's), CPU name ("host") and
  /// features on top of the CPU's ("+f,-g").
  std::string triple;
  std::string cpu = "host";
  std::string features;
  /// LLVM's optimization and code generation level, 0-3. The nnc pipeline
  /// (strategies, packing, vectorization, threads) runs at every level.
  unsigned optLevel = 3;
  /// The C name of the model: every exported symbol starts with it
  /// (<name>_run, <name>_entry). Empty: from the output file's name.
  std::string name;
  /// Import the first dimension of every input as dynamic.
  bool dynamicBatch = false;
  /// Run nn-raise-exported-layers after an ONNX import.
  bool raiseExportedLayers = true;
  TrainOptions train;
  /// 0: NNC_NUM_THREADS or the online cores at run time; 1: no OpenMP.
  int64_t numThreads = 0;
  int64_t attentionKeyBlock = 64;
  bool checkValues = true;
  uint64_t maxInputBytes = kDefaultMaxInputBytes;
  uint64_t maxParameterBytes = kDefaultMaxInputBytes;
  /// The C compiler that links executables and libraries.
  std::string cc;
  /// Where libnncrt.a (<root>/lib) and nnc_runtime.h (<root>/include/nncrt)
  /// are. Empty: relative to the binary holding this library.
  std::string runtimeRoot;
  /// Whether the LLVM module and context of the compile are freed; a tool
  /// that exits right after (nnc-translate) saves that time.
  bool freeLLVMContext = true;
  /// Called on each pass manager the compile runs (IR printing, timing).
  std::function<void(mlir::PassManager &)> configurePassManager;
};

/// What a compile wrote.
struct CompileResult {
  std::vector<std::string> files; // the output first, then the header
};

/// Registers the dialects (and their LLVM translations) a compile needs.
void registerDialects(mlir::DialectRegistry &registry);

/// The kind `path` has under InputKind::Auto.
InputKind inputKindOf(llvm::StringRef path);

/// Imports the model at `path` ("-" is stdin for MLIR). Null on failure,
/// after a diagnostic.
mlir::OwningOpRef<mlir::ModuleOp> importFile(llvm::StringRef path,
                                             const CompileOptions &options,
                                             mlir::MLIRContext *context);

/// Imports a model held in memory; `name` stands for its path in
/// diagnostics (and a model file's weights are found relative to it).
mlir::OwningOpRef<mlir::ModuleOp> importBuffer(llvm::StringRef data,
                                               llvm::StringRef name,
                                               const CompileOptions &options,
                                               mlir::MLIRContext *context);

/// The output path a compile of `input` writes by default: model, libmodel.so,
/// libmodel.a, model.o, or "-" for text.
std::string defaultOutput(llvm::StringRef input, EmitKind emit);

/// Checks `options` on their own (kinds that exclude each other, ranges).
mlir::LogicalResult verifyOptions(const CompileOptions &options,
                                  mlir::MLIRContext *context);

/// Compiles `module` (consumed: it is transformed in place) and writes
/// `output` ("-": stdout, for text kinds). `source` names the model in
/// generated comments and usage texts.
mlir::FailureOr<CompileResult> compile(mlir::ModuleOp module,
                                       const CompileOptions &options,
                                       llvm::StringRef output,
                                       llvm::StringRef source);

/// importFile + compile.
mlir::FailureOr<CompileResult> compileFile(llvm::StringRef input,
                                           const CompileOptions &options,
                                           llvm::StringRef output,
                                           mlir::MLIRContext *context);

/// The model's C name a compile to `output` gives it (options.name, else
/// from the output's or the source's file name).
std::string modelName(const CompileOptions &options, llvm::StringRef output,
                      llvm::StringRef source);

/// The entry's signature as JSON: {"name", "inputs": [{"name", "dtype",
/// "shape"}], "outputs": [...]}, a dynamic dimension as -1.
mlir::FailureOr<std::string> signatureJSON(mlir::ModuleOp module,
                                           const CompileOptions &options,
                                           llvm::StringRef source);

/// "nnc <version> (<git revision>)".
llvm::StringRef getVersionString();

} // namespace nnc::driver

#endif // NNC_DRIVER_DRIVER_H
