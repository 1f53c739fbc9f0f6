//===- NNLossOps.cpp - cross_entropy, bce, bce_with_logits, mse -----------===//
#include "ShapeUtils.h"
#include "nnc/Dialect/NN/IR/NNOps.h"

using namespace mlir;
using namespace nnc::nn;
using namespace nnc::nn::detail;
using namespace nnc::nn::ledger;

//===----------------------------------------------------------------------===//
// Losses
//===----------------------------------------------------------------------===//

static Type lossType(RankedTensorType input, Reduction reduction,
                     ArrayRef<int64_t> perSample) {
  if (reduction == Reduction::none)
    return RankedTensorType::get(perSample, input.getElementType());
  return RankedTensorType::get({}, input.getElementType());
}

LogicalResult
CrossEntropyOp::inferResultTypes(const ShapeDiag &diag, Adaptor adaptor,
                                 SmallVectorImpl<Type> &inferred) {
  if (failed(
          expectRank(diag, adaptor.getInput(), "input", 2, "[batch, classes]")))
    return failure();
  auto x = rankedType(adaptor.getInput());
  auto t = rankedType(adaptor.getTarget());
  int64_t b = x.getDimSize(0), c = x.getDimSize(1);
  if (isa<IntegerType>(t.getElementType())) {
    if (failed(expectShape(diag, adaptor.getTarget(), "target", {b},
                           "class indices for the batch")))
      return failure();
  } else if (failed(expectShape(diag, adaptor.getTarget(), "target", {b, c},
                                "class probabilities for the input")) ||
             failed(expectElementType(diag, adaptor.getTarget(), "target",
                                      x.getElementType()))) {
    return failure();
  }
  if (std::optional<uint64_t> n = adaptor.getNumClasses())
    if (static_cast<int64_t>(*n) < 1)
      return diag.error("num_classes must be >= 1");
  inferred.push_back(lossType(x, adaptor.getReduction(), {b}));
  return success();
}

/// bce, bce_with_logits, mse: input and target of one shape.
LogicalResult
nnc::nn::detail::inferPointwiseLoss(const ShapeDiag &diag, Value input,
                                    Value target, Reduction reduction,
                                    SmallVectorImpl<Type> &inferred) {
  auto x = rankedType(input);
  if (!x)
    return diag.error("input must be a ranked tensor");
  if (failed(expectShape(diag, target, "target", x.getShape(), "the input")) ||
      failed(expectElementType(diag, target, "target", x.getElementType())))
    return failure();
  inferred.push_back(lossType(x, reduction, x.getShape()));
  return success();
}

//===----------------------------------------------------------------------===//
// Losses: per input element, the log/exp work plus the reduction.
//===----------------------------------------------------------------------===//

int64_t CrossEntropyOp::getForwardFlops() {
  return 6 * countElements(getInput());
}
int64_t BceOp::getForwardFlops() { return 6 * countElements(getInput()); }
int64_t BceWithLogitsOp::getForwardFlops() {
  return 7 * countElements(getInput());
}
int64_t MseOp::getForwardFlops() { return 3 * countElements(getInput()); }
