//===- Trainer.h - a trainer's entries from a model -------------*- C++ -*-===//
#ifndef NNC_LIB_DRIVER_TRAINER_H
#define NNC_LIB_DRIVER_TRAINER_H

#include "nnc/Driver/Driver.h"
#include "nnc/Target/CWrapper.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"

namespace nnc::driver {

/// Appends `options.loss` to `f` (if any), derives the backward graph and
/// one train step per optimizer, and prepares their entries; `f` and its
/// gradient are removed. Reports errors at the module.
mlir::FailureOr<target::TrainerSpec> buildTrainer(mlir::ModuleOp module,
                                                  mlir::func::FuncOp f,
                                                  llvm::StringRef modelName,
                                                  const TrainOptions &options);

} // namespace nnc::driver

#endif // NNC_LIB_DRIVER_TRAINER_H
