//===- LossOps.cpp - lower cross_entropy, bce, bce_with_logits, mse to linalg ===//
#include "nnc/Conversion/NNToLinalg/NNToLinalg.h"
#include "Utils.h"

using namespace mlir;
using namespace nnc;

void nnc::populateNNLossToLinalgPatterns(RewritePatternSet &patterns) {}
