//===- Import.h - model importers into the nn dialect -----------*- C++ -*-===//
#ifndef NNC_IMPORT_IMPORT_H
#define NNC_IMPORT_IMPORT_H

#include "nnc/Import/InputFile.h"

#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/OwningOpRef.h"
#include "llvm/ADT/StringRef.h"

namespace nnc {

struct ImportOptions {
  /// Import the first dimension of every graph input (and what follows from
  /// it) as dynamic (`?`).
  bool dynamicBatch = false;
  /// The largest input file (model, weights) read; larger ones are refused.
  uint64_t maxInputBytes = kDefaultMaxInputBytes;
  /// The most bytes a model file's parameters (read or initialized) may
  /// take together; checked before each is allocated. (An ONNX model's are
  /// bounded by its file, at most 2 GiB.)
  uint64_t maxParameterBytes = kDefaultMaxInputBytes;
};

/// Imports an ONNX model (opsets 11 to 17) into a module with one public
/// function. Every node that cannot be imported is reported (name, op type,
/// opset, reason) before failing; returns null on failure.
mlir::OwningOpRef<mlir::ModuleOp> importONNX(llvm::StringRef path,
                                             mlir::MLIRContext *context,
                                             const ImportOptions &options);

/// importONNX of a model already in memory (`path` names it in errors).
mlir::OwningOpRef<mlir::ModuleOp>
importONNXBuffer(llvm::StringRef data, llvm::StringRef path,
                 mlir::MLIRContext *context, const ImportOptions &options);

/// Imports an nnc model file (JSON, weights in a safetensors file; see
/// docs/ModelFile.md). Returns null on failure, after reporting the field.
mlir::OwningOpRef<mlir::ModuleOp> importModelFile(llvm::StringRef path,
                                                  mlir::MLIRContext *context,
                                                  const ImportOptions &options);

/// importModelFile of JSON text already in memory; `path` names it in
/// errors, and a relative weights path is relative to its directory.
mlir::OwningOpRef<mlir::ModuleOp>
importModelFileBuffer(llvm::StringRef json, llvm::StringRef path,
                      mlir::MLIRContext *context, const ImportOptions &options);

} // namespace nnc

#endif // NNC_IMPORT_IMPORT_H
