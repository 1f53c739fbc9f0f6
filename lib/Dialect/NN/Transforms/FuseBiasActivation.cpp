//===- FuseBiasActivation.cpp - fold bias adds and activations into dense/conv/matmul ===//
#include "nnc/Dialect/NN/IR/NNOps.h"
#include "nnc/Dialect/NN/Transforms/Passes.h"

namespace nnc::nn {
#define GEN_PASS_DEF_NNFUSEBIASACTIVATION
#include "nnc/Dialect/NN/Transforms/Passes.h.inc"
} // namespace nnc::nn

using namespace mlir;
using namespace nnc::nn;

namespace {
struct NNFuseBiasActivationPass : public nnc::nn::impl::NNFuseBiasActivationBase<NNFuseBiasActivationPass> {
  using NNFuseBiasActivationBase::NNFuseBiasActivationBase;
  void runOnOperation() override {
    getOperation()->emitError("NNFuseBiasActivation is not implemented yet");
    signalPassFailure();
  }
};
} // namespace
