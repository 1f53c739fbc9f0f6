//===- NNLossOps.td - losses -------------------------------*- tablegen -*-===//
#ifndef NNC_DIALECT_NN_IR_NNLOSSOPS_TD
#define NNC_DIALECT_NN_IR_NNLOSSOPS_TD

include "nnc/Dialect/NN/IR/NNBase.td"

class NN_LossOp<string mnemonic, list<Trait> traits = []>
    : NN_InferredOp<mnemonic, !listconcat([NN_FlopsLedger], traits)> {
  let results = (outs NN_FloatTensor:$result);
  let assemblyFormat = [{
    $input `,` $target attr-dict `:` functional-type(operands, results)
  }];
}

def NN_CrossEntropyOp : NN_LossOp<"cross_entropy"> {
  let summary = "categorical cross-entropy from logits or probabilities";
  let description = [{
    `input` is `[B, C]`. With `from_logits` (the default) it holds logits
    and the op applies log_softmax itself (PyTorch `CrossEntropyLoss`);
    without, it holds probabilities and the op takes their log (NLL on
    probabilities). `target` is class indices `[B]` (i32/i64) or class
    probabilities `[B, C]` (float). `reduction` gives a scalar (`mean`,
    `sum`) or per-sample `[B]` (`none`). `num_classes`, when given, is the
    class count the loss expects; `nn-lint-output-head` checks the head's
    width against it.
  }];
  let arguments = (ins NN_FloatTensor:$input, NN_TargetTensor:$target,
                       DefaultValuedAttr<BoolAttr, "true">:$from_logits,
                       OptionalAttr<I64Attr>:$num_classes,
                       DefaultValuedAttr<NN_ReductionAttr,
                           "::nnc::nn::Reduction::mean">:$reduction);
}

class NN_PointwiseLossOp<string mnemonic, string text>
    : NN_LossOp<mnemonic> {
  let summary = text;
  let description = [{
    `input` and `target` have the same shape and element type; the loss is
    averaged (`mean`), summed (`sum`) or returned per element (`none`).
  }];
  let arguments = (ins NN_FloatTensor:$input, NN_FloatTensor:$target,
                       DefaultValuedAttr<NN_ReductionAttr,
                           "::nnc::nn::Reduction::mean">:$reduction);
  let extraClassDefinition = [{
    ::llvm::LogicalResult $cppClass::inferResultTypes(
        const ::nnc::nn::detail::ShapeDiag &diag, Adaptor adaptor,
        ::llvm::SmallVectorImpl<::mlir::Type> &inferred) {
      return ::nnc::nn::detail::inferPointwiseLoss(
          diag, adaptor.getInput(), adaptor.getTarget(),
          adaptor.getReduction(), inferred);
    }
  }];
}

def NN_BceOp : NN_PointwiseLossOp<"bce",
    "binary cross-entropy on probabilities in [0, 1]">;
def NN_BceWithLogitsOp : NN_PointwiseLossOp<"bce_with_logits",
    "binary cross-entropy on logits (sigmoid applied inside, stably)">;
def NN_MseOp : NN_PointwiseLossOp<"mse", "mean squared error">;

#endif // NNC_DIALECT_NN_IR_NNLOSSOPS_TD
