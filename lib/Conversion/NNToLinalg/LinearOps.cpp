//===- LinearOps.cpp - lower dense, conv, matmul to linalg ===//
#include "nnc/Conversion/NNToLinalg/NNToLinalg.h"
#include "Utils.h"

using namespace mlir;
using namespace nnc;

void nnc::populateNNLinearToLinalgPatterns(RewritePatternSet &patterns) {}
