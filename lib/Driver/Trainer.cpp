//===- Trainer.cpp - a trainer's entries from a model ---------------------===//
//
// --train: the loss appended to the model's output, nn-derive-backward and
// nn-build-train-step per optimizer, and the C-visible entries of the
// trainer executable (runtime/nnc_train.c runs the epochs).
//
//===----------------------------------------------------------------------===//
#include "Trainer.h"

#include "nnc/Dialect/NN/IR/NNOps.h"
#include "nnc/Dialect/NN/Training/Passes.h"

#include "nnc_train_abi.h"

#include "mlir/Dialect/Bufferization/IR/Bufferization.h"
#include "mlir/IR/SymbolTable.h"
#include "mlir/Pass/PassManager.h"
#include "mlir/Transforms/Passes.h"

using namespace mlir;

namespace nnc::driver {

/// Derives the trainer's entries: @<f>_init and one step per optimizer.
FailureOr<target::TrainerSpec> buildTrainer(ModuleOp module, func::FuncOp f,
                                            llvm::StringRef modelName,
                                            const TrainOptions &options) {
  MLIRContext *ctx = module.getContext();
  SmallVector<nn::Optimizer> opts;
  const std::string &optimizers = options.optimizers;
  if (optimizers == "all")
    opts = {nn::Optimizer::sgd, nn::Optimizer::adam};
  else
    opts = {*nn::symbolizeOptimizer(optimizers)}; // verifyOptions checked it
  const std::string &lossKind = options.loss;
  nn::TrainingLoss loss = lossKind.empty()
                              ? nn::TrainingLoss::none
                              : *nn::symbolizeTrainingLoss(lossKind);
  if (loss != nn::TrainingLoss::none) {
    PassManager append(ctx);
    nn::NNAppendLossOptions o;
    o.loss = loss;
    o.function = f.getSymName().str();
    append.addPass(nn::createNNAppendLoss(o));
    if (failed(append.run(module)))
      return failure();
  }
  std::string base = f.getSymName().str();
  f->removeAttr(nnc::nn::kParameterNamesAttr);
  // Class labels that are data inputs are checked before the first step
  // (the step itself reports a label out of range only after it ran).
  int labelInput = -1;
  int64_t numClasses = 0;
  f.walk([&](nn::CrossEntropyOp ce) {
    auto arg = dyn_cast<BlockArgument>(ce.getTarget());
    auto logits = cast<RankedTensorType>(ce.getInput().getType());
    if (arg && arg.getOwner() == &f.getBody().front() &&
        isa<IntegerType>(getElementTypeOrSelf(arg.getType())) &&
        !logits.isDynamicDim(1)) {
      labelInput = arg.getArgNumber();
      numClasses = logits.getDimSize(1);
    }
  });
  PassManager pm(ctx);
  nn::NNDeriveBackwardOptions derive;
  derive.function = base;
  pm.addPass(nn::createNNDeriveBackward(derive));
  if (failed(pm.run(module)))
    return failure();

  target::TrainerSpec spec;
  spec.modelName = modelName.str();
  spec.loss =
      loss == nn::TrainingLoss::none ? std::string("from the model") : lossKind;
  auto grad = module.lookupSymbol<func::FuncOp>(base + "_grad");
  auto init = module.lookupSymbol<func::FuncOp>(base + "_init");
  if (!grad || !init)
    return module.emitError("nn-derive-backward made no @") << base << "_grad";
  auto names = grad->getAttrOfType<ArrayAttr>(nnc::nn::kParameterNamesAttr);
  for (Attribute n : names)
    spec.paramNames.push_back(cast<StringAttr>(n).str());
  spec.numInputs = grad.getNumArguments() - names.size() - 1;
  if (labelInput >= 0 && labelInput < int(spec.numInputs)) {
    spec.labelInput = labelInput;
    spec.numClasses = numClasses;
  }

  SmallVector<std::pair<func::FuncOp, std::string>> entries;
  for (nn::Optimizer optimizer : opts) {
    std::string opt = nn::stringifyOptimizer(optimizer).str();
    PassManager step(ctx);
    nn::NNBuildTrainStepOptions o;
    o.optimizer = optimizer;
    o.function = base;
    step.addPass(nn::createNNBuildTrainStep(o));
    if (failed(step.run(module)))
      return failure();
    auto fn = module.lookupSymbol<func::FuncOp>(base + "_train_step");
    SymbolTable(module).setSymbolName(fn, base + "_train_step_" + opt);
    auto sig = target::getSignature(fn);
    if (failed(sig))
      return failure();
    spec.steps.push_back({*sig, "nnc_train_" + opt, opt,
                          optimizer == nn::Optimizer::adam
                              ? unsigned(NNC_ADAM_STATE)
                              : unsigned(NNC_SGD_STATE)});
    entries.push_back({fn, "nnc_train_" + opt});
  }
  auto initSig = target::getSignature(init);
  if (failed(initSig))
    return failure();
  spec.init = *initSig;
  spec.initSymbol = "nnc_train_init";
  entries.push_back({init, spec.initSymbol});
  target::prepareEntries(module, entries);
  // The trainer owns the params and state it passes to a step, which
  // updates them in place.
  for (auto &entry : llvm::drop_end(entries))
    for (unsigned i = spec.numInputs; i + 2 < entry.first.getNumArguments();
         ++i)
      entry.first.setArgAttr(
          i, bufferization::BufferizationDialect::kWritableAttrName,
          BoolAttr::get(ctx, true));
  // The forward and @<f>_grad are not called any more.
  PassManager dce(ctx);
  dce.addPass(createSymbolDCEPass());
  if (failed(dce.run(module)))
    return failure();
  return spec;
}

} // namespace nnc::driver
