//===- LintOutputHead.cpp - warn about output-layer mistakes ===//
//
// For every loss op (cross_entropy, bce, bce_with_logits, mse) the producer
// of its `input` is traced back through shape-only ops (reshape, flatten,
// dropout, transpose) to the head: an activation op (softmax, log_softmax,
// sigmoid, relu) or a dense / conv / matmul with that activation as its
// epilogue. Mismatched head / loss pairs are reported on the head op, with
// the fix, and a note at the loss. The class count of cross_entropy's
// `num_classes` is compared with the input's class dimension.
//
//===----------------------------------------------------------------------===//
#include "nnc/Dialect/NN/IR/NNOps.h"
#include "nnc/Dialect/NN/Transforms/Passes.h"

#include "mlir/IR/Diagnostics.h"
#include "llvm/ADT/TypeSwitch.h"

namespace nnc::nn {
#define GEN_PASS_DEF_NNLINTOUTPUTHEAD
#include "nnc/Dialect/NN/Transforms/Passes.h.inc"
} // namespace nnc::nn

using namespace mlir;
using namespace nnc::nn;

namespace {

constexpr llvm::StringLiteral kPrefix = "nn-lint-output-head: ";

/// What the head applies last.
enum class HeadKind { other, softmax, logSoftmax, sigmoid, relu };

struct Head {
  Operation *op = nullptr; // null: a block argument (or nothing recognized)
  HeadKind kind = HeadKind::other;
  /// How the diagnostic names the head: `'nn.softmax'` or
  /// `'nn.dense' with activation = relu`.
  std::string name;
};

/// Skips the ops that only move values around.
Value skipShapeOps(Value v) {
  while (Operation *op = v.getDefiningOp()) {
    if (!isa<ReshapeOp, FlattenOp, DropoutOp, TransposeOp>(op))
      break;
    v = op->getOperand(0);
  }
  return v;
}

Head classify(Value v) {
  Head head;
  head.op = skipShapeOps(v).getDefiningOp();
  if (!head.op)
    return head;
  std::string opName = ("'" + head.op->getName().getStringRef() + "'").str();
  head.name = opName;
  head.kind = llvm::TypeSwitch<Operation *, HeadKind>(head.op)
                  .Case([](SoftmaxOp) { return HeadKind::softmax; })
                  .Case([](LogSoftmaxOp) { return HeadKind::logSoftmax; })
                  .Case([](SigmoidOp) { return HeadKind::sigmoid; })
                  .Case([](ReluOp) { return HeadKind::relu; })
                  .Case([&](EpilogueOpInterface op) {
                    switch (op.getActivationKind()) {
                    case Activation::sigmoid:
                      head.name = opName + " with activation = sigmoid";
                      return HeadKind::sigmoid;
                    case Activation::relu:
                      head.name = opName + " with activation = relu";
                      return HeadKind::relu;
                    default:
                      return HeadKind::other;
                    }
                  })
                  .Default([](Operation *) { return HeadKind::other; });
  return head;
}

/// The op that fixes the width of `v`: through shape-only ops and ops whose
/// result has the shape of their first operand (activations, softmax).
Operation *widthProducer(Value v) {
  Operation *op = v.getDefiningOp();
  while (
      op && op->getNumOperands() >= 1 && op->getNumResults() == 1 &&
      (isa<DropoutOp, SoftmaxOp, LogSoftmaxOp>(op) || getActivationKind(op)) &&
      op->getOperand(0).getType() == op->getResult(0).getType()) {
    Operation *next = op->getOperand(0).getDefiningOp();
    if (!next)
      break;
    op = next;
  }
  return op;
}

struct NNLintOutputHeadPass
    : public nnc::nn::impl::NNLintOutputHeadBase<NNLintOutputHeadPass> {
  using NNLintOutputHeadBase::NNLintOutputHeadBase;

  void runOnOperation() override {
    reported = false;
    getOperation()->walk([&](Operation *op) {
      llvm::TypeSwitch<Operation *>(op)
          .Case([&](CrossEntropyOp loss) { checkCrossEntropy(loss); })
          .Case([&](MseOp loss) { checkMse(loss); })
          .Case([&](BceOp loss) { checkBce(loss, /*withLogits=*/false); })
          .Case([&](BceWithLogitsOp loss) {
            checkBce(loss, /*withLogits=*/true);
          });
    });
    if (werror && reported)
      signalPassFailure();
  }

private:
  bool reported = false;

  /// One diagnostic at `at`, naming the mistake and the fix, with a note at
  /// the loss.
  void report(Location at, Operation *loss, const Twine &message,
              StringRef lossDetail = "") {
    reported = true;
    InFlightDiagnostic diag = werror ? emitError(at) : emitWarning(at);
    diag << kPrefix << message;
    diag.attachNote(loss->getLoc())
        << "the loss '" << loss->getName().getStringRef() << "'" << lossDetail
        << " is here";
  }

  void checkCrossEntropy(CrossEntropyOp loss) {
    Head head = classify(loss.getInput());
    bool logits = loss.getFromLogits();
    switch (head.kind) {
    case HeadKind::softmax:
      if (logits)
        report(head.op->getLoc(), loss,
               head.name + " feeds 'nn.cross_entropy', which applies "
                           "log_softmax itself (double softmax); fix: pass "
                           "the logits to nn.cross_entropy, or set "
                           "from_logits = false");
      break;
    case HeadKind::logSoftmax:
      if (logits)
        report(head.op->getLoc(), loss,
               head.name + " feeds 'nn.cross_entropy', which applies "
                           "log_softmax itself (log_softmax twice: redundant "
                           "work, and probabilities are expected only with "
                           "from_logits = false); fix: pass the logits to "
                           "nn.cross_entropy");
      else
        report(head.op->getLoc(), loss,
               head.name + " feeds 'nn.cross_entropy' with from_logits = "
                           "false, which takes the log of its input again "
                           "(log of log-probabilities: NaN for negative "
                           "values); fix: pass the logits to "
                           "nn.cross_entropy with from_logits = true");
      break;
    case HeadKind::sigmoid:
      report(head.op->getLoc(), loss,
             head.name + " feeds 'nn.cross_entropy' (sigmoid followed by "
                         "categorical cross-entropy: sigmoid outputs are "
                         "independent and do not sum to 1); fix: for "
                         "single-label classes pass the logits to "
                         "nn.cross_entropy (or nn.softmax probabilities with "
                         "from_logits = false), for multi-label targets use "
                         "nn.bce on the sigmoid outputs (or "
                         "nn.bce_with_logits on the logits)");
      break;
    default:
      break;
    }

    // Output width against the class count the loss expects.
    std::optional<uint64_t> expected = loss.getNumClasses();
    int64_t width = loss.getInput().getType().getDimSize(1);
    if (!expected || ShapedType::isDynamic(width) ||
        width == static_cast<int64_t>(*expected))
      return;
    std::string count = std::to_string(*expected);
    std::string detail = " with num_classes = " + count;
    std::string fix = "; fix: make the output layer " + count +
                      " wide (one output per class), or correct num_classes";
    if (Operation *producer = widthProducer(loss.getInput()))
      report(producer->getLoc(), loss,
             "'" + producer->getName().getStringRef() + "' outputs " +
                 Twine(width) +
                 " classes but 'nn.cross_entropy' expects "
                 "num_classes = " +
                 count + " (output width != class count)" + fix,
             detail);
    else
      report(loss.getLoc(), loss,
             "the input of 'nn.cross_entropy' has " + Twine(width) +
                 " classes but num_classes = " + count +
                 " (output width != class count)" + fix,
             detail);
  }

  void checkMse(MseOp loss) {
    Head head = classify(loss.getInput());
    switch (head.kind) {
    case HeadKind::softmax:
    case HeadKind::logSoftmax:
      report(head.op->getLoc(), loss,
             head.name + " on a regression head: it feeds 'nn.mse', but "
                         "softmax outputs are coupled (they sum to 1), "
                         "meaningless for continuous targets; fix: use an "
                         "identity output (no activation) for regression, "
                         "or nn.cross_entropy on the logits for class "
                         "targets");
      break;
    case HeadKind::sigmoid:
      report(head.op->getLoc(), loss,
             head.name + " feeds 'nn.mse' (MSE after sigmoid: the gradient "
                         "vanishes as the outputs saturate near 0 or 1); "
                         "fix: for binary targets use nn.bce on the "
                         "probabilities or nn.bce_with_logits on the logits; "
                         "for regression use an identity output");
      break;
    case HeadKind::relu:
      report(head.op->getLoc(), loss,
             head.name + " on a regression output feeding 'nn.mse' cannot "
                         "predict negative values (they are clipped to 0, "
                         "with no gradient); fix: use an identity output (no "
                         "activation)");
      break;
    default:
      break;
    }
  }

  void checkBce(Operation *loss, bool withLogits) {
    Head head = classify(loss->getOperand(0));
    StringRef lossName = loss->getName().getStringRef();
    switch (head.kind) {
    case HeadKind::softmax:
    case HeadKind::logSoftmax:
      report(head.op->getLoc(), loss,
             head.name + " on a multi-label head: it feeds '" + lossName +
                 "', but softmax makes the labels compete (the outputs sum "
                 "to 1, so one label dominates); fix: " +
                 (withLogits ? "pass the logits to nn.bce_with_logits "
                               "(it applies a sigmoid per label)"
                             : "use nn.sigmoid per output with nn.bce, or "
                               "pass the logits to nn.bce_with_logits"));
      break;
    case HeadKind::sigmoid:
      if (withLogits)
        report(head.op->getLoc(), loss,
               head.name + " feeds 'nn.bce_with_logits', which applies "
                           "sigmoid itself (double sigmoid); fix: pass the "
                           "logits to nn.bce_with_logits, or use nn.bce on "
                           "the probabilities");
      break;
    default:
      break;
    }
  }
};

} // namespace
