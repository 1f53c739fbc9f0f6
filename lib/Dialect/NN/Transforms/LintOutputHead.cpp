//===- LintOutputHead.cpp - warn about output-layer mistakes ===//
#include "nnc/Dialect/NN/IR/NNOps.h"
#include "nnc/Dialect/NN/Transforms/Passes.h"

namespace nnc::nn {
#define GEN_PASS_DEF_NNLINTOUTPUTHEAD
#include "nnc/Dialect/NN/Transforms/Passes.h.inc"
} // namespace nnc::nn

using namespace mlir;
using namespace nnc::nn;

namespace {
struct NNLintOutputHeadPass : public nnc::nn::impl::NNLintOutputHeadBase<NNLintOutputHeadPass> {
  using NNLintOutputHeadBase::NNLintOutputHeadBase;
  void runOnOperation() override {
    getOperation()->emitError("NNLintOutputHead is not implemented yet");
    signalPassFailure();
  }
};
} // namespace
