//===- SoftmaxOps.cpp - lower softmax, log_softmax, sparsemax, grid_softmax to linalg ===//
#include "nnc/Conversion/NNToLinalg/NNToLinalg.h"
#include "Utils.h"

using namespace mlir;
using namespace nnc;

void nnc::populateNNSoftmaxToLinalgPatterns(RewritePatternSet &patterns) {}
