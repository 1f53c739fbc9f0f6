//===- ModelFile.cpp - import nnc model files (JSON + safetensors) --------===//
#include "nnc/Import/Import.h"

#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/Location.h"

using namespace mlir;

OwningOpRef<ModuleOp> nnc::importModelFile(llvm::StringRef path,
                                           MLIRContext *context,
                                           const ImportOptions &options) {
  emitError(FileLineColLoc::get(context, path, 0, 0))
      << "the model-file importer is not implemented yet";
  return nullptr;
}
