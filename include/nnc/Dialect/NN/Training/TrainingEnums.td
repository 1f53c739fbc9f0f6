//===- TrainingEnums.td - options of the training passes ---*- tablegen -*-===//
//
// The enum-valued options of nn-append-loss, nn-build-train-step and
// nnc-train-pipeline (symbolize/stringify come from ODS).
//
//===----------------------------------------------------------------------===//
#ifndef NNC_DIALECT_NN_TRAINING_TRAININGENUMS_TD
#define NNC_DIALECT_NN_TRAINING_TRAININGENUMS_TD

include "mlir/IR/EnumAttr.td"

def NN_TrainingLoss : I32EnumAttr<"TrainingLoss",
    "loss nn-append-loss appends to a model output", [
    // The model function returns its loss itself.
    I32EnumAttrCase<"none", 0>,
    I32EnumAttrCase<"cross_entropy", 1>,
    I32EnumAttrCase<"mse", 2>,
    I32EnumAttrCase<"bce_with_logits", 3>
  ]> {
  let cppNamespace = "::nnc::nn";
  let genSpecializedAttr = 0;
}

def NN_Optimizer : I32EnumAttr<"Optimizer",
    "update rule of a training step", [
    I32EnumAttrCase<"sgd", 0>,
    I32EnumAttrCase<"adam", 1>
  ]> {
  let cppNamespace = "::nnc::nn";
  let genSpecializedAttr = 0;
}

#endif // NNC_DIALECT_NN_TRAINING_TRAININGENUMS_TD
