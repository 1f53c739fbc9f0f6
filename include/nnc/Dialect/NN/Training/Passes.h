//===- Passes.h - training passes and nnc-train-pipeline --------*- C++ -*-===//
#ifndef NNC_DIALECT_NN_TRAINING_PASSES_H
#define NNC_DIALECT_NN_TRAINING_PASSES_H

#include "mlir/IR/BuiltinOps.h"
#include "mlir/Pass/Pass.h"
#include "mlir/Pass/PassManager.h"
#include "mlir/Pass/PassOptions.h"

namespace nnc::nn {

#define GEN_PASS_DECL
#include "nnc/Dialect/NN/Training/Passes.h.inc"

#define GEN_PASS_REGISTRATION
#include "nnc/Dialect/NN/Training/Passes.h.inc"

/// The options of `nnc-train-pipeline`.
struct TrainPipelineOptions : mlir::PassPipelineOptions<TrainPipelineOptions> {
  Option<std::string> loss{
      *this, "loss",
      llvm::cl::desc("A loss appended to the output (nn-append-loss): "
                     "cross_entropy, mse or bce_with_logits; empty: the "
                     "function returns its loss"),
      llvm::cl::init("")};
  Option<std::string> function{
      *this, "function",
      llvm::cl::desc("The model function (default: the only public one)"),
      llvm::cl::init("")};
  Option<std::string> optimizer{
      *this, "optimizer",
      llvm::cl::desc("The update rule of the step: sgd or adam"),
      llvm::cl::init("sgd")};
};

/// nn-append-loss (with a loss), nn-derive-backward and nn-build-train-step:
/// @<f>_init and @<f>_train_step from a model function @<f>.
void buildTrainPipeline(mlir::OpPassManager &pm,
                        const TrainPipelineOptions &options);

/// Registers `nnc-train-pipeline` for nnc-opt.
void registerTrainPipeline();

} // namespace nnc::nn

#endif // NNC_DIALECT_NN_TRAINING_PASSES_H
