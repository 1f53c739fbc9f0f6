//===- TrainPipeline.cpp - nnc-train-pipeline -----------------------------===//
#include "nnc/Dialect/NN/Training/Passes.h"

#include "mlir/Pass/PassRegistry.h"

using namespace mlir;

#include "nnc/Dialect/NN/Training/TrainingEnums.cpp.inc"

void nnc::nn::buildTrainPipeline(OpPassManager &pm,
                                 const TrainPipelineOptions &options) {
  if (options.loss != TrainingLoss::none) {
    NNAppendLossOptions append;
    append.loss = options.loss;
    append.function = options.function;
    pm.addPass(createNNAppendLoss(append));
  }
  NNDeriveBackwardOptions derive;
  derive.function = options.function;
  pm.addPass(createNNDeriveBackward(derive));
  NNBuildTrainStepOptions step;
  step.optimizer = options.optimizer;
  step.function = options.function;
  pm.addPass(createNNBuildTrainStep(step));
}

void nnc::nn::registerTrainPipeline() {
  PassPipelineRegistration<TrainPipelineOptions>(
      "nnc-train-pipeline",
      "A model function to a training step: nn-append-loss (with loss=), "
      "nn-derive-backward and nn-build-train-step",
      buildTrainPipeline);
}
