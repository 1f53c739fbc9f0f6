//===- DenseToConv.cpp - convolutionalize dense heads ===//
#include "nnc/Dialect/NN/IR/NNOps.h"
#include "nnc/Dialect/NN/Transforms/Passes.h"

namespace nnc::nn {
#define GEN_PASS_DEF_NNDENSETOCONV
#include "nnc/Dialect/NN/Transforms/Passes.h.inc"
} // namespace nnc::nn

using namespace mlir;
using namespace nnc::nn;

namespace {
struct NNDenseToConvPass : public nnc::nn::impl::NNDenseToConvBase<NNDenseToConvPass> {
  using NNDenseToConvBase::NNDenseToConvBase;
  void runOnOperation() override {
    getOperation()->emitError("NNDenseToConv is not implemented yet");
    signalPassFailure();
  }
};
} // namespace
