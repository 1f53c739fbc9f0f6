//===- Passes.h - training passes and nnc-train-pipeline --------*- C++ -*-===//
#ifndef NNC_DIALECT_NN_TRAINING_PASSES_H
#define NNC_DIALECT_NN_TRAINING_PASSES_H

#include "mlir/IR/BuiltinOps.h"
#include "mlir/Pass/Pass.h"
#include "mlir/Pass/PassManager.h"
#include "mlir/Pass/PassOptions.h"

#include "nnc/Dialect/NN/Training/TrainingEnums.h.inc"

namespace nnc::nn {

#define GEN_PASS_DECL
#include "nnc/Dialect/NN/Training/Passes.h.inc"

#define GEN_PASS_REGISTRATION
#include "nnc/Dialect/NN/Training/Passes.h.inc"

/// The options of `nnc-train-pipeline`.
struct TrainPipelineOptions : mlir::PassPipelineOptions<TrainPipelineOptions> {
  Option<TrainingLoss> loss{
      *this, "loss",
      llvm::cl::desc("A loss appended to the output (nn-append-loss); "
                     "none: the function returns its loss"),
      llvm::cl::init(TrainingLoss::none),
      llvm::cl::values(
          clEnumValN(TrainingLoss::none, "none", "the model's own loss"),
          clEnumValN(TrainingLoss::cross_entropy, "cross_entropy",
                     "nn.cross_entropy of logits and int64 labels"),
          clEnumValN(TrainingLoss::mse, "mse", "nn.mse"),
          clEnumValN(TrainingLoss::bce_with_logits, "bce_with_logits",
                     "nn.bce_with_logits"))};
  Option<std::string> function{
      *this, "function",
      llvm::cl::desc("The model function (default: the only public one)"),
      llvm::cl::init("")};
  Option<Optimizer> optimizer{
      *this, "optimizer", llvm::cl::desc("The update rule of the step"),
      llvm::cl::init(Optimizer::sgd),
      llvm::cl::values(clEnumValN(Optimizer::sgd, "sgd", "SGD with momentum"),
                       clEnumValN(Optimizer::adam, "adam", "Adam"))};
};

/// nn-append-loss (with a loss), nn-derive-backward and nn-build-train-step:
/// @<f>_init and @<f>_train_step from a model function @<f>.
void buildTrainPipeline(mlir::OpPassManager &pm,
                        const TrainPipelineOptions &options);

/// Registers `nnc-train-pipeline` for nnc-opt.
void registerTrainPipeline();

} // namespace nnc::nn

#endif // NNC_DIALECT_NN_TRAINING_PASSES_H
